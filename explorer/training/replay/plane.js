/* The replay file's views of the 2-2-1 network: the input plane (replay/player.js draws it)
   and the hidden plane with the warped grid, the data and the output unit's line, from the
   explorer's own browser maths (window.tinynetMath). */
(function () {
  "use strict";
  window.tinynetReplayViews = function (R, common) {
    const M = window.tinynetMath;
    const NAMES = window.tinynetPage.NAMES;
    const act = { name: R.activation, value: R.act_param };

    function params(k) {
      const p = {};
      NAMES.forEach((name, i) => (p[name] = R.trajectory[k][i]));
      return p;
    }

    /* The straight grid of [-1, 1]^2, each line NaN-separated, as views.py draws it. */
    function grid() {
      const ticks = M.linspace(-1, 1, R.grid_lines), run = M.linspace(-1, 1, R.line_samples);
      const v = [], h = [];
      ticks.forEach(function (c) {
        run.forEach((r) => { v.push([c, r]); h.push([r, c]); });
        v.push(null);
        h.push(null);
      });
      return [v, h];
    }
    const families = grid();

    function warped(p, family) {
      const finite = family.filter((q) => q !== null);
      const moved = M.stage(p, finite, act, 3);
      let k = 0;
      const xs = [], ys = [];
      family.forEach(function (q) {
        if (q === null) { xs.push(null); ys.push(null); return; }
        xs.push(moved[k][0]);
        ys.push(moved[k][1]);
        k += 1;
      });
      return [xs, ys];
    }

    function outputLine(p) {
      const b = R.hidden_range, a1 = p.w13, a2 = p.w23, c = p.b13;
      if (a1 === 0 && a2 === 0) return [[], []];
      if (Math.abs(a2) >= Math.abs(a1)) {
        return [[b[0], b[1]], [-(a1 * b[0] + c) / a2, -(a1 * b[1] + c) / a2]];
      }
      return [[-(a2 * b[2] + c) / a1, -(a2 * b[3] + c) / a1], [b[2], b[3]]];
    }

    function hiddenPoints(p) {
      const h = M.forward(p, R.X, act).h;
      const out = [[[], []], [[], []]];
      h.forEach(function (q, i) {
        out[R.y[i]][0].push(q[0]);
        out[R.y[i]][1].push(q[1]);
      });
      return out;
    }

    function draw(k) {
      const p = params(k);
      common.drawInput(M.probaGrid(p, common.axis, act));
      const v = warped(p, families[0]), h = warped(p, families[1]);
      const pts = hiddenPoints(p), line = outputLine(p);
      const lines = (xy, color) => ({ type: "scatter", mode: "lines", x: xy[0], y: xy[1],
        line: { color: color, width: 1 }, opacity: 0.6, hoverinfo: "skip" });
      window.Plotly.react("hidden-view", [
        lines(v, R.grid_colors[0]), lines(h, R.grid_colors[1]),
        { type: "scatter", mode: "markers", x: pts[0][0], y: pts[0][1], marker: common.marker(0), hoverinfo: "skip" },
        { type: "scatter", mode: "markers", x: pts[1][0], y: pts[1][1], marker: common.marker(1), hoverinfo: "skip" },
        { type: "scatter", mode: "lines", x: line[0], y: line[1], hoverinfo: "skip",
          line: { color: R.line_color, dash: "dash", width: 2 } },
      ], common.layout("Hidden space: h = f(W x + b)", "h1", "h2", R.hidden_range), common.config);
    }

    return { draw: draw };
  };
})();
