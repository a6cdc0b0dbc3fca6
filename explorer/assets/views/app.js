/* Clientside callbacks: every slider move is handled here, in the page, without the server.
   Inputs are checked like the server's state schema does: names against the registry, numbers
   finite and clamped; a bad value keeps the last good one and says so. */
(function () {
  "use strict";
  const NAMES = window.tinynetPage.NAMES;
  const DEFAULTS = { w11: 1, w12: 0, w21: 0, w22: 1, b11: 0, b12: 0, w13: 0, w23: 1, b13: 0 };
  const OUTPUT = ["w13", "w23", "b13"];
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

  /* What the data is, whatever object holds it (a lesson's preset sends the same set again):
     its recipe, size, added points and a sum over every point, computed once per object. */
  const dataKeys = new WeakMap();
  function dataKey(data) {
    if (!data || typeof data !== "object") return "";
    if (!dataKeys.has(data)) {
      let sum = 0;
      (data.X || []).forEach((x, i) => (sum += (i % 7 + 1) * x[0] + (i % 5 + 1) * x[1] + data.y[i]));
      dataKeys.set(data, JSON.stringify([data.made_by || null, data.name, data.note || null,
        (data.y || []).length, data.added || 0, sum]));
    }
    return dataKeys.get(data);
  }

  function validData(data) {
    return data && Array.isArray(data.X) && Array.isArray(data.y) && Array.isArray(data.drawn) &&
      data.X.length === data.y.length;
  }

  /* Paint a figure with the fast painter (canvas.js); until Plotly has drawn the
     graph once, hand the complete figure to Dash instead. */
  function draw(graphId, fig) {
    const pixels = fig.pixels;
    delete fig.pixels;
    if (window.tinynetCanvas.show(graphId, fig, pixels)) return window.dash_clientside.no_update;
    return window.tinynetCanvas.withImageSource(fig, pixels);
  }

  let lastKey = null;
  let lastData = null;
  let dataVersion = 0;
  let lastArgs = null; // update_views' inputs, for a slider's preview
  let previewed = null; // what the last preview painted: its key and views

  /* Paint the views and unit maps for the weights `values` now, with everything else as the
     views last showed it (a slider moving, assets/page/sliders.js); update_views then finds
     them painted and only writes the readouts. False when there is nothing to go on yet. */
  function preview(values) {
    if (!lastArgs || lastArgs[5] !== lastData) return false;
    const [, activation, actParam, stage, options, data, lossKind, l2, config, templates, arch] =
      lastArgs;
    const messages = [];
    if (!window.tinynetNets.isDefault(arch)) {
      // Another network: its views painted now; update_views then finds them painted.
      const act = activationOf(activation, actParam, config, messages);
      const p = window.tinynetNets.paramsOf(values, arch, config);
      if (!p || messages.length) return false;
      const opts = Array.isArray(options) ? options : [];
      const t = stageOf(stage, arch, config, messages);
      if (messages.length) return false;
      window.tinynetNets.render(p, arch, act, data, opts, config, templates, t);
      window.tinynetApp.shown = values.slice();
      previewed = { key: netKey(values, arch, act, opts, lossKind, l2, t) };
      return true;
    }
    const v = viewInputs(values, activation, actParam, stage, options, lossKind, l2, config, messages);
    if (messages.length) return false;
    const drawn = render(v.p, v.act, v.t, data, v.opts, config, templates);
    window.tinynetApp.shown = NAMES.map((name) => v.p[name]);
    // A graph Plotly had not drawn yet got its figure back instead: update_views draws it.
    const painted = drawn.figures.every((fig) => fig === window.dash_clientside.no_update);
    previewed = painted ? { key: v.key, drawn: drawn } : null;
    return painted;
  }

  /* The stage, checked against the longest morph of any network (a message past it) and then
     held to this network's end without one: the slider's end follows a new network a moment
     after the views hear of it. */
  function stageOf(stage, arch, config, messages) {
    const ends = Object.values(config.architectures).map((a) => a.stage_end);
    const t = number("stage", stage, 0, Math.max.apply(null, ends), messages);
    const own = config.architectures[arch.join(",")];
    return Math.min(t, own ? own.stage_end : config.limits.STAGE_MAX);
  }

  /* What the views are drawn from, checked, with a key that changes whenever any of it does. */
  function viewInputs(weights, activation, actParam, stage, options, lossKind, l2, config, messages) {
    const p = weightsOf(weights, config.limits, messages);
    const act = activationOf(activation, actParam, config, messages);
    const t = stageOf(stage, [2], config, messages);
    const opts = Array.isArray(options) ? options : [];
    const key = JSON.stringify([p, act, t, opts, lossKind, l2, dataVersion]);
    return { p: p, act: act, t: t, opts: opts, key: key };
  }

  /* The nine weights the page holds (the `weights` store: true values, never clamped to the
     sliders' range), checked like the server's schema does. */
  function weightsOf(values, L, messages) {
    const p = {};
    const ok = Array.isArray(values) && values.length === 9;
    if (!ok && values !== undefined && values !== null) {
      messages.push("the weights could not be read; kept the last good ones");
    }
    NAMES.forEach(function (name, i) {
      p[name] = number(name, ok ? values[i] : undefined, -L.WEIGHT_LIMIT, L.WEIGHT_LIMIT, messages);
    });
    return p;
  }

  /* The activation by name, checked against the registry, with its parameter. */
  function activationOf(activation, actParam, config, messages) {
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
    return { name: name, value: value };
  }

  /* What another network's views are drawn from, as one key. */
  function netKey(values, arch, act, opts, lossKind, l2, t) {
    return JSON.stringify([values, arch, act, opts, lossKind, l2, t, dataVersion]);
  }

  function update_views(weights, activation, actParam, stage, options, data, lossKind, l2,
                        config, templates, arch) {
    const skip = window.dash_clientside.no_update;
    lastArgs = Array.prototype.slice.call(arguments);
    if (!validData(data)) {
      return Array(9).fill(skip).concat(["The data did not load; reload the page."], Array(10).fill(skip));
    }
    if (data !== lastData) {
      lastData = data;
      dataVersion += 1;
    }
    const messages = [];
    window.tinynetApp.arch = window.tinynetNets.isDefault(arch) ? [2] : arch.slice();
    if (!window.tinynetNets.isDefault(arch)) {
      lastKey = null; // back on 2-2-1, its views are painted again
      if (window.tinynetNetBlock.ahead(weights)) return Array(20).fill(skip);
      window.tinynetNetBlock.config = config;
      const act = activationOf(activation, actParam, config, messages);
      const opts = Array.isArray(options) ? options : [];
      const t = stageOf(stage, arch, config, messages);
      const run = window.tinynetLive;
      if (run && run.run && run.retune(act, data, t, opts) && run.owns()) return Array(20).fill(skip);
      window.tinynetNetBlock.set(arch, weights, config);
      const key = netKey(weights, arch, act, opts, lossKind, l2, t);
      window.tinynetApp.shown = Array.isArray(weights) ? weights.slice() : null;
      if (previewed && previewed.key === key) {
        previewed = null;
        return Array(20).fill(skip);
      }
      previewed = null;
      return window.tinynetNets.update(weights, arch, act, data, opts, lossKind, l2, config,
        templates, messages, t);
    }
    window.tinynetNets.histogramWords([2]);
    const { p, act, t, opts, key } =
      viewInputs(weights, activation, actParam, stage, options, lossKind, l2, config, messages);
    // A run on the page: new activation or data closes it; while it plays it paints the
    // views (with the new stage or view options from its next frame on).
    const run = window.tinynetLive;
    if (run && run.run && run.retune(act, data, t, opts) && run.owns()) return Array(20).fill(skip);
    // A slider has moved on since these weights: the views show the move already (preview),
    // and the store will hear of it in a moment; painting these would step back a frame.
    if (window.tinynetSliders && window.tinynetSliders.ahead(weights)) return Array(20).fill(skip);
    window.tinynetApp.shown = NAMES.map((name) => p[name]); // the weights the views show
    if (key === lastKey && messages.length === 0) return Array(20).fill(skip);
    lastKey = key;
    // Painted already by a slider's preview: only the readouts are left to do.
    const drawn = previewed && previewed.key === key ?
      previewed.drawn : render(p, act, t, data, opts, config, templates);
    previewed = null;
    const texts = readoutTexts(p, act, drawn.views, data, lossKind, l2, config, true);
    return [
      drawn.figures[0], drawn.figures[1], drawn.figures[2], drawn.figures[3],
      texts.accuracy, texts.det, texts.detClass, texts.equations, texts.saturation,
      messages.concat(texts.detNote ? [texts.detNote] : []).join(" "),
      drawn.figures[4],
    ].concat(texts.grads);
  }

  /* The readouts of the weights p (views: computeViews' numbers for them): accuracy, det W,
     the equations, saturation and, when `slopes`, dL/dw beside each slider (a pass over the
     data: a run that plays asks for them a few times a second). */
  function readoutTexts(p, act, v, data, lossKind, l2, config, slopes) {
    const flat = Math.abs(v.det) < 0.05;
    const spec = config.activations[act.name];
    return {
      accuracy: readout(v, data),
      det: "det W = " + v.det.toFixed(3) + (flat ? " ⚠" : ""),
      detNote: flat ? "det W is near 0: W squashes the plane onto a line." : "",
      detClass: flat ? "readout warning" : "readout",
      equations: equations(p, spec.title),
      saturation: "Saturated (f′ under 5% of its peak): unit 1 " + (100 * v.saturated[0]).toFixed(0) +
        "% of points, unit 2 " + (100 * v.saturated[1]).toFixed(0) + "%",
      grads: slopes ? gradientTexts(p, act, data, lossKind, l2) : null,
    };
  }

  function readout(v, data) {
    return "Accuracy " + (100 * v.accuracy).toFixed(1) + "% · log-loss " + v.logloss.toFixed(3) +
      " · " + data.y.length + " points";
  }

  const GRAPHS = ["input-graph", "hidden-graph", "activation-graph", "diagram-graph", "proba-graph"];

  /* Compute every view for the weights p and paint the five live graphs and the two unit
     maps; a graph Plotly has not drawn yet gets its figure back for Dash. */
  function render(p, act, t, data, opts, config, templates) {
    const v = window.tinynetViews.computeViews(p, act, t, data, opts.includes("fit"), config);
    window.tinynetUnits.paint(p, act, config.activations[act.name], config);
    const F = window.tinynetFigures;
    const spec = config.activations[act.name];
    const figs = [
      F.inputFigure(templates.input, v, data, opts.includes("grid"), config),
      F.hiddenFigure(templates.hidden, v, t, p, config),
      F.activationFigure(templates.activation, v, spec, act, config),
      F.diagramFigure(templates.diagram, p, config),
      F.probaFigure(templates.proba, v, config),
    ];
    if (window.tinynetFollow) window.tinynetFollow.mark(figs, p, act, t, data, config);
    if (window.tinynetDescribe) window.tinynetDescribe.picture(p, act, t, v, data, config);
    return { views: v, figures: figs.map((fig, i) => draw(GRAPHS[i], fig)) };
  }

  /* dL/dw beside each slider, and which way to move it for the loss to fall. */
  function gradientTexts(p, act, data, lossKind, l2) {
    const kind = lossKind === "mse" ? "mse" : "bce";
    const l2n = typeof l2 === "string" ? Number(l2.replace(",", ".")) : l2;
    const penalty = typeof l2n === "number" && Number.isFinite(l2n) && l2n > 0 && l2n <= 1 ? l2n : 0;
    const g = window.tinynetMath.gradients(p, data.X, data.y, act, kind, penalty);
    return NAMES.map(function (name) {
      const v = g[name];
      const way = Math.abs(v) < 5e-4 ? "·" : v > 0 ? "◂" : "▸";
      return "∂L " + (v >= 0 ? "+" : "−") + Math.abs(v).toFixed(3) + " " + way;
    });
  }

  function activation_changed(activation, config, pending) {
    const spec = config.activations[activation];
    if (!spec) return Array(7).fill(window.dash_clientside.no_update);
    const param = spec.param;
    let value = param ? param.default : 0;
    const fromLink = typeof pending === "number" && param && pending >= param.low && pending <= param.high;
    if (fromLink) value = pending;
    if (param) lastGood.act_param = value;
    window.tinynetRichText.put("formula", spec.formula_html);
    return [
      { display: param ? "block" : "none" },
      param ? param.low : 0,
      param ? param.high : 1,
      value,
      "formula",
      spec.effect + (param ? " Parameter: " + param.label + "." : ""),
      null,
    ];
  }

  /* Reset: the classroom widget's start, for the weights on screen (a teacher's link that hides
     the hidden layer's sliders keeps those weights as they are). */
  function reset_weights(n, current, arch, config) {
    if (!n) return [window.dash_clientside.no_update];
    const hidden = (document.body.getAttribute("data-hide") || "").split(" ");
    if (!window.tinynetNets.isDefault(arch)) {
      // Another network: its own Reset weights (config), the network staying as it is.
      const spec = window.tinynetNets.spec(arch, config);
      if (!spec) return [window.dash_clientside.no_update];
      const outputs = arch[arch.length - 1] + 1; // the output unit's weights and bias, last
      const isOutput = (k) => k >= spec.names.length - outputs;
      const kept = (k) => Array.isArray(current) && current.length === spec.names.length &&
        hidden.includes(isOutput(k) ? "output_weights" : "hidden_weights");
      return [{ values: spec.defaults.map((v, k) => (kept(k) ? current[k] : v)), why: "reset",
                hidden: arch.slice() }];
    }
    const keep = (name) => Array.isArray(current) && current.length === 9 &&
      hidden.includes(OUTPUT.includes(name) ? "output_weights" : "hidden_weights");
    return [{ values: NAMES.map((name, k) => (keep(name) ? current[k] : DEFAULTS[name])),
              why: "reset" }];
  }

  /* Where the morph ends: three stages a hidden layer. */
  function morphEnd(arch) {
    return 3 * (Array.isArray(arch) && arch.length ? arch.length : 1);
  }

  function toggle_play(n, disabled, stage, arch) {
    if (!n) return [true, "▶ Morph", window.dash_clientside.no_update];
    if (disabled) {
      // Start: from the input if the morph is already at its end.
      return [false, "⏸ Morph", stage >= morphEnd(arch) ? 0 : stage];
    }
    return [true, "▶ Morph", window.dash_clientside.no_update];
  }

  /* A tick of the morph's clock (every 40 ms): a smooth slide, about 1.3 s a stage. Asked for less
     motion (prefers-reduced-motion), it steps from stage to stage once a second instead. */
  function play_tick(n, stage, arch) {
    const end = morphEnd(arch);
    const now = typeof stage === "number" ? stage : 0;
    const calm = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    if (calm && n % 25 !== 0) return [window.dash_clientside.no_update, false, "⏸ Morph"];
    const next = Math.min(calm ? Math.floor(now + 1e-9) + 1 : now + 0.03, end);
    if (next >= end) return [end, true, "▶ Morph"];
    return [Math.round(next * 100) / 100, false, "⏸ Morph"];
  }

  // Shared with the other parts' scripts (training/live.js paints frames with render).
  window.tinynetApp = {
    NAMES: NAMES, validData: validData, render: render, activationOf: activationOf,
    readout: readout, readoutTexts: readoutTexts, preview: preview, dataKey: dataKey,
  };
  window.tinynetPage.register({
    update_views: update_views,
    activation_changed: activation_changed,
    reset_weights: reset_weights,
    toggle_play: toggle_play,
    play_tick: play_tick,
  });
})();
