// While a video is processed, show the job's progress and reload the page when it is done.
(function () {
  "use strict";
  var note = document.getElementById("processing");
  if (!note || !note.dataset.job || !window.fetch) { return; }
  var bar = note.parentNode.querySelector("progress");
  function poll() {
    fetch(note.dataset.job, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (body) {
      var job = body.data || {};
      if (bar) { bar.value = job.progress || 0; }
      if (job.status === "succeeded" || job.status === "failed") { window.location.reload(); return; }
      setTimeout(poll, 1500);
    }).catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1500);
}());
