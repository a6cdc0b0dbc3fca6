/* HTML made on the server from the project's own text, put into the page as it is: a lesson's
   Markdown (made and cleaned by explorer/lessons/markdown.py) and the activations' formulas
   (MathML from the registry, page/config.py). Dash's Markdown component drops MathML's
   elements, which leaves a formula as a line of letters. */
(function () {
  "use strict";

  function put(id, html) {
    const el = document.getElementById(id);
    const text = typeof html === "string" ? html : "";
    if (el && el.tinynetHtml !== text) {
      el.innerHTML = text;
      el.tinynetHtml = text;
    }
  }

  function show_lesson_html(html) {
    put("lesson-text", html);
    return window.dash_clientside.no_update;
  }

  window.tinynetRichText = { put: put };
  window.tinynetPage.register({ show_lesson_html: show_lesson_html });
})();
