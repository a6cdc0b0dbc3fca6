/* The replay file's views of any tiny network but 2-2-1: the input plane (replay/player.js
   draws it) and one view per hidden layer, drawn by the explorer's own code for them
   (assets/architectures/numbers.js and views.js over views/mlp.js): a layer of one unit on a line, two on a
   plane, three in a 3-D view to turn (plotly's gl3d bundle, inlined as tinynetPlotly3d). Each
   layer's box is the same at every epoch (R.spans: its units' extents over the run). */
(function () {
  "use strict";
  window.tinynetReplayViews = function (R, common) {
    const NV = window.tinynetNetViews;
    const names = window.tinynetMLP.names(R.hidden);
    const act = { name: R.activation, value: R.act_param };
    const data = { X: R.X, y: R.y, drawn: R.X.map((_, i) => i) };
    const spec = R.config.activations[act.name];
    const turnable = Object.assign({}, common.config, { scrollZoom: false });

    function params(k) {
      const p = {};
      names.forEach((name, i) => (p[name] = R.trajectory[k][i]));
      return p;
    }

    function draw(k) {
      const v = NV.compute(params(k), R.hidden, act, data, R.config, false);
      v.spans = R.spans;
      common.drawInput(v.proba);
      R.hidden.forEach(function (units, l) {
        const fig = NV.layerFigure(v, l, spec, act, R.config);
        fig.layout.title.font = { size: 15 };
        const plotly = units === 3 ? window.tinynetPlotly3d : window.Plotly;
        plotly.react("layer-view-" + (l + 1), fig.data, fig.layout, units === 3 ? turnable : common.config);
      });
    }

    return { draw: draw };
  };
})();
