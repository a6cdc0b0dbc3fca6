/* Follow a point (explorer/views/follow.py): the network's arithmetic for one point, layer by
   layer with the numbers plugged in, and the point marked in the input and hidden views.
   app.js's render calls mark() on every repaint, so the walk follows the sliders, a run's
   frames and the morph; the point is chosen with Previous/Next (the data's points, in
   order), typed x1 and x2, or a click on the input view when "follows it" is chosen. Written
   for any architecture through mlp.js (the 2-2-1 network's names are the classroom's). */
(function () {
  "use strict";
  const S = { point: null, index: null, last: null, text: "" };
  const NEAR = 0.05; // a click this close (input units) to a drawn point picks that point
  const EDGE = 1e6; // a typed point is a number within this, like the state gate's weights

  function num(v) {
    const t = Math.abs(v) < 5e-4 ? "0.000" : v.toFixed(3);
    return t.replace("-", "−");
  }
  function factor(v) {
    return v <= -5e-4 ? "(" + num(v) + ")" : num(v);
  }

  /* The lines of the walk for weights p (names -> values) of the network `hidden`. */
  function walk(p, hidden, act, x, header, label) {
    const N = window.tinynetMLP;
    const names = N.names(hidden);
    const net = N.layers(p, hidden);
    const run = N.forward(net, [x], act);
    const lines = [header];
    let inputs = ["x1", "x2"];
    let values = x;
    let k = 0;
    net.forEach(function (layer, l) {
      const last = l === net.length - 1;
      // 2-2-1's units are the classroom's h1 and h2; the others' h{layer}_{unit}.
      const units = last ? ["logit"] : layer.b.map((_, u) =>
        (N.shapes(hidden).length === 2 && hidden[0] === 2 ? "h" : "h" + (l + 1) + "_") + (u + 1));
      const wNames = [];
      layer.W.forEach((row) => wNames.push(row.map(() => names[k++])));
      const bNames = layer.b.map(() => names[k++]);
      const z = last ? [run.logit[0]] : run.zs[0][l];
      const h = last ? null : run.hs[0][l];
      lines.push("");
      units.forEach(function (unit, u) {
        const symbolic = wNames[u].map((w, i) => w + "·" + inputs[i]).join(" + ") + " + " + bNames[u];
        const numeric = layer.W[u].map((w, i) => num(w) + "·" + factor(values[i])).join(" + ") +
          " + " + factor(layer.b[u]);
        const pad = " ".repeat(unit.length + 1);
        if (last) {
          lines.push(unit + " = " + symbolic, pad + "= " + numeric, pad + "= " + num(z[u]));
        } else if (act.name === "softmax") {
          lines.push("z" + unit + " = " + symbolic, " ".repeat(unit.length + 2) + "= " + numeric +
            " = " + num(z[u]));
        } else {
          lines.push(unit + " = " + act.name + "(" + symbolic + ")",
            pad + "= " + act.name + "(" + numeric + ")",
            pad + "= " + act.name + "(" + num(z[u]) + ") = " + num(h[u]));
        }
      });
      if (!last && act.name === "softmax") {
        lines.push("(" + units.join(", ") + ") = softmax(" + units.map((u) => "z" + u).join(", ") +
          ") = (" + h.map(num).join(", ") + ")");
      }
      inputs = units;
      values = h;
    });
    const prob = run.proba[0];
    const says = run.logit[0] > 0 ? 1 : 0;
    lines.push("", "p = sigmoid(logit) = sigmoid(" + num(run.logit[0]) + ") = " + num(prob));
    lines.push("p " + (says ? "> " : "≤ ") + "0.5: the network says class " + says + ".");
    if (label === 0 || label === 1) {
      lines.push("The point is class " + label + (label === says ? ": right." : ": misclassified."));
    }
    lines.push("(Numbers rounded to three decimals.)");
    return lines.join("\n");
  }

  /* A small diamond and a cross through (x, y), sized to the axis span. */
  function marks(x, y, span) {
    const r = 0.035 * span;
    const line = { color: "#111", width: 2 };
    return [
      { type: "path", xref: "x", yref: "y", line: line,
        path: "M" + (x - r) + "," + y + " L" + x + "," + (y + r) + " L" + (x + r) + "," + y +
          " L" + x + "," + (y - r) + " Z" },
      { type: "path", xref: "x", yref: "y", line: { color: "#111", width: 1 },
        path: "M" + (x - 2 * r) + "," + y + " L" + (x - r) + "," + y + " M" + (x + r) + "," + y +
          " L" + (x + 2 * r) + "," + y },
    ];
  }

  function addMarks(fig, x, y, fallbackSpan) {
    if (!fig || !fig.layout || !Number.isFinite(x) || !Number.isFinite(y)) return;
    const range = fig.layout.xaxis && fig.layout.xaxis.range;
    const span = range ? Math.abs(range[1] - range[0]) : fallbackSpan;
    fig.layout.shapes = (fig.layout.shapes || []).concat(marks(x, y, span));
  }

  function put(text) {
    if (text === S.text) return;
    const el = document.getElementById("arithmetic");
    if (!el) return;
    S.text = text;
    el.textContent = text;
  }

  function describe() {
    const last = S.last;
    if (!S.point || !last) return;
    const data = last.data;
    const label = S.index !== null ? data.y[S.index] : null;
    const at = "x1 = " + num(S.point[0]) + ", x2 = " + num(S.point[1]);
    const header = (S.index !== null
      ? "Point " + (S.index + 1) + " of " + data.y.length + ", class " + label
      : "Your point") + "\n" + at;
    put(walk(last.p, last.hidden, last.act, S.point, header, label));
  }

  /* From app.js's render, before the figures are painted: mark the followed point in the
     input view and where the stage puts it in the hidden view, and write the walk. */
  function mark(figs, p, act, t, data, config, hidden) {
    S.last = { p: p, act: act, t: t, data: data, hidden: hidden || [2] };
    if (S.index !== null && (!data || S.index >= data.y.length)) {
      S.point = null;
      S.index = null;
    }
    if (!S.point) return;
    if (S.index !== null) S.point = data.X[S.index];
    addMarks(figs[0], S.point[0], S.point[1], 2 * config.limits.INPUT_VIEW);
    if (figs[1]) { // 2-2-1's hidden view (the other networks mark theirs: architectures/views.js)
      const moved = window.tinynetMath.stage(p, [S.point], act, t)[0];
      addMarks(figs[1], moved[0], moved[1], 2);
    }
    describe();
  }

  function follow(point, index) {
    S.point = point;
    S.index = index;
    describe();
    // Paint the mark now (with the weights the views show); a playing run's next frame
    // would paint it anyway.
    const shown = window.tinynetApp && window.tinynetApp.shown;
    if (shown) window.tinynetApp.preview(shown);
  }

  function step(by) {
    const data = S.last && S.last.data;
    if (!data || !data.y.length) return;
    const n = data.y.length;
    const from = S.index === null ? (by > 0 ? -1 : 0) : S.index;
    const index = (((from + by) % n) + n) % n;
    follow(data.X[index], index);
  }

  function typed() {
    const read = window.tinynetWeights.readNumber;
    const box = (id) => document.getElementById(id);
    const x1 = read(box("follow-x1") ? box("follow-x1").value : null);
    const x2 = read(box("follow-x2") ? box("follow-x2").value : null);
    if (x1 === null || x2 === null || Math.abs(x1) > EDGE || Math.abs(x2) > EDGE) {
      put("x1 and x2 must both be numbers (like 0.5 or -1,2) to follow a point. " +
        (S.point ? "Still following the point before." : ""));
      S.text = ""; // the next repaint writes the walk again
      return;
    }
    follow([x1, x2], null);
  }

  /* points.js asks before it adds a point for a click: true when a click follows instead. */
  function takesClick(at) {
    const chosen = document.querySelector("#click-does input:checked");
    if (!chosen || chosen.value !== "follow") return false;
    // On a drawn point (within about 6 pixels): that point of the data, with its class.
    const data = S.last && S.last.data;
    let best = null;
    let bestD = NEAR * NEAR;
    if (data) {
      data.drawn.forEach(function (i) {
        const dx = data.X[i][0] - at.x1, dy = data.X[i][1] - at.x2;
        if (dx * dx + dy * dy < bestD) {
          bestD = dx * dx + dy * dy;
          best = i;
        }
      });
    }
    if (best !== null) follow(data.X[best], best);
    else follow([at.x1, at.x2], null);
    return true;
  }

  document.addEventListener("click", function (ev) {
    const button = ev.target.closest && ev.target.closest("#follow-prev, #follow-next, #follow-go");
    if (!button) return;
    if (button.id === "follow-go") typed();
    else step(button.id === "follow-next" ? 1 : -1);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && ev.target && /^follow-x[12]$/.test(ev.target.id)) typed();
  });

  window.tinynetFollow = { mark: mark, takesClick: takesClick,
                           followed: () => (S.point ? S.point.slice() : null),
                           drawn: () => (S.last ? S.last.data.drawn.slice() : []) };
})();
