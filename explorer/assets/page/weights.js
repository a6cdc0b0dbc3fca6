/* The nine weights: each slider (sliders.js), its box and the `weights` store kept in step.
   The store holds the true values (a trained weight can lie past a slider's end: the slider is
   then pinned at its end and the box shows the true number). Anything that sets the weights
   as a whole (training, links, lessons, imports, Reset) writes `weights-in`. A typed value is
   read like the server's schema reads a number ("1,5" is 1.5); a box holding something else
   gets the weight's value back, with a note. */
(function () {
  "use strict";
  const NAMES = window.tinynetPage.NAMES;

  function shown(v) {
    // As explorer/page/weights.py's shown_value: four decimals at most (the store keeps the
    // exact number, and links carry it).
    return String(Math.round(v * 1e4) / 1e4);
  }

  /* A typed number: "1.5", "1,5", " -2 ", "+.5"; null for anything else. */
  function readNumber(text) {
    if (typeof text === "number") return Number.isFinite(text) ? text : null;
    if (typeof text !== "string") return null;
    let s = text.trim().replace(/\u2212/g, "-");
    if (/^[+-]?\d*,\d+$/.test(s) || /^[+-]?\d+,$/.test(s)) s = s.replace(",", ".");
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
    const v = Number(s);
    return Number.isFinite(v) ? v : null;
  }

  /* Outputs: the `weights` store, the nine boxes, the message under them. Inputs: the nine
     boxes, `weights-in`. (A slider's move goes to the store from sliders.js.) */
  function sync_weights() {
    const args = Array.prototype.slice.call(arguments);
    const boxes = args.slice(0, 9), incoming = args[9];
    const current = args[10], config = args[11];
    const L = config.limits;
    const skip = window.dash_clientside.no_update;
    const nothing = Array(12).fill(skip);
    const now = Array.isArray(current) && current.length === 9 ? current.slice() : null;
    const ctx = window.dash_clientside.callback_context;
    const trigger = ctx && ctx.triggered.length ? ctx.triggered[0].prop_id : "";
    const out = Array(12).fill(skip);
    const valid = (values) => Array.isArray(values) && values.length === 9 &&
      values.every((v) => typeof v === "number" && Number.isFinite(v) && Math.abs(v) <= L.WEIGHT_LIMIT);
    if (trigger === "weights-in.data") {
      const values = incoming && Array.isArray(incoming.values) ? incoming.values : null;
      const hidden = incoming && Array.isArray(incoming.hidden) ? incoming.hidden : [2];
      if (!window.tinynetNets.isDefault(hidden)) return otherNetwork(incoming, hidden, config);
      if (!valid(values)) return nothing;
      out[11] = [2];
      window.tinynetNetBlock.set([2], values, config);
      // Weights set as a whole from anywhere but the run itself stop a run in motion first,
      // so that nothing it paints afterwards overwrites them.
      if (incoming.why !== "run" && window.tinynetLive) window.tinynetLive.interrupt(incoming.why);
      out[0] = values.slice();
      values.forEach(function (v, k) {
        out[1 + k] = shown(v);
      });
      const beyond = NAMES.filter((_, k) => Math.abs(values[k]) > L.WEIGHT_MAX);
      out[10] = beyond.length
        ? beyond.join(", ") + " lie past the sliders' ends (±" + L.WEIGHT_MAX +
          "): the sliders stay at their ends, the boxes hold the true values."
        : "";
      window.tinynetSliders.set(values);
      return out;
    }
    if (!now) return nothing;
    const box = NAMES.indexOf(trigger.replace("box-", "").replace(".value", ""));
    if (box >= 0) {
      const name = NAMES[box];
      // The box already says what the store holds (a slider's move wrote both): no change.
      if (boxes[box] === shown(now[box])) return nothing;
      const v = readNumber(boxes[box]);
      if (v === null || Math.abs(v) > L.WEIGHT_LIMIT) {
        out[1 + box] = shown(now[box]);
        out[10] = name + ": " + JSON.stringify(String(boxes[box]).slice(0, 20)) +
          " is not a number; it stays " + shown(now[box]) + ".";
        return out;
      }
      now[box] = v;
      if (window.tinynetLive) window.tinynetLive.interrupt();
      out[0] = now;
      out[1 + box] = shown(v);
      out[10] = Math.abs(v) > L.WEIGHT_MAX
        ? name + " = " + shown(v) + " lies past the slider's end (±" + L.WEIGHT_MAX +
          "): the slider stays at its end, the network uses " + shown(v) + "."
        : "";
      window.tinynetSliders.set(now);
      return out;
    }
    return nothing;
  }

  /* Weights set as a whole for another network than 2-2-1: the store and the architecture
     take them together, and its block (architectures/block.js) shows them. */
  function otherNetwork(incoming, hidden, config) {
    const out = Array(12).fill(window.dash_clientside.no_update);
    const L = config.limits;
    const arch = window.tinynetNets.spec(hidden, config);
    const values = incoming.values;
    if (!arch || !Array.isArray(values) || values.length !== arch.names.length ||
        !values.every((v) => typeof v === "number" && Number.isFinite(v) && Math.abs(v) <= L.WEIGHT_LIMIT)) {
      return out;
    }
    if (incoming.why !== "run" && window.tinynetLive) window.tinynetLive.interrupt(incoming.why);
    out[0] = values.slice();
    out[11] = hidden.slice();
    const beyond = arch.names.filter((_, k) => Math.abs(values[k]) > L.WEIGHT_MAX);
    out[10] = beyond.length
      ? beyond.join(", ") + " lie past the sliders' ends (±" + L.WEIGHT_MAX +
        "): the sliders stay at their ends, the boxes hold the true values."
      : "";
    window.tinynetNetBlock.config = config;
    window.tinynetNetBlock.set(hidden, values, config);
    return out;
  }

  window.tinynetWeights = { readNumber: readNumber, shown: shown };
  window.tinynetPage.register({ sync_weights: sync_weights });
})();
