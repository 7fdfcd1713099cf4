// Draws every chart on the page from its inline Vega-Lite spec, with the site's own Vega bundle.
(function () {
  function draw() {
    document.querySelectorAll(".rs-chart-canvas[data-spec]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var script = document.getElementById(el.dataset.spec);
      if (!script || typeof vegaEmbed !== "function") return;
      el.dataset.drawn = "1";
      vegaEmbed(el, JSON.parse(script.textContent), { actions: false, renderer: "svg", mode: "vega-lite" })
        .then(function () {
          // The container is one role="img" named by the chart's text summary; Vega's unnamed
          // per-mark roles inside it would only be noise to a screen reader.
          var svg = el.querySelector("svg");
          if (svg) svg.setAttribute("aria-hidden", "true");
          el.dataset.rendered = "1";
        })
        .catch(function (err) { el.dataset.error = String(err); console.error(err); });
    });
  }
  if (typeof document$ !== "undefined") { document$.subscribe(draw); } else { document.addEventListener("DOMContentLoaded", draw); }
})();
