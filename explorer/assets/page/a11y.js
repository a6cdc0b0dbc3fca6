/* What Dash's components leave out or misdescribe, put right for screen readers and axe:
   - the slider's thumb and number box have no label: each slider's data-label is copied on;
   - a dropdown inside <label for> cannot take the label: its text goes to the focusable part;
   - Dash 4's dropdown is reached by Tab through an input hidden from screen readers, which
     hands focus on to the real button: the button itself takes Tab instead;
   - Dash 4's checklists and radio items call themselves a listbox of options around native
     checkboxes and radios (a control inside a control): they are named as the group of
     native controls they are (named by a <label for> or a data-group-label around them).
   Only the control areas are watched (the graphs repaint on every slider step and need none of
   this). Every change is made only when it differs, so the observer settles at once. */
(function () {
  "use strict";
  function set(el, name, value) {
    if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  }
  function drop(el, name) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  }
  function label() {
    document.querySelectorAll("[data-label]").forEach(function (box) {
      const text = box.getAttribute("data-label");
      box.querySelectorAll('[role="slider"], input').forEach((el) => set(el, "aria-label", text));
    });
    document.querySelectorAll("label[for]").forEach(function (lab) {
      const target = document.getElementById(lab.htmlFor);
      if (!target || target.matches("input, select, textarea")) return;
      if (target.matches(".dash-options-list")) {
        set(target, "aria-label", lab.textContent.trim());  // the group, not each radio
        return;
      }
      target.querySelectorAll('[role="combobox"], button, input:not([aria-hidden])')
        .forEach((el) => set(el, "aria-label", lab.textContent));
    });
    document.querySelectorAll(".dash-dropdown-focus-target").forEach(function (skip) {
      set(skip, "tabindex", "-1");
      const button = skip.nextElementSibling;
      if (button && button.tagName === "BUTTON" && !button.disabled) set(button, "tabindex", "0");
    });
    document.querySelectorAll(".dash-options-list").forEach(function (list) {
      if (list.closest(".dash-dropdown-content")) return;  // a dropdown's menu: a real listbox
      set(list, "role", list.querySelector('input[type="radio"]') ? "radiogroup" : "group");
      const named = list.closest("[data-group-label]");
      if (named && !list.hasAttribute("aria-label")) {
        set(list, "aria-label", named.getAttribute("data-group-label"));
      }
      list.querySelectorAll(".dash-options-list-option").forEach(function (option) {
        drop(option, "role");
        drop(option, "aria-selected");
      });
    });
  }
  function watch() {
    const areas = document.querySelectorAll(".picture, .side, .topbar");
    if (areas.length < 3) {
      window.setTimeout(watch, 100);
      return;
    }
    const observer = new MutationObserver(label);
    const what = {
      childList: true, subtree: true, attributes: true,
      attributeFilter: ["tabindex", "role", "aria-selected"],
    };
    areas.forEach((el) => observer.observe(el, what));
    label();
  }
  watch();
})();
