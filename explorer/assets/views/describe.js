/* The views in words, for a screen reader (the sr-only paragraphs under the input and hidden
   views): accuracy, how many points of each class are on the wrong side with a few of them,
   where the boundary runs in the input plane, and where the output line runs in the hidden
   space. app.js's render hands over every picture; the words (a pass over the data) are
   written once the picture has stood still for SETTLE ms, or every MAX_WAIT ms while it keeps
   moving, and then in the browser's idle time, so a drag or a run keeps its frame rate. They
   always end on the picture last shown. */
(function () {
  "use strict";
  const SETTLE = 400;
  const MAX_WAIT = 2000;
  let latest = null;
  let timer = null;
  let since = 0; // when the oldest picture not yet in words was handed over

  function num(v) {
    return (Math.abs(v) < 0.005 ? 0 : v).toFixed(2).replace("-", "−");
  }

  /* The pieces of a NaN-separated polyline. */
  function pieces(points) {
    const out = [];
    let current = [];
    (points || []).forEach(function (q) {
      if (Number.isNaN(q[0]) || Number.isNaN(q[1])) {
        if (current.length > 1) out.push(current);
        current = [];
      } else {
        current.push(q);
      }
    });
    if (current.length > 1) out.push(current);
    return out;
  }

  /* Where a point of a curve lies: on an edge of the box [x0, x1] x [y0, y1], or inside. */
  function place(q, box, names) {
    const [x0, x1, y0, y1] = box;
    const near = 1e-6 * Math.max(x1 - x0, y1 - y0) + 1e-9;
    if (Math.abs(q[0] - x0) < near) return "the left edge at " + names[1] + " = " + num(q[1]);
    if (Math.abs(q[0] - x1) < near) return "the right edge at " + names[1] + " = " + num(q[1]);
    if (Math.abs(q[1] - y0) < near) return "the bottom edge at " + names[0] + " = " + num(q[0]);
    if (Math.abs(q[1] - y1) < near) return "the top edge at " + names[0] + " = " + num(q[0]);
    return "(" + num(q[0]) + ", " + num(q[1]) + ")";
  }

  function curves(points, box, names, what) {
    const found = pieces(points);
    if (!found.length) return "";
    const said = found.slice(0, 3).map(function (c) {
      const a = c[0], b = c[c.length - 1];
      const closed = Math.hypot(a[0] - b[0], a[1] - b[1]) < 1e-6 * (box[1] - box[0]);
      if (closed) {
        const cx = c.reduce((s, q) => s + q[0], 0) / c.length;
        const cy = c.reduce((s, q) => s + q[1], 0) / c.length;
        return "a closed curve around (" + num(cx) + ", " + num(cy) + ")";
      }
      return "from " + place(a, box, names) + " to " + place(b, box, names);
    });
    const more = found.length > 3 ? " and " + (found.length - 3) + " more pieces" : "";
    return what + (found.length > 1 ? " runs in " + found.length + " pieces: " : " runs ") +
      said.join("; ") + more + ".";
  }

  function inputWords(d) {
    const { p, act, v, data, config } = d;
    const L = config.limits;
    const box = [-L.INPUT_VIEW, L.INPUT_VIEW, -L.INPUT_VIEW, L.INPUT_VIEW];
    // The logits the views were drawn from (views.js keeps them), else a pass of their own.
    const logit = v.logit || window.tinynetViews.logitsOf(v) ||
      window.tinynetMath.forward(p, data.X, act).logit;
    const n = [0, 0], wrong = [0, 0], examples = [];
    data.y.forEach(function (label, i) {
      n[label] += 1;
      if ((logit[i] > 0) !== (label === 1)) {
        wrong[label] += 1;
        if (examples.length < 3) {
          examples.push("(" + num(data.X[i][0]) + ", " + num(data.X[i][1]) + ") of class " + label);
        }
      }
    });
    let boundary = curves(v.boundary, box, ["x1", "x2"], "The decision boundary p = 0.5");
    if (!boundary) {
      let above = 0, cells = 0;
      v.proba.forEach((row) => row.forEach((q) => { cells += 1; if (q > 0.5) above += 1; }));
      boundary = "No decision boundary in view: the network says " + (above === cells ?
        "class 1 everywhere in it." : above === 0 ? "class 0 everywhere in it." :
        "class 1 on " + (100 * above / cells).toFixed(0) + "% of it, where p is over 0.5, " +
        "and p is exactly 0.5 on the rest.");
    }
    const total = data.y.length;
    return "Input view, the plane of x1 and x2 from " + num(box[0]) + " to " + num(box[1]) +
      ", coloured by the probability of class 1. " + boundary + " Accuracy " +
      (100 * v.accuracy).toFixed(1) + "% of " + total + " points: " + wrong[0] + " of " + n[0] +
      " class 0 points (circles) and " + wrong[1] + " of " + n[1] +
      " class 1 points (triangles) are on the wrong side" +
      (examples.length ? ", for example " + examples.join(", ") : "") + ".";
  }

  /* Another network's hidden layers: each one's view, where its units' values run on the data,
     and what the next layer draws in it. */
  function layerWords(d) {
    const { v } = d;
    const kinds = ["", "a number line", "a plane", "a 3-D view you can turn"];
    const said = v.hidden.map(function (units, l) {
      const values = v.points[l];
      const spans = [];
      for (let u = 0; u < units; u++) {
        const seen = values.map((h) => h[u]).filter(Number.isFinite);
        if (seen.length) {
          spans.push("h" + (l + 1) + "_" + (u + 1) + " from " + num(Math.min(...seen)) + " to " +
            num(Math.max(...seen)));
        }
      }
      const cut = ["", "threshold", "line", "plane"][units];
      const morphing = window.tinynetNetViews.stageWords(v, l);
      const next = morphing ? "what the next layer does shows when this layer is whole" :
        l === v.hidden.length - 1 ? "the output unit's " + cut + " cuts it" :
        "the " + v.hidden[l + 1] + " units of layer " + (l + 2) + " each cut it along their own " + cut;
      return "Hidden layer " + (l + 1) + ", " + units + (units > 1 ? " units" : " unit") + ", " +
        kinds[units] + (morphing ? ", at " + morphing : "") + ": the drawn points have " +
        spans.join(", ") + "; " + next + ".";
    });
    return said.join(" ") + " The output gets " + (100 * v.accuracy).toFixed(1) +
      "% of the points right.";
  }

  function hiddenWords(d) {
    if (d.hidden && !window.tinynetNets.isDefault(d.hidden)) return layerWords(d);
    const { p, v, t } = d;
    const stages = ["the input x", "W x", "W x + b", "f(W x + b)"];
    const at = t >= 3 ? "the hidden space h = f(W x + b)" :
      "stage " + t.toFixed(2) + ", between " + stages[Math.floor(t)] + " and " + stages[Math.floor(t) + 1];
    let line;
    if (t < 3) {
      line = "The output line shows at the last stage.";
    } else if (p.w13 === 0 && p.w23 === 0) {
      line = "There is no output line: w13 = w23 = 0, so p is the same everywhere.";
    } else {
      const b = v.range;
      line = curves(v.line, [b[0], b[1], b[2], b[3]], ["h1", "h2"],
        "The output line w13 h1 + w23 h2 + b13 = 0") ||
        "The output line lies outside the view: every point is on one side of it.";
    }
    return "Hidden view, showing the grid and the points at " + at + ", h1 across from " +
      num(v.range[0]) + " to " + num(v.range[1]) + ", h2 up from " + num(v.range[2]) + " to " +
      num(v.range[3]) + ". " + line;
  }

  function write() {
    timer = null;
    since = 0;
    const d = latest;
    if (!d) return;
    const input = document.getElementById("input-graph-text");
    const hidden = document.getElementById("hidden-graph-text");
    if (input) input.textContent = inputWords(d);
    if (hidden) hidden.textContent = hiddenWords(d);
  }

  /* From app.js's render: the picture just drawn. */
  function picture(p, act, t, v, data, config, hidden) {
    latest = { p: p, act: act, t: t, v: v, data: data, config: config, hidden: hidden };
    const now = performance.now();
    if (!since) since = now;
    if (timer !== null) clearTimeout(timer);
    const wait = Math.max(0, Math.min(SETTLE, since + MAX_WAIT - now));
    timer = setTimeout(function () {
      if (window.requestIdleCallback) window.requestIdleCallback(write, { timeout: 500 });
      else write();
    }, wait);
  }

  window.tinynetDescribe = { picture: picture };
})();
