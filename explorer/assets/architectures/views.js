/* The views of any tiny network but 2-2-1 (whose own fast path is views/): one per hidden
   layer, drawn from the numbers of architectures/numbers.js: a layer of 1 unit is a number
   line with the data and the next layer's thresholds, 2 units a plane with the warped grid and
   the next layer's lines, 3 units a rotatable 3-D view (three.js loads plotly's gl3d bundle for
   it) with the next layer's planes. */
(function () {
  "use strict";
  const V = () => window.tinynetViews;

  /* The followed point's mark in a layer's view: a black diamond around it. */
  function followedTrace(v, l, coords, type) {
    if (!v.followed) return [];
    const trace = { type: type, mode: "markers", hoverinfo: "skip", showlegend: false,
      marker: { symbol: "diamond-open", size: type === "scatter3d" ? 9 : 16,
                color: "#111111", line: { color: "#111111", width: 2.5 } } };
    coords([v.followed[l]]).forEach((values, c) => (trace["xyz"[c]] = values));
    return [trace];
  }

  /* The box layer l is shown in: the activation's range, or the values' own when it is
     unbounded or the view options ask to fit the hidden axes (then the points' only). */
  function layerBox(v, l, spec, act, L) {
    const values = v.fit ? v.points[l] : v.points[l].concat(v.grid[0][l], v.grid[1][l]);
    const b = V().activationBox(spec, act, L);
    const units = v.hidden[l];
    if (v.spans && v.spans[l]) {
      // Morphing: the activation's range where it has one, widened to every stage's points.
      return v.spans[l].map(function (span) {
        let lo = span[0], hi = span[1];
        if (Math.abs(b[0]) < L.UNBOUNDED_VIEW) lo = Math.min(lo, b[0]);
        if (Math.abs(b[1]) < L.UNBOUNDED_VIEW) hi = Math.max(hi, b[1]);
        const pad = 0.05 * Math.max(hi - lo, 0.1);
        return [Math.max(lo - pad, -L.FIT_LIMIT), Math.min(hi + pad, L.FIT_LIMIT)];
      });
    }
    const out = [];
    for (let k = 0; k < units; k++) {
      let lo = b[0], hi = b[1];
      if (v.fit) {
        lo = -Infinity;
        hi = Infinity;
      }
      if (Math.abs(lo) >= L.UNBOUNDED_VIEW || Math.abs(hi) >= L.UNBOUNDED_VIEW) {
        const seen = values.map((h) => h[k]).filter(Number.isFinite);
        const top = seen.length ? Math.max.apply(null, seen) : 1;
        const bottom = seen.length ? Math.min.apply(null, seen) : -1;
        const pad = 0.05 * Math.max(top - bottom, 0.1);
        lo = Math.max(lo, bottom - pad);
        hi = Math.min(hi, top + pad);
      }
      out.push([lo, hi]);
    }
    return out;
  }

  function column(values, k) {
    return values.map((h) => (Number.isFinite(h[k]) ? h[k] : null));
  }

  function unitName(layer, unit) {
    return "h" + layer + "_" + unit;
  }

  /* What the next layer does with this one: one entry per unit of it, {w, b, output}. They
     live in the layer's space after f: none while the layer morphs (as 2-2-1's output line). */
  function nextUnits(v, l) {
    if (v.stages && v.stages[l] < 3) return [];
    const next = v.net[l + 1];
    const output = l + 1 === v.net.length - 1;
    return next.W.map((w, u) => ({ w: w, b: next.b[u], output: output, unit: u + 1 }));
  }

  function markerTraces(v, l, coords, style, extra) {
    return [0, 1].map(function (k) {
      const rows = v.points[l].filter((_, i) => v.labels[i] === k);
      const trace = Object.assign({
        name: "class " + k,
        mode: "markers",
        hoverinfo: "skip",
        marker: {
          color: style.CLASS_COLORS[k],
          size: style.MARKER_SIZE,
          symbol: style.CLASS_SYMBOLS[k],
          line: { color: "#ffffff", width: 0.5 },
        },
        showlegend: false,
      }, extra || {});
      coords(rows, k).forEach((values, c) => (trace["xyz"[c]] = values));
      return trace;
    });
  }

  function baseLayout(title, L) {
    return {
      title: { text: title, font: { size: 13 }, x: 0.02, xanchor: "left" },
      margin: { l: 44, r: 8, t: 28, b: 36 },
      paper_bgcolor: "#ffffff",
      plot_bgcolor: "#ffffff",
      showlegend: false,
      dragmode: false,
      font: { size: 11, color: "#222222" },
      uirevision: L,
    };
  }

  /* A layer of one unit: its values on a line, class 0 below, class 1 above. */
  function lineFigure(v, l, spec, act, config) {
    const L = config.limits, S = config.style;
    const box = layerBox(v, l, spec, act, L)[0];
    const jitter = (i) => ((i * 7919) % 97) / 97 * 0.3 - 0.15;
    const data = markerTraces(v, l, (rows, k) => [rows.map((h) => h[0]),
      rows.map((_, i) => k + jitter(i))], S, { type: "scatter" })
      .concat(followedTrace(v, l, (rows) => [rows.map((h) => h[0]), [0.5]], "scatter"));
    const shapes = [];
    const notes = [];
    nextUnits(v, l).forEach(function (n) {
      if (Math.abs(n.w[0]) < 1e-12) return;
      const at = -n.b / n.w[0];
      if (n.output) {
        // The output says class 1 where w h + b > 0: shade both sides.
        const right = n.w[0] > 0 ? 1 : 0;
        shapes.push({ type: "rect", xref: "x", yref: "paper", x0: box[0], x1: at, y0: 0, y1: 1,
          fillcolor: S.SHADE[1 - right], line: { width: 0 }, layer: "below" });
        shapes.push({ type: "rect", xref: "x", yref: "paper", x0: at, x1: box[1], y0: 0, y1: 1,
          fillcolor: S.SHADE[right], line: { width: 0 }, layer: "below" });
      }
      shapes.push({ type: "line", xref: "x", yref: "paper", x0: at, x1: at, y0: 0, y1: 1,
        line: { color: S.LINE_COLOR, width: n.output ? 2.5 : 1.2, dash: n.output ? "dash" : "dot" } });
      // The next layer's thresholds may lie close together: each unit's name a line lower.
      notes.push({ x: at, y: 1 - 0.07 * (n.unit - 1), xref: "x", yref: "paper", yanchor: "top",
        showarrow: false, bgcolor: "rgba(255,255,255,0.85)",
        text: n.output ? "p = 0.5" : "z" + (l + 2) + "_" + n.unit + " = 0", font: { size: 10 } });
    });
    const layout = Object.assign(baseLayout("Hidden layer " + (l + 1) + ": " + unitName(l + 1, 1) +
      " on a line", "line" + l), {
      xaxis: { range: box, title: { text: unitName(l + 1, 1) }, zeroline: false },
      yaxis: { range: [-0.5, 1.5], tickvals: [0, 1], ticktext: ["class 0", "class 1"],
        zeroline: false, fixedrange: true },
      shapes: shapes,
      annotations: notes,
    });
    return { data: data, layout: layout };
  }

  /* The half of box b ([x0, x1, y0, y1]) where a1 x + a2 y + c >= 0, as a path. */
  function halfPlane(b, a1, a2, c) {
    const out = V().clipHalfPlane(b, a1, a2, c);
    return out.length ? "M" + out.map((q) => q[0] + "," + q[1]).join(" L") + " Z" : "";
  }

  /* A layer of two units: the plane with the warped grid, the data and the next layer's lines. */
  function planeFigure(v, l, spec, act, config) {
    const L = config.limits, S = config.style;
    const box = layerBox(v, l, spec, act, L);
    const flat = [box[0][0], box[0][1], box[1][0], box[1][1]]; // as views.js's boxes
    const grid = [0, 1].map((f) => ({
      type: "scatter", mode: "lines", hoverinfo: "skip", showlegend: false,
      x: column(v.grid[f][l], 0), y: column(v.grid[f][l], 1),
      line: { color: f ? S.GRID_H : S.GRID_V, width: 1 }, connectgaps: false,
    }));
    const xy = (rows) => [rows.map((h) => h[0]), rows.map((h) => h[1])];
    const data = grid.concat(markerTraces(v, l, xy, S, { type: "scatter" }),
      followedTrace(v, l, xy, "scatter"));
    const shapes = [];
    nextUnits(v, l).forEach(function (n) {
      if (n.output) {
        shapes.push({ type: "path", path: halfPlane(flat, -n.w[0], -n.w[1], -n.b), fillcolor: S.SHADE[0],
          line: { width: 0 }, layer: "below" });
        shapes.push({ type: "path", path: halfPlane(flat, n.w[0], n.w[1], n.b), fillcolor: S.SHADE[1],
          line: { width: 0 }, layer: "below" });
      }
      const ends = V().lineAcross(flat, n.w[0], n.w[1], n.b);
      if (ends.length) {
        shapes.push({ type: "line", x0: ends[0][0], y0: ends[0][1], x1: ends[1][0], y1: ends[1][1],
          line: { color: S.LINE_COLOR, width: n.output ? 2.5 : 1.2, dash: n.output ? "dash" : "dot" } });
      }
    });
    const layout = Object.assign(baseLayout("Hidden layer " + (l + 1) + ": (" + unitName(l + 1, 1) +
      ", " + unitName(l + 1, 2) + ")", "plane" + l), {
      xaxis: { range: box[0], title: { text: unitName(l + 1, 1) }, zeroline: false, constrain: "domain" },
      yaxis: { range: box[1], title: { text: unitName(l + 1, 2) }, zeroline: false,
        scaleanchor: "x", constrain: "domain" },
      shapes: shapes.map((s) => Object.assign({ xref: "x", yref: "y" }, s)),
    });
    return { data: data, layout: layout };
  }

  /* The plane w . h + b = 0 over box b as two triangles (a mesh: a third of a surface's cost
     to draw): solved for the coordinate its normal leans on most, at the corners of the other
     two (gl3d clips it to the scene's box). */
  function planeSurface(n, box, colour, opacity, name) {
    const w = n.w;
    const k = [0, 1, 2].reduce((a, c) => (Math.abs(w[c]) > Math.abs(w[a]) ? c : a), 0);
    if (Math.abs(w[k]) < 1e-12) return null;
    const [i, j] = [0, 1, 2].filter((c) => c !== k);
    const solve = (a, bb) => -(w[i] * a + w[j] * bb + n.b) / w[k];
    const A = box[i], B = box[j];
    const grid = { x: null, y: null, z: null };
    const rows = [B[0], B[1]].map((bb) => [A[0], A[1]].map((a) => {
      const q = [0, 0, 0];
      q[i] = a;
      q[j] = bb;
      q[k] = solve(a, bb);
      return q;
    }));
    const corners = rows[0].concat(rows[1]); // (A0, B0), (A1, B0), (A0, B1), (A1, B1)
    ["x", "y", "z"].forEach((axis, c) => (grid[axis] = corners.map((q) => q[c])));
    return Object.assign(grid, {
      type: "mesh3d", name: name, i: [0, 1], j: [1, 3], k: [2, 2], color: colour,
      opacity: opacity, hoverinfo: "skip", flatshading: true,
      lighting: { ambient: 0.9, diffuse: 0.2, specular: 0.05 },
    });
  }

  /* A layer of three units: the lifted data and grid, and the next layer's planes. */
  function spaceFigure(v, l, spec, act, config) {
    const L = config.limits, S = config.style;
    const box = layerBox(v, l, spec, act, L);
    // Both grid families in one trace, coloured per point: one draw instead of two.
    const lines = v.grid[0][l].concat([[NaN, NaN, NaN]], v.grid[1][l]);
    const split = v.grid[0][l].length + 1;
    const grid = [{
      type: "scatter3d", mode: "lines", hoverinfo: "skip", showlegend: false,
      x: column(lines, 0), y: column(lines, 1), z: column(lines, 2),
      line: { color: lines.map((_, i) => (i < split ? S.GRID_V : S.GRID_H)), width: 2 },
      connectgaps: false, opacity: 0.5,
    }];
    const marks = markerTraces(v, l, (rows) => [0, 1, 2].map((c) => rows.map((h) => h[c])), S,
      { type: "scatter3d" });
    marks.forEach(function (t, k) {
      t.marker.symbol = k ? "diamond" : "circle"; // gl3d draws no triangles
      t.marker.size = 3;
      t.marker.line = { width: 0 };
    });
    const planes = nextUnits(v, l).map((n) => planeSurface(n, box,
      n.output ? "#555555" : S.GRID_V, n.output ? 0.45 : 0.2,
      n.output ? "p = 0.5" : "z" + (l + 2) + "_" + n.unit + " = 0")).filter(Boolean);
    const axis = (k) => ({ range: box[k], title: { text: unitName(l + 1, k + 1) }, nticks: 5,
      backgroundcolor: "#fafafa", showbackground: true, gridcolor: "#dddddd", zeroline: false });
    const layout = Object.assign(baseLayout("Hidden layer " + (l + 1) + ": three units, " +
      "drag to turn", "space" + l), {
      margin: { l: 0, r: 0, t: 28, b: 0 },
      scene: { xaxis: axis(0), yaxis: axis(1), zaxis: axis(2), aspectmode: "cube",
        camera: { eye: { x: 1.5, y: -1.6, z: 0.9 } } },
      dragmode: "turntable",
    });
    const xyz = (rows) => [0, 1, 2].map((c) => rows.map((h) => h[c]));
    return { data: grid.concat(marks, planes, followedTrace(v, l, xyz, "scatter3d")), layout: layout };
  }

  /* Where layer l stands in the morph, in words ("" when whole): what its step is doing. */
  function stageWords(v, l) {
    const s = v.stages ? v.stages[l] : 3;
    if (s >= 3) return "";
    const n = l + 1;
    const doing = s === 0 ? "its input " + (l === 0 ? "x" : "h" + l)
      : s <= 1 ? "applying W" + n : s <= 2 ? "adding b" + n : "applying f";
    return "stage " + (3 * l + s).toFixed(2) + ", " + doing;
  }

  /* The figure of hidden layer l. */
  function layerFigure(v, l, spec, act, config) {
    const units = v.hidden[l];
    const fig = units === 1 ? lineFigure(v, l, spec, act, config)
      : units === 2 ? planeFigure(v, l, spec, act, config) : spaceFigure(v, l, spec, act, config);
    const words = stageWords(v, l);
    if (words) fig.layout.title.text = "Layer " + (l + 1) + " at " + words;
    return fig;
  }

  window.tinynetNetViews = Object.assign(window.tinynetNetViews || {}, {
    layerFigure: layerFigure, stageWords: stageWords,
  });
})();
