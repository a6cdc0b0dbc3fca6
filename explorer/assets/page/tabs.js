/* The side column's tabs, switched in the page: a click (or the arrow keys on the tab list)
   shows one panel. The graphs of a panel that comes into view are resized to their boxes. */
(function () {
  "use strict";

  function select(name, focus) {
    const root = document.getElementById("side-tabs");
    if (!root) return;
    root.setAttribute("data-tab", name);
    root.querySelectorAll('[role="tab"]').forEach(function (tab) {
      const on = tab.getAttribute("data-tab") === name;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      if (on && focus) tab.focus();
    });
    const panel = document.getElementById("part-" + name);
    if (panel && window.Plotly) {
      panel.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
        // At once: Plots.resize waits 100 ms, and the graphs drawn while the panel was hidden
        // (700 x 450 by default) would spill over the column until then.
        if (gd._fullLayout) window.Plotly.relayout(gd, { autosize: true });
      });
    }
  }

  document.addEventListener("click", function (ev) {
    const tab = ev.target.closest && ev.target.closest('#side-tabs [role="tab"]');
    if (tab) select(tab.getAttribute("data-tab"), false);
  });

  document.addEventListener("keydown", function (ev) {
    const tab = ev.target.closest && ev.target.closest('#side-tabs [role="tab"]');
    if (!tab || !["ArrowLeft", "ArrowRight", "Home", "End"].includes(ev.key)) return;
    const tabs = Array.from(document.querySelectorAll('#side-tabs [role="tab"]'))
      .filter((t) => t.offsetParent !== null);
    let k = tabs.indexOf(tab);
    if (ev.key === "ArrowLeft") k = (k - 1 + tabs.length) % tabs.length;
    else if (ev.key === "ArrowRight") k = (k + 1) % tabs.length;
    else if (ev.key === "Home") k = 0;
    else k = tabs.length - 1;
    ev.preventDefault();
    select(tabs[k].getAttribute("data-tab"), true);
  });

  /* Show a tab unless the student is reading a lesson (its steps say what to press). */
  function reveal(name) {
    const root = document.getElementById("side-tabs");
    if (root && root.getAttribute("data-tab") !== "lesson") select(name, false);
  }

  /* After a teacher's link hides parts: if the tab shown is hidden, show the first that is not. */
  function ensureVisible() {
    const root = document.getElementById("side-tabs");
    if (!root) return;
    const current = document.getElementById("tab-" + root.getAttribute("data-tab"));
    if (current && current.offsetParent !== null) return;
    const first = Array.from(root.querySelectorAll('[role="tab"]')).find((t) => t.offsetParent !== null);
    if (first) select(first.getAttribute("data-tab"), false);
  }

  window.tinynetTabs = { select: select, reveal: reveal, ensureVisible: ensureVisible };
})();
