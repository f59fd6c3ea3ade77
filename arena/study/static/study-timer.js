// The running timer's "so far" moves without a reload; without JavaScript the page shows the
// minutes as they were when it was loaded.
(function () {
  "use strict";
  function render(el) {
    var since = Date.parse(el.getAttribute("data-since"));
    if (isNaN(since)) { return; }
    var minutes = Math.max(0, Math.floor((Date.now() - since) / 60000));
    var hours = Math.floor(minutes / 60), rest = minutes % 60;
    var text = hours
      ? el.getAttribute("data-format-hm").replace("%(h)d", hours).replace("%(m)02d", (rest < 10 ? "0" : "") + rest)
      : el.getAttribute("data-format-m").replace("%(m)d", rest);
    if (el.textContent !== text) { el.textContent = text; el.setAttribute("data-minutes", minutes); }
  }
  function tick() {
    var items = document.querySelectorAll(".study-elapsed[data-since]");
    for (var i = 0; i < items.length; i++) { render(items[i]); }
  }
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 5000); });
})();
