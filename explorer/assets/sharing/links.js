/* Sharing: the page's state as a link, the teacher view a link asks for, and the weights as
   JSON. */
(function () {
  "use strict";
  const NAMES = window.tinynetPage.NAMES;

  const LINK_FIELDS = NAMES.concat(["activation", "dataset", "samples", "noise", "data_seed",
    "stage", "view_options", "train_optimizer", "train_lr", "train_epochs", "train_batch_size",
    "train_loss", "train_init", "train_seed", "train_l2", "train_test_fraction", "train_start",
    "train_restarts", "act_param"]);

  /* The page's state as a link (read back by explorer/url.py through the state schema). */
  function copy_link(n) {
    const skip = window.dash_clientside.no_update;
    if (!n) return [skip, skip, skip];
    const values = Array.prototype.slice.call(arguments, 1);
    const query = new URLSearchParams();
    LINK_FIELDS.forEach(function (field, i) {
      const v = values[i];
      if (field === "view_options") {
        const opts = Array.isArray(v) ? v : [];
        query.set("grid", opts.includes("grid") ? "1" : "0");
        query.set("fit", opts.includes("fit") ? "1" : "0");
      } else if (v !== null && v !== undefined) {
        query.set(field, String(v));
      }
    });
    const pos = values[LINK_FIELDS.length];
    const hide = values[LINK_FIELDS.length + 1];
    if (pos && pos.lesson) {
      query.set("lesson", pos.lesson);
      query.set("step", String(pos.step));
    }
    if (hide) query.set("hide", hide);
    const search = "?" + query.toString();
    const link = window.location.origin + window.location.pathname + search;
    return [search, link, "Link copied: it reopens exactly this picture."];
  }

  /* Teacher view: hide the parts a link names ("data,activation"); the rest stay as they are. */
  function apply_hide(hide, config) {
    const hidden = (typeof hide === "string" ? hide : "").split(",");
    const parts = config.hideable;
    const styles = parts.map((p) => (hidden.includes(p) ? {display: "none"} : {}));
    return styles.concat([hidden.some((p) => parts.includes(p)) ? {} : {display: "none"}]);
  }

  function show_all(n) {
    return [n ? "" : window.dash_clientside.no_update];
  }


  /* The weights and activation as tinynet JSON (what Import weights reads back). */
  function download_state(n) {
    if (!n) return [window.dash_clientside.no_update];
    const values = Array.prototype.slice.call(arguments, 1);
    const state = {};
    NAMES.forEach((name, i) => (state[name] = values[i]));
    state.activation = values[9];
    state.act_param = values[10];
    return [{ content: JSON.stringify(state, null, 2) + "\n", filename: "tinynet-weights.json",
              type: "application/json" }];
  }

  window.tinynetPage.register({
    copy_link: copy_link,
    apply_hide: apply_hide,
    show_all: show_all,
    download_state: download_state,
  });
})();
