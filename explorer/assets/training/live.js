/* Training you watch. Train starts a run; the page asks the server for it chunk by chunk
   (explorer/training/chunks.py: each request posts the run's state and gets the next epochs
   back, so any worker can answer), and shows it epoch by epoch at the chosen speed while the
   next chunk is fetched. Pause stops it; Resume goes on from there; +1 epoch / +1 batch extend
   the same run. When it has ended, the same controls replay it at any speed.

   The run lives here (window.tinynetLive) and is mirrored into the `run` store whenever a chunk
   arrives (exports, the landscape and links read it). Frames are painted straight from the
   run's weights, outside Dash; the sliders catch up whenever the run stands still. */
(function () {
  "use strict";
  const NAMES = window.tinynetPage.NAMES;
  const SPEEDS = { slow: 4, normal: 16, fast: "frame", max: "max" };
  // Seconds of showing kept in hand before the next chunk is asked for: enough to ride out
  // a few "busy" answers of a crowded server without the views standing still.
  const LOOKAHEAD_S = 3;
  const LOOKAHEAD_MIN = 8; // epochs, whatever the speed
  const CHART_EVERY_MS = 250; // the growing curves are redrawn this often while a run plays
  const SCRUB_EVERY_MS = 100;

  const live = {
    run: null, // {id, request, records, runs, batches, done, stopped, lossKind, epochs}
    shown: 0,
    playing: false,
    pending: null, // id of the request in flight
    speed: "normal",
    context: null, // what frames are painted with: activation, stage, view options, data, ...
    frames: [], // frame intervals in ms while playing (read by benchmarks/bench_ui.py)
    looping: false,
    carry: 0,
    chartAt: 0,
    scrubAt: 0,
  };
  let nextId = 1;

  function set(id, props) {
    window.dash_clientside.set_props(id, props);
  }

  function skip(n) {
    return Array(n).fill(window.dash_clientside.no_update);
  }

  function paramsOf(values) {
    const p = {};
    NAMES.forEach((name, i) => (p[name] = values[i]));
    return p;
  }

  function fmtEpoch(at) {
    return Number.isInteger(at) ? String(at) : at.toFixed(2);
  }

  function label(k) {
    const run = live.run;
    const r = run.records[k];
    const shownEpochs = run.epochs;
    let text = "epoch " + fmtEpoch(r.at) + " of " + shownEpochs;
    if (r.loss !== null) text += " · loss " + r.loss.toFixed(4);
    text += " · accuracy " + (100 * r.accuracy).toFixed(1) + "%";
    if (!run.done && live.pending && k === run.records.length - 1) text += " · training…";
    return text;
  }

  function setText(id, text) {
    const el = document.getElementById(id);
    if (el && el.textContent !== text) el.textContent = text;
  }

  /* Paint record k: the views and unit maps, the label, the marks on the charts. */
  function paint(k, now) {
    const run = live.run, c = live.context;
    if (!run || !c || !run.records[k]) return;
    live.shown = k;
    const drawn = window.tinynetApp.render(paramsOf(run.records[k].params), c.act, c.t, c.data,
      c.opts, c.config, c.templates);
    setText("epoch-label", label(k));
    setText("accuracy", window.tinynetApp.readout(drawn.views, c.data));
    const stamp = now || performance.now();
    if (stamp - live.chartAt > CHART_EVERY_MS || !live.playing) {
      live.chartAt = stamp;
      // The first time through, the curves grow with the views (the server may be far ahead
      // of them); once the run has been shown to its end, a replay shows them whole.
      const upToHere = run.watched ? run : Object.assign({}, run, { records: run.records.slice(0, k + 1) });
      window.tinynetRunCharts.draw(upToHere, c.templates, false);
    }
    window.tinynetCanvas.markEpoch(["history-graph", "weights-graph"], run.records[k].at);
    if (stamp - live.scrubAt > SCRUB_EVERY_MS || !live.playing) {
      live.scrubAt = stamp;
      live.scrubSet = k; // scrub() ignores the echo of this, which may arrive frames later
      set("epoch", { value: k, max: Math.max(run.records.length - 1, planned(run), 1), disabled: false });
    }
  }

  /* How many records the run will have when it ends (so the scrubber fills as it trains). */
  function planned(run) {
    if (run.done) return run.records.length - 1;
    const first = run.records.length ? run.records[0].at : 0;
    return Math.max(run.records.length - 1, Math.round(run.epochs - first));
  }

  /* While a run plays, the weights block shows it is following the run (its sliders catch up
     when the run stands still). */
  function following(on) {
    const block = document.getElementById("part-weights");
    if (block) block.classList.toggle("following", on);
  }

  function button() {
    const run = live.run;
    if (!run) return set("pause", { children: "Pause", disabled: true });
    const atEnd = live.shown >= run.records.length - 1;
    const text = live.playing ? "Pause" : run.done && atEnd ? "Replay" : "Resume";
    set("pause", { children: text, disabled: false });
  }

  /* The run stands still: the sliders and readouts take the weights shown. */
  function standStill(message) {
    live.playing = false;
    following(false);
    const run = live.run;
    if (run && run.records[live.shown]) {
      if (run.done && live.shown >= run.records.length - 1) run.watched = true;
      set("weights-in", { data: { values: run.records[live.shown].params.slice(), why: "run" } });
      paint(live.shown);
      window.tinynetRunCharts.draw(run, live.context.templates, true);
    }
    button();
    if (message !== undefined) set("train-message", { children: message, title: message });
  }

  function summary(run) {
    const last = run.records[run.records.length - 1];
    if (run.stopped) return run.stopped;
    return "Trained " + fmtEpoch(last.at) + " epochs (seed " + run.seed + "): accuracy " +
      (100 * last.accuracy).toFixed(1) + "%, loss " + (last.loss === null ? "–" : last.loss.toFixed(4)) + ".";
  }

  function lookahead() {
    const sp = SPEEDS[live.speed];
    const perSecond = typeof sp === "number" ? sp : 60;
    return Math.max(LOOKAHEAD_MIN, Math.ceil(perSecond * LOOKAHEAD_S));
  }

  /* Ask for the next chunk when what is in hand runs low. */
  function maybeAsk() {
    const run = live.run;
    if (!run || run.done || live.pending !== null || !run.runs) return;
    if (run.records.length - 1 - live.shown > lookahead()) return;
    // Twice the lookahead: each chunk lasts a while, and no run takes more than it needs.
    ask(Object.assign({}, run.request, { id: run.id, goal: "run", runs: run.runs, ahead: 2 * lookahead() }));
  }

  function ask(request) {
    live.pending = request.id;
    live.asked = request;
    set("chunk-request", { data: request });
  }

  function frame(now) {
    if (!live.playing || !live.run) {
      live.looping = false;
      return;
    }
    const run = live.run;
    const last = run.records.length - 1;
    if (live.previous !== undefined) live.frames.push(now - live.previous);
    live.previous = now;
    const sp = SPEEDS[live.speed];
    let next = live.shown;
    if (sp === "max") next = last;
    else if (sp === "frame") next = live.shown + 1;
    else {
      live.carry += (sp * (live.frameDt(now))) / 1000;
      const whole = Math.floor(live.carry);
      live.carry -= whole;
      next = live.shown + whole;
    }
    next = Math.min(next, last);
    if (next !== live.shown) paint(next, now);
    else setText("epoch-label", label(live.shown));
    maybeAsk();
    if (live.shown >= last && run.done) {
      live.looping = false;
      standStill(summary(run));
      return;
    }
    window.requestAnimationFrame(frame);
  }

  live.frameDt = function (now) {
    const dt = live.lastTick === undefined ? 0 : Math.min(now - live.lastTick, 250);
    live.lastTick = now;
    return dt;
  };

  function play() {
    live.playing = true;
    following(true);
    live.carry = 0;
    live.lastTick = undefined;
    live.previous = undefined;
    button();
    if (!live.looping) {
      live.looping = true;
      window.requestAnimationFrame(frame);
    }
  }

  function contextFrom(activation, actParam, stage, options, data, config, templates) {
    const messages = [];
    const act = window.tinynetApp.activationOf(activation, actParam, config, messages);
    const t = Math.min(Math.max(Number(stage) || 0, 0), config.limits.STAGE_MAX);
    return { act: act, t: t, opts: Array.isArray(options) ? options : [], data: data,
             config: config, templates: templates };
  }

  /* A new run, with `goal` "run" (Train) or one epoch / batch (a Step with no run to extend). */
  function start(goal, values, overrides) {
    const [options, weights, activation, actParam, data, stage, viewOptions, config, templates] =
      values;
    if (!window.tinynetApp.validData(data)) return false;
    const opts = Object.assign(window.tinynetChunks.optionsFrom(options), overrides || {});
    const request = {
      options: opts,
      activation: activation,
      act_param: actParam,
      data: window.tinynetChunks.dataRef(data),
      start: weights,
      count: 1,
    };
    const id = "run-" + nextId++;
    live.run = {
      id: id, request: request, records: [], runs: null, done: false, stopped: "",
      seed: opts.seed, lossKind: opts.loss, epochs: Number(opts.epochs) || 0, batches: 1,
    };
    live.shown = 0;
    live.frames = [];
    live.context = contextFrom(activation, actParam, stage, viewOptions, data, config, templates);
    live.playing = goal === "run";
    const first = { id: id, goal: goal };
    if (goal === "run") first.ahead = lookahead(); // the first frame soon, even in a crowd
    ask(Object.assign({}, request, first));
    return true;
  }

  function stateValues(args) {
    // options (10), weights, activation, act-param, data, stage, view options, config, templates
    return [args.slice(0, 10)].concat(args.slice(10));
  }

  function train_click(n) {
    if (!n) return skip(2);
    const values = stateValues(Array.prototype.slice.call(arguments, 1));
    if (!start("run", values)) return [window.dash_clientside.no_update, "The data did not load; reload the page."];
    button();
    window.tinynetTabs.reveal("training");
    return [window.dash_clientside.no_update, "Training…"];
  }

  /* A run's weights, the same numbers as the page's? (Then a Step extends that run.) */
  function sameWeights(a, b) {
    return Array.isArray(a) && Array.isArray(b) && a.length === 9 && a.every((v, i) => v === b[i]);
  }

  function step_click(nEpoch, nBatch) {
    const ctx = window.dash_clientside.callback_context;
    const goal = ctx.triggered.length && ctx.triggered[0].prop_id.startsWith("step-batch") ? "batch" : "epoch";
    if (!nEpoch && !nBatch) return skip(2);
    const values = stateValues(Array.prototype.slice.call(arguments, 2));
    const run = live.run;
    const weights = values[1];
    const latest = run && run.records.length ? run.records[run.records.length - 1] : null;
    if (run && run.runs && !run.stopped && live.pending === null && latest &&
        sameWeights(latest.params, weights)) {
      live.playing = false;
      live.shown = run.records.length - 1;
      live.stepping = true;
      ask(Object.assign({}, run.request, { id: run.id, goal: goal, runs: run.runs }));
      return [window.dash_clientside.no_update, "One more " + goal + "…"];
    }
    live.stepping = true;
    if (!start(goal, values, { start: "sliders" })) return skip(2);
    return [window.dash_clientside.no_update, "A new run from the weights shown: one " + goal + "…"];
  }

  /* A chunk came back: keep its records and the state to go on from. */
  function take_chunk(answer) {
    const run = live.run;
    if (!answer || !run || answer.id !== run.id) return window.dash_clientside.no_update;
    if (answer.busy) { // the server is training for others
      const wanted = () => live.run === run && live.pending === run.id;
      window.tinynetChunks.askAgain(live.asked, answer.busy, wanted, ask);
      return window.dash_clientside.no_update;
    }
    live.pending = null;
    if (answer.error) {
      live.stepping = false;
      standStill(answer.error);
      return window.dash_clientside.no_update;
    }
    const fresh = run.records.length === 0;
    run.records = run.records.concat(answer.records[0]);
    run.runs = answer.runs;
    run.batches = answer.batches;
    run.stopped = answer.runs[0].stopped || "";
    run.done = answer.done || Boolean(run.stopped);
    if (run.records.length && run.records[run.records.length - 1].at > run.epochs) {
      run.epochs = Math.ceil(run.records[run.records.length - 1].at);
    }
    if (answer.messages && answer.messages.length) {
      set("train-details", { children: "Some options were adjusted: " + answer.messages.join("; ") });
    }
    if (fresh) paint(0);
    if (live.stepping) {
      live.stepping = false;
      live.shown = run.records.length - 1;
      standStill(run.stopped || "Now at " + label(live.shown) + ".");
    } else if (live.playing && !live.looping) {
      play();
    } else if (!live.playing) {
      button();
    }
    return [mirror(run)];
  }

  /* The run for the `run` store: what exports, the landscape and lesson checks read. */
  function mirror(run) {
    return {
      id: run.id,
      seed: run.seed,
      loss_kind: run.lossKind,
      records: run.records,
      done: run.done,
      message: run.stopped,
    };
  }

  function pause_click(n) {
    if (!n || !live.run) return window.dash_clientside.no_update;
    const run = live.run;
    if (live.playing) {
      standStill("Paused at " + label(live.shown) + ". Resume goes on from here.");
    } else {
      if (run.done && live.shown >= run.records.length - 1) live.shown = 0; // Replay
      set("train-message", { children: run.done ? "Replaying the run." : "Training…" });
      play();
    }
    return window.dash_clientside.no_update;
  }

  /* A weight moved by hand while a run plays: the run pauses where it is. */
  function interrupt() {
    if (!live.playing) return;
    live.playing = false;
    following(false);
    button();
    set("train-message", { children: "Paused: you changed a weight. Resume goes on with the run." });
  }

  function scrub(value) {
    const run = live.run;
    const k = Math.round(Number(value));
    if (!run || !Number.isFinite(k) || k === live.shown || k === live.scrubSet || k < 0 ||
        k >= run.records.length) {
      return window.dash_clientside.no_update;
    }
    live.playing = false;
    live.shown = k;
    standStill();
    return window.dash_clientside.no_update;
  }

  function set_speed(value) {
    if (value in SPEEDS) live.speed = value;
    return window.dash_clientside.no_update;
  }

  window.tinynetLive = live;
  live.interrupt = interrupt;
  live.start = start;
  live.stateValues = stateValues;
  window.tinynetPage.register({
    train_click: train_click,
    step_click: step_click,
    take_chunk: take_chunk,
    pause_click: pause_click,
    scrub: scrub,
    set_speed: set_speed,
  });
})();
