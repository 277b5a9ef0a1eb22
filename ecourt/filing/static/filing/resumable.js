/* ecourt — the files step of an online petition (filing/uploads.html) with the resumable upload.
 *
 * Without JavaScript the form #filing-upload posts one file (multipart, FILING_MAX_FILE_BYTES). With it,
 * every file goes through the tus client of js/tus-upload.js (window.EcourtTusUpload: parts, HEAD and
 * resume after a broken connection, resume after the page was closed when the same file is chosen again)
 * to data-endpoint (/evidence/uploads/) with no case; the evidence side checks the type from the first
 * bytes, hashes and stores the file. The upload's id is then posted with the kind to data-take
 * (/filing/<pk>/uploads/resumable/), which lists the stored file with the draft, and the page reloads to
 * show it with its SHA-256. Only the page logic is here; the protocol is in js/tus-upload.js.
 */
(function () {
  "use strict";

  /* The kind of the case file the bytes will become (the upload's own metadata takes FileKind values). */
  var CASE_FILE_KIND = { petition: "pleading", evidence: "evidence" };

  function format(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (_, key) { return values[key] !== undefined ? values[key] : ""; });
  }

  function uploadId(result, url) {
    if (result && result.id) return result.id;
    var parts = String(url || "").replace(/\/+$/, "").split("/");
    return parts[parts.length - 1];
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("filing-upload");
    if (!form || typeof window.EcourtTusUpload !== "function" || !window.fetch || !window.Blob || !Blob.prototype.slice) return;
    var input = form.querySelector("input[type=file][name=file]");
    var kind = form.querySelector("select[name=kind]");
    var bar = document.getElementById("filing-upload-progress");
    var status = document.getElementById("filing-upload-status");
    var button = form.querySelector("button[type=submit]");
    var note = document.getElementById("filing-resumable-note");
    if (!input || !kind || !status) return;
    if (note) note.hidden = false;

    function say(text) { status.textContent = text; }

    async function take(upload, result) {
      var body = new FormData();
      body.append("upload", uploadId(result, upload.url));
      body.append("kind", kind.value);
      var response = await fetch(form.dataset.take, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": form.dataset.csrf, "Accept": "application/json" }
      });
      var answer = {};
      try { answer = await response.json(); } catch (e) { answer = { error: response.statusText || String(response.status) }; }
      if (!response.ok) throw { message: answer.error };
      return answer;
    }

    form.addEventListener("submit", async function (event) {
      var file = input.files && input.files[0];
      event.preventDefault();
      if (!file) { say(form.dataset.msgChoose); return; }
      button.disabled = true;
      if (bar) { bar.hidden = false; bar.value = 0; }
      var first = true;
      var upload = new window.EcourtTusUpload(file, {
        endpoint: form.dataset.endpoint,
        csrf: form.dataset.csrf,
        metadata: { filename: file.name, kind: CASE_FILE_KIND[kind.value] || "evidence", filing: form.dataset.filing },
        onProgress: function (sent, total) {
          var percent = total ? Math.floor(sent * 100 / total) : 100;
          if (bar) bar.value = percent;
          // The first report is where the server stands: above zero, an earlier upload of this file resumes.
          var template = first && sent > 0 ? form.dataset.msgResume : form.dataset.msgProgress;
          first = false;
          say(format(template, { percent: percent, sent: (sent / 1048576).toFixed(1), total: (total / 1048576).toFixed(1) }));
        },
        onRetry: function (seconds) { say(format(form.dataset.msgRetry, { seconds: seconds })); }
      });
      try {
        var result = await upload.start();
        if (bar) bar.value = 100;
        say(form.dataset.msgSaving);
        var added = await take(upload, result);
        window.location.assign(added.redirect || window.location.href);  // the list with the new file and its hash
      } catch (failure) {
        say(format(form.dataset.msgFailed, { error: (failure && failure.message) || String(failure) }));
        button.disabled = false;
      }
    });
  });
})();
