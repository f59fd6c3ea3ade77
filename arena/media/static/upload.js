// Resumable upload with progress: open a session, send chunks with Upload-Offset, resume after a
// dropped connection from the offset the server reports. Without JavaScript the form posts the file.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.fetch) { return; }
  var progress = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  var chunkSize = parseInt(form.dataset.chunkSize, 10) || 8388608;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function say(text) { status.textContent = text; }
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
    say(form.dataset.startText || "…");
    call(form.dataset.api, {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({total_size: file.size, filename: file.name, title: form.querySelector("#title").value,
                            visibility: form.querySelector("#visibility").value})})
      .then(function (body) {
        var url = form.dataset.api + "/" + body.data.item_id;
        return sendFrom(url, file, 0, 0).then(function (done) {
          progress.value = 100;
          say(done && done.message ? done.message : "");
          window.location.href = form.action.replace(/upload$/, String(body.data.item_id));
        });
      })
      .catch(function (err) {
        var details = err.body && err.body.errors ? Object.values(err.body.errors).join(" ") : "";
        say(err.message + (details ? " " + details : ""));
      });
  });
}());
