/* The model's maths in the browser, mirroring model/ function by function under the same names
   (activations.py, network.py, geometry.py) so a slider move never waits for the server.
   A browser test evaluates these against NumPy for every activation (max abs difference 1e-9). */
(function () {
  "use strict";
  const SELU_SCALE = 1.0507009873554805;
  const SELU_ALPHA = 1.6732632423543772;
  const GELU_K = Math.sqrt(2.0 / Math.PI);
  const GELU_C = 0.044715;
  const GELU_CLIP = 30.0;

  /* To full relative accuracy on both sides, as model.sigmoid (scipy's expit). */
  function sigmoid(z) {
    if (z >= 0) return 1.0 / (1.0 + Math.exp(-z));
    const e = Math.exp(z);
    return e / (1.0 + e);
  }
  function softplus(z) {
    return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
  }
  function clip(z, lo, hi) {
    return Math.min(Math.max(z, lo), hi);
  }

  // name -> [f(z, a), f'(z, a)] for the elementwise activations; softmax is handled in applyF.
  const ACTIVATIONS = {
    linear: [(z) => z + 0.0, () => 1.0],
    sigmoid: [(z) => sigmoid(z), (z) => sigmoid(z) * (1.0 - sigmoid(z))],
    tanh: [(z) => Math.tanh(z), (z) => 1.0 - Math.tanh(z) ** 2],
    relu: [(z) => Math.max(z, 0.0), (z) => (z > 0 ? 1.0 : 0.0)],
    leaky_relu: [(z, a) => (z > 0 ? z : a * z), (z, a) => (z > 0 ? 1.0 : a)],
    elu: [
      (z, a) => (z > 0 ? z : a * Math.expm1(Math.min(z, 0.0))),
      (z, a) => (z > 0 ? 1.0 : a * Math.exp(Math.min(z, 0.0))),
    ],
    selu: [
      (z) => SELU_SCALE * (z > 0 ? z : SELU_ALPHA * Math.expm1(Math.min(z, 0.0))),
      (z) => SELU_SCALE * (z > 0 ? 1.0 : SELU_ALPHA * Math.exp(Math.min(z, 0.0))),
    ],
    softplus: [(z) => softplus(z), (z) => sigmoid(z)],
    swish: [
      (z) => z * sigmoid(z),
      (z) => {
        const s = sigmoid(z);
        return s + s * ((1.0 - s) * z);
      },
    ],
    gelu: [
      (z) => {
        const zc = clip(z, -GELU_CLIP, GELU_CLIP);
        return 0.5 * z * (1.0 + Math.tanh(GELU_K * (zc + GELU_C * (zc * zc * zc))));
      },
      (z) => {
        const zc = clip(z, -GELU_CLIP, GELU_CLIP);
        const t = Math.tanh(GELU_K * (zc + GELU_C * (zc * zc * zc)));
        return 0.5 * (1.0 + t) + 0.5 * zc * (1.0 - t * t) * GELU_K * (1.0 + 3.0 * GELU_C * zc * zc);
      },
    ],
    mish: [
      (z) => z * Math.tanh(softplus(z)),
      (z) => {
        const t = Math.tanh(softplus(z));
        return t + sigmoid(z) * (1.0 - t * t) * z;
      },
    ],
    softsign: [
      (z) => z / (1.0 + Math.abs(z)),
      (z) => {
        const d = 1.0 / (1.0 + Math.abs(z));
        return d * d;
      },
    ],
    sine: [(z) => Math.sin(z), (z) => Math.cos(z)],
    step: [(z) => (z > 0 ? 1.0 : 0.0), () => 0.0],
  };

  /* f applied to a pair (z1, z2): elementwise, or softmax across the two units. */
  function applyF(act, z1, z2) {
    if (act.name === "softmax") {
      const h1 = sigmoid(z1 - z2);
      return [h1, 1.0 - h1];
    }
    const f = ACTIVATIONS[act.name][0];
    return [f(z1, act.value), f(z2, act.value)];
  }

  /* f'(z1, z2): for softmax the Jacobian's diagonal h_i (1 - h_i). */
  function applyDer(act, z1, z2) {
    if (act.name === "softmax") {
      const h = applyF(act, z1, z2);
      return [h[0] * (1.0 - h[0]), h[1] * (1.0 - h[1])];
    }
    const d = ACTIVATIONS[act.name][1];
    return [d(z1, act.value), d(z2, act.value)];
  }

  /* forward: z = W x + b, h = f(z), logit = w13 h1 + w23 h2 + b13 for points [[x1, x2], ...]. */
  function forward(p, X, act) {
    const n = X.length;
    const z = new Array(n);
    const h = new Array(n);
    const logit = new Float64Array(n);
    const proba = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x1 = X[i][0];
      const x2 = X[i][1];
      const z1 = x1 * p.w11 + x2 * p.w12 + p.b11;
      const z2 = x1 * p.w21 + x2 * p.w22 + p.b12;
      const hi = applyF(act, z1, z2);
      z[i] = [z1, z2];
      h[i] = hi;
      logit[i] = hi[0] * p.w13 + hi[1] * p.w23 + p.b13;
      proba[i] = sigmoid(logit[i]);
    }
    return { z: z, h: h, logit: logit, proba: proba };
  }

  /* p on a square grid (views.proba_grid): row j is x2 = axis[j], column i is x1 = axis[i].
     The same sums as forward, without building per-point arrays: it runs 22,801 times a step. */
  function probaGrid(p, axis, act) {
    const n = axis.length;
    const softmax = act.name === "softmax";
    const f = softmax ? null : ACTIVATIONS[act.name][0];
    const a = act.value;
    const rows = new Array(n);
    for (let j = 0; j < n; j++) {
      const x2 = axis[j];
      const row = new Array(n);
      for (let i = 0; i < n; i++) {
        const x1 = axis[i];
        const z1 = x1 * p.w11 + x2 * p.w12 + p.b11;
        const z2 = x1 * p.w21 + x2 * p.w22 + p.b12;
        let h1, h2;
        if (softmax) {
          h1 = sigmoid(z1 - z2);
          h2 = 1.0 - h1;
        } else {
          h1 = f(z1, a);
          h2 = f(z2, a);
        }
        row[i] = sigmoid(h1 * p.w13 + h2 * p.w23 + p.b13);
      }
      rows[j] = row;
    }
    return rows;
  }

  /* stage: t in [0, 3]: input -> W x -> W x + b -> f(W x + b), continuously (geometry.py). */
  function stage(p, X, act, t) {
    t = clip(t, 0.0, 3.0);
    return X.map(function (x) {
      const wx1 = x[0] * p.w11 + x[1] * p.w12;
      const wx2 = x[0] * p.w21 + x[1] * p.w22;
      if (t <= 1.0) return [(1.0 - t) * x[0] + t * wx1, (1.0 - t) * x[1] + t * wx2];
      const z1 = wx1 + p.b11;
      const z2 = wx2 + p.b12;
      if (t <= 2.0) return [wx1 + (t - 1.0) * p.b11, wx2 + (t - 1.0) * p.b12];
      const s = t - 2.0;
      const h = applyF(act, z1, z2);
      return [(1.0 - s) * z1 + s * h[0], (1.0 - s) * z2 + s * h[1]];
    });
  }

  function det(p) {
    return p.w11 * p.w22 - p.w12 * p.w21;
  }

  /* Mean binary cross-entropy from logits: softplus(l) - y l, never forming ln(0). */
  function lossFromLogit(logit, y) {
    let total = 0.0;
    for (let i = 0; i < logit.length; i++) {
      const l = logit[i];
      total += Math.max(l, 0.0) - y[i] * l + Math.log1p(Math.exp(-Math.abs(l)));
    }
    return logit.length ? total / logit.length : 0.0;
  }

  const NAMES = window.tinynetPage.NAMES;

  /* dL/dtheta of the mean loss ("bce" or "mse") plus l2 * (squared weights), by
     backpropagation (network.Backprop); returned under the parameters' names. */
  function gradients(p, X, y, act, kind, l2) {
    const n = X.length;
    const g = { w11: 0, w12: 0, w21: 0, w22: 0, b11: 0, b12: 0, w13: 0, w23: 0, b13: 0 };
    for (let i = 0; i < n; i++) {
      const x1 = X[i][0], x2 = X[i][1];
      const z1 = x1 * p.w11 + x2 * p.w12 + p.b11;
      const z2 = x1 * p.w21 + x2 * p.w22 + p.b12;
      const h = applyF(act, z1, z2);
      const prob = sigmoid(h[0] * p.w13 + h[1] * p.w23 + p.b13);
      const gl = (kind === "mse" ? 2.0 * (prob - y[i]) * prob * (1.0 - prob) : prob - y[i]) / n;
      g.w13 += gl * h[0];
      g.w23 += gl * h[1];
      g.b13 += gl;
      const dh1 = gl * p.w13, dh2 = gl * p.w23;
      let dz1, dz2;
      if (act.name === "softmax") {
        dz1 = h[0] * h[1] * (dh1 - dh2);
        dz2 = -dz1;
      } else {
        const d = applyDer(act, z1, z2);
        dz1 = dh1 * d[0];
        dz2 = dh2 * d[1];
      }
      g.w11 += dz1 * x1;
      g.w12 += dz1 * x2;
      g.b11 += dz1;
      g.w21 += dz2 * x1;
      g.w22 += dz2 * x2;
      g.b12 += dz2;
    }
    if (l2) ["w11", "w12", "w21", "w22", "w13", "w23"].forEach((k) => (g[k] += 2.0 * l2 * p[k]));
    return g;
  }

  /* numpy.linspace: arange * step + start, with the last value exactly `stop`. */
  function linspace(start, stop, num) {
    const out = new Array(num);
    const step = (stop - start) / (num - 1);
    for (let i = 0; i < num; i++) out[i] = i * step + start;
    if (num > 1) out[num - 1] = stop;
    return out;
  }

  window.tinynetMath = {
    ACTIVATIONS: ACTIVATIONS,
    sigmoid: sigmoid,
    softplus: softplus,
    applyF: applyF,
    applyDer: applyDer,
    forward: forward,
    probaGrid: probaGrid,
    stage: stage,
    det: det,
    lossFromLogit: lossFromLogit,
    gradients: gradients,
    NAMES: NAMES,
    linspace: linspace,
  };
})();
