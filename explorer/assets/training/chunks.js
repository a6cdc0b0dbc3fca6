/* Asking the server for training chunks (explorer/training/chunks.py), for live runs (live.js)
   and restarts (restarts.js) alike: what a request says about the options and the data, and
   what a "busy" answer means (ask again after the server's pause, for as long as it takes). */
(function () {
  "use strict";
  // The order of the option controls in the callbacks' states (training/callbacks.py).
  const OPTION_FIELDS = ["optimizer", "lr", "epochs", "batch_size", "loss", "init", "seed", "l2",
    "test_fraction", "start"];

  function optionsFrom(values) {
    const options = {};
    OPTION_FIELDS.forEach((f, i) => (options[f] = values[i]));
    return options;
  }

  /* What a request says about the data: a built-in set by its recipe (the server makes it
     again), anything else (uploaded, points added) as the points themselves. */
  function dataRef(data) {
    const recipe = data.made_by || {};
    if (Object.keys(recipe).length && !data.added && data.name === recipe.dataset) {
      return { made_by: recipe };
    }
    return { X: data.X, y: data.y };
  }

  /* A request for `count` fresh runs: the options, activation and data, the weights shown to
     start from and the network they are of (the one views/app.js keeps; 2-2-1 names none). */
  function freshRequest(opts, activation, actParam, data, weights, count) {
    const hidden = window.tinynetApp.arch || [2];
    const request = { options: opts, activation: activation, act_param: actParam,
                      data: dataRef(data), start: weights, count: count };
    if (!window.tinynetNets.isDefault(hidden)) request.hidden = hidden.slice();
    return request;
  }

  /* A "busy" answer: `send` the request again after the server's pause (seconds), spread a
     little so that waiting pages do not all come back in the same instant, unless by then
     `stillWanted()` says the page has moved on. A new object, so the store sees a change. */
  function askAgain(request, seconds, stillWanted, send) {
    const s = Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 5) : 1;
    setTimeout(function () {
      if (stillWanted()) send(Object.assign({}, request, { tries: (request.tries || 0) + 1 }));
    }, 1000 * s * (0.75 + 0.5 * Math.random()));
  }

  window.tinynetChunks = {
    optionsFrom: optionsFrom, dataRef: dataRef, freshRequest: freshRequest, askAgain: askAgain,
  };
})();
