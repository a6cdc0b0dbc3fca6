/* Own points in a link: the bytes explorer/sharing/pointcode.py reads (quantised to 1e-4, two
   little-endian int16 per point, then the labels as bits), base64url without padding. */
(function () {
  "use strict";
  const SCALE = 10000;
  const REACH = 32767 / SCALE;
  const POINTS_MAX = 10000;

  /* numpy.rint: halves go to the even neighbour (Math.round sends them up). */
  function rint(x) {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  }

  /* The text for `#points=`, or {error} when a link cannot hold these points. */
  function encode(X, y) {
    const n = y.length;
    if (n > POINTS_MAX) {
      return { error: "a link holds at most " + POINTS_MAX.toLocaleString("en") + " points, these are " +
        n.toLocaleString("en") };
    }
    const bytes = new Uint8Array(7 + 4 * n + Math.ceil(n / 8));
    const view = new DataView(bytes.buffer);
    bytes.set([84, 78, 49]); // "TN1"
    view.setUint32(3, n, true);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 2; k++) {
        const v = X[i][k];
        if (!(Math.abs(v) <= REACH)) return { error: "a link holds coordinates within ±" + REACH };
        view.setInt16(7 + 4 * i + 2 * k, rint(v * SCALE), true);
      }
      if (y[i] === 1) bytes[7 + 4 * n + (i >> 3)] |= 1 << (i & 7);
    }
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return { text: btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "") };
  }

  window.tinynetPointCode = { encode: encode, POINTS_MAX: POINTS_MAX };
})();
