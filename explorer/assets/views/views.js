/* The numbers behind every view (mirrors explorer/views.py, same names) and the patching of the
   server-built figures with them (mirrors explorer/figures.py). No request to the server. */
(function () {
  "use strict";
  const M = window.tinynetMath;

  function gridFamilies(L) {
    const ticks = M.linspace(-1.0, 1.0, L.GRID_LINES);
    const run = M.linspace(-1.0, 1.0, L.LINE_SAMPLES);
    const vertical = [];
    ticks.forEach(function (c) {
      run.forEach(function (r) {
        vertical.push([c, r]);
      });
      vertical.push([NaN, NaN]);
    });
    const horizontal = vertical.map((p) => [p[1], p[0]]);
    return [vertical, horizontal];
  }

  function isFinitePt(p) {
    return Number.isFinite(p[0]) && Number.isFinite(p[1]);
  }

  function stageNaN(p, pts, act, t) {
    const finite = pts.filter(isFinitePt);
    const moved = M.stage(p, finite, act, t);
    let k = 0;
    return pts.map((q) => (isFinitePt(q) ? moved[k++] : [NaN, NaN]));
  }

  function box(points) {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    let any = false;
    points.forEach(function (q) {
      if (!isFinitePt(q)) return;
      any = true;
      x0 = Math.min(x0, q[0]);
      x1 = Math.max(x1, q[0]);
      y0 = Math.min(y0, q[1]);
      y1 = Math.max(y1, q[1]);
    });
    return any ? [x0, x1, y0, y1] : [-1.0, 1.0, -1.0, 1.0];
  }

  function padded(b, pad, L) {
    const out = [];
    [[b[0], b[1]], [b[2], b[3]]].forEach(function (pair) {
      const span = Math.max(pair[1] - pair[0], 0.1);
      const mid = (pair[0] + pair[1]) / 2;
      out.push(Math.max(mid - span / 2 - pad * span, -L.FIT_LIMIT));
      out.push(Math.min(mid + span / 2 + pad * span, L.FIT_LIMIT));
    });
    return out;
  }

  function activationBox(spec, act, L) {
    let lo = spec.range[0];
    let hi = spec.range[1];
    if (spec.range_follows_param) lo = -act.value; // ELU: (-alpha, inf)
    lo = lo === null || !Number.isFinite(lo) ? -L.UNBOUNDED_VIEW : lo;
    hi = hi === null || !Number.isFinite(hi) ? L.UNBOUNDED_VIEW : hi;
    const pad = 0.05 * (hi - lo);
    return [lo - pad, hi + pad, lo - pad, hi + pad];
  }

  function hiddenRange(p, act, spec, t, shown, fit, L) {
    if (fit) return padded(box(stageNaN(p, shown, act, t)), 0.05, L);
    const last = activationBox(spec, act, L);
    if (t >= L.STAGE_MAX) return last;
    const boxes = [last].concat([0.0, 1.0, 2.0].map((k) => box(stageNaN(p, shown, act, k))));
    const union = [
      Math.min(...boxes.map((b) => b[0])),
      Math.max(...boxes.map((b) => b[1])),
      Math.min(...boxes.map((b) => b[2])),
      Math.max(...boxes.map((b) => b[3])),
    ];
    return padded(union, 0.0, L);
  }

  function clipHalfPlane(b, a1, a2, c) {
    const corners = [[b[0], b[2]], [b[1], b[2]], [b[1], b[3]], [b[0], b[3]]];
    const out = [];
    for (let i = 0; i < 4; i++) {
      const p = corners[i], q = corners[(i + 1) % 4];
      const fp = a1 * p[0] + a2 * p[1] + c, fq = a1 * q[0] + a2 * q[1] + c;
      if (fp >= 0) out.push(p);
      if ((fp >= 0) !== (fq >= 0)) {
        const s = fp / (fp - fq);
        out.push([p[0] + s * (q[0] - p[0]), p[1] + s * (q[1] - p[1])]);
      }
    }
    if (out.length) out.push(out[0]);
    return out;
  }

  /* Where a1 x + a2 y + c = 0 crosses box b ([x0, x1, y0, y1]): two ends, or none. */
  function lineAcross(b, a1, a2, c) {
    if (a1 === 0 && a2 === 0) return [];
    if (Math.abs(a2) >= Math.abs(a1)) {
      return [[b[0], -(a1 * b[0] + c) / a2], [b[1], -(a1 * b[1] + c) / a2]];
    }
    return [[-(a2 * b[2] + c) / a1, b[2]], [-(a2 * b[3] + c) / a1, b[3]]];
  }

  function outputLine(p, b) {
    return lineAcross(b, p.w13, p.w23, p.b13);
  }

  /* numpy.histogram on uniform edges, with numpy's own edge corrections. */
  function histogram(values, lo, hi, bins) {
    const edges = M.linspace(lo, hi, bins + 1);
    const counts = new Array(bins).fill(0);
    const norm = bins / (hi - lo);
    values.forEach(function (v) {
      let k = Math.floor((v - lo) * norm);
      if (k === bins) k = bins - 1;
      if (v < edges[k]) k -= 1;
      else if (v >= edges[k + 1] && k !== bins - 1) k += 1;
      counts[k] += 1;
    });
    return counts;
  }

  /* Largest |f'| on a fine grid, as Activation.der_max computes it (cached per activation). */
  const derMaxCache = {};
  function derMax(act) {
    const key = act.name + ":" + act.value;
    if (!(key in derMaxCache)) {
      let peak = 0.0;
      M.linspace(-20.0, 20.0, 40001).forEach(function (v) {
        peak = Math.max(peak, Math.abs(M.applyDer(act, v, 0.0)[0]));
      });
      derMaxCache[key] = peak;
    }
    return derMaxCache[key];
  }

  function activationPanel(act, spec, z, L) {
    const arg = act.name === "softmax" ? z.map((q) => [q[0] - q[1], q[1] - q[0]]) : z;
    let zmax = 0.0;
    arg.forEach(function (q) {
      q.forEach(function (v) {
        if (Number.isFinite(v)) zmax = Math.max(zmax, Math.abs(v));
      });
    });
    const zlim = Math.min(Math.max(4.0, Math.ceil(zmax * 1.05)), 20.0);
    const curve = M.linspace(-zlim, zlim, 241);
    const f = curve.map((v) => M.applyF(act, v, 0.0)[0]);
    const df = curve.map((v) => M.applyDer(act, v, 0.0)[0]);
    const edges = M.linspace(-zlim, zlim, L.HIST_BINS + 1);
    const bins = edges.slice(0, -1).map((e, i) => (e + edges[i + 1]) / 2);
    const n = Math.max(arg.length, 1);
    const hist = [0, 1].map((k) =>
      histogram(arg.map((q) => Math.min(Math.max(q[k], -zlim), zlim)), -zlim, zlim, L.HIST_BINS)
        .map((c) => c / n));
    const sat = [0, 0];
    const peak = derMax(act);
    z.forEach(function (q) {
      const d = M.applyDer(act, q[0], q[1]);
      for (let k = 0; k < 2; k++) {
        if (peak > 0 ? Math.abs(d[k]) < 0.05 * peak : true) sat[k] += 1;
      }
    });
    return {
      zlim: zlim, curve_z: curve, curve_f: f, curve_df: df, bins: bins,
      hist1: hist[0], hist2: hist[1],
      saturated: sat.map((s) => (z.length ? s / z.length : 0.0)),
    };
  }

  // Marching squares tables (views.SEGMENTS / SADDLES): cell edges 0 bottom, 1 right, 2 top, 3 left.
  const SEGMENTS = {
    1: [[3, 0]], 2: [[0, 1]], 3: [[3, 1]], 4: [[1, 2]], 6: [[0, 2]], 7: [[3, 2]],
    8: [[2, 3]], 9: [[2, 0]], 11: [[2, 1]], 12: [[1, 3]], 13: [[1, 0]], 14: [[0, 3]],
  };
  const SADDLES = { 5: [[[3, 2], [1, 0]], [[3, 0], [1, 2]]], 10: [[[0, 1], [2, 3]], [[0, 3], [2, 1]]] };
  const EDGE_ENDS = [[0, 1], [1, 2], [3, 2], [0, 3]];

  /* The p = level curve of the heatmap grid as segments, cell by cell in row order. */
  function boundary(proba, g, level) {
    const segments = [];
    for (let j = 0; j < proba.length - 1; j++) {
      for (let i = 0; i < g.length - 1; i++) {
        const corners = [proba[j][i], proba[j][i + 1], proba[j + 1][i + 1], proba[j + 1][i]];
        const c = (corners[0] >= level) * 1 + (corners[1] >= level) * 2 +
          (corners[2] >= level) * 4 + (corners[3] >= level) * 8;
        if (c === 0 || c === 15) continue;
        let pairs = SEGMENTS[c];
        if (c in SADDLES) {
          const mean = (corners[0] + corners[1] + corners[2] + corners[3]) / 4;
          pairs = SADDLES[c][mean >= level ? 0 : 1];
        }
        const spots = [[g[i], g[j]], [g[i + 1], g[j]], [g[i + 1], g[j + 1]], [g[i], g[j + 1]]];
        const cross = function (edge) {
          const e = EDGE_ENDS[edge];
          const pa = corners[e[0]], pb = corners[e[1]];
          const s = (level - pa) / (pb - pa);
          const A = spots[e[0]], B = spots[e[1]];
          return [A[0] + s * (B[0] - A[0]), A[1] + s * (B[1] - A[1])];
        };
        pairs.forEach((pr) => segments.push([cross(pr[0]), cross(pr[1])]));
      }
    }
    return segments;
  }

  /* Join segments sharing end points into polylines (views.chain). */
  function chain(segments) {
    const key = (q) => q[0] + "," + q[1];
    const at = new Map();
    segments.forEach(function (sg, k) {
      sg.forEach(function (q) {
        const kk = key(q);
        if (!at.has(kk)) at.set(kk, []);
        at.get(kk).push(k);
      });
    });
    const used = new Array(segments.length).fill(false);
    const grow = function (line, end) {
      for (;;) {
        const nxt = at.get(key(end)).find((k) => !used[k]);
        if (nxt === undefined) return;
        used[nxt] = true;
        const a = segments[nxt][0], b = segments[nxt][1];
        end = key(a) === key(end) ? b : a;
        line.push(end);
      }
    };
    const lines = [];
    segments.forEach(function (sg, k) {
      if (used[k]) return;
      used[k] = true;
      const forward = [sg[0], sg[1]], backward = [sg[0]];
      grow(forward, sg[1]);
      grow(backward, sg[0]);
      lines.push(backward.reverse().slice(0, -1).concat(forward));
    });
    return lines;
  }

  function nanJoin(lines) {
    const out = [];
    lines.forEach(function (line, k) {
      if (k) out.push([NaN, NaN]);
      line.forEach((q) => out.push(q));
    });
    return out;
  }

  /* Share of class k's points in each of `bins` equal bins of p (views.proba_histograms). */
  function probaHistogram(proba, y, k, bins) {
    const values = [];
    for (let i = 0; i < y.length; i++) if (y[i] === k) values.push(proba[i]);
    const n = Math.max(values.length, 1);
    return histogram(values, 0.0, 1.0, bins).map((c) => c / n);
  }

  /* Every number the views show: mirrors views.compute_views. */
  function computeViews(p, act, t, data, fit, config) {
    const L = config.limits;
    const spec = config.activations[act.name];
    const fam = gridFamilies(L);
    const Xd = data.drawn.map((i) => data.X[i]);
    const yd = data.drawn.map((i) => data.y[i]);
    const shown = fam[0].concat(fam[1], Xd);
    const b = hiddenRange(p, act, spec, t, shown, fit, L);
    const g = M.linspace(-L.INPUT_VIEW, L.INPUT_VIEW, L.HEATMAP_N);
    const proba = M.probaGrid(p, g, act);
    const out = M.forward(p, data.X, act);
    let right = 0;
    for (let i = 0; i < data.y.length; i++) if ((out.logit[i] > 0) === (data.y[i] === 1)) right++;
    const views = Object.assign(
      {
        proba: proba,
        boundary: nanJoin(chain(boundary(proba, g, 0.5))),
        hidden_v: stageNaN(p, fam[0], act, t),
        hidden_h: stageNaN(p, fam[1], act, t),
        hidden_0: M.stage(p, Xd.filter((_, i) => yd[i] === 0), act, t),
        hidden_1: M.stage(p, Xd.filter((_, i) => yd[i] === 1), act, t),
        range: b,
        shade_pos: clipHalfPlane(b, p.w13, p.w23, p.b13),
        shade_neg: clipHalfPlane(b, -p.w13, -p.w23, -p.b13),
        line: outputLine(p, b),
        accuracy: data.y.length ? right / data.y.length : 0.0,
        proba_hist0: probaHistogram(out.proba, data.y, 0, L.PROBA_BINS),
        proba_hist1: probaHistogram(out.proba, data.y, 1, L.PROBA_BINS),
        logloss: M.lossFromLogit(out.logit, data.y),
        det: M.det(p),
      },
      activationPanel(act, spec, out.z, L)
    );
    logits.set(views, out.logit); // for the views' words (describe.js), kept out of the views
    return views;
  }

  /* The logits of every point that views were computed from (or undefined). */
  const logits = new WeakMap();
  function logitsOf(views) {
    return logits.get(views);
  }

  /* RGB bytes of the heatmap, rows top to bottom (mirrors views.proba_pixels). */
  function probaPixels(proba, scale) {
    const stops = scale.map((s) => s[0]);
    const rgb = scale.map((s) => [1, 3, 5].map((k) => parseInt(s[1].slice(k, k + 2), 16)));
    const n = proba.length, m = proba[0].length;
    const out = new Uint8ClampedArray(n * m * 3);
    for (let j = 0; j < n; j++) {
      const row = proba[n - 1 - j];
      for (let i = 0; i < m; i++) {
        const v = row[i];
        let k = 0;
        while (k < stops.length - 2 && v > stops[k + 1]) k++;
        const s = Math.min(Math.max((v - stops[k]) / (stops[k + 1] - stops[k]), 0), 1);
        for (let c = 0; c < 3; c++) {
          out[(j * m + i) * 3 + c] = Math.floor(rgb[k][c] + s * (rgb[k + 1][c] - rgb[k][c]) + 0.5);
        }
      }
    }
    return out;
  }

  window.tinynetViews = {
    gridFamilies: gridFamilies,
    computeViews: computeViews,
    probaPixels: probaPixels,
    logitsOf: logitsOf,
    // for the other networks' views (assets/architectures/numbers.js and views.js)
    boundary: boundary,
    chain: chain,
    nanJoin: nanJoin,
    probaHistogram: probaHistogram,
    activationBox: activationBox,
    activationPanel: activationPanel,
    histogram: histogram,
    derMax: derMax,
    clipHalfPlane: clipHalfPlane,
    lineAcross: lineAcross,
  };
})();
