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

  function outputLine(p, b) {
    const a1 = p.w13, a2 = p.w23, c = p.b13;
    if (a1 === 0 && a2 === 0) return [];
    if (Math.abs(a2) >= Math.abs(a1)) {
      return [[b[0], -(a1 * b[0] + c) / a2], [b[1], -(a1 * b[1] + c) / a2]];
    }
    return [[-(a2 * b[2] + c) / a1, b[2]], [-(a2 * b[3] + c) / a1, b[3]]];
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
    const gridPts = [];
    g.forEach((yy) => g.forEach((xx) => gridPts.push([xx, yy])));
    const pg = M.forward(p, gridPts, act).proba;
    const proba = g.map((_, j) => Array.from(pg.subarray(j * g.length, (j + 1) * g.length)));
    const out = M.forward(p, data.X, act);
    let right = 0;
    for (let i = 0; i < data.y.length; i++) if ((out.logit[i] > 0) === (data.y[i] === 1)) right++;
    return Object.assign(
      {
        proba: proba,
        hidden_v: stageNaN(p, fam[0], act, t),
        hidden_h: stageNaN(p, fam[1], act, t),
        hidden_0: M.stage(p, Xd.filter((_, i) => yd[i] === 0), act, t),
        hidden_1: M.stage(p, Xd.filter((_, i) => yd[i] === 1), act, t),
        range: b,
        shade_pos: clipHalfPlane(b, p.w13, p.w23, p.b13),
        shade_neg: clipHalfPlane(b, -p.w13, -p.w23, -p.b13),
        line: outputLine(p, b),
        accuracy: data.y.length ? right / data.y.length : 0.0,
        logloss: M.lossFromLogit(out.logit, data.y),
        det: M.det(p),
      },
      activationPanel(act, spec, out.z, L)
    );
  }

  // ---- figures: mirrors figures.py (trace order is TRACES there) ----

  const STAGE_LABELS = ["input x", "linear map W x", "plus bias W x + b", "activation f(W x + b)"];

  function stageTitle(t) {
    if (t >= 3) return "Hidden space: h = f(W x + b)";
    const k = Math.min(Math.floor(t), 2);
    return "Stage t = " + t.toFixed(2) + ": " + STAGE_LABELS[k] + " → " + STAGE_LABELS[k + 1];
  }

  function hiddenNote(p) {
    if (p.w13 === 0 && p.w23 === 0) {
      return "w13 = w23 = 0: the output ignores h1 and h2; no line, p is the same everywhere";
    }
    return "";
  }

  function edgeStyle(w, style) {
    return {
      color: w >= 0 ? style.POSITIVE : style.NEGATIVE,
      width: Math.round((1 + Math.min(Math.abs(w), 8.0) * 1.1) * 100) / 100,
      dash: w >= 0 ? "solid" : "dash",
    };
  }

  function xy(points) {
    return {
      x: points.map((q) => (Number.isNaN(q[0]) ? null : q[0])),
      y: points.map((q) => (Number.isNaN(q[1]) ? null : q[1])),
    };
  }

  function withTraces(template, patches) {
    return {
      data: template.data.map((tr, i) => Object.assign({}, tr, patches[i] || {})),
      layout: Object.assign({}, template.layout),
    };
  }

  function inputFigure(tpl, v, data, grid) {
    const Xd = data.drawn.map((i) => data.X[i]);
    const yd = data.drawn.map((i) => data.y[i]);
    return withTraces(tpl, [
      { z: v.proba },
      { z: v.proba },
      { visible: grid },
      xy(Xd.filter((_, i) => yd[i] === 0)),
      xy(Xd.filter((_, i) => yd[i] === 1)),
    ]);
  }

  function hiddenFigure(tpl, v, t, p) {
    const fig = withTraces(tpl, [
      xy(v.shade_neg), xy(v.shade_pos), xy(v.hidden_v), xy(v.hidden_h),
      xy(v.hidden_0), xy(v.hidden_1), xy(v.line),
    ]);
    const L = fig.layout;
    L.title = Object.assign({}, L.title, { text: stageTitle(t) });
    L.xaxis = Object.assign({}, L.xaxis, { range: v.range.slice(0, 2) });
    L.yaxis = Object.assign({}, L.yaxis, { range: v.range.slice(2, 4) });
    const note = hiddenNote(p);
    L.annotations = [Object.assign({}, L.annotations[0], { text: note, visible: note !== "" })];
    return fig;
  }

  function activationFigure(tpl, v, spec) {
    const width = (2 * v.zlim) / v.bins.length;
    const fig = withTraces(tpl, [
      { x: v.bins, y: v.hist1, width: width },
      { x: v.bins, y: v.hist2, width: width },
      { x: v.curve_z, y: v.curve_f },
      { x: v.curve_z, y: v.curve_df },
    ]);
    const L = fig.layout;
    L.title = Object.assign({}, L.title, { text: "Activation: " + spec.title });
    L.xaxis = Object.assign({}, L.xaxis, {
      range: [-v.zlim, v.zlim],
      title: { text: spec.elementwise ? "z" : "z1 - z2" },
    });
    L.yaxis2 = Object.assign({}, L.yaxis2, { range: [0, histogramTop(v)] });
    return fig;
  }

  function histogramTop(v) {
    const tallest = Math.max(0.0, ...v.hist1, ...v.hist2);
    return Math.max(tallest, 1e-9) * 2.5;
  }

  const EDGE_NAMES = ["w11", "w12", "w21", "w22", "w13", "w23"];

  function diagramFigure(tpl, p, config) {
    const patches = EDGE_NAMES.map((name) => ({ line: edgeStyle(p[name], config.style) }));
    patches.push({});
    const labels = tpl.data[7].text.map(function (text) {
      const name = text.split(" ")[0];
      return name + " " + p[name].toFixed(2);
    });
    patches.push({ text: labels });
    return withTraces(tpl, patches);
  }

  window.tinynetViews = {
    gridFamilies: gridFamilies,
    computeViews: computeViews,
    inputFigure: inputFigure,
    hiddenFigure: hiddenFigure,
    activationFigure: activationFigure,
    diagramFigure: diagramFigure,
    stageTitle: stageTitle,
    edgeStyle: edgeStyle,
  };
})();
