/* Each graph's mode bar is one stop for the keyboard: a toolbar whose first button takes the
   tab stop and whose other buttons are reached with the arrow keys (WAI-ARIA's toolbar
   pattern), instead of one stop per button before the next control. Plotly rebuilds a bar
   whenever its buttons change, so new bars are set up as they appear. */
(function () {
  "use strict";

  function setUp(bar) {
    const buttons = Array.from(bar.querySelectorAll(".modebar-btn"));
    if (!buttons.length) return;
    bar.setAttribute("role", "toolbar");
    const graph = bar.closest(".dash-graph");
    bar.setAttribute("aria-label", "Download the graph" + (graph ? " (" + graph.id + ")" : ""));
    const current = buttons.find((b) => b.tabIndex === 0 && b.dataset.roving) || buttons[0];
    buttons.forEach(function (b) {
      b.dataset.roving = "1";
      b.tabIndex = b === current ? 0 : -1;
      if (!b.getAttribute("aria-label")) b.setAttribute("aria-label", b.getAttribute("data-title") || "");
    });
  }

  function scan(root) {
    (root.querySelectorAll ? root.querySelectorAll(".modebar") : []).forEach(setUp);
  }

  document.addEventListener("keydown", function (ev) {
    const button = ev.target.closest && ev.target.closest(".modebar-btn");
    if (!button || !["ArrowLeft", "ArrowRight", "Home", "End"].includes(ev.key)) return;
    const buttons = Array.from(button.closest(".modebar").querySelectorAll(".modebar-btn"));
    let k = buttons.indexOf(button);
    if (ev.key === "ArrowLeft") k = (k - 1 + buttons.length) % buttons.length;
    else if (ev.key === "ArrowRight") k = (k + 1) % buttons.length;
    else k = ev.key === "Home" ? 0 : buttons.length - 1;
    ev.preventDefault();
    buttons.forEach((b, i) => (b.tabIndex = i === k ? 0 : -1));
    buttons[k].focus();
  });

  new MutationObserver(function (records) {
    records.forEach(function (r) {
      r.addedNodes.forEach(function (node) {
        if (node.nodeType !== 1) return;
        if (node.classList.contains("modebar") || node.classList.contains("modebar-container") ||
            node.classList.contains("modebar-group") || node.classList.contains("modebar-btn")) {
          const bar = node.closest(".modebar") || node.querySelector(".modebar");
          if (bar) setUp(bar);
        } else if (node.querySelector && node.querySelector(".modebar")) {
          scan(node);
        }
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  scan(document);
})();
