/* The run's charts as it grows: loss and accuracy (Training tab) and the nine weights (Explore
   tab), filled into the figures explorer/training/figures.py styles (the `templates` store). While
   a run plays they are drawn straight with Plotly a few times a second; when it stands still
   the figures are handed to Dash too, so downloads and later renders have them. */
(function () {
  "use strict";

  function column(records, key) {
    return records.map((r) => (r[key] === undefined ? null : r[key]));
  }

  function historyFigure(template, run) {
    const at = column(run.records, "at");
    const hasTest = run.records.some((r) => r.test_loss !== null && r.test_loss !== undefined);
    const keys = ["loss", "accuracy", "test_loss", "test_accuracy"];
    const data = template.data.map(function (tr, i) {
      const test = i >= 2;
      return Object.assign({}, tr, {
        x: at, y: column(run.records, keys[i]), visible: !test || hasTest,
      });
    });
    const layout = Object.assign({}, template.layout, {
      xaxis: Object.assign({}, template.layout.xaxis, { range: [0, Math.max(run.epochs, 1)] }),
      yaxis: Object.assign({}, template.layout.yaxis, {
        title: { text: "loss (" + (run.lossKind || "bce") + ")" },
      }),
    });
    return { data: data, layout: layout };
  }

  function weightsFigure(template, run) {
    const at = column(run.records, "at");
    const names = run.hidden ? window.tinynetMLP.names(run.hidden) : [];
    // Another network than 2-2-1: a line per parameter it has, in the template's style.
    const traces = names.length && names.length !== template.data.length
      ? names.map((name, k) => Object.assign({}, template.data[k % template.data.length],
        { name: name, line: { width: 1.5 } }))
      : template.data;
    const data = traces.map((tr, k) =>
      Object.assign({}, tr, { x: at, y: run.records.map((r) => r.params[k]) }));
    const layout = Object.assign({}, template.layout, {
      xaxis: Object.assign({}, template.layout.xaxis, { range: [0, Math.max(run.epochs, 1)] }),
    });
    return { data: data, layout: layout };
  }

  function graphDiv(id) {
    return document.querySelector("#" + id + " .js-plotly-plot");
  }

  // The epoch shown, marked on each chart; drawn again whenever Plotly lays a chart out anew
  // (a tab opening gives it its real size), so the mark always sits on the shown epoch.
  const marks = {};

  function hook(id, gd) {
    if (gd.tinynetMarkHooked) return;
    gd.tinynetMarkHooked = true;
    gd.on("plotly_afterplot", function () {
      if (marks[id] !== undefined) window.tinynetCanvas.markEpoch([id], marks[id]);
    });
  }

  function show(id, fig, final) {
    const gd = graphDiv(id);
    if (gd && gd._fullLayout && window.Plotly) {
      hook(id, gd);
      window.Plotly.react(gd, fig.data, fig.layout, gd._context);
    }
    if (final || !gd) window.dash_clientside.set_props(id, { figure: fig });
  }

  function draw(run, templates, final) {
    if (!run || !templates.history) return;
    show("history-graph", historyFigure(templates.history, run), final);
    show("weights-graph", weightsFigure(templates.weights, run), final);
  }

  function mark(ids, epoch) {
    ids.forEach((id) => (marks[id] = epoch));
    window.tinynetCanvas.markEpoch(ids, epoch);
  }

  /* The charts as they are before any run: empty, no mark. */
  function clear(templates) {
    if (!templates.history) return;
    ["history-graph", "weights-graph"].forEach((id) => delete marks[id]);
    window.tinynetCanvas.markEpoch(["history-graph", "weights-graph"], null);
    show("history-graph", templates.history, true);
    show("weights-graph", templates.weights, true);
  }

  window.tinynetRunCharts = {
    draw: draw, mark: mark, clear: clear, historyFigure: historyFigure, weightsFigure: weightsFigure,
  };
})();
