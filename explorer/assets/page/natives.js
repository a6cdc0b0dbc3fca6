/* Dash loads Babel's polyfill (core-js 2), which swaps the browser's own String.prototype.trim
   and parseInt for slow script versions (its feature test wants U+180E treated as white space,
   as Unicode did before 2014). Plotly parses a colour for every marker it draws, through
   both, so on each slider step those two alone cost several milliseconds. Put the browser's
   built-ins back, taken from a fresh frame that the polyfill never touched. */
(function () {
  "use strict";
  try {
    const frame = document.createElement("iframe");
    frame.style.display = "none";
    document.documentElement.appendChild(frame);
    const native = frame.contentWindow;
    if (String.prototype.trim !== native.String.prototype.trim) {
      String.prototype.trim = native.String.prototype.trim; // eslint-disable-line no-extend-native
    }
    if (window.parseInt !== native.parseInt) {
      window.parseInt = native.parseInt;
      Number.parseInt = native.parseInt;
    }
    frame.remove();
  } catch (err) {
    // Without a frame (very old browsers) the polyfilled versions simply stay.
  }
})();
