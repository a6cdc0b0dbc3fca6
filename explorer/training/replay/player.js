/* The replay file's player: every epoch of a run drawn from its weights with the explorer's own
   browser maths (window.tinynetMath, inlined above this script), in plain HTML controls (a
   button, a slider, a speed list) that a keyboard reaches like any other. */
(function () {
  "use strict";
  const R = JSON.parse(document.getElementById("replay-data").textContent);
  const M = window.tinynetMath;
  const NAMES = window.tinynetPage.NAMES;
  const SPEEDS = { slow: 4, normal: 16, fast: 60, whole: 0 }; // epochs a second; whole: 2 s
  const axis = M.linspace(-R.input_view, R.input_view, R.heatmap_n);
  const act = { name: R.activation, value: R.act_param };
  const epochs = R.trajectory.length - 1;
  const el = (id) => document.getElementById(id);
  const slider = el("epoch"), button = el("play"), speed = el("speed"), status = el("status");
  const calm = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

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

  // Equal units; the plot area shrinks to the ranges' shape (the ranges never change here).
  const axisStyle = { zeroline: false, showline: true, mirror: true, linecolor: "#999",
                      ticks: "outside", fixedrange: true, constrain: "domain" };
  function layout(title, xt, yt, range) {
    return {
      title: { text: title, x: 0.02, xanchor: "left", font: { size: 15 } },
      margin: { l: 50, r: 12, t: 40, b: 44 }, showlegend: false, dragmode: false,
      xaxis: Object.assign({ title: { text: xt }, range: range.slice(0, 2) }, axisStyle),
      yaxis: Object.assign({ title: { text: yt }, range: range.slice(2, 4), scaleanchor: "x" }, axisStyle),
    };
  }
  const config = { displaylogo: false, responsive: true,
                   modeBarButtons: [["toImage"]], toImageButtonOptions: { filename: "tinynet-replay" } };
  const marker = (k) => ({ color: R.colors[k], symbol: k ? "triangle-up" : "circle", size: 6 });
  const inputPoints = [0, 1].map((k) => ({
    type: "scatter", mode: "markers", marker: marker(k), hoverinfo: "skip",
    x: R.X.filter((_, i) => R.y[i] === k).map((q) => q[0]),
    y: R.X.filter((_, i) => R.y[i] === k).map((q) => q[1]),
  }));
  const inputRange = [-R.input_view, R.input_view, -R.input_view, R.input_view];

  function draw(k) {
    const p = params(k);
    const z = M.probaGrid(p, axis, act);
    window.Plotly.react("input-view", [
      { type: "heatmap", x: axis, y: axis, z: z, zmin: 0, zmax: 1, colorscale: R.proba_scale,
        showscale: false, hoverinfo: "skip", zsmooth: "best" },
      { type: "contour", x: axis, y: axis, z: z, showscale: false, hoverinfo: "skip",
        contours: { start: 0.5, end: 0.5, size: 1, coloring: "none" },
        line: { color: R.line_color, dash: "dash", width: 2 } },
    ].concat(inputPoints), layout("Input space: p(class 1)", "x1", "x2", inputRange), config);
    const v = warped(p, families[0]), h = warped(p, families[1]);
    const pts = hiddenPoints(p), line = outputLine(p);
    const lines = (xy, color) => ({ type: "scatter", mode: "lines", x: xy[0], y: xy[1],
      line: { color: color, width: 1 }, opacity: 0.6, hoverinfo: "skip" });
    window.Plotly.react("hidden-view", [
      lines(v, R.grid_colors[0]), lines(h, R.grid_colors[1]),
      { type: "scatter", mode: "markers", x: pts[0][0], y: pts[0][1], marker: marker(0), hoverinfo: "skip" },
      { type: "scatter", mode: "markers", x: pts[1][0], y: pts[1][1], marker: marker(1), hoverinfo: "skip" },
      { type: "scatter", mode: "lines", x: line[0], y: line[1], hoverinfo: "skip",
        line: { color: R.line_color, dash: "dash", width: 2 } },
    ], layout("Hidden space: h = f(W x + b)", "h1", "h2", R.hidden_range), config);
    const at = (i) => (R.at.length ? R.at[i] : i);
    const fmt = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(2));
    const parts = ["Epoch " + fmt(at(k)) + " of " + fmt(at(epochs))];
    if (R.loss[k] !== undefined && R.loss[k] !== null) parts.push("loss " + R.loss[k].toFixed(4));
    if (R.accuracy[k] !== undefined && R.accuracy[k] !== null) {
      parts.push("accuracy " + (100 * R.accuracy[k]).toFixed(1) + "%");
    }
    status.textContent = parts.join(" · ");
    slider.value = String(k);
    slider.setAttribute("aria-valuetext", status.textContent);
    shown = k;
  }

  let shown = 0, playing = false, carry = 0, last = null;

  function tick(now) {
    if (!playing) return;
    const dt = last === null ? 0 : Math.min(now - last, 250) / 1000;
    last = now;
    const rate = SPEEDS[speed.value] || epochs / 2;
    carry += dt * rate;
    const step = Math.floor(carry);
    if (step > 0) {
      carry -= step;
      draw(Math.min(shown + step, epochs));
    }
    if (shown >= epochs) return stop();
    window.requestAnimationFrame(tick);
  }

  function start() {
    if (shown >= epochs) draw(0);
    playing = true;
    carry = 0;
    last = null;
    button.textContent = "Pause";
    status.setAttribute("aria-live", "off"); // a frame's numbers are not read out one by one
    window.requestAnimationFrame(tick);
  }

  function stop() {
    playing = false;
    button.textContent = shown >= epochs ? "Play again" : "Play";
    status.setAttribute("aria-live", "polite");
  }

  button.addEventListener("click", () => (playing ? stop() : start()));
  slider.addEventListener("input", function () {
    stop();
    draw(Number(slider.value));
  });
  slider.max = String(epochs);
  draw(0);
  if (!calm && R.autoplay) start();
  window.tinynetReplay = { draw: draw, shown: () => shown, playing: () => playing };
})();
