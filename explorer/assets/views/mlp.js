/* Any tiny network in the browser: model/architecture.py and model/mlp.py mirrored (names,
   layers, forward, backprop), as math.js mirrors the 2-2-1 network's own paths. A browser test
   evaluates these against NumPy for every architecture and activation (max abs difference
   1e-9). Loads after math.js, whose activations and sigmoid it uses. */
(function () {
  "use strict";
  const M = window.tinynetMath;
  const CLASSROOM = ["w11", "w12", "w21", "w22", "b11", "b12", "w13", "w23", "b13"];

  function isDefault(hidden) {
    return hidden.length === 1 && hidden[0] === 2;
  }

  /* Each layer's W shape [units out, units in], the output last (architecture.shapes). */
  function shapes(hidden) {
    const widths = [2].concat(hidden, [1]);
    const out = [];
    for (let i = 0; i + 1 < widths.length; i++) out.push([widths[i + 1], widths[i]]);
    return out;
  }

  /* The parameters' names in Params order (architecture.names). */
  function names(hidden) {
    if (isDefault(hidden)) return CLASSROOM.slice();
    const out = [];
    shapes(hidden).forEach(function (shape, index) {
      const layer = index + 1;
      for (let u = 1; u <= shape[0]; u++)
        for (let i = 1; i <= shape[1]; i++) out.push("w" + layer + "_" + u + i);
      for (let u = 1; u <= shape[0]; u++) out.push("b" + layer + "_" + u);
    });
    return out;
  }

  /* Params.layers: [{W: rows of units, b}], from the parameters by name. */
  function layers(p, hidden) {
    const values = names(hidden).map((name) => p[name]);
    let k = 0;
    return shapes(hidden).map(function (shape) {
      const W = [];
      for (let u = 0; u < shape[0]; u++) {
        W.push(values.slice(k, k + shape[1]));
        k += shape[1];
      }
      const b = values.slice(k, k + shape[0]);
      k += shape[0];
      return { W: W, b: b };
    });
  }

  /* f over one layer's units: elementwise, or softmax across them (two units: one sigmoid of
     z1 - z2, as activations._softmax). */
  function applyLayer(act, z) {
    if (act.name !== "softmax") {
      const f = M.ACTIVATIONS[act.name][0];
      return z.map((v) => f(v, act.value));
    }
    if (z.length === 2) return M.applyF(act, z[0], z[1]);
    const top = Math.max.apply(null, z);
    const e = z.map((v) => Math.exp(v - top));
    const sum = e.reduce((a, v) => a + v, 0.0);
    return e.map((v) => v / sum);
  }

  /* dL/dz from dL/dh for one layer (Activation.vjp). */
  function vjp(act, z, h, dh) {
    if (act.name !== "softmax") {
      const d = M.ACTIVATIONS[act.name][1];
      return dh.map((v, i) => v * d(z[i], act.value));
    }
    if (h.length === 2) {
      const d = h[0] * h[1] * (dh[0] - dh[1]);
      return [d, -d];
    }
    const dot = h.reduce((a, v, i) => a + v * dh[i], 0.0);
    return h.map((v, i) => v * (dh[i] - dot));
  }

  function affine(layer, x) {
    return layer.W.map(function (row, u) {
      let s = 0.0;
      for (let i = 0; i < row.length; i++) s += row[i] * x[i];
      return s + layer.b[u];
    });
  }

  /* mlp.forward for points [[x1, x2], ...]: per point every hidden layer's z and h, the
     logit and p. */
  function forward(net, X, act) {
    const n = X.length;
    const zs = [];
    const hs = [];
    const logit = new Float64Array(n);
    const proba = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let h = X[i];
      const zi = [];
      const hi = [];
      for (let l = 0; l + 1 < net.length; l++) {
        const z = affine(net[l], h);
        h = applyLayer(act, z);
        zi.push(z);
        hi.push(h);
      }
      logit[i] = affine(net[net.length - 1], h)[0];
      proba[i] = M.sigmoid(logit[i]);
      zs.push(zi);
      hs.push(hi);
    }
    return { zs: zs, hs: hs, logit: logit, proba: proba };
  }

  /* geometry.layer_stage: hidden layer l (0 the first) partway, t in [0, 3], for points
     [[x1, x2], ...]: the layer's input slides to W h (drawn by its first units, the rest
     zero), the bias is added, the activation blends in. */
  function stage(net, X, act, l, t) {
    const s = Math.min(Math.max(t, 0), 3);
    const layer = net[l];
    return X.map(function (x) {
      let h = x;
      for (let k = 0; k < l; k++) h = applyLayer(act, affine(net[k], h));
      const Wh = layer.W.map(function (row) {
        let v = 0.0;
        for (let i = 0; i < row.length; i++) v += row[i] * h[i];
        return v;
      });
      if (s <= 1) return Wh.map((v, u) => (1 - s) * (u < h.length ? h[u] : 0) + s * v);
      if (s <= 2) return Wh.map((v, u) => v + (s - 1) * layer.b[u]);
      const z = Wh.map((v, u) => v + layer.b[u]);
      const f = applyLayer(act, z);
      return z.map((v, u) => (3 - s) * v + (s - 2) * f[u]);
    });
  }

  /* mlp.backprop: [{W, b}] gradients of the mean loss ("bce" or "mse") plus l2 times the
     squared weights. */
  function gradients(net, X, y, act, kind, l2) {
    const n = X.length;
    const grads = net.map((layer) => ({
      W: layer.W.map((row) => row.map(() => 0.0)),
      b: layer.b.map(() => 0.0),
    }));
    const run = forward(net, X, act);
    for (let i = 0; i < n; i++) {
      const prob = run.proba[i];
      const gl = (kind === "mse" ? 2.0 * (prob - y[i]) * prob * (1.0 - prob) : prob - y[i]) / n;
      let delta = [gl];
      for (let l = net.length - 1; l >= 0; l--) {
        const input = l === 0 ? X[i] : run.hs[i][l - 1];
        delta.forEach(function (d, u) {
          grads[l].b[u] += d;
          for (let k = 0; k < input.length; k++) grads[l].W[u][k] += d * input[k];
        });
        if (l === 0) break;
        const dh = input.map((_, k) => delta.reduce((a, d, u) => a + d * net[l].W[u][k], 0.0));
        delta = vjp(act, run.zs[i][l - 1], run.hs[i][l - 1], dh);
      }
    }
    if (l2)
      grads.forEach((g, l) =>
        g.W.forEach((row, u) => row.forEach((_, k) => (row[k] += 2.0 * l2 * net[l].W[u][k]))),
      );
    return grads;
  }

  /* Layers back to parameters by name (Params.from_layers). */
  function byName(net, hidden) {
    const values = [];
    net.forEach(function (layer) {
      layer.W.forEach((row) => row.forEach((v) => values.push(v)));
      layer.b.forEach((v) => values.push(v));
    });
    const out = {};
    names(hidden).forEach((name, k) => (out[name] = values[k]));
    return out;
  }

  window.tinynetMLP = {
    shapes: shapes,
    names: names,
    layers: layers,
    forward: forward,
    stage: stage,
    gradients: gradients,
    byName: byName,
  };
})();
