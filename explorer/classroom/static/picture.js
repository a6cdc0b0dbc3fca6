/* A student's picture on the teacher's board: the input plane coloured by the network's
   probability of class 1, the p = 0.5 boundary and the data, drawn here in the teacher's
   browser from the weights and the data recipe the student's page reported (never an image
   from the server), with the explorer's own maths (assets/views/math.js). */
(function () {
  "use strict";
  const M = window.tinynetMath;
  const VIEW = 1.2; // the input view spans [-1.2, 1.2]^2, as the explorer's

  /* The network a link names (hidden=3, hidden=2,2; none: 2-2-1), as the page's picker. */
  function hiddenOf(q) {
    const text = q.get("hidden") || "2";
    const sizes = /^[1-3](,[1-3])?$/.test(text) ? text.split(",").map(Number) : [2];
    return sizes;
  }

  /* The picture a link's query describes: weights, activation, and what makes its data. */
  function read(query) {
    const q = new URLSearchParams(query || "");
    const p = {};
    const hidden = hiddenOf(q);
    window.tinynetMLP.names(hidden).forEach(function (name) {
      const v = Number(q.get(name));
      p[name] = Number.isFinite(v) ? v : 0;
    });
    let name = q.get("activation") || "tanh";
    if (!(name in M.ACTIVATIONS) && name !== "softmax") name = "tanh";
    const value = Number(q.get("act_param"));
    const recipe = ["dataset", "samples", "noise", "data_seed"].map((k) => q.get(k)).join("|");
    return { p: p, act: { name: name, value: Number.isFinite(value) ? value : 0 }, recipe: recipe,
             query: query, hidden: hidden };
  }

  /* p on the grid, rows of x2: 2-2-1 by the page's own fast path, the others by mlp.js. */
  function probaGrid(picture, axis) {
    const h = picture.hidden;
    if (h.length === 1 && h[0] === 2) return M.probaGrid(picture.p, axis, picture.act);
    const net = window.tinynetMLP.layers(picture.p, h);
    const pts = [];
    axis.forEach((y) => axis.forEach((x) => pts.push([x, y])));
    const proba = window.tinynetMLP.forward(net, pts, picture.act).proba;
    return axis.map((_, j) => Array.from(proba.subarray(j * axis.length, (j + 1) * axis.length)));
  }

  function rgb(hex) {
    const n = parseInt(hex.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }

  /* The probability scale ([[0, "#..."], [0.5, ...], [1, ...]]) as a function of p. */
  function scaleOf(stops) {
    const parsed = stops.map((s) => [s[0], rgb(s[1])]);
    return function (v) {
      for (let k = 1; k < parsed.length; k++) {
        if (v <= parsed[k][0]) {
          const [a, ca] = parsed[k - 1], [b, cb] = parsed[k];
          const t = b > a ? (v - a) / (b - a) : 0;
          return ca.map((c, i) => Math.round(c + t * (cb[i] - c)));
        }
      }
      return parsed[parsed.length - 1][1];
    };
  }

  /* Paint a picture on a canvas: `points` {X, y} (or null), `style` {proba_scale, class_colors}. */
  function paint(canvas, picture, points, style, cells) {
    const n = cells || 40;
    const ctx = canvas.getContext("2d");
    const size = canvas.width;
    const axis = M.linspace(-VIEW, VIEW, n);
    const rows = probaGrid(picture, axis);
    const colour = scaleOf(style.proba_scale);
    const img = ctx.createImageData(n, n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        const c = colour(rows[j][i]);
        const at = 4 * ((n - 1 - j) * n + i); // row 0 is the bottom of the plane
        img.data[at] = c[0];
        img.data[at + 1] = c[1];
        img.data[at + 2] = c[2];
        img.data[at + 3] = 255;
      }
    }
    const off = document.createElement("canvas");
    off.width = n;
    off.height = n;
    off.getContext("2d").putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.clearRect(0, 0, size, size);
    ctx.drawImage(off, 0, 0, size, size);
    const px = (v) => ((v + VIEW) / (2 * VIEW)) * size;
    const py = (v) => size - ((v + VIEW) / (2 * VIEW)) * size;
    boundary(ctx, rows, axis, px, py, size);
    if (points) drawPoints(ctx, points, style, px, py, size);
  }

  /* The p = 0.5 curve: marching squares over the grid, one segment per crossed cell. */
  function boundary(ctx, rows, axis, px, py, size) {
    ctx.strokeStyle = "#222";
    ctx.lineWidth = Math.max(1, size / 120);
    ctx.setLineDash([size / 40, size / 70]);
    ctx.beginPath();
    const n = axis.length;
    const at = (i, j) => rows[j][i] - 0.5;
    const cross = (x0, y0, v0, x1, y1, v1) => {
      const s = v0 / (v0 - v1);
      return [x0 + s * (x1 - x0), y0 + s * (y1 - y0)];
    };
    for (let j = 0; j < n - 1; j++) {
      for (let i = 0; i < n - 1; i++) {
        const c = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
        const found = [];
        for (let k = 0; k < 4; k++) {
          const [ia, ja] = c[k], [ib, jb] = c[(k + 1) % 4];
          const va = at(ia, ja), vb = at(ib, jb);
          if ((va > 0) !== (vb > 0)) {
            found.push(cross(axis[ia], axis[ja], va, axis[ib], axis[jb], vb));
          }
        }
        if (found.length >= 2) {
          ctx.moveTo(px(found[0][0]), py(found[0][1]));
          ctx.lineTo(px(found[1][0]), py(found[1][1]));
        }
        if (found.length === 4) {
          ctx.moveTo(px(found[2][0]), py(found[2][1]));
          ctx.lineTo(px(found[3][0]), py(found[3][1]));
        }
      }
    }
    ctx.stroke();
    ctx.setLineDash([]);
  }

  function drawPoints(ctx, points, style, px, py, size) {
    const r = Math.max(1.2, size / 110);
    [0, 1].forEach(function (k) {
      ctx.fillStyle = style.class_colors[k];
      ctx.beginPath();
      points.X.forEach(function (x, i) {
        if (points.y[i] !== k) return;
        const cx = px(x[0]), cy = py(x[1]);
        if (k === 1) {
          ctx.moveTo(cx, cy - 1.3 * r);
          ctx.lineTo(cx + 1.2 * r, cy + 0.8 * r);
          ctx.lineTo(cx - 1.2 * r, cy + 0.8 * r);
          ctx.closePath();
        } else {
          ctx.moveTo(cx + r, cy);
          ctx.arc(cx, cy, r, 0, 2 * Math.PI);
        }
      });
      ctx.fill();
    });
  }

  window.tinynetPicture = { read: read, paint: paint };
})();
