/* Draws every chart whose plotly spec the page embeds as JSON; no data ever goes through
   innerHTML. Charts are drawn one per task, in page order, so the first one shows before
   the rest are built. A chart in a hidden block (the other language) is drawn when shown. */
(function () {
  "use strict";
  var CONFIG = { displaylogo: false, responsive: true, displayModeBar: false };
  var drawn = [];
  var queue = [];

  function plot(div) {
    var source = document.getElementById(div.getAttribute("data-figure"));
    if (!source || !window.Plotly) { return; }
    var spec = JSON.parse(source.textContent);
    div.querySelectorAll(".chart-preview").forEach(function (svg) { svg.remove(); });
    // The box holds the chart's own height, so a resize (responsive: plotly refits to the
    // box) keeps it: the chart never shrinks to the CSS minimum and paints over the page.
    if (spec.layout && spec.layout.height) { div.style.height = spec.layout.height + "px"; }
    window.Plotly.newPlot(div, spec.data, spec.layout, CONFIG);
  }

  function next() {
    var div = queue.shift();
    if (!div) { return; }
    plot(div);
    if (queue.length) { window.setTimeout(next, 0); }
  }

  function draw() {
    var idle = queue.length === 0;
    document.querySelectorAll(".chart[data-figure]").forEach(function (div) {
      if (drawn.indexOf(div) >= 0 || div.offsetParent === null) { return; }
      drawn.push(div);
      queue.push(div);
    });
    if (idle) { next(); }
  }

  function setLang(lang) {
    document.documentElement.setAttribute("data-lang", lang);
    document.documentElement.setAttribute("lang", lang === "zh" ? "zh-CN" : "en");
    draw();
  }

  window.wattprint = { draw: draw, setLang: setLang };
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-set-lang]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        setLang(button.getAttribute("data-set-lang"));
      });
    });
    draw();
  });
}());
