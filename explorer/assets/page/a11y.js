/* Dash's slider draws its thumb and number box without a label: copy each slider's
   data-label onto them so screen readers name every control. Only the control areas are
   watched (the graphs repaint on every slider step and need none of this). */
(function () {
  "use strict";
  function name(el, text) {
    if (el.getAttribute("aria-label") !== text) el.setAttribute("aria-label", text);
  }
  function label() {
    document.querySelectorAll("[data-label]").forEach(function (box) {
      const text = box.getAttribute("data-label");
      box.querySelectorAll('[role="slider"], input').forEach((el) => name(el, text));
    });
    // <label for="activation"> names a Dash dropdown's wrapper, which cannot take a label:
    // pass its text on to the focusable part inside.
    document.querySelectorAll("label[for]").forEach(function (lab) {
      const target = document.getElementById(lab.htmlFor);
      if (!target || target.matches("input, select, textarea")) return;
      target.querySelectorAll('[role="combobox"], button, input:not([aria-hidden])')
        .forEach((el) => name(el, lab.textContent));
    });
  }
  function watch() {
    const areas = document.querySelectorAll(".picture, .side, .topbar");
    if (areas.length < 3) {
      window.setTimeout(watch, 100);
      return;
    }
    const observer = new MutationObserver(label);
    areas.forEach((el) => observer.observe(el, { childList: true, subtree: true }));
    label();
  }
  watch();
})();
