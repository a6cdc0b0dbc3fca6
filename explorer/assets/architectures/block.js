/* The weights block of any tiny network but 2-2-1 (whose block the server lays out, page/
   weights.py): a row per unit, layer by layer, with a map of each hidden unit over the input
   plane, and for each weight and bias a slider (the classroom's ±8), a box holding the true
   value and the slope of the loss. Built here when the architecture changes, outside Dash's
   components like the 2-2-1 sliders (page/sliders.js), for the same reason: a move repaints
   the views in its own frame, and the `weights` store hears of it after that frame. */
(function () {
  "use strict";
  const SYNC_MS = 250;
  let hidden = null; // the architecture the block shows (null: 2-2-1, the server's block)
  let names = [];
  let current = null; // the values the block shows
  let scheduled = false;
  let lastSent = -Infinity;

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === "text") node.textContent = props[k];
      else if (k === "className") node.className = props[k];
      else node.setAttribute(k, props[k]);
    });
    (children || []).forEach((c) => node.appendChild(c));
    return node;
  }

  function help(name) {
    const m = /^([wb])(\d)_(\d)(\d)?$/.exec(name);
    if (!m) return name;
    const layer = Number(m[2]);
    const out = layer === hidden.length + 1;
    const unit = out ? "the output" : "h" + layer + "_" + m[3];
    if (m[1] === "b") return "bias of " + unit;
    const from = layer === 1 ? "x" + m[4] : "h" + (layer - 1) + "_" + m[4];
    return "weight from " + from + " to " + unit;
  }

  function control(name, value, L) {
    const label = name + ": " + help(name);
    const slider = el("input", {
      type: "range", min: -L.WEIGHT_MAX, max: L.WEIGHT_MAX, step: L.WEIGHT_STEP || 0.01,
      class: "weight-range", role: "slider", "aria-label": label, id: "range-" + name,
    });
    slider.value = String(Math.min(Math.max(value, -L.WEIGHT_MAX), L.WEIGHT_MAX));
    slider.addEventListener("input", () => moved(name, Number(slider.value)));
    const box = el("input", {
      type: "text", inputmode: "decimal", autocomplete: "off", spellcheck: "false",
      class: "weight-box", id: "box-" + name, "aria-label": label,
    });
    box.value = window.tinynetWeights.shown(value);
    box.addEventListener("change", () => typed(name, box));
    box.addEventListener("keydown", (e) => e.key === "Enter" && typed(name, box));
    return el("div", { className: "weight" }, [
      el("label", { className: "weight-name", for: "box-" + name, title: label, text: name }),
      el("div", { className: "weight-track", id: name }, [slider]),
      box,
      el("small", { className: "grad", id: "grad-" + name, title: "slope of the loss" }),
    ]);
  }

  function unitCell(unit, L) {
    if (unit === "out") return el("div", { className: "unit-cell" }, [el("span", { className: "unit", text: "out" })]);
    return el("div", { className: "unit-cell", title: unit + " over the input plane" }, [
      el("canvas", { id: "map-" + unit, width: L.UNIT_MAP_PX, height: L.UNIT_MAP_PX,
        class: "unit-map", role: "img", "aria-label": unit + " over the input plane" }),
      el("span", { className: "unit", text: unit }),
      el("small", { id: "map-" + unit + "-range", className: "map-range" }),
    ]);
  }

  /* The rows of network `h` (its names in Params order: per layer W row by row, then b). */
  function build(h, values, config) {
    const L = config.limits;
    const rows = document.getElementById("weights-general");
    if (!rows) return;
    rows.replaceChildren();
    const widths = [2].concat(h, [1]);
    let k = 0;
    for (let l = 0; l + 1 < widths.length; l++) {
      const units = widths[l + 1], inputs = widths[l];
      const weights = names.slice(k, k + units * inputs);
      const biases = names.slice(k + units * inputs, k + units * (inputs + 1));
      const start = k;
      const out = l + 1 === widths.length - 1;
      for (let u = 0; u < units; u++) {
        const unit = out ? "out" : "h" + (l + 1) + "_" + (u + 1);
        const cells = [unitCell(unit, L)];
        for (let i = 0; i < inputs; i++) {
          cells.push(control(weights[u * inputs + i], values[start + u * inputs + i], L));
        }
        cells.push(control(biases[u], values[start + units * inputs + u], L));
        // A teacher's link may hide the hidden layers' rows or the output's (data-part).
        rows.appendChild(el("div", { className: "weight-row inputs-" + inputs, "data-layer": l + 1,
          "data-part": out ? "output_weights" : "hidden_weights" }, cells));
      }
      k += units * (inputs + 1);
    }
  }

  /* The block shows network `h` with `values` (2-2-1: the server's block shows instead). */
  function set(h, values, config) {
    const general = Array.isArray(h) && !window.tinynetNets.isDefault(h);
    document.body.toggleAttribute("data-arch", general);
    if (general) document.body.setAttribute("data-arch", h.join(","));
    document.body.setAttribute("data-layers", general ? String(h.length) : "1");
    if (!general) {
      hidden = null;
      current = null;
      return;
    }
    const key = h.join(",");
    if (!hidden || hidden.join(",") !== key) {
      hidden = h.slice();
      names = config.architectures[key].names;
      build(hidden, values, config);
    }
    current = values.slice();
    const L = config.limits;
    names.forEach(function (name, k) {
      const slider = document.getElementById("range-" + name);
      const box = document.getElementById("box-" + name);
      if (slider) slider.value = String(Math.min(Math.max(values[k], -L.WEIGHT_MAX), L.WEIGHT_MAX));
      if (box && document.activeElement !== box) box.value = window.tinynetWeights.shown(values[k]);
    });
    if (window.tinynetLayout) window.tinynetLayout.fit();
  }

  /* A slider moved: paint now, tell the store after this frame (at most every SYNC_MS). */
  function moved(name, v) {
    if (!current || !Number.isFinite(v)) return;
    current = current.slice();
    current[names.indexOf(name)] = v;
    const box = document.getElementById("box-" + name);
    if (box) box.value = window.tinynetWeights.shown(v);
    if (window.tinynetLive) window.tinynetLive.interrupt();
    if (window.tinynetApp && window.tinynetApp.preview) window.tinynetApp.preview(current);
    send();
  }

  function send() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => setTimeout(deliver, 0));
  }

  function deliver(now) {
    const wait = lastSent + SYNC_MS - performance.now();
    if (wait > 0 && now !== true) {
      setTimeout(deliver, wait);
      return;
    }
    scheduled = false;
    lastSent = performance.now();
    window.dash_clientside.set_props("weights", { data: current.slice() });
    window.dash_clientside.set_props("typed-message", { children: "" });
  }

  /* A value typed into a box: read like the server reads a number ("1,5" is 1.5); anything
     else puts the weight's value back, with a note. */
  function typed(name, box) {
    const k = names.indexOf(name);
    if (!current || k < 0) return;
    const config = window.tinynetNetBlock.config;
    const L = config.limits;
    if (box.value === window.tinynetWeights.shown(current[k])) return;
    const v = window.tinynetWeights.readNumber(box.value);
    const set = window.dash_clientside.set_props;
    if (v === null || Math.abs(v) > L.WEIGHT_LIMIT) {
      set("typed-message", { children: name + ": " + JSON.stringify(String(box.value).slice(0, 20)) +
        " is not a number; it stays " + window.tinynetWeights.shown(current[k]) + "." });
      box.value = window.tinynetWeights.shown(current[k]);
      return;
    }
    current = current.slice();
    current[k] = v;
    box.value = window.tinynetWeights.shown(v);
    const slider = document.getElementById("range-" + name);
    if (slider) slider.value = String(Math.min(Math.max(v, -L.WEIGHT_MAX), L.WEIGHT_MAX));
    if (window.tinynetLive) window.tinynetLive.interrupt();
    set("weights", { data: current.slice() });
    set("typed-message", { children: Math.abs(v) > L.WEIGHT_MAX ? name + " = " +
      window.tinynetWeights.shown(v) + " lies past the slider's end (±" + L.WEIGHT_MAX +
      "): the slider stays at its end, the network uses " + window.tinynetWeights.shown(v) + "." : "" });
  }

  /* The slope of the loss beside each slider, and which way to move it for the loss to fall. */
  function showSlopes(grads) {
    names.forEach(function (name) {
      const out = document.getElementById("grad-" + name);
      const v = grads[name];
      if (!out || typeof v !== "number") return;
      const way = Math.abs(v) < 5e-4 ? "·" : v > 0 ? "◂" : "▸";
      out.textContent = "∂L " + (v >= 0 ? "+" : "−") + Math.abs(v).toFixed(3) + " " + way;
    });
  }

  /* True while the block holds a move the store (`values`) has not heard of yet. */
  function ahead(values) {
    return scheduled && Array.isArray(values) && current !== null &&
      values.some((v, k) => v !== current[k]);
  }

  window.tinynetNetBlock = { set: set, showSlopes: showSlopes, ahead: ahead, config: null };
})();
