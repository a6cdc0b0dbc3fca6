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
    if (!arch) return [skip, skip, skip];
    const same = (h) => Array.isArray(h) && h.join(",") === value;
    const pickers = [top === value ? skip : value, network === value ? skip : value];
    const coming = incoming && Array.isArray(incoming.values) ?
      (Array.isArray(incoming.hidden) ? incoming.hidden : [2]) : null;
    if (same(coming) || (coming === null && same(current))) return pickers.concat([skip]);
    return pickers.concat([{ values: arch.defaults.slice(), hidden: arch.hidden.slice(),
                             why: "architecture" }]);
  }

  /* The network changed by anything but a picker (a logged run shown again, a fit, a lesson):
     the pickers follow it (pick_architecture then finds the weights already on their way). */
  function show_architecture(arch) {
    const skip = window.dash_clientside.no_update;
    if (!Array.isArray(arch)) return [skip, skip];
    return [arch.join(","), arch.join(",")];
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
