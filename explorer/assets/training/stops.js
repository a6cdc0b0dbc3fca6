/* What stops a live run from elsewhere on the page (training/live.js plays it): the lesson
   moving to another step, weights set as a whole (a lesson's preset, a link, Reset, an import,
   a fit) and a press while it plays; a new activation or data closes it (its frames would no
   longer match the page), a new stage or view option repaints its frame. */
(function () {
  "use strict";
  const LESSON_MOVES = ["lesson-prev", "lesson-next", "lesson-apply"];
  const live = window.tinynetLive; // training/live.js loads first (assets load by name)
  const show = () => window.tinynetShow;

  function set(id, props) {
    window.dash_clientside.set_props(id, props);
  }

  function stoppedAt() {
    const run = live.run;
    return run && run.records[live.shown] ? "Stopped at epoch " + show().fmtEpoch(run.records[live.shown].at) : "Stopped";
  }

  /* The weights were set as a whole (a lesson, a link, Reset, an import, a fit...) while a run
     was in motion: it stops there and the new weights stand. */
  function interrupt(why) {
    const reason = why === "lesson" || why === "state"
      ? "the lesson set up its picture" : "the weights were set";
    live.stop(stoppedAt() + ": " + reason + ". Resume goes on with the run.", false);
  }

  /* What the views show changed (activation, its parameter, data) or only how (stage, view
     options): the first closes the run, the second repaints its frame with the change. */
  function retune(act, data, t, opts) {
    const c = live.context;
    if (!live.run || !c) return true;
    const key = window.tinynetApp.dataKey;
    const sameData = c.data === data || key(c.data) === key(data);
    if (c.act.name !== act.name || c.act.value !== act.value || !sameData) {
      const what = sameData ? "the activation changed" : "the data changed";
      live.close("The run was closed: " + what + " (it was trained with " + c.act.name + " on the data then shown).");
      return false;
    }
    c.data = data;
    c.t = t;
    c.opts = opts;
    if (live.playing) show().paint(live, live.shown);
    return true;
  }

  /* The lesson moved to another step or lesson (whatever moved it). */
  function lesson_moved() {
    live.stop(stoppedAt() + ": the lesson moved on. Resume goes on with the run.", true);
    return window.dash_clientside.no_update;
  }

  /* While a run plays, a press anywhere acts on what is on screen: Check pauses the run first
     (and says so), the lesson's own buttons stop it, and anything else reads the weights of the
     epoch shown (the store hears of them before the press is handled). */
  function pressed(target) {
    if (!live.playing || !(target instanceof Element)) return;
    const control = target.closest("button");
    if (control && control.id === "lesson-check" && !control.disabled) {
      live.standStill("Paused at " + show().label(live, live.shown) + " to check the picture on screen.");
    } else if (control && LESSON_MOVES.includes(control.id) && !control.disabled) {
      lesson_moved();
    } else if (live.run.records[live.shown]) {
      set("weights", { data: live.run.records[live.shown].params.slice() });
    }
  }
  document.addEventListener("pointerdown", (ev) => pressed(ev.target), true);
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" || ev.key === " ") pressed(ev.target);
  }, true);

  Object.assign(window.tinynetLive, { interrupt: interrupt, retune: retune });
  window.tinynetPage.register({ lesson_moved: lesson_moved });
})();
