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
    const data = template.data.map((tr, k) =>
      Object.assign({}, tr, { x: at, y: run.records.map((r) => r.params[k]) }));
    const layout = Object.assign({}, template.layout, {
      xaxis: Object.assign({}, template.layout.xaxis, { range: [0, Math.max(run.epochs, 1)] }),
    });
    return { data: data, layout: layout };
  }

  function graphDiv(id) {
    return document.querySelector("#" + id + " .js-plotly-plot");
  }

  function show(id, fig, final) {
    const gd = graphDiv(id);
    if (gd && gd._fullLayout && window.Plotly) window.Plotly.react(gd, fig.data, fig.layout, gd._context);
    if (final || !gd) window.dash_clientside.set_props(id, { figure: fig });
  }

  function draw(run, templates, final) {
    if (!run || !templates.history) return;
    show("history-graph", historyFigure(templates.history, run), final);
    show("weights-graph", weightsFigure(templates.weights, run), final);
  }

  window.tinynetRunCharts = { draw: draw, historyFigure: historyFigure, weightsFigure: weightsFigure };
})();
