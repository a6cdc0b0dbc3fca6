/* plotly's gl3d bundle, loaded the first time a layer of three units is on screen (1.7 MB: the
   default page never fetches it). The bundle sets window.Plotly when it runs; the page's own
   cartesian Plotly is put back at once (its load event follows the run with nothing in
   between), and the 3-D one is kept here. */
(function () {
  "use strict";
  const FILE = "plotly-gl3d-4.1.1.min.js";
  let loading = null;

  /* Where the assets are served from (a notebook or a proxy may put the app under a prefix):
     beside the cartesian bundle the page loaded. */
  function bundleUrl() {
    const own = document.querySelector('script[src*="vendor/plotly-cartesian"]');
    if (!own) return null;
    return own.src.replace(/plotly-cartesian-[^/?#]*(\?[^#]*)?$/, FILE);
  }

  /* A promise of the 3-D Plotly. */
  function load() {
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      const url = bundleUrl();
      if (!url) {
        reject(new Error("the page's scripts could not be found"));
        return;
      }
      const page = window.Plotly;
      const script = document.createElement("script");
      script.src = url;
      script.async = true;
      script.onload = function () {
        const three = window.Plotly;
        window.Plotly = page;
        resolve(three);
      };
      script.onerror = function () {
        loading = null; // a later layer of three units tries again
        reject(new Error("the 3-D view's script did not load"));
      };
      document.head.appendChild(script);
    });
    return loading;
  }

  window.tinynetThree = { load: load };
})();
