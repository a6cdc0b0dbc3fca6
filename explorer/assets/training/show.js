/* What the page shows of a run; training/live.js decides which record, this paints it: the views
   and unit maps from the record's weights (outside Dash), the weights block following them
   (sliders and boxes written straight into the page, read-only while the run plays), det W and
   the slopes of the loss, the counter, the charts up to the epoch shown (never the epochs fetched
   ahead of it), the epoch marker, the scrubber and the Pause button. */
(function () {
  "use strict";
  const NAMES = window.tinynetPage.NAMES;
  // While a run plays, the readouts that cost a pass over the data (the slopes) and the
  // charts are written this often; the views, weights, det W and counter every frame.
  const READOUTS_EVERY_MS = 250;
  const SCRUB_EVERY_MS = 100;
  const CHARTS = ["history-graph", "weights-graph"];

  function set(id, props) {
    window.dash_clientside.set_props(id, props);
  }

  function setText(id, text) {
    const el = document.getElementById(id);
    if (el && el.textContent !== text) el.textContent = text;
  }

  /* The parameters by name, for the run's network (2-2-1 unless the context names another). */
  function paramsOf(values, context) {
    const names = context && context.hidden && !window.tinynetNets.isDefault(context.hidden)
      ? context.config.architectures[context.hidden.join(",")].names : NAMES;
    const p = {};
    names.forEach((name, i) => (p[name] = values[i]));
    return p;
  }

  function isOther(c) {
    return Boolean(c.hidden) && !window.tinynetNets.isDefault(c.hidden);
  }

  function fmtEpoch(at) {
    return Number.isInteger(at) ? String(at) : at.toFixed(2);
  }

  function label(live, k) {
    const run = live.run;
    const r = run.records[k];
    let text = "epoch " + fmtEpoch(r.at) + " of " + run.epochs;
    if (r.loss !== null) text += " · loss " + r.loss.toFixed(4);
    text += " · accuracy " + (100 * r.accuracy).toFixed(1) + "%";
    if (!run.done && live.pending && k === run.records.length - 1) text += " · training…";
    return text;
  }

  /* The run as far as the views have shown it: the first time through, its charts grow with
     the views; once it has been shown to its end, they show it whole. */
  function shownPart(run) {
    if (run.watched) return run;
    return Object.assign({}, run, { records: run.records.slice(0, run.seen + 1) });
  }

  /* How many records the run will have when it ends (so the scrubber fills as it trains). */
  function planned(run) {
    if (run.done) return run.records.length - 1;
    const first = run.records.length ? run.records[0].at : 0;
    return Math.max(run.records.length - 1, Math.round(run.epochs - first));
  }

  /* The weights block shows the run's weights: sliders (pinned at their ends past them) and
     boxes written in the page, det W every frame, the slopes a few times a second. */
  function follow(live, values, views, stamp) {
    const c = live.context;
    if (isOther(c)) {
      window.tinynetNetBlock.set(c.hidden, values, c.config);
      if (stamp - live.readoutsAt > READOUTS_EVERY_MS) {
        live.readoutsAt = stamp;
        const spec = c.config.activations[c.act.name];
        setText("equations", window.tinynetNets.equations(views.net, spec.title.split(" ")[0].toLowerCase()));
      }
      return;
    }
    window.tinynetSliders.set(values);
    NAMES.forEach(function (name, k) {
      const box = document.getElementById("box-" + name);
      const text = window.tinynetWeights.shown(values[k]);
      if (box && box.value !== text) box.value = text;
    });
    const texts = window.tinynetApp.readoutTexts(paramsOf(values, c), c.act, views, c.data,
      c.lossKind, c.l2, c.config, stamp - live.readoutsAt > READOUTS_EVERY_MS);
    setText("det", texts.det);
    const det = document.getElementById("det");
    if (det) det.className = texts.detClass;
    if (texts.grads) {
      live.readoutsAt = stamp;
      NAMES.forEach((name, k) => setText("grad-" + name, texts.grads[k]));
      setText("equations", texts.equations);
      setText("saturation", texts.saturation);
    }
  }

  /* Paint record k: the views and unit maps, the weights block while playing, the counter,
     the charts and the marks on them. */
  function paint(live, k, now) {
    const run = live.run, c = live.context;
    if (!run || !c || !run.records[k]) return;
    live.shown = k;
    run.seen = Math.max(run.seen, k);
    const values = run.records[k].params;
    const drawn = isOther(c)
      ? window.tinynetNets.render(paramsOf(values, c), c.hidden, c.act, c.data, c.opts, c.config,
        c.templates, c.t)
      : window.tinynetApp.render(paramsOf(values, c), c.act, c.t, c.data, c.opts, c.config,
        c.templates);
    window.tinynetApp.shown = values.slice();
    const stamp = now || performance.now();
    if (live.playing) follow(live, values, drawn.views, stamp);
    setText("epoch-label", label(live, k));
    setText("accuracy", window.tinynetApp.readout(drawn.views, c.data));
    if (stamp - live.chartAt > READOUTS_EVERY_MS || !live.playing) {
      live.chartAt = stamp;
      window.tinynetRunCharts.draw(shownPart(run), c.templates, false);
    }
    window.tinynetRunCharts.mark(CHARTS, run.records[k].at);
    if (stamp - live.scrubAt > SCRUB_EVERY_MS || !live.playing) {
      live.scrubAt = stamp;
      live.scrubSet = k; // live.scrub ignores the echo of this, which may arrive frames later
      set("epoch", { value: k, max: Math.max(run.records.length - 1, planned(run), 1), disabled: false });
    }
  }

  /* The counter again (a frame that shows no new record: "training…" comes and goes). */
  function relabel(live) {
    setText("epoch-label", label(live, live.shown));
  }

  /* The charts as the run stands (handed to Dash too, so downloads have them). */
  function charts(live) {
    if (live.run && live.context) window.tinynetRunCharts.draw(shownPart(live.run), live.context.templates, true);
  }

  /* While a run plays, the weights block follows it and cannot be changed (Pause first). */
  function following(on) {
    const block = document.getElementById("part-weights");
    if (!block) return;
    block.classList.toggle("following", on);
    block.querySelectorAll(".weight-range").forEach((el) => (el.disabled = on));
    block.querySelectorAll(".weight-box input").forEach((el) => (el.readOnly = on));
    block.title = on ? "The weights of the epoch on screen. Pause to change them." : "";
  }

  function button(live) {
    const run = live.run;
    if (!run) return set("pause", { children: "Pause", disabled: true });
    const atEnd = live.shown >= run.records.length - 1;
    const text = live.playing ? "Pause" : run.done && atEnd ? "Replay" : "Resume";
    set("pause", { children: text, disabled: false });
  }

  /* No run any more: the bar and the charts as before the first one. */
  function clear(templates) {
    following(false);
    set("pause", { children: "Pause", disabled: true });
    set("epoch", { value: 0, max: 1, disabled: true });
    setText("epoch-label", "no run yet");
    if (templates) window.tinynetRunCharts.clear(templates);
    set("run", { data: null });
  }

  window.tinynetShow = {
    paint: paint, charts: charts, following: following, button: button, clear: clear,
    label: label, relabel: relabel, fmtEpoch: fmtEpoch, paramsOf: paramsOf,
  };
})();
