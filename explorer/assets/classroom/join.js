/* The top bar's class control, built here in the page (report.js does the talking): "Join class"
   opens a small form (the code the teacher shows, a nickname; a join link ?join=CODE fills the
   code in); once joined it says "In Period 5 as Alex" with Leave. A class with a lesson opens
   it at its first step. All text the server or a student wrote is set as text, never as HTML. */
(function () {
  "use strict";

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    (children || []).forEach((c) => node.append(c));
    return node;
  }

  function build(root) {
    const open = el("button", { type: "button", className: "button secondary", id: "class-join-open",
                                textContent: "Join class" });
    const code = el("input", { id: "class-code", type: "text", autocomplete: "off", spellcheck: false,
                               maxLength: 12, size: 8, className: "class-code" });
    const nick = el("input", { id: "class-nickname", type: "text", autocomplete: "nickname",
                               maxLength: 40, size: 14 });
    const go = el("button", { type: "submit", className: "button", id: "class-join",
                              textContent: "Join" });
    const cancel = el("button", { type: "button", className: "button secondary",
                                  textContent: "Cancel" });
    const message = el("p", { id: "class-message", className: "message problem" });
    message.setAttribute("role", "status");
    message.setAttribute("aria-live", "polite");
    const form = el("form", { id: "class-join-form", className: "class-join-form", hidden: true }, [
      el("label", { htmlFor: "class-code", textContent: "Class code" }), code,
      el("label", { htmlFor: "class-nickname", textContent: "Your nickname" }), nick,
      el("div", { className: "row" }, [go, cancel]), message,
    ]);
    form.setAttribute("aria-label", "Join a class");
    const status = el("span", { id: "class-status", className: "class-status" });
    status.setAttribute("role", "status");
    const leave = el("button", { type: "button", className: "button small secondary",
                                 id: "class-leave", textContent: "Leave", hidden: true });
    root.replaceChildren(open, status, leave, form);

    function show(formOpen) {
      form.hidden = !formOpen;
      open.setAttribute("aria-expanded", formOpen ? "true" : "false");
      if (formOpen) (code.value ? nick : code).focus();
    }

    open.addEventListener("click", () => show(form.hidden));
    cancel.addEventListener("click", () => {
      show(false);
      open.focus();
    });
    form.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") {
        show(false);
        open.focus();
      }
    });
    form.addEventListener("submit", async function (ev) {
      ev.preventDefault();
      go.disabled = true;
      message.textContent = "Joining…";
      let problem;
      try {
        problem = await window.tinynetClass.join(code.value, nick.value);
      } catch (err) {
        problem = "The server cannot be reached: try again in a moment.";
      }
      go.disabled = false;
      message.textContent = problem || "";
      if (problem) return;
      show(false);
      const cls = window.tinynetClass.state.me.class;
      if (cls && cls.lesson && window.dash_clientside && window.dash_clientside.set_props) {
        window.dash_clientside.set_props("lesson-link", {
          data: { lesson: cls.lesson, step: 1, setup: true },
        });
        if (window.tinynetTabs) window.tinynetTabs.select("lesson", false);
      }
    });
    leave.addEventListener("click", () => window.tinynetClass.leave());

    function draw(C) {
      const me = C.me;
      open.hidden = Boolean(me);
      leave.hidden = !me;
      if (me) {
        const cls = me.class || {};
        status.replaceChildren("In ", el("strong", { textContent: cls.name || "a class" }),
          " as ", el("strong", { textContent: me.nickname }),
          cls.closed ? " (the class is closed)" : "");
      } else {
        status.textContent = C.lastMessage || "";
      }
    }
    window.tinynetClass.listen(draw);
    draw(window.tinynetClass.state);

    // A join link: ?join=CODE opens the form with the code in it.
    const wanted = new URLSearchParams(window.location.search).get("join");
    if (wanted && !window.tinynetClass.state.me) {
      code.value = wanted.slice(0, 12);
      show(true);
    }
  }

  // Dash draws the layout after the scripts run: build the control when its box appears.
  function watch() {
    const root = document.getElementById("class-tools");
    if (root && window.tinynetClass) {
      if (!root.querySelector("button")) build(root);
      return;
    }
    if (document.querySelector(".page")) return; // a page with no class control
    window.setTimeout(watch, 50);
  }
  watch();
})();
