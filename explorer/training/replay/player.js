/* The replay file's player: every epoch of a run drawn from its weights with the explorer's own
   browser maths (inlined above this script), in plain HTML controls (a button, a slider, a
   speed list) that a keyboard reaches like any other. The input plane is drawn here; the
   hidden views by replay/plane.js (2-2-1) or replay/layers.js (any other network). */
(function () {
  "use strict";
  const R = JSON.parse(document.getElementById("replay-data").textContent);
  const M = window.tinynetMath;
  const SPEEDS = { slow: 4, normal: 16, fast: 60, whole: 0 }; // epochs a second; whole: 2 s
  const axis = M.linspace(-R.input_view, R.input_view, R.heatmap_n);
  const epochs = R.trajectory.length - 1;
  const el = (id) => document.getElementById(id);
  const slider = el("epoch"), button = el("play"), speed = el("speed"), status = el("status");
  const calm = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

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

  function drawInput(z) {
    window.Plotly.react("input-view", [
      { type: "heatmap", x: axis, y: axis, z: z, zmin: 0, zmax: 1, colorscale: R.proba_scale,
        showscale: false, hoverinfo: "skip", zsmooth: "best" },
      { type: "contour", x: axis, y: axis, z: z, showscale: false, hoverinfo: "skip",
        contours: { start: 0.5, end: 0.5, size: 1, coloring: "none" },
        line: { color: R.line_color, dash: "dash", width: 2 } },
    ].concat(inputPoints), layout("Input space: p(class 1)", "x1", "x2", inputRange), config);
  }

  const views = window.tinynetReplayViews(R, {
    axis: axis, layout: layout, config: config, marker: marker, drawInput: drawInput,
  });

  function draw(k) {
    views.draw(k);
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
