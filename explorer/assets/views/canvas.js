/* The fast painter. Plotly repaints a scatter trace at about 0.1 ms per marker on a school
   laptop without a GPU (benchmarks/bench_ui.py), too slow for a slider drag. So each graph is
   split: what moves with the weights (heatmap, boundary, warped grid, points, histograms,
   diagram edges) is painted on a canvas under Plotly's transparent plot, and Plotly draws the
   rest (axes, titles, the data's fixed markers), re-rendering only when that part changes.
   The full figure, as figures.py / views.js build it, is kept for downloads. How each trace,
   shape and label is drawn on the canvas is views/draw.js. */
(function () {
  "use strict";

  // Which parts of each figure the canvas paints: trace indices and layout lists.
  const CANVAS_PARTS = {
    "input-graph": { traces: [], images: true, shapes: true, annotations: false },
    "hidden-graph": { traces: [0, 1, 2, 3, 4, 5, 6], images: false, shapes: true, annotations: false },
    "activation-graph": { traces: [], images: false, shapes: true, annotations: false },
    "diagram-graph": { traces: [], images: false, shapes: true, annotations: true },
    "proba-graph": { traces: [], images: false, shapes: true, annotations: false },
  };
  const state = {}; // graph id -> {full, plotlyPart, canvas, pixels}

  function graphDiv(id) {
    return document.querySelector("#" + id + " .js-plotly-plot");
  }

  /* Equal units on both axes, as the figure asks (scaleanchor, constrain "domain"), done here:
     the axis with room to spare gets a centred share of the plot area. Plotly.react treats a
     new range like a zoom and grows the other axis's range to keep the scale, so after an
     activation change its grid ran past the shaded frame. */
  function equalUnits(layout, gd) {
    const xa = layout.xaxis, ya = layout.yaxis;
    const size = gd._fullLayout && gd._fullLayout._size;
    if (!ya || ya.scaleanchor !== "x" || !xa || !xa.range || !ya.range || !size) return layout;
    const rx = Math.abs(xa.range[1] - xa.range[0]), ry = Math.abs(ya.range[1] - ya.range[0]);
    if (!(rx > 0 && ry > 0 && size.w > 0 && size.h > 0)) return layout;
    const share = (rx / size.w > ry / size.h) ? [1, (ry * size.w) / rx / size.h]
      : [(rx * size.h) / ry / size.w, 1];
    const domain = (f) => [(1 - f) / 2, (1 + f) / 2];
    const out = Object.assign({}, layout);
    out.xaxis = Object.assign({}, xa, { domain: domain(share[0]) });
    out.yaxis = Object.assign({}, ya, { domain: domain(share[1]) });
    delete out.yaxis.scaleanchor;
    delete out.yaxis.scaleratio;
    delete out.xaxis.constrain;
    delete out.yaxis.constrain;
    return out;
  }

  /* The figure as Plotly should draw it: the canvas's parts removed, the plot see-through. */
  function plotlyPart(id, fig, gd) {
    const parts = CANVAS_PARTS[id];
    // See-through paper and plot, so the canvas underneath shows (the card behind is white).
    const clear = "rgba(0,0,0,0)";
    const layout = equalUnits(
      Object.assign({}, fig.layout, { plot_bgcolor: clear, paper_bgcolor: clear }), gd);
    if (parts.images) layout.images = [];
    if (parts.shapes) layout.shapes = [];
    if (parts.annotations) layout.annotations = [];
    const data = fig.data.map((tr, i) =>
      parts.traces.includes(i) ? { type: tr.type, visible: false, x: [], y: [] } : tr);
    // Plotly writes what it computes (ranges it constrains, defaults) into the layout it is
    // given: it gets a copy of its own, so the figure kept here stays as it was built.
    const layoutJSON = JSON.stringify(layout);
    return { data: data, layout: JSON.parse(layoutJSON), layoutJSON: layoutJSON };
  }

  /* Has Plotly's part changed? Layouts are compared as JSON taken before Plotly sees them
     (Plotly writes defaults into the objects it is given); traces by reference, since their
     arrays are rebuilt only when they change. */
  function samePlotlyPart(a, b) {
    if (!a || a.data.length !== b.data.length || a.layoutJSON !== b.layoutJSON) return false;
    for (let i = 0; i < a.data.length; i++) {
      const x = a.data[i], y = b.data[i];
      if (x.visible === false && y.visible === false) continue;
      for (const k of new Set(Object.keys(x).concat(Object.keys(y)))) {
        if (x[k] !== y[k]) return false;
      }
    }
    return true;
  }

  /* A canvas layer of the graph's size, cleared and ready to draw in CSS pixels: under
     Plotly's svg (the painter's) or above it (the epoch marker). */
  function layer(gd, className, above) {
    const container = gd.querySelector(".svg-container");
    let canvas = container.querySelector("canvas." + className);
    if (!canvas) {
      canvas = document.createElement("canvas");
      canvas.className = className;
      canvas.setAttribute("aria-hidden", "true");
      Object.assign(canvas.style, { position: "absolute", left: "0", top: "0", pointerEvents: "none" });
      if (above) container.appendChild(canvas);
      else container.insertBefore(canvas, container.firstChild);
    }
    const fl = gd._fullLayout;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(fl.width * dpr) || canvas.height !== Math.round(fl.height * dpr)) {
      canvas.width = Math.round(fl.width * dpr);
      canvas.height = Math.round(fl.height * dpr);
      canvas.style.width = fl.width + "px";
      canvas.style.height = fl.height + "px";
    }
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, fl.width, fl.height);
    return ctx;
  }

  /* Data units to canvas pixels. The plot area is where Plotly put the axes (_offset,
     _length): with equal axis units it is smaller than the margins leave ("domain"). */
  function mapping(gd) {
    const fl = gd._fullLayout;
    const xa = fl.xaxis, ya = fl.yaxis;
    const box = { l: xa._offset, t: ya._offset, w: xa._length, h: ya._length };
    const xr = xa.range, yr = ya.range;
    return {
      x: (v) => box.l + ((v - xr[0]) / (xr[1] - xr[0])) * box.w,
      y: (v) => box.t + (1 - (v - yr[0]) / (yr[1] - yr[0])) * box.h,
      yPaper: (v) => box.t + (1 - v) * box.h,
      box: box,
    };
  }

  /* The figure with its layout image given the pixels as a PNG source (what Plotly needs). */
  function withImageSource(fig, pixels) {
    if (!pixels || !fig.layout.images || !fig.layout.images.length) return fig;
    const source = window.tinynetDraw.pixelCanvas(pixels).toDataURL("image/png");
    const layout = Object.assign({}, fig.layout, {
      images: [Object.assign({}, fig.layout.images[0], { source: source })],
    });
    return { data: fig.data, layout: layout };
  }

  /* Paint the canvas's parts of the stored full figure. */
  function paint(id) {
    const st = state[id];
    const gd = graphDiv(id);
    if (!st || !gd || !gd._fullLayout) return;
    const ctx = layer(gd, "tinynet-layer", false);
    const m = mapping(gd);
    // What the picture on the screen shows: a click is read with this, even while Plotly is
    // laying the graph out again.
    st.seen = { box: Object.assign({}, m.box), xr: gd._fullLayout.xaxis.range.slice(),
                yr: gd._fullLayout.yaxis.range.slice() };
    ctx.save();
    ctx.beginPath();
    ctx.rect(m.box.l, m.box.t, m.box.w, m.box.h);
    if (id !== "diagram-graph") ctx.clip();
    const parts = CANVAS_PARTS[id];
    const fig = st.full;
    const draw = window.tinynetDraw;
    if (parts.images) (fig.layout.images || []).forEach((img) => draw.image(ctx, img, st.pixels, m));
    if (parts.shapes) {
      (fig.layout.shapes || []).filter((s) => s.layer === "below").forEach((s) => draw.shape(ctx, s, m));
    }
    parts.traces.forEach((i) => draw.trace(ctx, fig.data[i], m));
    if (parts.shapes) {
      (fig.layout.shapes || []).filter((s) => s.layer !== "below").forEach((s) => draw.shape(ctx, s, m));
    }
    if (parts.annotations) (fig.layout.annotations || []).forEach((a) => draw.text(ctx, a, m));
    ctx.restore();
    st.paints = (st.paints || 0) + 1;
    gd.dispatchEvent(new CustomEvent("tinynet:painted"));
  }

  /* Plotly's own camera button would save only Plotly's part: these save the whole figure. */
  function downloadButtons(id, gd) {
    const name = (gd._context.toImageButtonOptions || {}).filename || "tinynet-" + id;
    const save = (format) => () => window.Plotly.downloadImage(fullFigure(id), {
      format: format, filename: name, width: gd._fullLayout.width, height: gd._fullLayout.height,
    });
    return [
      { name: "Download PNG", title: "Download as PNG", icon: window.Plotly.Icons.camera, click: save("png") },
      { name: "Download SVG", title: "Download as SVG", icon: window.Plotly.Icons.disk, click: save("svg") },
    ];
  }

  /* Show a full figure: Plotly re-renders only if its part changed, the canvas always. */
  const pending = {};
  function adoptLater(id, fig, pixels) {
    const first = Object.keys(pending).length === 0;
    pending[id] = [fig, pixels];
    if (!first) return;
    const timer = window.setInterval(function () {
      Object.keys(pending).forEach(function (key) {
        const gd = graphDiv(key);
        if (gd && gd._fullLayout && window.Plotly) {
          const [f, p] = pending[key];
          delete pending[key];
          show(key, f, p);
        }
      });
      if (Object.keys(pending).length === 0) window.clearInterval(timer);
    }, 50);
  }

  /* Plotly has drawn (a resize, a re-render): the equal units follow a new size, then the
     canvas is painted for what is on screen. */
  function afterPlot(id) {
    const st = state[id], gd = graphDiv(id);
    if (st && gd && st.plotlyPart &&
        plotlyPart(id, st.full, gd).layoutJSON !== st.plotlyPart.layoutJSON) {
      show(id, st.full, st.pixels);
      return;
    }
    paint(id);
  }

  function show(id, fig, pixels) {
    const gd = graphDiv(id);
    if (!gd || !gd._fullLayout || !window.Plotly) {
      // Dash draws this first figure itself; the painter takes the graph over once it exists.
      adoptLater(id, fig, pixels);
      return false;
    }
    delete pending[id];
    const st = state[id] || (state[id] = {});
    st.full = fig;
    st.pixels = pixels;
    const part = plotlyPart(id, fig, gd);
    if (!samePlotlyPart(st.plotlyPart, part)) {
      st.plotlyPart = part;
      let config = gd._context;
      if (!st.hooked) {
        st.hooked = true;
        gd.on("plotly_afterplot", () => afterPlot(id)); // resizes and re-renders repaint too
        config = Object.assign({}, gd._context, { modeBarButtons: [downloadButtons(id, gd)] });
      }
      const drawn = window.Plotly.react(gd, part.data, part.layout, config);
      // Paint again once Plotly has settled the new layout (new axis ranges can move the plot
      // area after this call returns): the picture never keeps the old frame.
      if (drawn && typeof drawn.then === "function") drawn.then(() => paint(id), () => {});
    }
    paint(id);
    return true;
  }

  /* The complete figure of a graph, as it is on screen (for downloads and tests). */
  function fullFigure(id) {
    const st = state[id];
    if (!st) return null;
    return withImageSource(st.full, st.pixels);
  }

  /* The replay's epoch as a dotted line over the run's charts, on a canvas of its own above
     them: moving it repaints nothing of Plotly's. Inside the plot only (null: no line). */
  function markEpoch(ids, epoch) {
    ids.forEach(function (id) {
      const gd = graphDiv(id);
      if (!gd || !gd._fullLayout || !gd._fullLayout.xaxis) return;
      const ctx = layer(gd, "tinynet-marker", true);
      const m = mapping(gd);
      if (epoch === null || epoch === undefined) return;
      const x = m.x(epoch);
      if (!(x >= m.box.l - 0.5 && x <= m.box.l + m.box.w + 0.5)) return;
      ctx.strokeStyle = "#666";
      ctx.lineWidth = 1.5;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(x, m.box.t);
      ctx.lineTo(x, m.box.t + m.box.h);
      ctx.stroke();
    });
  }

  /* How often a graph's canvas has been painted, and how many graphs wait for Plotly's first
     drawing (tests and benchmarks wait on these). */
  function paints(id) {
    return state[id] ? state[id].paints || 0 : 0;
  }
  /* Data units of a point on a graph (client pixels), as the picture shows them now. */
  function dataAt(id, clientX, clientY) {
    const st = state[id];
    const gd = graphDiv(id);
    if (!st || !st.seen || !gd) return null;
    const r = gd.getBoundingClientRect();
    const { box, xr, yr } = st.seen;
    return {
      x1: xr[0] + ((clientX - r.left - box.l) / box.w) * (xr[1] - xr[0]),
      x2: yr[1] - ((clientY - r.top - box.t) / box.h) * (yr[1] - yr[0]),
    };
  }

  function waiting() {
    return Object.keys(pending).length;
  }

  window.tinynetCanvas = {
    withImageSource: withImageSource, markEpoch: markEpoch, show: show, paint: paint,
    fullFigure: fullFigure, paints: paints, waiting: waiting, dataAt: dataAt,
    CANVAS_PARTS: CANVAS_PARTS,
  };
})();
