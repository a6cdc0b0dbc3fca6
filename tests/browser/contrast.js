/* The graphs' own text (axis labels, titles, the diagram's labels), which axe cannot measure in
   SVG: each piece's WCAG contrast ratio against the figure's paper and plot backgrounds (a
   transparent one resolved to what lies under it). Returns the pieces under 4.5:1. */
() => {
  const blend = (fg, alpha, bg) => fg.slice(0, 3).map((v, i) => alpha * v + (1 - alpha) * bg[i]);
  const rgb = (c) => {
    const m = (c || "").match(/[\d.]+/g);
    return m ? m.map(Number) : null;
  };
  const opaque = (c) => c && (c.length < 4 || c[3] > 0);
  const under = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (opaque(c)) return c;
    }
    return [255, 255, 255];
  };
  const solid = (c, base) => (opaque(c) ? (c.length > 3 ? blend(c, c[3], base) : c) : base);
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const low = [];
  document.querySelectorAll(".js-plotly-plot").forEach((gd) => {
    if (!gd._fullLayout || !gd.offsetParent) return;
    const paper = solid(rgb(gd._fullLayout.paper_bgcolor), under(gd));
    const plot = solid(rgb(gd._fullLayout.plot_bgcolor), paper);
    gd.querySelectorAll("text").forEach((t) => {
      if (!t.textContent.trim() || !t.getBoundingClientRect().width) return;
      const s = getComputedStyle(t);
      const f = rgb(s.fill);
      if (!f) return;
      const a = (f.length > 3 ? f[3] : 1) * Number(s.fillOpacity || 1) * Number(s.opacity || 1);
      const worst = Math.min(ratio(blend(f, a, paper), paper), ratio(blend(f, a, plot), plot));
      if (worst < 4.5) low.push([gd.parentElement.id, t.textContent.slice(0, 20), worst.toFixed(2)]);
    });
  });
  return low;
}
