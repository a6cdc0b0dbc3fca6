/* Export replay, in the page: the server sends the run's parts of the file (training/download.py);
   this fetches the network's template (a file that never changes, cached by the browser) and
   plotly.js's bundles (the page's own assets, beside the plotly.js it loaded), puts them in the
   template's markers and hands the file to the download. The message says "Exported" only once
   the file is made; a part that does not arrive is said, with what to do. */
(function () {
  "use strict";
  const MARKER = /@@tinynet-(run|file):(\w+)@@/g; // training/export.py MARKER
  const no = () => window.dash_clientside.no_update;

  /* A file of the page's assets, beside the plotly.js the page loaded (a notebook or a proxy
     may put the app under a prefix). */
  function besidePlotly(name) {
    const own = document.querySelector('script[src*="vendor/plotly-cartesian"]');
    if (!own) throw new Error("the page's scripts could not be found");
    return /plotly-cartesian/.test(name)
      ? own.src : own.src.replace(/plotly-cartesian-[^/?#]*(\?[^#]*)?$/, name);
  }

  async function text(url) {
    const answer = await fetch(url, { credentials: "same-origin" });
    if (!answer.ok) throw new Error("HTTP " + answer.status);
    return answer.text();
  }

  async function exportReplayFile(made) {
    if (!made || typeof made.template !== "string" || !made.parts || !made.files) {
      return [no(), no()];
    }
    const names = Object.keys(made.files);
    let template;
    const files = {};
    try {
      const texts = await Promise.all(
        [text(made.template)].concat(names.map((n) => text(besidePlotly(made.files[n])))));
      template = texts[0];
      // Made safe inside <script> as export.py's _script does: "</" never closes it.
      names.forEach((n, i) => (files[n] = texts[i + 1].split("</").join("<\\/")));
    } catch (error) {
      return [no(), "Not exported: the server did not send all of the replay's page (" +
        error.message + "). Try again in a moment."];
    }
    // One pass, as export.py's fill: no part's own text is read for markers.
    const content = template.replace(MARKER, function (marker, kind, name) {
      const from = kind === "run" ? made.parts : files;
      return Object.prototype.hasOwnProperty.call(from, name) ? from[name] : marker;
    });
    return [{ content: content, filename: made.filename, type: "text/html" }, made.message];
  }

  window.tinynetPage.register({ export_replay_file: exportReplayFile });
})();
