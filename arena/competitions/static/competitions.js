// Countdown of a timed attempt. The deadline is kept by the server; this only shows it.
// Screen readers hear it at 5 minutes, 1 minute and 10 seconds left (an assertive live region);
// the ticking display itself is not announced. With reduced motion nothing pulses.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function start() {
    var timer = document.getElementById("countdown");
    if (!timer) { return; }
    var announcer = document.getElementById("countdown-announcer");
    var left = parseInt(timer.getAttribute("data-seconds-left"), 10);
    if (isNaN(left)) { return; }
    var reduced = document.body.classList.contains("motion-reduced") ||
      (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
    var endsAt = Date.now() + left * 1000;
    var marks = [300, 60, 10].filter(function (m) { return left > m; });
    var submitted = false;
    function tick() {
      var now = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      timer.textContent = Math.floor(now / 60) + ":" + pad(now % 60);
      while (marks.length && now <= marks[0]) {
        var mark = marks.shift();
        if (announcer) { announcer.textContent = announcer.getAttribute("data-msg-" + mark) || ""; }
      }
      if (now <= 60 && !reduced) { timer.classList.add("low"); }
      if (now === 0 && !submitted) {
        submitted = true;
        var button = document.getElementById(timer.getAttribute("data-submit"));
        if (button) { button.click(); }
        return;
      }
      window.setTimeout(tick, 1000 - ((endsAt - Date.now()) % 1000 + 1000) % 1000 || 1000);
    }
    tick();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
