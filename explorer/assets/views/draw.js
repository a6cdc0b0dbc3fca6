/* Plotly's figure parts drawn on a 2-D canvas, the way Plotly would draw them: traces (lines,
   filled outlines, circle and triangle markers), shapes (lines and SVG-style paths), the
   heatmap's pixels and labels. `m` maps data units to canvas pixels (canvas.js's mapping). */
(function () {
  "use strict";

  function dashes(dash) {
    return dash === "dash" ? [9, 5] : dash === "dot" ? [3, 4] : [];
  }

  /* SVG-style path "Mx,y Lx,y ... Z" in data units (as figures.polyline_path writes them). */
  function tracePath(ctx, path, mx, my) {
    path.split(/(?=[MLZ])/).forEach(function (cmd) {
      const op = cmd[0];
      if (op === "Z") {
        ctx.closePath();
        return;
      }
      const xy = cmd.slice(1).trim().split(",");
      const px = mx(Number(xy[0])), py = my(Number(xy[1]));
      if (op === "M") ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    });
  }

  function strokeOrFill(ctx, line, fillcolor, opacity) {
    ctx.globalAlpha = opacity === undefined ? 1 : opacity;
    if (fillcolor) {
      ctx.fillStyle = fillcolor;
      ctx.fill();
    }
    if (line && line.width !== 0 && line.color) {
      ctx.strokeStyle = line.color;
      ctx.lineWidth = line.width === undefined ? 2 : line.width;
      ctx.setLineDash(dashes(line.dash));
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    ctx.setLineDash([]);
  }

  function drawShape(ctx, sh, m) {
    const my = sh.yref === "paper" ? m.yPaper : m.y;
    ctx.beginPath();
    if (sh.type === "line") {
      ctx.moveTo(m.x(sh.x0), my(sh.y0));
      ctx.lineTo(m.x(sh.x1), my(sh.y1));
    } else if (sh.path) {
      tracePath(ctx, sh.path, m.x, my);
    }
    strokeOrFill(ctx, sh.line, sh.fillcolor, sh.opacity);
  }

  function drawMarkers(ctx, tr, m) {
    const r = (tr.marker.size || 6) / 2;
    ctx.fillStyle = tr.marker.color;
    ctx.beginPath();
    for (let i = 0; i < tr.x.length; i++) {
      if (tr.x[i] === null || tr.y[i] === null) continue;
      const px = m.x(tr.x[i]), py = m.y(tr.y[i]);
      if (tr.marker.symbol === "triangle-up") {
        const h = r * 1.25;
        ctx.moveTo(px, py - h);
        ctx.lineTo(px + h * 0.9, py + h * 0.6);
        ctx.lineTo(px - h * 0.9, py + h * 0.6);
        ctx.closePath();
      } else {
        ctx.moveTo(px + r, py);
        ctx.arc(px, py, r, 0, 2 * Math.PI);
      }
    }
    ctx.fill();
  }

  function drawTrace(ctx, tr, m) {
    if (tr.visible === false) return;
    if (tr.mode === "markers") {
      drawMarkers(ctx, tr, m);
      return;
    }
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < tr.x.length; i++) {
      if (tr.x[i] === null || tr.y[i] === null) {
        if (pen && tr.fill === "toself") ctx.closePath();
        pen = false;
        continue;
      }
      const px = m.x(tr.x[i]), py = m.y(tr.y[i]);
      if (pen) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      pen = true;
    }
    if (pen && tr.fill === "toself") ctx.closePath();
    strokeOrFill(ctx, tr.line, tr.fill === "toself" ? tr.fillcolor : null, tr.opacity);
  }

  /* The heatmap's ImageData on a canvas of its own size. */
  function pixelCanvas(pixels) {
    const off = document.createElement("canvas");
    off.width = pixels.width;
    off.height = pixels.height;
    off.getContext("2d").putImageData(pixels, 0, 0);
    return off;
  }

  function drawImage(ctx, img, pixels, m) {
    if (!pixels) return;
    const off = pixelCanvas(pixels);
    const x0 = m.x(img.x), y0 = m.y(img.y);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, x0, y0, m.x(img.x + img.sizex) - x0, m.y(img.y - img.sizey) - y0);
  }

  /* A label with a white halo, so an edge running under it never crosses its letters. */
  function drawText(ctx, note, m) {
    ctx.font = "12px system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    ctx.lineWidth = 4;
    ctx.strokeText(note.text, m.x(note.x), m.y(note.y));
    ctx.fillStyle = "#333";
    ctx.fillText(note.text, m.x(note.x), m.y(note.y));
  }

  window.tinynetDraw = {
    shape: drawShape, trace: drawTrace, image: drawImage, text: drawText, pixelCanvas: pixelCanvas,
  };
})();
