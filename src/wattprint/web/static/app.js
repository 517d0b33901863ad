/* Dashboard behaviour beyond drawing charts (charts.js does that): the live power chart
   of a running run, polled every 2 s. Data is only ever set with textContent. */
(function () {
  "use strict";
  var POLL_MS = 2000;
  var CONFIG = { displaylogo: false, responsive: true, displayModeBar: false };

  function live() {
    var chart = document.querySelector("[data-live-url]");
    if (!chart || !window.Plotly) { return; }
    var url = chart.getAttribute("data-live-url");
    var count = document.querySelector("[data-sample-count]");
    var polls = 0;
    function tick() {
      fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (body) {
          polls += 1;
          chart.setAttribute("data-polls", String(polls));
          var layout = body.figure.layout;
          if (layout && layout.height) { chart.style.height = layout.height + "px"; }
          window.Plotly.react(chart, body.figure.data, layout, CONFIG);
          if (count) { count.textContent = Number(body.sample_count).toLocaleString("en"); }
          if (body.status !== "running") { window.location.reload(); return; }
          window.setTimeout(tick, POLL_MS);
        })
        .catch(function () { window.setTimeout(tick, POLL_MS * 2); });
    }
    window.setTimeout(tick, POLL_MS);
  }

  function compareButton() {
    var form = document.getElementById("compare-form");
    if (!form) { return; }
    var button = form.querySelector("button[type=submit]");
    function update() {
      button.disabled = form.querySelectorAll("input[name=ids]:checked").length < 2;
    }
    form.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () { live(); compareButton(); });
}());
