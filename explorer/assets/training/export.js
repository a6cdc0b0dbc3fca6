/* Export replay, in the page: the server sends the run's parts of the file (training/download.py),
   this fetches the network's template (a file that never changes, cached by the browser), puts
   the parts in its markers and hands the file to the download. The message says "Exported" only
   once the file is made; a template that does not arrive is said, with what to do. */
(function () {
  "use strict";
  const MARKER = /@@tinynet-run:(\w+)@@/g; // training/export.py RUN_MARKER
  const no = () => window.dash_clientside.no_update;

  async function exportReplayFile(made) {
    if (!made || typeof made.template !== "string" || !made.parts) return [no(), no()];
    let template;
    try {
      const answer = await fetch(made.template, { credentials: "same-origin" });
      if (!answer.ok) throw new Error("HTTP " + answer.status);
      template = await answer.text();
    } catch (error) {
      return [no(), "Not exported: the server did not send the replay's page (" + error.message +
        "). Try again in a moment."];
    }
    // One pass, as export.py's fill_run: the parts' own text is never read for markers.
    const content = template.replace(MARKER, (marker, name) =>
      Object.prototype.hasOwnProperty.call(made.parts, name) ? made.parts[name] : marker);
    return [{ content: content, filename: made.filename, type: "text/html" }, made.message];
  }

  window.tinynetPage.register({ export_replay_file: exportReplayFile });
})();
