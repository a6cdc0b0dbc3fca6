/* Training you watch. Train starts a run; the page asks the server for it chunk by chunk
   (explorer/training/chunks.py: each request posts the run's state and gets the next epochs
   back, so any worker can answer) and shows it epoch by epoch (training/pace.js says how fast,
   training/show.js paints) while the next chunk is fetched. Pause stops it; Resume goes on from
   there; +1 epoch / +1 batch extend the same run from the epoch on screen. When it has ended,
   the same controls replay it at any speed.

   A run keeps the state to go on from at every chunk's end, so a step from an epoch shown
   earlier than the last one fetched trains again from there (training/checkpoints.js).

   The run lives here (window.tinynetLive) and is mirrored into the `run` store whenever a chunk
   arrives (exports, the landscape and links read it). Anything that changes the situation
   stops it first (training/stops.js). */
(function () {
  "use strict";
  // Seconds of showing kept in hand before the next chunk is asked for: enough to ride out
  // a few "busy" answers of a crowded server without the views standing still.
  const LOOKAHEAD_S = 3;
  const LOOKAHEAD_MIN = 8; // epochs, whatever the speed

  const live = {
    run: null, // {id, request, records, runs, checkpoints, done, stopped, seed, epochs, planned, ...}
    shown: 0,
    playing: false,
    pending: null, // id of the request in flight
    task: null, // a step on its way: {kind: "step", goal, from} or {kind: "catchup", goal, to}
    speed: "normal",
    context: null, // what frames are painted with: activation, stage, view options, data, ...
    frames: [], // frame intervals in ms while playing (read by benchmarks/bench_ui.py)
    looping: false,
    carry: 0,
    chartAt: 0,
    scrubAt: 0,
    readoutsAt: -Infinity,
  };
  let nextRun = 1;
  let nextAsk = 1;
  const show = () => window.tinynetShow;
  const marks = () => window.tinynetCheckpoints;

  function set(id, props) {
    window.dash_clientside.set_props(id, props);
  }

  function skip(n) {
    return Array(n).fill(window.dash_clientside.no_update);
  }

  function lookahead() {
    return Math.max(LOOKAHEAD_MIN, Math.ceil(window.tinynetPace.perSecond(live.speed) * LOOKAHEAD_S));
  }

  function ask(request) {
    request.id = live.run.id + "." + nextAsk++;
    live.pending = request.id;
    live.asked = request;
    set("chunk-request", { data: request });
  }

  /* Ask for the next chunk when what is in hand runs low. */
  function maybeAsk() {
    const run = live.run;
    if (!run || run.done || live.pending !== null || live.task || !run.runs) return;
    if (run.records.length - 1 - live.shown > lookahead()) return;
    // Twice the lookahead: each chunk lasts a while, and no run takes more than it needs.
    ask(Object.assign({}, run.request, { goal: "run", runs: run.runs, ahead: 2 * lookahead() }));
  }

  function summary(run) {
    const last = run.records[run.records.length - 1];
    if (run.stopped) return run.stopped;
    return "Trained " + show().fmtEpoch(last.at) + " epochs (seed " + run.seed + "): accuracy " +
      (100 * last.accuracy).toFixed(1) + "%, loss " + (last.loss === null ? "–" : last.loss.toFixed(4)) + ".";
  }

  /* The run stands still: the weights store, sliders, boxes and readouts take the weights
     shown (the store at once, so a click that follows reads them). */
  function standStill(message) {
    live.playing = false;
    show().following(false);
    const run = live.run;
    if (run && run.records[live.shown]) {
      if (run.done && live.shown >= run.records.length - 1) {
        if (!run.reported && window.tinynetClass) { // a joined class hears of each run's end
          run.reported = true;
          const last = run.records[run.records.length - 1];
          window.tinynetClass.runEnded(last.at, last.accuracy, last.loss);
        }
        if (window.tinynetRunLog) window.tinynetRunLog.ended(run, live.context);
        run.watched = true;
      }
      const values = run.records[live.shown].params.slice();
      set("weights", { data: values });
      set("weights-in", { data: { values: values, why: "run", hidden: live.context.hidden } });
      show().paint(live, live.shown);
      show().charts(live);
    }
    show().button(live);
    if (message !== undefined) set("train-message", { children: message, title: message });
  }

  function frame(now) {
    if (!live.playing || !live.run) {
      live.looping = false;
      return;
    }
    const run = live.run;
    const dt = live.lastTick === undefined ? 0 : Math.min(now - live.lastTick, 250);
    live.lastTick = now;
    if (live.previous !== undefined) live.frames.push(now - live.previous);
    live.previous = now;
    const last = run.records.length - 1;
    const next = run.records.length ? window.tinynetPace.next(live, dt) : live.shown;
    if (next !== live.shown) show().paint(live, next, now);
    else if (run.records.length) show().relabel(live);
    maybeAsk();
    if (run.records.length && live.shown >= last && run.done) {
      live.looping = false;
      standStill(summary(run));
      return;
    }
    window.requestAnimationFrame(frame);
  }

  function play() {
    live.playing = true;
    show().following(true);
    live.carry = 0;
    live.lastTick = undefined;
    live.previous = undefined;
    show().button(live);
    if (!live.looping) {
      live.looping = true;
      window.requestAnimationFrame(frame);
    }
  }

  function contextFrom(activation, actParam, stage, options, data, config, templates, opts) {
    const messages = [];
    const act = window.tinynetApp.activationOf(activation, actParam, config, messages);
    // Held to the network's own end where it is drawn (its layers' stages, or 2-2-1's stage).
    const t = Math.max(Number(stage) || 0, 0);
    return { act: act, t: t, opts: Array.isArray(options) ? options : [], data: data,
             config: config, templates: templates, lossKind: opts.loss, l2: opts.l2 };
  }

  /* A new run, with `goal` "run" (Train) or one epoch / batch (a Step with no run to extend). */
  function start(goal, values, overrides) {
    const [options, weights, activation, actParam, data, stage, viewOptions, config, templates] =
      values;
    if (!window.tinynetApp.validData(data)) return false;
    const opts = Object.assign(window.tinynetChunks.optionsFrom(options), overrides || {});
    const request = window.tinynetChunks.freshRequest(opts, activation, actParam, data, weights, 1);
    const hidden = request.hidden || [2];
    const epochs = Number(opts.epochs) || 0;
    live.run = {
      id: "run-" + nextRun++, request: request, records: [], runs: null, checkpoints: [],
      done: false, stopped: "", seed: opts.seed, lossKind: opts.loss, epochs: epochs,
      planned: epochs, batches: 1, seen: 0, watched: false, change: [],
    };
    live.shown = 0;
    live.frames = [];
    live.context = contextFrom(activation, actParam, stage, viewOptions, data, config, templates, opts);
    live.context.hidden = hidden;
    live.run.hidden = hidden;
    live.playing = goal === "run";
    live.task = goal === "run" ? null : { kind: "step", goal: goal, from: 0 };
    const first = { goal: goal };
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
    show().button(live);
    window.tinynetTabs.reveal("training");
    return [window.dash_clientside.no_update, "Training…"];
  }

  /* A run's weights, the same numbers as the page's? (Then a Step extends that run.) */
  function sameWeights(a, b) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length &&
      a.every((v, i) => v === b[i]);
  }

  /* One more epoch or batch of the run, from the epoch on screen. */
  function stepFrom(goal) {
    const run = live.run;
    const k = live.shown;
    const s = run.records[k].at;
    if (run.stopped && k === run.records.length - 1) {
      standStill(run.stopped);
      return run.stopped;
    }
    const made = marks().rewind(run, k, goal); // what was fetched ahead of k is dropped
    if (!made) return null;
    live.playing = false;
    show().following(false);
    live.task = made.task;
    ask(Object.assign({}, run.request, made.ask));
    show().button(live);
    return "One more " + goal + " from epoch " + show().fmtEpoch(s) + "…";
  }

  function step_click(nEpoch, nBatch) {
    const ctx = window.dash_clientside.callback_context;
    const goal = ctx.triggered.length && ctx.triggered[0].prop_id.startsWith("step-batch") ? "batch" : "epoch";
    if (!nEpoch && !nBatch) return skip(2);
    if (live.task) return [window.dash_clientside.no_update, "A step is on its way…"];
    const values = stateValues(Array.prototype.slice.call(arguments, 2));
    const run = live.run;
    const shown = run && run.records[live.shown];
    // The run on screen (its weights are the page's, or it is playing): step it from there.
    if (shown && (live.playing || sameWeights(shown.params, values[1]))) {
      const said = stepFrom(goal);
      if (said) return [window.dash_clientside.no_update, said];
    }
    if (!start(goal, values, { start: "sliders" })) return skip(2);
    return [window.dash_clientside.no_update, "A new run from the weights shown: one " + goal + "…"];
  }

  /* A chunk's records and state joined to the run (training/checkpoints.js). */
  function keep(run, answer) {
    marks().join(run, answer);
    if (answer.messages && answer.messages.length) {
      set("train-details", { children: "Some options were adjusted: " + answer.messages.join("; ") });
    }
    window.tinynetPace.measure(run, live.context);
  }

  /* A chunk came back for a step: go on until the step is made, then stand still there. */
  function stepped(run, task) {
    const next = marks().next(run, task);
    if (next) {
      live.task = next.task;
      ask(Object.assign({}, run.request, next.ask));
      return;
    }
    live.task = null;
    run.done = marks().ended(run);
    live.shown = run.records.length - 1;
    standStill(run.stopped || "Now at " + show().label(live, live.shown) + ".");
  }

  /* A chunk came back: keep its records and the state to go on from. */
  function take_chunk(answer) {
    const run = live.run;
    if (!answer || !run || answer.id !== live.pending) return window.dash_clientside.no_update;
    if (answer.busy) { // the server is training for others
      const asked = live.asked;
      const wanted = () => live.run === run && live.pending === answer.id;
      window.tinynetChunks.askAgain(asked, answer.busy, wanted, ask);
      return window.dash_clientside.no_update;
    }
    live.pending = null;
    if (answer.error) {
      live.task = null;
      if (!run.records.length) {
        close(answer.error);
        return window.dash_clientside.no_update;
      }
      standStill(answer.error);
      return window.dash_clientside.no_update;
    }
    const fresh = run.records.length === 0;
    keep(run, answer);
    if (live.task) {
      stepped(run, live.task);
      return [mirror(run)];
    }
    run.done = answer.done || Boolean(run.stopped);
    if (fresh) show().paint(live, 0);
    if (live.playing && !live.looping) play();
    else if (!live.playing) show().button(live);
    return [mirror(run)];
  }

  /* The run for the `run` store: what exports, the landscape and lesson checks read. */
  function mirror(run) {
    return {
      id: run.id,
      seed: run.seed,
      loss_kind: run.lossKind,
      options: run.request.options,
      records: run.records,
      done: run.done,
      message: run.stopped,
    };
  }

  function pause_click(n) {
    if (!n || !live.run || live.task || !live.run.records.length) return window.dash_clientside.no_update;
    const run = live.run;
    if (live.playing) {
      standStill("Paused at " + show().label(live, live.shown) + ". Resume goes on from here.");
    } else {
      if (run.done && live.shown >= run.records.length - 1) live.shown = 0; // Replay
      set("train-message", { children: run.done ? "Replaying the run." : "Training…" });
      play();
    }
    return window.dash_clientside.no_update;
  }

  /* A run in motion: playing, or waiting for the server. */
  function moving() {
    return Boolean(live.run) && (live.playing || live.pending !== null || live.task !== null);
  }

  /* The run stops where it is: nothing more is fetched, a step on its way is dropped.
     `flush`: the weights shown become the page's (a lesson moving on keeps that picture unless
     its next step sets one); without it the caller is setting the weights itself. */
  function stop(message, flush) {
    if (!moving()) return false;
    live.pending = null;
    live.task = null;
    if (!live.run.records.length) {
      close(message);
      return true;
    }
    if (flush) {
      standStill(message);
    } else {
      live.playing = false;
      show().following(false);
      show().button(live);
      set("train-message", { children: message, title: message });
    }
    return true;
  }

  /* The run no longer belongs to the page (new activation or data): it is dropped, the views
     keep the weights they show. */
  function close(message) {
    if (!live.run) return;
    if (live.playing) standStill();
    const templates = live.context ? live.context.templates : null;
    live.run = null;
    live.playing = false;
    live.pending = null;
    live.task = null;
    live.context = null;
    show().clear(templates);
    if (message) set("train-message", { children: message, title: message });
  }

  /* Does the run paint the views now (update_views then leaves them to it)? */
  function owns() {
    return Boolean(live.run) && live.playing;
  }

  function scrub(value) {
    const run = live.run;
    const k = Math.round(Number(value));
    if (!run || live.task || !Number.isFinite(k) || k === live.shown || k === live.scrubSet || k < 0 ||
        k >= run.records.length) {
      return window.dash_clientside.no_update;
    }
    live.playing = false;
    live.shown = k;
    standStill();
    return window.dash_clientside.no_update;
  }

  function set_speed(value) {
    if (value in window.tinynetPace.SPEEDS) {
      live.speed = value;
      live.carry = 0;
    }
    return window.dash_clientside.no_update;
  }

  window.tinynetLive = live;
  Object.assign(live, {
    start: start, stateValues: stateValues, stop: stop, close: close, standStill: standStill,
    owns: owns, moving: moving, contextFrom: contextFrom, mirror: mirror,
  });
  window.tinynetPage.register({
    train_click: train_click,
    step_click: step_click,
    take_chunk: take_chunk,
    pause_click: pause_click,
    scrub: scrub,
    set_speed: set_speed,
  });
})();
