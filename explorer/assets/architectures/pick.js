/* Picking a network (explorer/architectures/callbacks.py): the pickers agree, and a network
   other than the one whose weights are on their way or on screen starts from its Reset
   weights. A link or a lesson sets the picker and the weights together: its weights stand. */
(function () {
  "use strict";

  function pick_architecture(top, network, current, incoming, config) {
    const skip = window.dash_clientside.no_update;
    const ctx = window.dash_clientside.callback_context;
    const trigger = ctx && ctx.triggered.length ? ctx.triggered[0].prop_id : "";
    const value = trigger.startsWith("hidden-network.") ? network : top;
    const arch = config.architectures[value];
    if (!arch) return [skip, skip, skip, skip];
    const same = (h) => Array.isArray(h) && h.join(",") === value;
    const pickers = [top === value ? skip : value, network === value ? skip : value];
    const coming = incoming && Array.isArray(incoming.values) ?
      (Array.isArray(incoming.hidden) ? incoming.hidden : [2]) : null;
    if (same(coming) || (coming === null && same(current))) return pickers.concat([skip, skip]);
    return pickers.concat([{ values: arch.defaults.slice(), hidden: arch.hidden.slice(),
                             why: "architecture" }, arch.stage_end]);
  }

  /* The network changed by anything but a picker (a logged run shown again, a fit, a lesson):
     the pickers follow it (pick_architecture then finds the weights already on their way). */
  let before = null; // the network the stage slider was last set for
  function show_architecture(arch, stage, config) {
    const skip = window.dash_clientside.no_update;
    const spec = Array.isArray(arch) && config.architectures[arch.join(",")];
    if (!spec) return [skip, skip, skip, skip, skip, skip];
    const end = spec.stage_end;
    // The morph stays where it is in its layers; at the old network's end, at the new one's.
    const atEnd = before !== null && typeof stage === "number" && stage >= before.stage_end;
    const t = typeof stage !== "number" ? end : atEnd ? end : Math.min(stage, end);
    before = spec;
    return [arch.join(","), arch.join(","), end, spec.stage_marks, t === stage ? skip : t,
      spec.stage_label];
  }

  /* The loss landscape's two parameters: the network's own names, the output unit's first two
     weights to start with (2-2-1: w13 and w23, as before). */
  function landscape_names(arch, config) {
    const skip = window.dash_clientside.no_update;
    const spec = Array.isArray(arch) && config.architectures[arch.join(",")];
    if (!spec) return [skip, skip, skip, skip];
    const names = spec.names;
    const out = names.slice(names.length - arch[arch.length - 1] - 1);
    return [names, out[0], names, out[1]];
  }

  window.tinynetPage.register({
    landscape_names: landscape_names,
    pick_architecture: pick_architecture,
    show_architecture: show_architecture,
  });
})();
