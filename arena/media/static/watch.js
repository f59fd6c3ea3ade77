// While a video is processed, show its job's progress and reload the page when it is done
// (every .media-processing on the page: the player page, or the videos on a submission or a profile).
(function () {
  "use strict";
  if (!window.fetch) { return; }
  function follow(note) {
    var bar = note.querySelector("progress");
    var text = note.querySelector("[role=status]");
    function poll() {
      fetch(note.dataset.job, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (body) {
        var job = body.data || {};
        if (bar) { bar.value = job.progress || 0; }
        if (text && text.dataset.template) { text.textContent = text.dataset.template.replace("%s", String(job.progress || 0)); }
        if (job.status === "succeeded" || job.status === "failed") { window.location.reload(); return; }
        setTimeout(poll, 1500);
      }).catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 1500);
  }
  Array.prototype.forEach.call(document.querySelectorAll(".media-processing[data-job]"), follow);
}());
