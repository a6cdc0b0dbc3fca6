/* Sharing: the page's state as a link, copied to the clipboard; the teacher view a link asks
   for; the weights as JSON. The link holds the true weights (as the `weights` store has them)
   and, for uploaded or added points, the points themselves in its fragment (points.js). */
(function () {
  "use strict";
  const NAMES = window.tinynetPage.NAMES;
  const CONTROL_FIELDS = ["activation", "dataset", "samples", "noise", "data_seed", "stage",
    "view_options", "train_optimizer", "train_lr", "train_epochs", "train_batch_size",
    "train_loss", "train_init", "train_seed", "train_l2", "train_test_fraction", "train_start",
    "train_restarts", "hidden"];

  /* What a link must carry of the data beyond its recipe: nothing for a built-in set, the
     points added by hand to one (the last `added`), or all the points of an uploaded set. */
  function extraPoints(data) {
    if (!data || !Array.isArray(data.X)) return null;
    const recipe = data.made_by || {};
    const added = data.added || 0;
    if (Object.keys(recipe).length) {
      if (!added) return null;
      return { key: "added", X: data.X.slice(-added), y: data.y.slice(-added) };
    }
    return { key: "points", X: data.X, y: data.y };
  }

  function dataName(data) {
    const name = String(data.title || data.note || data.name || "")
      .replace(/[^A-Za-z0-9 ._()-]+/g, " ").replace(/ +/g, " ").trim();
    return name.slice(0, 40) || "own points";
  }

  /* Put text on the clipboard: the clipboard API (https and localhost), else the older copy
     command; false when the browser refuses both. */
  async function toClipboard(text) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
      }
    } catch (err) {
      // refused (no permission, page not focused): try the older way
    }
    try {
      const box = document.createElement("textarea");
      box.value = text;
      box.setAttribute("readonly", "");
      Object.assign(box.style, { position: "fixed", left: "-9999px", top: "0" });
      document.body.appendChild(box);
      box.select();
      const done = document.execCommand && document.execCommand("copy");
      box.remove();
      return Boolean(done);
    } catch (err) {
      return false;
    }
  }

  /* The page's state as a link's query (read back by explorer/sharing/url.py through the
     schema): `values` are CONTROL_FIELDS' values, then the weights, the activation's parameter,
     the lesson's position and the parts hidden. (A joined class hears of the picture so too.) */
  function stateQuery(values) {
    const k = CONTROL_FIELDS.length;
    const [weights, actParam, pos, hide] = values.slice(k);
    const query = new URLSearchParams();
    const hidden = String(values[CONTROL_FIELDS.indexOf("hidden")] || "2");
    const names = hidden === "2" ? NAMES : window.tinynetMLP.names(hidden.split(",").map(Number));
    if (Array.isArray(weights) && weights.length === names.length) {
      names.forEach((name, i) => query.set(name, String(weights[i])));
    }
    CONTROL_FIELDS.forEach(function (field, i) {
      const v = values[i];
      if (field === "view_options") {
        const opts = Array.isArray(v) ? v : [];
        query.set("grid", opts.includes("grid") ? "1" : "0");
        query.set("fit", opts.includes("fit") ? "1" : "0");
      } else if (field === "hidden") {
        if (v && v !== "2") query.set(field, String(v)); // old links name no network: 2-2-1
      } else if (v !== null && v !== undefined && v !== "") {
        query.set(field, String(v));
      }
    });
    if (actParam !== null && actParam !== undefined) query.set("act_param", String(actParam));
    if (pos && pos.lesson) {
      query.set("lesson", pos.lesson);
      query.set("step", String(pos.step));
    }
    if (hide) query.set("hide", hide);
    return query;
  }

  async function copy_link(n) {
    const skip = window.dash_clientside.no_update;
    if (!n) return Array(6).fill(skip);
    const values = Array.prototype.slice.call(arguments, 1);
    const data = values[CONTROL_FIELDS.length + 4];
    const query = stateQuery(values);
    let hash = "";
    let note = "";
    const extra = extraPoints(data);
    if (extra) {
      const coded = window.tinynetPointCode.encode(extra.X, extra.y);
      if (coded.error) {
        note = " It holds the data set's recipe, not your points: " + coded.error +
          ". Share them with Download CSV (Data tab).";
      } else {
        if (extra.key === "points") query.set("data_name", dataName(data));
        hash = "#" + extra.key + "=" + coded.text;
        note = " It holds your " + (extra.key === "added" ? extra.y.length + " added" :
          extra.y.length.toLocaleString("en")) + " points too.";
      }
    }
    const search = "?" + query.toString();
    const link = window.location.origin + window.location.pathname + search + hash;
    if (await toClipboard(link)) {
      return [search, hash, "Link copied: it reopens exactly this picture." + note,
              "message ok", link, { display: "none" }];
    }
    window.setTimeout(function () {
      const box = document.getElementById("link-text");
      if (box) {
        box.focus();
        box.select();
      }
    }, 50);
    return [search, hash,
      "This browser does not let the page copy here (the address is not https or localhost). " +
      "The link is selected in the box: press Ctrl+C (⌘C on a Mac) to copy it." + note,
      "message problem", link, { display: "inline-block" }];
  }

  /* Teacher view: hide the parts a link names ("data,activation"); the rest stay as they are.
     The page's body carries the names; style.css hides every element of those parts. */
  function apply_hide(hide, config) {
    const hidden = (typeof hide === "string" ? hide : "").split(",")
      .filter((p) => config.hideable.includes(p));
    document.body.setAttribute("data-hide", hidden.join(" "));
    const tabs = Array.from(document.querySelectorAll('#side-tabs [role="tab"]'));
    document.body.toggleAttribute("data-no-side", tabs.length > 0 &&
      tabs.every((t) => getComputedStyle(t).display === "none"));
    if (window.tinynetTabs) window.tinynetTabs.ensureVisible();
    window.tinynetLayout.fit();
    return [hidden.length ? {} : { display: "none" }];
  }

  function show_all(n) {
    return [n ? "" : window.dash_clientside.no_update];
  }

  /* The weights and activation as tinynet JSON (what Import weights reads back). */
  function download_state(n, weights, activation, actParam, arch) {
    if (!n || !Array.isArray(weights)) return [window.dash_clientside.no_update];
    const hidden = Array.isArray(arch) ? arch : [2];
    const names = window.tinynetMLP.names(hidden);
    if (weights.length !== names.length) return [window.dash_clientside.no_update];
    const state = {};
    // Another network names itself as links do ("3", "2,2"): Import reads it back so.
    if (!window.tinynetNets.isDefault(hidden)) state.hidden = hidden.join(",");
    names.forEach((name, i) => (state[name] = weights[i]));
    state.activation = activation;
    state.act_param = actParam;
    return [{ content: JSON.stringify(state, null, 2) + "\n", filename: "tinynet-weights.json",
              type: "application/json" }];
  }

  window.tinynetLinks = { stateQuery: stateQuery, CONTROL_FIELDS: CONTROL_FIELDS };
  window.tinynetPage.register({
    copy_link: copy_link,
    apply_hide: apply_hide,
    show_all: show_all,
    download_state: download_state,
  });
})();
