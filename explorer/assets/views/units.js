/* A map per hidden unit, like the Playground's neuron thumbnails: h1 and h2 over the input
   plane, painted on the canvases beside the weights' rows on every change (no request).
   unitMaps and unitRange mirror explorer/views/numbers.py (unit_maps, unit_range); a browser
   test holds them equal. */
(function () {
  "use strict";

  /* h1 and h2 on an n x n grid of the input view: [h1 rows, h2 rows], row j is x2 = axis[j]. */
  function unitMaps(p, act, n, L) {
    const M = window.tinynetMath;
    const axis = M.linspace(-L.INPUT_VIEW, L.INPUT_VIEW, n);
    const maps = [new Array(n), new Array(n)];
    for (let j = 0; j < n; j++) {
      const r1 = new Float64Array(n), r2 = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const z1 = axis[i] * p.w11 + axis[j] * p.w12 + p.b11;
        const z2 = axis[i] * p.w21 + axis[j] * p.w22 + p.b12;
        const h = M.applyF(act, z1, z2);
        r1[i] = h[0];
        r2[i] = h[1];
      }
      maps[0][j] = r1;
      maps[1][j] = r2;
    }
    return maps;
  }

  /* The values the colours span: the activation's range, infinite sides cut at UNBOUNDED_VIEW. */
  function unitRange(spec, act, L) {
    let lo = spec.range[0], hi = spec.range[1];
    if (spec.range_follows_param) lo = -act.value; // ELU: (-alpha, inf)
    lo = lo === null || !Number.isFinite(lo) ? -L.UNBOUNDED_VIEW : lo;
    hi = hi === null || !Number.isFinite(hi) ? L.UNBOUNDED_VIEW : hi;
    return [lo, hi];
  }

  function hex(c) {
    return [1, 3, 5].map((k) => parseInt(c.slice(k, k + 2), 16));
  }

  /* White at 0 (or at the range's bottom when it starts at 0 or above), blue at the top,
     orange at the bottom of a range that goes below 0. */
  function colourer(lo, hi, scale) {
    const [neg, zero, pos] = scale.map(hex);
    const base = Math.max(lo, 0);
    return function (v) {
      if (v >= base) {
        const s = hi > base ? Math.min((v - base) / (hi - base), 1) : 0;
        return zero.map((c, k) => c + s * (pos[k] - c));
      }
      const s = lo < 0 ? Math.min((base - v) / (base - lo), 1) : 0;
      return zero.map((c, k) => c + s * (neg[k] - c));
    };
  }

  function pixelsOf(rows, colour) {
    const n = rows.length;
    const img = new ImageData(n, n);
    for (let j = 0; j < n; j++) {
      const row = rows[n - 1 - j]; // top of the picture is the largest x2
      for (let i = 0; i < n; i++) {
        const c = colour(row[i]);
        const o = (j * n + i) * 4;
        img.data[o] = c[0];
        img.data[o + 1] = c[1];
        img.data[o + 2] = c[2];
        img.data[o + 3] = 255;
      }
    }
    return img;
  }

  /* Where z = a1 x1 + a2 x2 + c is 0, across the square [-e, e]^2: two points or none. */
  function zeroLine(a1, a2, c, e) {
    const out = [];
    if (Math.abs(a2) > 1e-12) {
      [-e, e].forEach((x) => out.push([x, -(a1 * x + c) / a2]));
    } else if (Math.abs(a1) > 1e-12) {
      [-e, e].forEach((y) => out.push([-(a2 * y + c) / a1, y]));
    }
    return out;
  }

  function fmt(v) {
    return (v < 0 ? "−" : "") + String(Math.round(Math.abs(v) * 100) / 100);
  }

  /* One map on its canvas: the rows' colours, the dashed line where z = 0 (a1 x1 + a2 x2 + c,
     or none), the range under it. */
  function paintMap(canvas, rows, colour, line, range, L) {
    const px = L.UNIT_MAP_PX;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(px * dpr)) {
      canvas.width = canvas.height = Math.round(px * dpr);
    }
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const off = document.createElement("canvas");
    off.width = off.height = rows.length;
    off.getContext("2d").putImageData(pixelsOf(rows, colour), 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, 0, 0, px, px);
    const e = L.INPUT_VIEW;
    const ends = line ? zeroLine(line[0], line[1], line[2], e) : [];
    if (ends.length) {
      const to = (q) => [((q[0] + e) / (2 * e)) * px, (1 - (q[1] + e) / (2 * e)) * px];
      const a = to(ends[0]), b = to(ends[1]);
      ctx.save();
      ctx.beginPath();
      ctx.rect(0, 0, px, px);
      ctx.clip();
      ctx.strokeStyle = "#333";
      ctx.lineWidth = 1.2;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(a[0], a[1]);
      ctx.lineTo(b[0], b[1]);
      ctx.stroke();
      ctx.restore();
    }
    ctx.strokeStyle = "#999";
    ctx.lineWidth = 1;
    ctx.setLineDash([]);
    ctx.strokeRect(0.5, 0.5, px - 1, px - 1);
    const label = document.getElementById(canvas.id + "-range");
    const text = fmt(range[0]) + " … " + fmt(range[1]);
    if (label && label.textContent !== text) label.textContent = text;
  }

  /* Paint both maps for the weights p. */
  function paint(p, act, spec, config) {
    const L = config.limits;
    const maps = unitMaps(p, act, L.UNIT_MAP_N, L);
    const [lo, hi] = unitRange(spec, act, L);
    const colour = colourer(lo, hi, config.style.UNIT_SCALE);
    const softmax = act.name === "softmax";
    const lines = [
      softmax ? [p.w11 - p.w21, p.w12 - p.w22, p.b11 - p.b12] : [p.w11, p.w12, p.b11],
      softmax ? [p.w11 - p.w21, p.w12 - p.w22, p.b11 - p.b12] : [p.w21, p.w22, p.b12],
    ];
    ["h1", "h2"].forEach(function (unit, k) {
      const canvas = document.getElementById("map-" + unit);
      if (canvas) paintMap(canvas, maps[k], colour, lines[k], [lo, hi], L);
    });
    window.tinynetUnits.painted += 1;
  }

  window.tinynetUnits = {
    unitMaps: unitMaps, unitRange: unitRange, paint: paint, painted: 0,
    colourer: colourer, paintMap: paintMap,
  };
})();
