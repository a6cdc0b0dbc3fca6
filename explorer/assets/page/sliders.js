/* The nine weight sliders: native range inputs, put into their boxes (explorer/page/weights.py)
   here and outside Dash's components. A Dash slider sends every step through Dash's store and
   callbacks before the views can repaint (three frames a step, most of it Dash's own work); a
   move here repaints the views and unit maps at once (tinynetApp.preview, views/app.js), in
   the frame of the key press or pointer move, and the `weights` store and the boxes hear of it
   after that frame (at most every SYNC_MS while a drag or a held key goes on; at once when
   anything else is clicked). Everything that sets the weights as a whole (training, links, lessons, Reset, a box)
   moves the sliders with set(), from weights.js. */
(function () {
  "use strict";
  const NAMES = window.tinynetPage.NAMES;
  const SYNC_MS = 250;
  const inputs = {};
  let current = null; // the nine true weights as the sliders and the store last agreed, or moved
  let pending = null; // the weights after a move the store has not heard of yet
  let told = null; // the weights the store last heard of from here (or had before a move)
  let scheduled = false;
  let lastSent = -Infinity;

  function make(box) {
    const el = document.createElement("input");
    el.type = "range";
    el.min = box.dataset.min;
    el.max = box.dataset.max;
    el.step = box.dataset.step;
    el.value = box.dataset.value;
    el.className = "weight-range";
    // The role is a range input's own; said out loud so [role=slider] finds every slider.
    el.setAttribute("role", "slider");
    el.setAttribute("aria-label", box.dataset.label);
    el.addEventListener("input", () => moved(box.id, el));
    box.appendChild(el);
    inputs[box.id] = el;
  }

  function moved(name, el) {
    const v = Number(el.value);
    const base = current || (window.tinynetApp && window.tinynetApp.shown);
    if (!Array.isArray(base) || base.length !== 9 || !Number.isFinite(v)) return;
    if (!told) told = base.slice();
    current = base.slice();
    current[NAMES.indexOf(name)] = v;
    if (window.tinynetLive) window.tinynetLive.interrupt();
    if (window.tinynetApp && window.tinynetApp.preview) window.tinynetApp.preview(current);
    pending = current.slice();
    send();
  }

  /* Tell the store after the frame the move was painted in (Dash's work for it then runs
     while the screen already shows the move), and while a drag or a held key goes on, at most
     every SYNC_MS: the last move always arrives. */
  function send() {
    if (!pending || scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => setTimeout(deliver, 0));
  }

  function deliver(now) {
    const wait = lastSent + SYNC_MS - performance.now();
    if (pending && wait > 0 && now !== true) {
      setTimeout(deliver, wait);
      return;
    }
    scheduled = false;
    if (!pending) return;
    lastSent = performance.now();
    // Straight into the store (set_props writes it at once), not through a callback: a click
    // that follows reads these weights, whatever order Dash runs its callbacks in.
    const set = window.dash_clientside.set_props;
    set("weights", { data: pending.slice() });
    pending.forEach(function (v, k) {
      if (v !== told[k]) {
        set("box-" + NAMES[k], { value: window.tinynetWeights.shown(v) });
      }
    });
    set("typed-message", { children: "" });
    told = pending;
    pending = null;
  }

  /* A click or a key anywhere else (Check, Copy link, Train...) acts on the weights as they
     are on screen: the store hears of a waiting move first. */
  function elsewhere(event) {
    if (pending && !(event.target instanceof Element && event.target.matches(".weight-range"))) {
      deliver(true);
    }
  }
  document.addEventListener("pointerdown", elsewhere, true);
  document.addEventListener("keydown", elsewhere, true);

  /* The weights were set as a whole (or by a box): the sliders show them, pinned at their ends
     for a weight that lies past them. */
  function set(values) {
    current = values.slice();
    told = current;
    pending = null;
    NAMES.forEach(function (name, k) {
      const el = inputs[name];
      if (!el) return;
      const shown = Math.min(Math.max(values[k], Number(el.min)), Number(el.max));
      if (Number(el.value) !== shown) el.value = String(shown);
    });
  }

  /* True while the sliders hold a move that the weights `values` (the store's) are behind. */
  function ahead(values) {
    return current !== null && Array.isArray(values) &&
      (pending !== null || values.some((v, k) => v !== current[k]));
  }

  function build() {
    NAMES.forEach(function (name) {
      const box = document.getElementById(name);
      if (box && !box.querySelector("input")) make(box);
    });
  }

  // Dash draws the layout after the scripts run: make the sliders when their boxes appear.
  function watch() {
    const block = document.getElementById("part-weights");
    if (!block) {
      window.setTimeout(watch, 50);
      return;
    }
    build();
    new MutationObserver(build).observe(block, { childList: true, subtree: true });
  }
  watch();

  window.tinynetSliders = { set: set, ahead: ahead, SYNC_MS: SYNC_MS };
})();
