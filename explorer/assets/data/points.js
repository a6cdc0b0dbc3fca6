/* Own points, as in the ConvNetJS demo: a click on the input plot adds a point of the chosen
   class (shift: the other class); the x1/x2 boxes and Add point do the same from the keyboard.
   The click only reports where it was (store "input-click"); add_point, a clientside callback,
   makes the new data, so the page's data has one writer per event. */
(function () {
  "use strict";

  function plotPoint(ev) {
    const drag = ev.target.closest && ev.target.closest("#input-graph .nsewdrag");
    if (!drag) return null;
    return window.tinynetCanvas.dataAt("input-graph", ev.clientX, ev.clientY);
  }

  document.addEventListener("click", function (ev) {
    const at = plotPoint(ev);
    if (!at || !Number.isFinite(at.x1) || !window.dash_clientside || !window.dash_clientside.set_props) return;
    // The Network tab's "a click follows it" (views/follow.js): the click picks a point instead.
    if (window.tinynetFollow && window.tinynetFollow.takesClick(at)) return;
    window.dash_clientside.set_props("input-click", {
      data: { x1: at.x1, x2: at.x2, other: ev.shiftKey, at: Date.now() },
    });
  });

  function add_point(click, n, x1, x2, chosen, data, config) {
    const skip = window.dash_clientside.no_update;
    const ctx = window.dash_clientside.callback_context;
    const by = ctx.triggered.length ? ctx.triggered[0].prop_id : "";
    let point;
    let label = chosen === 1 || chosen === "1" ? 1 : 0;
    if (by.startsWith("input-click") && click) {
      point = [click.x1, click.x2];
      if (click.other) label = 1 - label;
    } else if (by.startsWith("add-point") && n) {
      point = [Number(x1), Number(x2)];
    } else {
      return [skip, skip, skip];
    }
    const edge = config.limits.INPUT_VIEW;
    const typedEmpty = by.startsWith("add-point") && (x1 === null || x2 === null);
    const inside = point.every((v) => Number.isFinite(v) && Math.abs(v) <= edge);
    if (typedEmpty || !inside) {
      return [skip, "A point needs x1 and x2 between -" + edge + " and " + edge +
        ". Nothing was changed.", skip];
    }
    if (!data || !Array.isArray(data.X) || !Array.isArray(data.drawn)) return [skip, skip, skip];
    if (data.y.length >= config.max_samples) {
      return [skip, "The data already has " + config.max_samples +
        " points, the most it can hold. Nothing was changed.", skip];
    }
    point = point.map((v) => Math.round(v * 1e4) / 1e4);
    const next = Object.assign({}, data, {
      X: data.X.concat([point]),
      y: data.y.concat([label]),
      drawn: data.drawn.concat([data.y.length]),
      name: "own",
    });
    const added = (data.added || 0) + 1;
    next.added = added;
    return [
      next,
      "Added a class " + label + " point at (" + point[0] + ", " + point[1] + ").",
      "Your own points: " + added + " added by hand. Copy link carries them.",
    ];
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    tinynet_points: { add_point: add_point },
  });
})();
