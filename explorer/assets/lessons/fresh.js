/* A Check's result belongs to the picture it graded: when the student changes the weights, the
   activation, the data or the answer after it, the result says it is out of date (and says so no
   more if they change it back). */
(function () {
  "use strict";
  const STALE = "Out of date: the picture changed after this check. Press Check again.";
  const dataIds = new WeakMap();
  let nextData = 1;
  let checked = null; // what the shown result graded

  function dataId(data) {
    if (!data || typeof data !== "object") return null;
    if (!dataIds.has(data)) dataIds.set(data, nextData++);
    return dataIds.get(data);
  }

  /* Outputs: the note under the result. Inputs: the result, then what a check reads. */
  function check_fresh(result, weights, activation, actParam, data, choice) {
    const ctx = window.dash_clientside.callback_context;
    const trigger = ctx && ctx.triggered.length ? ctx.triggered[0].prop_id : "";
    const key = JSON.stringify([weights, activation, actParam, dataId(data), choice]);
    const hasResult = Array.isArray(result) ? result.length > 0 : Boolean(result);
    if (trigger === "lesson-result.children") {
      checked = hasResult ? key : null;
      return [""];
    }
    return [checked !== null && hasResult && key !== checked ? STALE : ""];
  }

  window.tinynetPage.register({ check_fresh: check_fresh });
})();
