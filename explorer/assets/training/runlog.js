/* The run log (explorer/training/runlog.py): every run that ends on this page, with what it
   was trained with and how it ended, side by side; Show makes a logged run the page's run
   again (its last epoch on screen, its charts, the epoch slider and Replay). A run can be
   shown only with the activation and data it was trained on: otherwise the row says which.
   live.js tells this file when a run ends (ended). */
(function () {
  "use strict";
  const entries = [];
  let nextNo = 1;

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    return node;
  }

  function activationLabel(act, config) {
    const spec = config.activations[act.name];
    return spec && spec.param ? act.name + " (" + spec.param.label + " " + act.value + ")" : act.name;
  }

  function dataLabel(data) {
    const made = data.made_by || {};
    const title = data.title || data.name || "data";
    const noisy = made.dataset && Number(made.noise) > 0 ? ", noise " + made.noise : "";
    return title + " (" + data.y.length + noisy + ")";
  }

  function optionsParts(o) {
    const parts = [o.optimizer + " " + o.lr, "batch " + o.batch_size, o.loss];
    if (Number(o.l2) > 0) parts.push("L2 " + o.l2);
    parts.push(o.start === "sliders" ? "from the sliders" : o.init);
    return parts;
  }

  /* A run has ended (live.js standStill at its last epoch): log it once. */
  function ended(run, context) {
    if (run.logged || !run.records.length || !context) return;
    run.logged = true;
    const last = run.records[run.records.length - 1];
    entries.push({
      no: nextNo++,
      run: run,
      network: [2].concat(run.hidden || [2], [1]).join("-"),
      hidden: run.hidden || [2],
      act: activationLabel(context.act, context.config),
      actKey: JSON.stringify([context.act.name, context.act.value]),
      data: dataLabel(context.data),
      dataKey: window.tinynetApp.dataKey(context.data),
      options: optionsParts(run.request.options),
      seed: run.request.options.start === "sliders" ? "" : "seed " + run.seed,
      epochs: window.tinynetShow.fmtEpoch(last.at) + " epochs",
      accuracy: last.accuracy,
      loss: last.loss,
      stopped: run.stopped,
    });
    render();
  }

  /* A line of settings, each part in bold where it differs from the run before (what was
     changed between two runs stands out). */
  function settingsLine(parts, before) {
    const line = el("span", null, { class: "run-settings" });
    parts.filter(Boolean).forEach(function (part, k) {
      if (k) line.appendChild(document.createTextNode(" · "));
      line.appendChild(el(before && !before.includes(part) ? "strong" : "span", part));
    });
    return line;
  }

  function render() {
    const box = document.getElementById("run-log");
    if (!box) return;
    const best = Math.max.apply(null, entries.map((e) => e.accuracy));
    const table = el("table", null, { class: "run-log-table" });
    table.appendChild(el("caption", "Runs trained on this page, the newest last", { class: "sr-only" }));
    const head = el("tr");
    ["#", "Trained with", "Accuracy, loss", ""]
      .forEach((h) => head.appendChild(el("th", h, { scope: "col" })));
    table.appendChild(el("thead")).appendChild(head);
    const body = table.appendChild(el("tbody"));
    entries.forEach(function (e, k) {
      const row = el("tr");
      row.appendChild(el("td", String(e.no)));
      const first = [e.network, e.act, e.data];
      const second = e.options.concat([e.seed, e.epochs]);
      const prev = k ? entries[k - 1] : null;
      const cell = row.appendChild(el("td"));
      cell.appendChild(settingsLine(first, prev && [prev.network, prev.act, prev.data]));
      cell.appendChild(el("br"));
      cell.appendChild(settingsLine(second, prev && prev.options.concat([prev.seed, prev.epochs])));
      const result = row.appendChild(el("td"));
      result.appendChild(el(e.accuracy === best && entries.length > 1 ? "strong" : "span",
        (100 * e.accuracy).toFixed(1) + "%" + (e.stopped ? " (stopped)" : "")));
      result.appendChild(el("br"));
      result.appendChild(el("span", e.loss === null ? "–" : e.loss.toFixed(4)));
      const button = el("button", "Show", { class: "button secondary small", type: "button",
                                            "data-run-no": String(e.no),
                                            "aria-label": "Show run " + e.no + " again" });
      if (e.stopped) button.title = e.stopped;
      row.appendChild(el("td")).appendChild(button);
      body.appendChild(row);
    });
    box.replaceChildren(table);
  }

  document.addEventListener("click", function (ev) {
    const button = ev.target.closest && ev.target.closest("#run-log button[data-run-no]");
    if (!button || !window.dash_clientside || !window.dash_clientside.set_props) return;
    window.dash_clientside.set_props("runlog-show", {
      data: { no: Number(button.getAttribute("data-run-no")), at: Date.now() },
    });
  });

  /* The `runlog-show` store was set: make that run the page's run again, if the page has
     the activation and data it was trained on. Outputs: the `run` store, the message. */
  function show_logged(request) {
    const skip = window.dash_clientside.no_update;
    const entry = request && entries.find((e) => e.no === request.no);
    if (!entry) return [skip, skip];
    const live = window.tinynetLive;
    const values = live.stateValues(Array.prototype.slice.call(arguments, 1));
    const [, , activation, actParam, data, , , config] = values;
    const act = window.tinynetApp.activationOf(activation, actParam, config, []);
    const sameAct = JSON.stringify([act.name, act.value]) === entry.actKey;
    const sameData = window.tinynetApp.validData(data) && window.tinynetApp.dataKey(data) === entry.dataKey;
    if (!sameAct || !sameData) {
      const need = [sameAct ? null : entry.act, sameData ? null : entry.data].filter(Boolean);
      return [skip, "Run " + entry.no + " was trained with " + need.join(" on ") +
        ": choose " + (need.length > 1 ? "them" : "it") + " again to show it."];
    }
    if (live.run === entry.run && !live.moving()) {
      return [skip, "Run " + entry.no + " is the run on the page."];
    }
    return [reattach(live, entry.run, values),
      "Showing run " + entry.no + " again: epoch slider and Replay play it back."];
  }

  /* The logged run becomes live.js's run, standing at its last epoch (its weights on the
     sliders, its charts drawn); a run in motion stops first. Returns the `run` store. */
  function reattach(live, run, values) {
    const [, , activation, actParam, data, stage, viewOptions, config, templates] = values;
    live.stop("Stopped to show a run from the log.", false);
    live.run = run;
    live.pending = null;
    live.task = null;
    live.context = live.contextFrom(activation, actParam, stage, viewOptions, data, config,
                                    templates, run.request.options);
    // Its network comes back with it (standStill sets the weights with their network).
    live.context.hidden = (run.hidden || [2]).slice();
    live.shown = run.records.length - 1;
    live.standStill();
    return live.mirror(run);
  }

  window.tinynetRunLog = { ended: ended };
  window.tinynetPage.register({ show_logged: show_logged });
})();
