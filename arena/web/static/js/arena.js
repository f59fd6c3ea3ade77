// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Remember the browser's time zone so dates can be shown in the viewer's zone.
  try {
    var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (tz && document.cookie.indexOf("tz=") === -1) {
      document.cookie = "tz=" + encodeURIComponent(tz) + "; path=/; max-age=31536000; samesite=lax";
    }
  } catch (e) { /* no Intl: keep UTC */ }
  // Send the CSRF token with every HTMX request.
  document.addEventListener("htmx:configRequest", function (evt) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { evt.detail.headers["X-CSRFToken"] = meta.content; }
  });
})();
