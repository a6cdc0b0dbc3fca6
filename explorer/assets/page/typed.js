/* Dash's slider number boxes show a typed out-of-range value clamped when they lose focus, but
   do not pass the clamped value on, so the box would read 8 while the network still used the
   old weight. Clamp the typed text ourselves just before the box commits it (Enter or leaving
   the box), and say so next to the weights. */
(function () {
  "use strict";
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;

  function note(text) {
    const el = document.getElementById("typed-message");
    if (el) el.textContent = text;
  }

  function check(box) {
    if (!(box instanceof HTMLInputElement) || box.type !== "number") return;
    const slider = box.closest(".dash-slider-container");
    if (!slider) return;
    const lo = Number(box.min), hi = Number(box.max);
    const typed = box.value.trim();
    const v = Number(typed);
    if (typed === "" || !Number.isFinite(v)) {
      note(slider.id + ": that is not a number; the last value stays.");
      return;
    }
    if (v >= lo && v <= hi) {
      note("");
      return;
    }
    const clamped = Math.min(Math.max(v, lo), hi);
    note(slider.id + ": " + typed + " is outside [" + lo + ", " + hi + "]; set to " + clamped + ".");
    setValue.call(box, String(clamped));
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("focusout", (e) => check(e.target), true);
  document.addEventListener("keydown", (e) => e.key === "Enter" && check(e.target), true);
})();
