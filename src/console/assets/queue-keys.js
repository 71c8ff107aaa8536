// Keyboard shortcuts on the queue (listed on the page under "Phím tắt"): j / k select the next /
// previous item, Enter opens the selected item, a opens it at its answer form. A file of its own,
// as the CSP forbids inline scripts; keys typed into a field, or with Ctrl, Alt or ⌘, are left alone.
(function () {
  "use strict";

  var rows = Array.prototype.slice.call(document.querySelectorAll("table.queue tbody tr[data-href]"));
  if (rows.length === 0) return;
  var selected = -1;

  function select(index) {
    if (selected >= 0) {
      rows[selected].classList.remove("selected");
      rows[selected].removeAttribute("aria-current");
    }
    selected = Math.max(0, Math.min(rows.length - 1, index));
    var row = rows[selected];
    row.classList.add("selected");
    row.setAttribute("aria-current", "true");
    row.scrollIntoView({ block: "nearest" });
  }

  function typing(target) {
    return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "j") select(selected + 1);
    else if (event.key === "k") select(selected < 0 ? 0 : selected - 1);
    else if (event.key === "Enter" && selected >= 0 && !(event.target instanceof HTMLAnchorElement)) window.location.href = rows[selected].getAttribute("data-href");
    else if (event.key === "a" && selected >= 0) window.location.href = rows[selected].getAttribute("data-href") + "#answer";
    else return;
    event.preventDefault();
  });
})();
