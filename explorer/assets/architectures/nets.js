/* The page for any tiny network but 2-2-1: views/app.js's update_views hands over here when
   the `architecture` store names another network. Paints the input view (through the same
   fast painter), one view per hidden layer (architectures/views.js), the diagram, the unit
   maps and the readouts, from the general mirror of the maths (views/mlp.js). */
(function () {
  "use strict";
  const skip = () => window.dash_clientside.no_update;

  function isDefault(hidden) {
    return !Array.isArray(hidden) || (hidden.length === 1 && hidden[0] === 2);
  }

  function short(hidden) {
    return hidden.join(",");
  }

  /* The architecture's entry in the page's config (names, defaults, label), or null. */
  function spec(hidden, config) {
    return (Array.isArray(hidden) && config.architectures[short(hidden)]) || null;
  }

  /* The parameters by name, checked: null when they do not fit the network. */
  function paramsOf(values, hidden, config) {
    const arch = spec(hidden, config);
    const L = config.limits;
    if (!arch || !Array.isArray(values) || values.length !== arch.names.length) return null;
    if (!values.every((v) => typeof v === "number" && Number.isFinite(v) && Math.abs(v) <= L.WEIGHT_LIMIT)) {
      return null;
    }
    const p = {};
    arch.names.forEach((name, k) => (p[name] = values[k]));
    return p;
  }

  function fmt(v) {
    return (v < 0 ? "− " : "+ ") + Math.abs(v).toFixed(2);
  }

  /* Every unit's equation with the numbers: h1_1 = tanh(1.00·x1 + 0.00·x2 + 0.00), ... */
  function equations(net, fname) {
    const lines = [];
    net.forEach(function (layer, l) {
      const output = l === net.length - 1;
      const inputs = l === 0 ? ["x1", "x2"] : layer.W[0].map((_, i) => "h" + l + "_" + (i + 1));
      layer.W.forEach(function (row, u) {
        const sum = row.map((w, i) => (i === 0 ? w.toFixed(2) : fmt(w)) + "·" + inputs[i]).join(" ") +
          " " + fmt(layer.b[u]);
        lines.push(output ? "p    = sigmoid(" + sum + ")"
          : "h" + (l + 1) + "_" + (u + 1) + " = " + fname + "(" + sum + ")");
      });
    });
    return lines.join("\n");
  }

  let unitTrace = null;

  /* The network as a diagram: a column per layer, an edge per weight (colour and dash by
     sign, width by size), the biases under the units. */
  function diagramFigure(tpl, net, p, hidden, config) {
    const widths = [2].concat(hidden, [1]);
    const nodes = widths.map((n, l) => Array.from({ length: n }, (_, u) => [l, n === 1 ? 0.5 : 1 - u / (n - 1)]));
    const label = (l, u) => (l === 0 ? "x" + (u + 1) : l === widths.length - 1 ? "p" : "h" + l + "_" + (u + 1));
    const shapes = [];
    const notes = [];
    net.forEach(function (layer, l) {
      layer.W.forEach(function (row, u) {
        row.forEach(function (w, i) {
          const a = nodes[l][i], b = nodes[l + 1][u];
          shapes.push({ type: "line", x0: a[0], y0: a[1], x1: b[0], y1: b[1], xref: "x", yref: "y",
            line: window.tinynetFigures.edgeStyle(w, config.style), layer: "below" });
        });
        const n = nodes[l + 1][u];
        notes.push({ x: n[0], y: n[1] - 0.2, text: "b " + layer.b[u].toFixed(2), showarrow: false,
          font: { size: 10 } });
      });
    });
    // The units' circles move only with the network: the same trace object while it stays,
    // so Plotly is left alone on a slider step (canvas.js compares traces by reference).
    const key = hidden.join(",");
    if (!unitTrace || unitTrace.key !== key) {
      const flat = [].concat.apply([], nodes);
      const names = [].concat.apply([], nodes.map((col, l) => col.map((_, u) => label(l, u))));
      unitTrace = { key: key, trace: { type: "scatter", mode: "markers+text", x: flat.map((q) => q[0]),
        y: flat.map((q) => q[1]), text: names, textposition: "middle center", hoverinfo: "skip",
        textfont: { size: 10 }, marker: { size: 34, color: "white", line: { color: "#444", width: 1.5 } } } };
    }
    const fig = {
      data: [unitTrace.trace],
      layout: Object.assign({}, tpl.layout, {
        title: Object.assign({}, tpl.layout.title, { text: "Network " + spec(hidden, config).label }),
        xaxis: Object.assign({}, tpl.layout.xaxis, { range: [-0.3, widths.length - 0.7] }),
        yaxis: Object.assign({}, tpl.layout.yaxis, { range: [-0.4, 1.25] }),
        shapes: shapes,
        annotations: notes,
      }),
    };
    return fig;
  }

  /* One div per hidden layer in #layer-views, made when the architecture changes. */
  function layerDivs(hidden) {
    const box = document.getElementById("layer-views");
    if (!box) return [];
    const key = short(hidden);
    if (box.dataset.arch !== key) {
      box.dataset.arch = key;
      box.replaceChildren();
      hidden.forEach(function (units, l) {
        const div = document.createElement("div");
        div.id = "layer-graph-" + (l + 1);
        div.className = "layer-graph units-" + units;
        div.setAttribute("role", "img");
        div.setAttribute("aria-label", "Hidden layer " + (l + 1) + ", " + units +
          (units === 1 ? " unit: its values on a line" : units === 2 ?
            " units: the plane it makes" : " units: a 3-D view you can turn"));
        box.appendChild(div);
      });
    }
    return hidden.map((_, l) => document.getElementById("layer-graph-" + (l + 1)));
  }

  const CONFIG = { displayModeBar: false, responsive: true };

  /* What a 3-D figure is made of apart from its numbers: when only the numbers change (a
     slider step), the traces are updated in place. */
  function shapeOf(fig) {
    return JSON.stringify([fig.data.map((t) => [t.type, t.mode, (t.x || []).length]), fig.layout]);
  }

  /* A slider step in 3-D: Plotly.react runs plotly's whole pipeline (about 20 ms a step in the
     test browser's software WebGL); the new numbers go straight to the scene's objects instead
     (each trace's own update, as the scene's plot does, then one redraw: about 5 ms). Anything
     else (a new layout, a trace more or less) goes through react. plotly.js is vendored at
     4.1.1; a browser test holds the scene to the figure's numbers. */
  function updateInPlace(div, fig) {
    const scene = div._fullLayout && div._fullLayout.scene && div._fullLayout.scene._scene;
    if (!scene || div.dataset.shape !== shapeOf(fig) || !Array.isArray(div._fullData) ||
        div._fullData.length !== fig.data.length) return false;
    const objects = div._fullData.map((full) => scene.traces[full.uid]);
    if (objects.some((o) => !o || typeof o.update !== "function")) return false;
    div._fullData.forEach(function (full, i) {
      ["x", "y", "z"].forEach(function (axis) {
        full[axis] = fig.data[i][axis];
        div.data[i][axis] = fig.data[i][axis];
      });
      objects[i].update(full);
    });
    scene.glplot.redraw();
    return true;
  }

  /* Draw a 3-D figure; the div then hears "tinynet:painted" (benchmarks/bench_ui.py). */
  function draw3d(three, div, fig) {
    const painted = () => div.dispatchEvent(new Event("tinynet:painted"));
    try {
      if (updateInPlace(div, fig)) return painted();
    } catch (err) {
      // an object the scene did not expect: plotly's own way below draws it
    }
    const shape = shapeOf(fig); // before react, which writes into the layout it is given
    Promise.resolve(three.react(div, fig.data, fig.layout, CONFIG)).then(painted);
    div.dataset.shape = shape;
  }

  /* Draw each hidden layer's view; three units wait for the 3-D bundle. */
  function paintLayers(v, act, config) {
    const spec = config.activations[act.name];
    layerDivs(v.hidden).forEach(function (div, l) {
      if (!div) return;
      const fig = window.tinynetNetViews.layerFigure(v, l, spec, act, config);
      if (v.hidden[l] < 3) {
        window.Plotly.react(div, fig.data, fig.layout, CONFIG);
        return;
      }
      div.dataset.wanted = String(Number(div.dataset.wanted || 0) + 1);
      const wanted = div.dataset.wanted;
      if (!div.dataset.drawn) div.textContent = "Loading the 3-D view…";
      window.tinynetThree.load().then(function (three) {
        if (div.dataset.wanted !== wanted || !div.isConnected) return; // a newer picture came
        if (!div.dataset.drawn) div.textContent = "";
        draw3d(three, div, fig);
        div.dataset.drawn = "1";
        window.tinynetNets.drawn3d += 1;
      }, function (why) {
        div.textContent = "The 3-D view could not be drawn: " + why.message + ". Reload the page.";
      });
    });
  }

  /* Unit maps: every hidden unit over the input plane, on the canvases of the weights block. */
  function paintMaps(v, act, config) {
    const L = config.limits;
    const U = window.tinynetUnits;
    const spec = config.activations[act.name];
    const [lo, hi] = U.unitRange(spec, act, L);
    const colour = U.colourer(lo, hi, config.style.UNIT_SCALE);
    const axis = window.tinynetMath.linspace(-L.INPUT_VIEW, L.INPUT_VIEW, L.UNIT_MAP_N);
    const layers = window.tinynetNetViews.sweep(v.net, axis, act, true).units;
    const n = axis.length;
    layers.forEach(function (values, l) {
      v.net[l].W.forEach(function (row, u) {
        const canvas = document.getElementById("map-h" + (l + 1) + "_" + (u + 1));
        if (!canvas) return;
        const rows = axis.map((_, j) => values[u].subarray(j * n, (j + 1) * n));
        // A unit of the first layer is zero on a line of the plane; deeper units bend it.
        const line = l === 0 && act.name !== "softmax" ? [row[0], row[1], v.net[0].b[u]] : null;
        U.paintMap(canvas, rows, colour, line, [lo, hi], L);
      });
    });
  }

  /* The activation tab's legend says what its bars are: each layer's units pooled (2-2-1's
     own words are put back by its page: see views/app.js). */
  let histogramsFor = "2";
  function histogramWords(hidden) {
    const key = hidden.join(",");
    if (histogramsFor === key) return;
    histogramsFor = key;
    const words = isDefault(hidden) ? ["z1 of the data", "z2 of the data"]
      : ["layer 1's z, its " + (hidden[0] > 1 ? hidden[0] + " units pooled" : "unit"),
        hidden.length > 1 ? "layer 2's z, its " + (hidden[1] > 1 ? hidden[1] + " units pooled" : "unit") : ""];
    ["hist1-label", "hist2-label"].forEach(function (id, k) {
      window.dash_clientside.set_props(id, { children: words[k] });
    });
    const item = document.getElementById("hist2-label");
    if (item && item.parentElement) item.parentElement.style.display = words[1] ? "" : "none";
  }

  /* Paint everything for parameters p of network `hidden` at stage t of the morph (0 to 3 a
     hidden layer); the figures Dash should get. */
  function render(p, hidden, act, data, opts, config, templates, t) {
    const v = window.tinynetNetViews.compute(p, hidden, act, data, config, opts.includes("fit"), t);
    const F = window.tinynetFigures;
    const input = F.inputFigure(templates.input, v, data, opts.includes("grid"), config);
    if (window.tinynetFollow) window.tinynetFollow.mark([input], p, act, 3, data, config, hidden);
    if (window.tinynetDescribe) window.tinynetDescribe.picture(p, act, t, v, data, config, hidden);
    paintLayers(v, act, config);
    paintMaps(v, act, config);
    const spec = config.activations[act.name];
    const activation = F.activationFigure(templates.activation, v, spec, act, config);
    if (!spec.elementwise) {
      activation.layout.xaxis.title = { text: "zᵢ − log Σ<sub>j≠i</sub> e<sup>zⱼ</sup> (z1 − z2 for two units)" };
    }
    histogramWords(hidden);
    const figs = [input, diagramFigure(templates.diagram, v.net, p, hidden, config),
      F.probaFigure(templates.proba, v, config), activation];
    const ids = ["input-graph", "diagram-graph", "proba-graph", "activation-graph"];
    return {
      views: v,
      figures: figs.map(function (fig, i) {
        const pixels = fig.pixels;
        delete fig.pixels;
        if (window.tinynetCanvas.show(ids[i], fig, pixels)) return skip();
        return window.tinynetCanvas.withImageSource(fig, pixels);
      }),
    };
  }

  /* dL/dw of every parameter beside its slider (block.js writes them). */
  function slopes(p, hidden, act, data, lossKind, l2) {
    const kind = lossKind === "mse" ? "mse" : "bce";
    const l2n = typeof l2 === "string" ? Number(l2.replace(",", ".")) : l2;
    const penalty = typeof l2n === "number" && Number.isFinite(l2n) && l2n > 0 && l2n <= 1 ? l2n : 0;
    const net = window.tinynetMLP.layers(p, hidden);
    const g = window.tinynetMLP.gradients(net, data.X, data.y, act, kind, penalty);
    return window.tinynetMLP.byName(g, hidden);
  }

  /* update_views' outputs (views/app.js) for another network: input, hidden, activation and
     diagram figures, accuracy, det, det's class, equations, saturation, the message, the
     probability figure, the nine 2-2-1 slopes (not on screen). */
  function update(values, hidden, act, data, opts, lossKind, l2, config, templates, messages, t) {
    const out = Array(20).fill(skip());
    const p = paramsOf(values, hidden, config);
    if (!p) return out; // the store and the architecture are on their way to agreeing
    const drawn = render(p, hidden, act, data, opts, config, templates, t);
    const v = drawn.views;
    window.tinynetNetBlock.showSlopes(slopes(p, hidden, act, data, lossKind, l2));
    out[0] = drawn.figures[0];
    out[2] = drawn.figures[3];
    out[3] = drawn.figures[1];
    out[4] = window.tinynetApp.readout(v, data);
    out[5] = "";
    out[6] = "readout";
    out[7] = equations(v.net, config.activations[act.name].title.split(" ")[0].toLowerCase());
    out[8] = "Saturated (f′ under 5% of its peak): " + v.saturated.map((s) =>
      s.unit + " " + (100 * s.share).toFixed(0) + "%").join(", ") + " of points";
    out[9] = messages.join(" ");
    out[10] = drawn.figures[2];
    window.tinynetNets.painted += 1;
    return out;
  }

  window.tinynetNets = {
    isDefault: isDefault, spec: spec, paramsOf: paramsOf, render: render, update: update,
    equations: equations, histogramWords: histogramWords, painted: 0, drawn3d: 0,
  };
})();
