/* What every part's script shares, loaded first (Dash loads the assets folder by folder in
   sorted order, its top level first): the nine parameter names in model's order,
   and register(), which adds a part's clientside callbacks to the one namespace
   window.dash_clientside.tinynet that explorer/widgets/clientside.py names. */
(function () {
  "use strict";
  window.tinynetPage = {
    NAMES: ["w11", "w12", "w21", "w22", "b11", "b12", "w13", "w23", "b13"],
    register: function (functions) {
      const all = window.dash_clientside || {};
      window.dash_clientside = Object.assign({}, all, {
        tinynet: Object.assign({}, all.tinynet, functions),
      });
    },
  };
})();
