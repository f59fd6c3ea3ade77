// Resumable upload with progress: open a session, send chunks with Upload-Offset, resume after a
// dropped connection from the offset the server reports. Without JavaScript the form posts the file.
// Every form.media-upload on the page is handled (the videos page, a submission, a profile, a chat message).
(function () {
  "use strict";
  if (!window.fetch) { return; }
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function call(url, options) {
    options.headers = Object.assign({"X-CSRFToken": csrf}, options.headers || {});
    options.credentials = "same-origin";
    return fetch(url, options).then(function (resp) {
      return resp.json().catch(function () { return {}; }).then(function (body) {
        if (!resp.ok) { var err = new Error(body.message || resp.statusText); err.body = body; err.status = resp.status; throw err; }
        return body;
      });
    });
  }

  // Open ``url``; when it is this page (perhaps with another #section), load it again to show the new video.
  function go(url) {
    var target = new URL(url, window.location.href), here = window.location;
    if (target.pathname + target.search !== here.pathname + here.search) { here.href = target.href; return; }
    if (target.hash) { here.hash = target.hash; }
    here.reload();
  }

  function setUp(form) {
    var progress = form.querySelector(".upload-progress");
    var status = form.querySelector(".upload-status");
    var chunkSize = parseInt(form.dataset.chunkSize, 10) || 8388608;

    function say(text) { status.textContent = text; }
    function sendFrom(url, file, offset, tries) {
      progress.value = Math.floor(offset * 100 / file.size);
      if (offset >= file.size) { return Promise.resolve(); }
      var end = Math.min(file.size, offset + chunkSize);
      return call(url, {method: "PATCH", headers: {"Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream"},
                        body: file.slice(offset, end)})
        .then(function (body) { return body.data.complete ? body : sendFrom(url, file, body.data.received, 0); })
        .catch(function (err) {
          if (err.status || tries >= 5) { throw err; }
          return new Promise(function (r) { setTimeout(r, 1000 * (tries + 1)); })
            .then(function () { return call(url, {method: "GET"}); })
            .then(function (body) { return sendFrom(url, file, body.data.received, tries + 1); });
        });
    }
    form.addEventListener("submit", function (event) {
      var file = form.querySelector('input[type="file"]').files[0];
      if (!file) { return; }
      event.preventDefault();
      progress.hidden = false;
      say("…");
      var start = {total_size: file.size, filename: file.name, title: form.elements.title.value,
                   visibility: form.elements.visibility.value};
      if (form.dataset.attachedKind) {
        start.attached_kind = form.dataset.attachedKind;
        start.attached_id = parseInt(form.dataset.attachedId, 10);
      }
      call(form.dataset.api, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(start)})
        .then(function (body) {
          var url = form.dataset.api + "/" + body.data.item_id;
          return sendFrom(url, file, 0, 0).then(function (done) {
            progress.value = 100;
            say(done && done.message ? done.message : "");
            go(form.dataset.next || form.action.replace(/upload$/, String(body.data.item_id)));
          });
        })
        .catch(function (err) {
          var details = err.body && err.body.errors ? Object.values(err.body.errors).join(" ") : "";
          say(err.message + (details ? " " + details : ""));
        });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.media-upload"), setUp);
}());
