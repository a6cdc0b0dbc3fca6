/* How fast a run is shown (training/live.js asks, once a frame, which record to show).

   Slow and Normal show a run in about the time their speed gives it (Normal: 16 epochs a
   second, the notebook's 150 epochs in about 9 s) but share that time out by how much the
   picture changes from one epoch to the next: where the boundary moves the epochs are shown
   slowly, where nothing moves they pass quickly. Fast shows one epoch a frame. Fastest shows
   the whole run in about REPLAY_FASTEST_S (never more than it has in hand), so a replay plays
   visibly instead of jumping to its end.

   The change of an epoch: the mean change of p over a grid of the input plane plus the mean
   move of some points in the hidden space (as a share of the hidden picture's size). An
   epoch's share of the time is FLOOR plus the rest in proportion to its change (at most CAP
   times the mean change). While a run is still training, the epochs not yet trained are
   counted as changing like the last one in hand, so the run keeps about its total. */
(function () {
  "use strict";
  const SPEEDS = { slow: 4, normal: 16, fast: "frame", max: "max" };
  const FLOOR = 0.25; // every epoch keeps at least this share of an even pace
  const CAP = 6; // and gets at most this many times the mean change's share
  const REPLAY_FASTEST_S = 1.5;
  const GRID = 12; // probe grid of the input plane, GRID x GRID
  const PROBE_POINTS = 100;

  /* What the probes see for one record: p on the grid, h of some points. */
  function probe(params, context) {
    const M = window.tinynetMath;
    const p = window.tinynetShow.paramsOf(params, context);
    if (!context.grid) {
      const axis = M.linspace(-1, 1, GRID);
      context.grid = [];
      axis.forEach((a) => axis.forEach((b) => context.grid.push([a, b])));
      const X = context.data.X;
      const every = Math.max(1, Math.floor(X.length / PROBE_POINTS));
      context.probePoints = X.filter((_, i) => i % every === 0).slice(0, PROBE_POINTS);
    }
    if (context.hidden && !window.tinynetNets.isDefault(context.hidden)) {
      // Another network: its last hidden layer is the space the output's line is drawn in.
      const net = window.tinynetMLP.layers(p, context.hidden);
      const run = window.tinynetMLP.forward(net, context.probePoints, context.act);
      return { proba: window.tinynetMLP.forward(net, context.grid, context.act).proba,
               h: run.hs.map((hs) => hs[hs.length - 1]) };
    }
    const proba = M.forward(p, context.grid, context.act).proba;
    const h = M.forward(p, context.probePoints, context.act).h;
    return { proba: proba, h: h };
  }

  function changeBetween(a, b) {
    let dp = 0;
    for (let i = 0; i < a.proba.length; i++) dp += Math.abs(a.proba[i] - b.proba[i]);
    dp /= Math.max(a.proba.length, 1);
    const dims = a.h.length ? a.h[0].length : 2;
    const lo = Array(dims).fill(Infinity), hi = Array(dims).fill(-Infinity);
    let dh = 0;
    for (let i = 0; i < a.h.length; i++) {
      for (let d = 0; d < dims; d++) {
        const u = a.h[i][d], v = b.h[i][d];
        lo[d] = Math.min(lo[d], u, v);
        hi[d] = Math.max(hi[d], u, v);
        dh += Math.abs(u - v);
      }
    }
    const span = Math.max(...hi.map((v, d) => v - lo[d]), 1e-9);
    dh = a.h.length ? dh / (dims * a.h.length) / span : 0;
    const c = dp + dh;
    return Number.isFinite(c) ? c : 0;
  }

  /* Measure the change of every record not measured yet (records of a run only grow at the
     end; a step that drops records trims the measures with them). */
  function measure(run, context) {
    if (!run.change || run.change.length > run.records.length) {
      run.change = (run.change || []).slice(0, run.records.length);
      run.probe = null;
    }
    if (!context || !context.data) return;
    for (let k = run.change.length; k < run.records.length; k++) {
      const seen = probe(run.records[k].params, context);
      const before = k > 0 ? (run.probe && run.probe.k === k - 1 ? run.probe.seen
        : probe(run.records[k - 1].params, context)) : null;
      run.change.push(before ? changeBetween(before, seen) : 0);
      run.probe = { k: k, seen: seen };
    }
    run.plan = null;
  }

  /* Seconds each record is shown at `perSecond` epochs a second (index 0, the start, none). */
  function plan(run, perSecond) {
    if (run.plan && run.plan.perSecond === perSecond && run.plan.n === run.records.length &&
        run.plan.done === run.done) {
      return run.plan.seconds;
    }
    const known = run.change.slice(1);
    const total = run.done ? known.length : Math.max(known.length, Math.round(run.epochs));
    const last = known.length ? known[known.length - 1] : 0;
    const future = total - known.length;
    let sum = known.reduce((a, b) => a + b, 0) + future * last;
    const mean = total ? sum / total : 0;
    const weight = (c) => FLOOR + (1 - FLOOR) * (mean > 0 ? Math.min(c / mean, CAP) : 1);
    let weights = 0;
    known.forEach((c) => (weights += weight(c)));
    weights += future * weight(last);
    const unit = total && weights > 0 ? total / weights / perSecond : 1 / perSecond;
    const seconds = [0].concat(known.map((c) => unit * weight(c)));
    run.plan = { perSecond: perSecond, n: run.records.length, done: run.done, seconds: seconds };
    return seconds;
  }

  /* The record to show this frame, `dt` ms after the last one. */
  function next(live, dt) {
    const run = live.run;
    const last = run.records.length - 1;
    const sp = SPEEDS[live.speed];
    if (sp === "frame") return Math.min(live.shown + 1, last);
    if (sp === "max") {
      const total = Math.max(run.done ? last : run.epochs, 1);
      const perFrame = Math.max(1, Math.ceil(total / (60 * REPLAY_FASTEST_S)));
      return Math.min(live.shown + perFrame, last);
    }
    const seconds = plan(run, sp);
    live.carry += dt / 1000;
    let k = live.shown;
    while (k < last && live.carry >= seconds[k + 1]) {
      live.carry -= seconds[k + 1];
      k += 1;
    }
    if (k === last) live.carry = Math.min(live.carry, seconds[k] || 0);
    return k;
  }

  /* Epochs a second a speed shows on average (how far ahead the page asks the server). */
  function perSecond(speed) {
    const sp = SPEEDS[speed];
    return typeof sp === "number" ? sp : 60;
  }

  window.tinynetPace = {
    SPEEDS: SPEEDS, measure: measure, plan: plan, next: next, perSecond: perSecond,
    FLOOR: FLOOR, CAP: CAP, REPLAY_FASTEST_S: REPLAY_FASTEST_S,
  };
})();
