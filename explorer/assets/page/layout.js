/* The views take the room the rest of the picture column leaves. style.css sizes them for the
   whole page (--fixed-h: the readouts, weights and training bar, about 416 px); when a teacher's
   link hides some of those, the views grow into the room instead of leaving it empty. Measured
   when the hidden parts change and when the window does, never while a message comes and goes
   (messages take reserved room, so nothing below them moves). */
(function () {
  "use strict";
  const root = document.documentElement;

  function fit() {
    const picture = document.querySelector(".picture");
    const box = document.querySelector("#view-input .view-box");
    const hidden = (document.body.getAttribute("data-hide") || "").trim();
    // Another network's weights block has more rows than 2-2-1's, which style.css counts on.
    const other = document.body.hasAttribute("data-arch");
    if (!picture || !box || (!hidden && !other)) {
      root.style.removeProperty("--fixed-h");
      return;
    }
    // Everything in the column but the views' boxes, plus what lies above and around it.
    const top = picture.getBoundingClientRect().top + window.scrollY;
    const rest = picture.scrollHeight - box.getBoundingClientRect().height;
    // The workspace's padding under the column, and a few pixels for fonts that measure taller
    // than they did when this ran (a CI browser drew the training bar 1 px past the window).
    const below = 12;
    root.style.setProperty("--fixed-h", Math.ceil(top + rest + below) + "px");
  }

  let timer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(fit, 100);
  });

  window.tinynetLayout = { fit: fit };
})();
