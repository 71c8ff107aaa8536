// The console's script on every page (no inline scripts, so the CSP can forbid them): asks before
// destructive actions (forms with data-confirm), prevents double submits, draws the dashboard
// charts from the JSON block the server rendered, and puts the cursor in the answer box of an item
// opened at #answer. The queue's keyboard shortcuts are in queue-keys.js.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (form.method.toLowerCase() === "post") {
      // Disable after the submit has been sent, so the button's own value still goes with it.
      setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    }
  });

  var palette = ["#0b5394", "#c62828", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#546e7a"];

  function drawCharts() {
    var block = document.getElementById("dashboard-data");
    if (!block || typeof window.Chart === "undefined") return;
    var data = JSON.parse(block.textContent || "{}");
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = data[canvas.getAttribute("data-chart")];
      if (!spec) return;
      var type = canvas.getAttribute("data-type") || "bar";
      var stacked = canvas.getAttribute("data-stacked") === "1";
      var horizontal = canvas.getAttribute("data-horizontal") === "1";
      var datasets = spec.series.map(function (s, i) {
        return {
          label: s.label,
          data: s.data,
          backgroundColor: type === "doughnut" ? ["#2e7d32", "#c62828"] : palette[i % palette.length],
        };
      });
      new window.Chart(canvas, {
        type: type,
        data: { labels: spec.labels, datasets: datasets },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          indexAxis: horizontal ? "y" : "x",
          plugins: { legend: { display: type === "doughnut" || spec.series.length > 1, position: "bottom" } },
          scales: type === "doughnut" ? {} : { x: { stacked: stacked, ticks: { precision: 0 } }, y: { stacked: stacked, ticks: { precision: 0 } } },
        },
      });
    });
    document.body.setAttribute("data-charts-ready", "1");
  }

  // The queue's "a" shortcut opens an item at #answer: the cursor waits in the answer box.
  function focusAnswer() {
    var box = window.location.hash === "#answer" ? document.querySelector("textarea[name=answer]") : null;
    if (box) box.focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawCharts);
  else drawCharts();
  // After load: focusing while the page still loads is undone when the browser scrolls to #answer.
  window.addEventListener("load", focusAnswer);
})();
