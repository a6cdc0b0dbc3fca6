/* The data picker names what the page holds: a built-in set by its title, or data of its own
   (an uploaded file, a link's points) as "Your data: NAME, N points", with the options that make
   a built-in set hidden (they would make one over it). Picking a set from the list again makes
   that set. */
(function () {
  "use strict";

  function own(data) {
    return data && typeof data === "object" && !(data.made_by && Object.keys(data.made_by).length);
  }

  function show_data(data) {
    const skip = window.dash_clientside.no_update;
    if (!data || !Array.isArray(data.y)) return [skip, skip, skip];
    if (!own(data)) return [skip, "Choose a data set…", { display: "block" }];
    const title = String(data.title || "own points");
    const n = data.y.length.toLocaleString("en");
    return [null, "Your data: " + title + ", " + n + " points", { display: "none" }];
  }

  window.tinynetPage.register({ show_data: show_data });
})();
