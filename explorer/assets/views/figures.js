/* The figures, mirroring explorer/figures.py function by function: the numbers of
   views.js put into the server-built figure templates (trace order is figures.TRACES). */
(function () {
  "use strict";

  const STAGE_LABELS = ["input x", "linear map W x", "plus bias W x + b", "activation f(W x + b)"];

  function stageTitle(t) {
    if (t >= 3) return "Hidden space: h = f(W x + b)";
    const k = Math.min(Math.floor(t), 2);
    return "Stage t = " + t.toFixed(2) + ": " + STAGE_LABELS[k] + " → " + STAGE_LABELS[k + 1];
  }

  function hiddenNote(p, t) {
    if (t < 3) return "The output line lives in the hidden space, after f: it shows at stage 3";
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

  /* SVG path through the points; a NaN point starts a new piece (figures.polyline_path). */
  function polylinePath(points, close) {
    const pieces = [];
    let current = [];
    points.forEach(function (q) {
      if (Number.isNaN(q[0]) || Number.isNaN(q[1])) {
        if (current.length) pieces.push(current);
        current = [];
      } else {
        current.push(q[0] + "," + q[1]);
      }
    });
    if (current.length) pieces.push(current);
    return pieces.map((piece) => "M" + piece.join(" L") + (close ? " Z" : "")).join(" ");
  }

  /* The heatmap's pixels as ImageData; the canvas painter draws them, and a download turns
     them into the layout image's source. */
  function heatmapPixels(v, style) {
    const n = v.proba.length, m = v.proba[0].length;
    const rgb = window.tinynetViews.probaPixels(v.proba, style.PROBA_SCALE);
    const img = new ImageData(m, n);
    for (let k = 0, o = 0; k < rgb.length; k += 3, o += 4) {
      img.data[o] = rgb[k];
      img.data[o + 1] = rgb[k + 1];
      img.data[o + 2] = rgb[k + 2];
      img.data[o + 3] = 255;
    }
    return img;
  }

  function heatmapImage(L) {
    return {
      xref: "x", yref: "y", x: -L.INPUT_VIEW, y: L.INPUT_VIEW, sizex: 2 * L.INPUT_VIEW,
      sizey: 2 * L.INPUT_VIEW, sizing: "stretch", layer: "below",
    };
  }

  function pathShape(path, extra) {
    return Object.assign({ type: "path", path: path, xref: "x", yref: "y" }, extra);
  }

  function withTraces(template, patches) {
    return {
      data: template.data.map((tr, i) => (patches[i] ? Object.assign({}, tr, patches[i]) : tr)),
      layout: Object.assign({}, template.layout),
    };
  }

  /* The data's markers change only with the data: the same arrays every step let Plotly skip
     redrawing them. */
  const markerCache = { data: null, xy: null };
  function inputMarkers(data) {
    if (markerCache.data !== data) {
      const Xd = data.drawn.map((i) => data.X[i]);
      const yd = data.drawn.map((i) => data.y[i]);
      markerCache.data = data;
      markerCache.xy = [0, 1].map((k) => xy(Xd.filter((_, i) => yd[i] === k)));
    }
    return markerCache.xy;
  }

  function inputFigure(tpl, v, data, grid, config) {
    const marks = inputMarkers(data);
    const fig = withTraces(tpl, [tpl.data[0].visible === grid ? null : { visible: grid },
                                 marks[0], marks[1]]);
    fig.layout.images = [heatmapImage(config.limits)];
    fig.pixels = heatmapPixels(v, config.style);
    fig.layout.shapes = [pathShape(polylinePath(v.boundary, false), {
      line: { color: config.style.LINE_COLOR, width: 2.5, dash: "dash" },
    })];
    return fig;
  }

  function hiddenFigure(tpl, v, t, p, config) {
    // The line and its sides belong to the space after f: not drawn while morphing (t < 3).
    const after = t >= 3;
    const fig = withTraces(tpl, [
      Object.assign(xy(v.shade_neg), { visible: after }),
      Object.assign(xy(v.shade_pos), { visible: after }),
      xy(v.hidden_v), xy(v.hidden_h),
      xy(v.hidden_0), xy(v.hidden_1),
      Object.assign(xy(v.line), { visible: after }),
    ]);
    const L = fig.layout;
    L.title = Object.assign({}, L.title, { text: stageTitle(t) });
    L.xaxis = Object.assign({}, L.xaxis, { range: v.range.slice(0, 2) });
    L.yaxis = Object.assign({}, L.yaxis, { range: v.range.slice(2, 4) });
    const note = hiddenNote(p, t);
    L.annotations = [Object.assign({}, L.annotations[0], { text: note, visible: note !== "" })];
    return fig;
  }

  function histogramPath(v, counts) {
    const tallest = Math.max(...v.hist1, ...v.hist2, 1e-12);
    const half = v.zlim / v.bins.length;
    const points = [[v.bins[0] - half, 0.0]];
    v.bins.forEach(function (center, k) {
      const height = (0.4 * counts[k]) / tallest;
      points.push([center - half, height], [center + half, height]);
    });
    points.push([v.bins[v.bins.length - 1] + half, 0.0]);
    return polylinePath(points, true);
  }

  /* The curves change only with the activation and the z range: keep their arrays. */
  const curveCache = { key: null, patches: null };
  function activationFigure(tpl, v, spec, act, config) {
    const key = act.name + ":" + act.value + ":" + v.zlim;
    if (curveCache.key !== key) {
      curveCache.key = key;
      curveCache.patches = [{ x: v.curve_z, y: v.curve_f }, { x: v.curve_z, y: v.curve_df }];
    }
    const fig = withTraces(tpl, curveCache.patches);
    const L = fig.layout;
    L.title = Object.assign({}, L.title, { text: "Activation: " + spec.title });
    L.xaxis = Object.assign({}, L.xaxis, {
      range: [-v.zlim, v.zlim],
      title: { text: spec.elementwise ? "z" : "z1 - z2" },
    });
    L.shapes = [["hist1", config.style.GRID_V], ["hist2", config.style.GRID_H]].map((h) => ({
      type: "path", path: histogramPath(v, v[h[0]]), xref: "x", yref: "paper",
      fillcolor: h[1], opacity: 0.35, line: { width: 0 }, layer: "below",
    }));
    return fig;
  }

  function diagramFigure(tpl, p, config) {
    const G = config.diagram;
    const fig = withTraces(tpl, []);
    fig.layout.shapes = Object.keys(G.edges).map(function (name) {
      const a = G.nodes[G.edges[name][0]], b = G.nodes[G.edges[name][1]];
      return { type: "line", x0: a[0], y0: a[1], x1: b[0], y1: b[1], xref: "x", yref: "y",
               line: edgeStyle(p[name], config.style), layer: "below" };
    });
    const notes = Object.keys(G.edges).map(function (name) {
      const a = G.nodes[G.edges[name][0]], b = G.nodes[G.edges[name][1]];
      return { x: a[0] + G.along * (b[0] - a[0]), y: a[1] + G.along * (b[1] - a[1]) + G.offsets[name],
               text: name + " " + p[name].toFixed(2), showarrow: false };
    });
    G.biases.forEach(function (pair) {
      const n = G.nodes[pair[0]];
      notes.push({ x: n[0], y: n[1] - 0.24, text: pair[1] + " " + p[pair[1]].toFixed(2), showarrow: false });
    });
    fig.layout.annotations = notes;
    return fig;
  }

  /* Histograms of p for each true class, and the 0.5 threshold (training_figures.proba_shapes). */
  function probaShapes(v, config) {
    const hists = [v.proba_hist0, v.proba_hist1];
    const tallest = Math.max(...hists[0], ...hists[1]) || 1e-12;
    const shapes = hists.map(function (counts, k) {
      const edges = window.tinynetMath.linspace(0.0, 1.0, counts.length + 1);
      const points = [[0.0, 0.0]];
      counts.forEach(function (c, i) {
        const height = (0.9 * c) / tallest;
        points.push([edges[i], height], [edges[i + 1], height]);
      });
      points.push([1.0, 0.0]);
      return { type: "path", path: polylinePath(points, true), xref: "x", yref: "paper",
               fillcolor: config.style.CLASS_COLORS[k], opacity: 0.45, line: { width: 0 }, layer: "below" };
    });
    shapes.push({ type: "line", xref: "x", yref: "paper", x0: 0.5, x1: 0.5, y0: 0, y1: 1,
                  line: { color: config.style.LINE_COLOR, width: 2, dash: "dash" } });
    return shapes;
  }

  function probaFigure(tpl, v, config) {
    const fig = withTraces(tpl, []);
    fig.layout.shapes = probaShapes(v, config);
    return fig;
  }

  window.tinynetFigures = {
    probaFigure: probaFigure,
    inputFigure: inputFigure,
    hiddenFigure: hiddenFigure,
    activationFigure: activationFigure,
    diagramFigure: diagramFigure,
    stageTitle: stageTitle,
    edgeStyle: edgeStyle,
  };
})();
