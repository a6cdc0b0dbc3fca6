/* Restarts: many seeds trained side by side, chunk by chunk like a live run (each answer keeps
   only each run's latest record), the plot of their losses moving as they train. A click on a
   run starts it as a live run to watch. More runs than one request may train on these points
   (training/chunks.py group_size) come in groups, one after the other: the server trains the
   first and says how many are `later`; each group's results stay on the plot. */
(function () {
  "use strict";
  const R = { id: null, request: null, runs: null, latest: [], done: true, finished: [],
              offset: 0, later: 0, total: 0 };
  let nextId = 1;

  function pct(v) {
    return (100 * v).toFixed(1) + "%";
  }

  /* The restarts figure (explorer/training/figures.py restarts_figure) for the runs so far. */
  function figure(template, rows) {
    const data = template.data.map(function (tr, k) {
      const mine = rows.filter((r) => (r.accuracy === 1) === (k === 0));
      return Object.assign({}, tr, {
        x: mine.map((r) => r.seed),
        y: mine.map((r) => Math.max(r.loss, 1e-6)),
        customdata: mine.map((r) => r.seed),
        text: mine.map((r) => "seed " + r.seed + ": loss " + r.loss.toFixed(4) + ", accuracy " + pct(r.accuracy)),
      });
    });
    return { data: data, layout: template.layout };
  }

  /* Every run so far: the groups done, then the one training. */
  function rows() {
    return R.finished.concat(R.runs.map((s, k) => ({
      seed: s.seed,
      loss: R.latest[k] ? R.latest[k].loss : NaN,
      accuracy: R.latest[k] ? R.latest[k].accuracy : 0,
      stopped: s.stopped,
    })).filter((r) => Number.isFinite(r.loss)));
  }

  /* Restarts of the same settings on other networks, side by side: "2-2-1: 0 of 20 reach
     98%; 2-3-1: 12 of 20". Another activation, data or option starts the comparison anew. */
  const spreads = { key: null, rows: {} };
  function byNetwork(list) {
    const q = R.request;
    const data = q.data.made_by ? q.data.made_by : "own " + (q.data.y || []).length;
    const key = JSON.stringify([q.activation, q.act_param, data, q.options]);
    if (spreads.key !== key) {
      spreads.key = key;
      spreads.rows = {};
    }
    const label = [2].concat(q.hidden || [2], [1]).join("-");
    spreads.rows[label] = [list.filter((r) => r.accuracy >= 0.98).length, list.length];
    const labels = Object.keys(spreads.rows).sort();
    if (labels.length < 2) return "";
    return " By network, with the same settings: " + labels.map((l) =>
      l + ": " + spreads.rows[l][0] + " of " + spreads.rows[l][1]).join("; ") + " reach 98%.";
  }

  function summary(list, epochs) {
    const perfect = list.filter((r) => r.accuracy === 1).length;
    const stopped = list.filter((r) => r.stopped).length;
    const losses = list.map((r) => r.loss).sort((a, b) => a - b);
    let text = perfect + " of " + list.length + " runs reach 100% training accuracy";
    if (stopped) text += "; " + stopped + " stopped early (diverged or blew up)";
    if (losses.length) {
      text += ". Loss after " + epochs + " epochs: median " +
        losses[Math.floor(losses.length / 2)].toPrecision(3) + ", worst " +
        losses[losses.length - 1].toPrecision(3) + ".";
    }
    return text + byNetwork(list) + " Click a run to watch it.";
  }

  function send(request) {
    R.asked = request;
    window.dash_clientside.set_props("restarts-request", { data: request });
  }

  function restarts_click(n, count) {
    const skip = window.dash_clientside.no_update;
    if (!n) return [skip];
    const values = window.tinynetLive.stateValues(Array.prototype.slice.call(arguments, 2));
    const [options, weights, activation, actParam, data] = values;
    if (!window.tinynetApp.validData(data)) return ["The data did not load; reload the page."];
    const opts = window.tinynetChunks.optionsFrom(options);
    const howMany = Number(String(count).replace(",", "."));
    if (!Number.isInteger(howMany) || howMany < 1 || howMany > 200) {
      return ["Runs must be a whole number from 1 to 200."];
    }
    R.id = "restarts-" + nextId++;
    R.request = window.tinynetChunks.freshRequest(opts, activation, actParam, data, weights, howMany);
    R.runs = null;
    R.latest = [];
    R.done = false;
    R.finished = [];
    R.offset = 0;
    R.later = 0;
    R.total = howMany;
    R.epochs = Number(opts.epochs) || 0;
    send(Object.assign({}, R.request, { id: R.id, goal: "run" }));
    return ["Training " + howMany + " runs side by side…"];
  }

  function take_restarts(answer, templates) {
    const skip = window.dash_clientside.no_update;
    if (!answer || answer.id !== R.id) return [skip];
    if (answer.busy) {
      const id = R.id;
      window.tinynetChunks.askAgain(R.asked, answer.busy, () => R.id === id && !R.done, send);
      return ["The server is busy training for others; waiting…"];
    }
    if (answer.error) {
      R.done = true;
      return [answer.error];
    }
    const fresh = R.runs === null;
    R.runs = answer.runs;
    R.latest = answer.records.map((recs, k) => (recs.length ? recs[recs.length - 1] : R.latest[k]));
    if (fresh) R.later = Number.isInteger(answer.later) ? answer.later : 0;
    const list = rows();
    window.dash_clientside.set_props("restarts-graph", { figure: figure(templates.restarts, list) });
    const epoch = R.runs.length ? R.runs[0].epoch : 0;
    const group = R.later || R.offset ? " (runs " + (R.offset + 1) + "–" + (R.offset + R.runs.length) +
      " of " + R.total + ")" : "";
    if (answer.done && R.later > 0) {
      // This group is done: its runs stay on the plot, and the next group starts.
      R.finished = list;
      R.offset += R.runs.length;
      const count = R.later;
      R.runs = null;
      R.latest = [];
      send(Object.assign({}, R.request, { id: R.id, goal: "run", count: count, offset: R.offset }));
      return ["Runs 1–" + R.offset + " of " + R.total + " trained; training the next ones…"];
    }
    R.done = answer.done;
    if (!R.done) {
      send(Object.assign({}, R.request, { id: R.id, goal: "run", runs: R.runs }));
      return ["Epoch " + epoch + " of " + R.epochs + group + ": " +
        list.filter((r) => r.accuracy === 1).length + " of " + list.length + " runs at 100% so far…"];
    }
    return [summary(list, epoch)];
  }

  function pick_restart(click) {
    const skip = window.dash_clientside.no_update;
    const seed = click && click.points && click.points[0] ? click.points[0].customdata : null;
    if (!Number.isInteger(seed)) return [skip, skip];
    const values = window.tinynetLive.stateValues(Array.prototype.slice.call(arguments, 1));
    window.dash_clientside.set_props("train-seed", { value: String(seed) });
    if (!window.tinynetLive.start("run", values, { seed: seed, start: "init" })) return [skip, skip];
    return ["", "Watching the run with seed " + seed + "…"];
  }

  window.tinynetRestarts = R;
  window.tinynetPage.register({
    restarts_click: restarts_click,
    take_restarts: take_restarts,
    pick_restart: pick_restart,
  });
})();
