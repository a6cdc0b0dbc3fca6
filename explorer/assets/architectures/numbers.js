/* The numbers behind the views of any tiny network but 2-2-1 (whose own are views/views.js):
   every hidden layer's values of the points and the grid, the morph's stage of each layer,
   p over the input plane, accuracy, the activation tab's histograms, from the general mirror
   of the maths (views/mlp.js). architectures/views.js draws them. Nothing here asks the
   server. */
(function () {
  "use strict";
  const MLP = () => window.tinynetMLP;
  const M = () => window.tinynetMath;
  const V = () => window.tinynetViews;

  function through(net, points, act) {
    const finite = [];
    const where = [];
    points.forEach(function (q, i) {
      if (Number.isFinite(q[0]) && Number.isFinite(q[1])) {
        where.push(i);
        finite.push(q);
      }
    });
    const run = MLP().forward(net, finite, act);
    return net.slice(0, -1).map(function (layer, l) {
      const out = points.map(() => layer.W.map(() => NaN));
      where.forEach((i, k) => (out[i] = run.hs[k][l]));
      return out;
    });
  }

  /* The network over the grid g x g of the plane (rows of x2): mlp.forward's sums in a loop
     over preallocated arrays (23,000 points a slider step for the heatmap). Gives p's rows
     and, when `units`, every hidden unit's values: units[l][u][j * n + i]. Softmax goes
     through mlp.forward itself. */
  function sweep(net, g, act, units) {
    const n = g.length;
    const last = net.length - 1;
    const keep = units ? net.slice(0, -1).map((layer) => layer.b.map(() => new Float64Array(n * n))) : null;
    const rows = g.map(() => new Array(n));
    if (act.name === "softmax") {
      const pts = [];
      g.forEach((y) => g.forEach((x) => pts.push([x, y])));
      const run = MLP().forward(net, pts, act);
      pts.forEach(function (_, k) {
        rows[Math.floor(k / n)][k % n] = run.proba[k];
        if (keep) keep.forEach((layer, l) => layer.forEach((vals, u) => (vals[k] = run.hs[k][l][u])));
      });
      return { rows: rows, units: keep };
    }
    const f = M().ACTIVATIONS[act.name][0];
    const sigmoid = M().sigmoid;
    const buffers = [new Float64Array(2)].concat(net.map((layer) => new Float64Array(layer.b.length)));
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        buffers[0][0] = g[i];
        buffers[0][1] = g[j];
        for (let l = 0; l <= last; l++) {
          const layer = net[l], input = buffers[l], out = buffers[l + 1];
          for (let u = 0; u < layer.b.length; u++) {
            const w = layer.W[u];
            let s = 0.0;
            for (let k = 0; k < input.length; k++) s += w[k] * input[k];
            s += layer.b[u];
            out[u] = l === last ? s : f(s, act.value);
            if (keep && l < last) keep[l][u][j * n + i] = out[u];
          }
        }
        rows[j][i] = sigmoid(buffers[last + 1][0]);
      }
    }
    return { rows: rows, units: keep };
  }

  /* Each hidden layer's own stage for the page's stage t (0 to 3 a layer, one layer after
     the other): 3 is a layer whole, below 3 it is on its way (model.layer_stage). */
  function layerStages(t, hidden) {
    const s = Number.isFinite(t) ? t : 3 * hidden.length;
    return hidden.map((_, l) => Math.min(Math.max(s - 3 * l, 0), 3));
  }

  /* Points [[x1, x2], ...] in hidden layer l at its stage s (NaN points stay NaN). */
  function staged(net, points, act, l, s) {
    const finite = points.filter((q) => Number.isFinite(q[0]) && Number.isFinite(q[1]));
    const moved = MLP().stage(net, finite, act, l, s);
    let k = 0;
    return points.map((q) => (Number.isFinite(q[0]) && Number.isFinite(q[1]) ? moved[k++]
      : net[l].b.map(() => NaN)));
  }

  /* Each unit's [lo, hi] over the points at every stage of layer l, so that its view's axes
     stay still while the layer morphs (as the 2-2-1 hidden view's during a play). */
  function morphSpans(net, points, act, l) {
    const spans = net[l].b.map(() => [Infinity, -Infinity]);
    [0, 1, 2, 3].forEach(function (s) {
      staged(net, points, act, l, s).forEach(function (h) {
        h.forEach(function (value, u) {
          if (!Number.isFinite(value)) return;
          spans[u][0] = Math.min(spans[u][0], value);
          spans[u][1] = Math.max(spans[u][1], value);
        });
      });
    });
    return spans.map((span) => (span[0] <= span[1] ? span : [-1, 1]));
  }

  function followedPoint(net, act, stages) {
    const at = window.tinynetFollow && window.tinynetFollow.followed();
    if (!at) return null;
    const whole = through(net, [at], act).map((values) => values[0]);
    return whole.map((h, l) => (stages[l] < 3 ? staged(net, [at], act, l, stages[l])[0] : h));
  }

  /* What f sees of unit i of a layer: its z, or for softmax z_i - log sum_(j != i) e^(z_j),
     of which h_i is the sigmoid (for two units, z1 - z2, as the 2-2-1 panel draws it). */
  function argument(act, z, i) {
    if (act.name !== "softmax") return z[i];
    if (z.length === 1) return Infinity; // one unit: h = 1 whatever z is
    const top = Math.max.apply(null, z.filter((_, j) => j !== i));
    let sum = 0.0;
    z.forEach((v, j) => (sum += j === i ? 0.0 : Math.exp(v - top)));
    return z[i] - top - Math.log(sum);
  }

  /* The activation tab for any network: f and f' over the range the data reach, each hidden
     layer's pre-activations with its units pooled (hist1 layer 1, hist2 layer 2, as shares of
     the layer's values), and every unit's share of saturated points (f' under 5% of its peak;
     for softmax, h (1 - h)). */
  function layerPanel(act, run, hidden, L) {
    const M_ = M();
    const n = run.zs.length;
    const pooled = hidden.map(() => []);
    run.zs.forEach((zi) => zi.forEach((z, l) => z.forEach((_, i) => pooled[l].push(argument(act, z, i)))));
    let zmax = 0.0;
    pooled.forEach((values) => values.forEach(function (v) {
      if (Number.isFinite(v)) zmax = Math.max(zmax, Math.abs(v));
    }));
    const zlim = Math.min(Math.max(4.0, Math.ceil(zmax * 1.05)), 20.0);
    const curve = M_.linspace(-zlim, zlim, 241);
    const edges = M_.linspace(-zlim, zlim, L.HIST_BINS + 1);
    const hist = [0, 1].map(function (l) {
      const values = pooled[l] || [];
      const counts = V().histogram(values.map((v) => Math.min(Math.max(v, -zlim), zlim)), -zlim, zlim,
        L.HIST_BINS);
      return counts.map((c) => c / Math.max(values.length, 1));
    });
    const peak = act.name === "softmax" ? 0.25 : V().derMax(act);
    const saturated = [];
    hidden.forEach(function (units, l) {
      for (let u = 0; u < units; u++) {
        let count = 0;
        for (let i = 0; i < n; i++) {
          const slope = act.name === "softmax" ? run.hs[i][l][u] * (1 - run.hs[i][l][u])
            : M_.applyDer(act, run.zs[i][l][u], 0.0)[0];
          if (peak > 0 ? Math.abs(slope) < 0.05 * peak : true) count += 1;
        }
        saturated.push({ unit: "h" + (l + 1) + "_" + (u + 1), share: n ? count / n : 0.0 });
      }
    });
    return {
      zlim: zlim, curve_z: curve, bins: edges.slice(0, -1).map((e, i) => (e + edges[i + 1]) / 2),
      curve_f: curve.map((v) => M_.applyF(act, v, 0.0)[0]),
      curve_df: curve.map((v) => M_.applyDer(act, v, 0.0)[0]),
      hist1: hist[0], hist2: hist[1], saturated: saturated,
    };
  }

  /* Every number the views show for the parameters `p` (by name) of network `hidden`, at
     stage t of the morph (0 to 3 a hidden layer; leave it out for the end). */
  function compute(p, hidden, act, data, config, fit, t) {
    const L = config.limits;
    const net = MLP().layers(p, hidden);
    const g = M().linspace(-L.INPUT_VIEW, L.INPUT_VIEW, L.HEATMAP_N);
    const proba = sweep(net, g, act, false).rows;
    const all = MLP().forward(net, data.X, act);
    let right = 0;
    for (let i = 0; i < data.y.length; i++) if ((all.logit[i] > 0) === (data.y[i] === 1)) right++;
    const fam = V().gridFamilies(L);
    const Xd = data.drawn.map((i) => data.X[i]);
    const yd = data.drawn.map((i) => data.y[i]);
    const panel = layerPanel(act, all, hidden, L);
    const stages = layerStages(t, hidden);
    const grid = [through(net, fam[0], act), through(net, fam[1], act)];
    const points = through(net, Xd, act);
    const spans = stages.map(function (s, l) {
      if (s >= 3) return null;
      grid[0][l] = staged(net, fam[0], act, l, s);
      grid[1][l] = staged(net, fam[1], act, l, s);
      points[l] = staged(net, Xd, act, l, s);
      return fit ? null : morphSpans(net, fam[0].concat(fam[1], Xd), act, l);
    });
    return Object.assign(panel, {
      net: net,
      hidden: hidden,
      proba: proba,
      boundary: V().nanJoin(V().chain(V().boundary(proba, g, 0.5))),
      accuracy: data.y.length ? right / data.y.length : 0.0,
      logloss: M().lossFromLogit(all.logit, data.y),
      logit: all.logit,
      proba_hist0: V().probaHistogram(all.proba, data.y, 0, L.PROBA_BINS),
      proba_hist1: V().probaHistogram(all.proba, data.y, 1, L.PROBA_BINS),
      grid: grid,
      // The point the Network tab follows, through every layer (or null).
      followed: followedPoint(net, act, stages),
      points: points,
      stages: stages, // each layer's own stage, 3 when whole
      spans: spans, // a morphing layer's units' extents over all its stages (null: whole or fit)
      labels: yd,
      fit: Boolean(fit), // "fit hidden axes": each layer's box is its points' own
    });
  }

  window.tinynetNetViews = Object.assign(window.tinynetNetViews || {}, {
    compute: compute, sweep: sweep,
  });
})();
