/* Clientside callbacks: every slider move is handled here, in the page, without the server.
   Inputs are checked like the server's state schema does: names against the registry, numbers
   finite and clamped; a bad value keeps the last good one and says so. */
(function () {
  "use strict";
  const NAMES = ["w11", "w12", "w21", "w22", "b11", "b12", "w13", "w23", "b13"];
  const DEFAULTS = { w11: 1, w12: 0, w21: 0, w22: 1, b11: 0, b12: 0, w13: 0, w23: 1, b13: 0 };
  const lastGood = Object.assign({}, DEFAULTS, { activation: "tanh", stage: 3 });

  function number(name, value, lo, hi, messages) {
    const v = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      if (value !== null && value !== undefined) {
        messages.push(name + ": " + JSON.stringify(value) + " is not a number; kept " + lastGood[name]);
      }
      return lastGood[name];
    }
    if (v < lo || v > hi) {
      const c = Math.min(Math.max(v, lo), hi);
      messages.push(name + ": " + v + " is outside [" + lo + ", " + hi + "]; used " + c);
      return c;
    }
    lastGood[name] = v;
    return v;
  }

  function fmt(v) {
    return (v < 0 ? "− " : "+ ") + Math.abs(v).toFixed(2);
  }

  function equations(p, title) {
    const f = title.split(" ")[0].toLowerCase();
    return [
      "h1 = " + f + "(" + p.w11.toFixed(2) + "·x1 " + fmt(p.w12) + "·x2 " + fmt(p.b11) + ")",
      "h2 = " + f + "(" + p.w21.toFixed(2) + "·x1 " + fmt(p.w22) + "·x2 " + fmt(p.b12) + ")",
      "p  = sigmoid(" + p.w13.toFixed(2) + "·h1 " + fmt(p.w23) + "·h2 " + fmt(p.b13) + ")",
    ].join("\n");
  }

  function validData(data) {
    return data && Array.isArray(data.X) && Array.isArray(data.y) && Array.isArray(data.drawn) &&
      data.X.length === data.y.length;
  }

  /* Paint a figure with the fast painter (tinynet_canvas.js); until Plotly has drawn the
     graph once, hand the complete figure to Dash instead. */
  function draw(graphId, fig) {
    const pixels = fig.pixels;
    delete fig.pixels;
    if (window.tinynetCanvas.show(graphId, fig, pixels)) return window.dash_clientside.no_update;
    if (pixels) {
      const off = document.createElement("canvas");
      off.width = pixels.width;
      off.height = pixels.height;
      off.getContext("2d").putImageData(pixels, 0, 0);
      fig.layout.images = [Object.assign({}, fig.layout.images[0], { source: off.toDataURL("image/png") })];
    }
    return fig;
  }

  function update_views() {
    const args = Array.prototype.slice.call(arguments);
    const [activation, actParam, stage, options, data, config, templates] = args.slice(9);
    const messages = [];
    const L = config.limits;
    const p = {};
    NAMES.forEach((name, i) => (p[name] = number(name, args[i], -L.WEIGHT_MAX, L.WEIGHT_MAX, messages)));
    let name = activation;
    if (typeof name !== "string" || !(name in config.activations)) {
      messages.push("activation: " + JSON.stringify(name) + " is unknown; kept " + lastGood.activation);
      name = lastGood.activation;
    }
    lastGood.activation = name;
    const spec = config.activations[name];
    let value = 0.0;
    if (spec.param) {
      lastGood.act_param = lastGood.act_param === undefined ? spec.param.default : lastGood.act_param;
      value = number("act_param", actParam, spec.param.low, spec.param.high, messages);
    }
    const act = { name: name, value: value };
    const t = number("stage", stage, 0, L.STAGE_MAX, messages);
    const opts = Array.isArray(options) ? options : [];
    if (!validData(data)) {
      return Array(9).fill(window.dash_clientside.no_update).concat(["The data did not load; reload the page."]);
    }
    const v = window.tinynetViews.computeViews(p, act, t, data, opts.includes("fit"), config);
    const V = window.tinynetViews;
    const F = window.tinynetFigures;
    const det = v.det;
    const flat = Math.abs(det) < 0.05;
    return [
      draw("input-graph", F.inputFigure(templates.input, v, data, opts.includes("grid"), config)),
      draw("hidden-graph", F.hiddenFigure(templates.hidden, v, t, p, config)),
      draw("activation-graph", F.activationFigure(templates.activation, v, spec, act, config)),
      draw("diagram-graph", F.diagramFigure(templates.diagram, p, config)),
      "Accuracy " + (100 * v.accuracy).toFixed(1) + "%   log-loss " + v.logloss.toFixed(3) +
        "   (" + data.y.length + " points)",
      "det W = " + det.toFixed(3) +
        (flat ? "  ⚠ near 0: W squashes the plane onto a line, and the points with it" : ""),
      flat ? "readout warning" : "readout",
      equations(p, spec.title),
      "Saturated (f′ under 5% of its peak): unit 1 " + (100 * v.saturated[0]).toFixed(0) +
        "% of points, unit 2 " + (100 * v.saturated[1]).toFixed(0) + "%",
      messages.join(" "),
    ];
  }

  function activation_changed(activation, config) {
    const spec = config.activations[activation];
    if (!spec) return Array(6).fill(window.dash_clientside.no_update);
    const param = spec.param;
    if (param) lastGood.act_param = param.default;
    return [
      { display: param ? "block" : "none" },
      param ? param.low : 0,
      param ? param.high : 1,
      param ? param.default : 0,
      "$$" + spec.formula + "$$",
      spec.effect + (param ? " Parameter: " + param.label + "." : ""),
    ];
  }

  function reset_weights(n) {
    if (!n) return NAMES.map(() => window.dash_clientside.no_update);
    return NAMES.map((name) => DEFAULTS[name]);
  }

  function toggle_play(n, disabled, stage) {
    if (!n) return [true, "Play", window.dash_clientside.no_update];
    if (disabled) {
      // Start: from the input if the morph is already at its end.
      return [false, "Pause", stage >= 3 ? 0 : stage];
    }
    return [true, "Play", window.dash_clientside.no_update];
  }

  function play_tick(n, stage) {
    const next = Math.min((typeof stage === "number" ? stage : 0) + 0.03, 3);
    if (next >= 3) return [3, true, "Play"];
    return [Math.round(next * 100) / 100, false, "Pause"];
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    tinynet: {
      update_views: update_views,
      activation_changed: activation_changed,
      reset_weights: reset_weights,
      toggle_play: toggle_play,
      play_tick: play_tick,
    },
  });
})();
