/* The training replay: the page has the whole run, so no request per frame. */
(function () {
  "use strict";
  const NAMES = window.tinynetPage.NAMES;
  const validData = (data) => window.tinynetApp.validData(data);

  // ---- the training replay: the page has the whole run, so no request per frame ----

  function validRun(run) {
    return run && Array.isArray(run.trajectory) && run.trajectory.length > 0;
  }

  function replay_epoch(epoch, run) {
    const skip = window.dash_clientside.no_update;
    if (!validRun(run)) return [skip, "no run yet"];
    const last = run.trajectory.length - 1;
    const k = Math.min(Math.max(Math.round(Number(epoch) || 0), 0), last);
    window.tinynetCanvas.markEpoch(["history-graph", "weights-graph"], k);
    return [
      run.trajectory[k],
      "epoch " + k + " of " + last + ": loss " + run.loss[k].toFixed(4) + ", accuracy " +
        (100 * run.accuracy[k]).toFixed(1) + "%",
    ];
  }

  /* When the replay stands still, the sliders take the shown epoch's weights. */
  function sync_sliders(epoch, run) {
    const sliders = Array.prototype.slice.call(arguments, 2);
    const skip = NAMES.map(() => window.dash_clientside.no_update);
    if (!validRun(run)) return skip;
    const last = run.trajectory.length - 1;
    const k = Math.min(Math.max(Math.round(Number(epoch) || 0), 0), last);
    const values = run.trajectory[k].map((v) => Math.round(Math.min(Math.max(v, -8), 8) * 1e4) / 1e4);
    return values.every((v, i) => v === sliders[i]) ? skip : values;
  }

  function show_run_figures(figs) {
    const skip = window.dash_clientside.no_update;
    if (!figs || !figs.history || !figs.weights) return [skip, skip];
    return new Promise((resolve) => window.setTimeout(() => resolve([figs.history, figs.weights]), 60));
  }

  /* Play runs in the page's own animation frames, outside Dash: one epoch per frame (more for
     long runs, so any replay takes about ten seconds), each frame computing and painting the
     views straight from the run's weights. The sliders and readouts catch up when it stops. */
  const replay = { playing: false, frames: [] };

  function stopReplay(epoch) {
    replay.playing = false;
    const set = window.dash_clientside.set_props;
    set("replay-play", { children: "Play" });
    set("epoch", { value: epoch });
  }

  function toggle_replay(n, epoch, run, activation, actParam, stage, options, data, config, templates) {
    const skip = window.dash_clientside.no_update;
    if (!n || !validRun(run) || !validData(data)) return skip;
    if (replay.playing) {
      replay.playing = false; // the running loop stops at its next frame and reports its epoch
      return skip;
    }
    const spec = config.activations[activation];
    if (!spec) return skip;
    const act = { name: activation, value: spec.param ? Number(actParam) || spec.param.default : 0 };
    const opts = Array.isArray(options) ? options : [];
    const t = Math.min(Math.max(Number(stage) || 0, 0), 3);
    const last = run.trajectory.length - 1;
    const stride = Math.max(1, Math.ceil(last / 600));
    let k = epoch >= last ? 0 : Math.max(0, Math.round(Number(epoch) || 0));
    replay.playing = true;
    replay.frames = [];
    let previous = null;
    const frame = function (now) {
      if (!replay.playing) {
        stopReplay(k);
        return;
      }
      if (previous !== null) replay.frames.push(now - previous);
      previous = now;
      const p = {};
      NAMES.forEach((name, i) => (p[name] = Math.min(Math.max(run.trajectory[k][i], -8), 8)));
      window.tinynetApp.render(p, act, t, data, opts, config, templates);
      window.tinynetCanvas.markEpoch(["history-graph", "weights-graph"], k);
      window.dash_clientside.set_props("epoch-label", {
        children: "epoch " + k + " of " + last + ": loss " + run.loss[k].toFixed(4) +
          ", accuracy " + (100 * run.accuracy[k]).toFixed(1) + "%",
      });
      if (k >= last) {
        stopReplay(last);
        return;
      }
      k = Math.min(k + stride, last);
      window.requestAnimationFrame(frame);
    };
    window.requestAnimationFrame(frame);
    return "Pause";
  }


  window.tinynetReplay = replay; // read by benchmarks/bench_ui.py

  window.tinynetPage.register({
    replay_epoch: replay_epoch,
    sync_sliders: sync_sliders,
    show_run_figures: show_run_figures,
    toggle_replay: toggle_replay,
  });
})();
