/* ecourt — resumable uploads of case files: a small tus 1.0.0 client (creation + core protocol).
 *
 * The form #evidence-upload (evidence/case_files.html) carries data-endpoint (POST /evidence/uploads/),
 * data-case, data-csrf and its messages. The file is sent in parts of CHUNK bytes, each a PATCH at the
 * offset the server acknowledged (written and fsynced there). When a part fails (network down, server
 * restarted, 423 busy, 5xx) the client waits (1, 2, 4 … 30 s), asks HEAD for the offset and goes on from
 * there; an upload interrupted by closing the page resumes when the same file is chosen again (its URL is
 * kept in localStorage under the file's name, size, date and case). No library, no CDN.
 */
(function () {
  "use strict";

  var CHUNK = 8 * 1024 * 1024;
  var TUS = "1.0.0";
  var MAX_WAIT_S = 30;

  function b64(text) {
    var bytes = new TextEncoder().encode(text);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary);
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key] !== undefined ? values[key] : ""; });
  }

  function request(method, url, headers, body, onProgress) {
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url, true);
      Object.keys(headers).forEach(function (name) { xhr.setRequestHeader(name, headers[name]); });
      if (onProgress && xhr.upload) xhr.upload.onprogress = function (e) { onProgress(e.loaded); };
      xhr.onload = function () { resolve(xhr); };
      xhr.onerror = xhr.ontimeout = xhr.onabort = function () { resolve(null); };  // network failure
      xhr.send(body === undefined ? null : body);
    });
  }

  function errorOf(xhr) {
    try { return JSON.parse(xhr.responseText).error || xhr.statusText; } catch (e) { return xhr.statusText || String(xhr.status); }
  }

  /* The server's Upload-Offset; an answer without one (a server still starting, a proxy's page) is retried. */
  function offsetOf(xhr) {
    var offset = parseInt(xhr.getResponseHeader("Upload-Offset"), 10);
    if (!isFinite(offset) || offset < 0) throw { retry: true };
    return offset;
  }

  function sleep(seconds) { return new Promise(function (r) { setTimeout(r, seconds * 1000); }); }

  function TusUpload(file, options) {
    this.file = file;
    this.options = options;
    this.key = "ecourt-tus:" + [options.endpoint, options.metadata.case || "", file.name, file.size, file.lastModified].join(":");
    this.headers = { "Tus-Resumable": TUS, "X-CSRFToken": options.csrf };
  }

  TusUpload.prototype.metadataHeader = function () {
    var meta = this.options.metadata;
    return Object.keys(meta).filter(function (k) { return meta[k] !== undefined && meta[k] !== ""; })
      .map(function (k) { return k + " " + b64(String(meta[k])); }).join(",");
  };

  TusUpload.prototype.withHeaders = function (extra) {
    var all = {};
    Object.keys(this.headers).forEach(function (k) { all[k] = this.headers[k]; }, this);
    Object.keys(extra || {}).forEach(function (k) { all[k] = extra[k]; });
    return all;
  };

  /* Where to resume: the offset the server holds for a known upload, or a new upload. */
  TusUpload.prototype.locate = async function () {
    var known = window.localStorage ? localStorage.getItem(this.key) : null;
    if (known) {
      var head = await request("HEAD", known, this.withHeaders());
      if (head && head.status === 200) {
        this.url = known;
        return { offset: offsetOf(head), state: head.getResponseHeader("Evidence-Upload-State") };
      }
      if (head === null) throw { retry: true };
      localStorage.removeItem(this.key);  // expired, refused or removed: start again
    }
    var created = await request("POST", this.options.endpoint, this.withHeaders({
      "Upload-Length": String(this.file.size), "Upload-Metadata": this.metadataHeader()
    }));
    if (created === null) throw { retry: true };
    if (created.status !== 201) throw { message: errorOf(created) };
    this.url = created.getResponseHeader("Location");
    if (window.localStorage) localStorage.setItem(this.key, this.url);
    return { offset: 0, state: "receiving" };
  };

  TusUpload.prototype.send = async function (offset) {
    var self = this;
    var end = Math.min(offset + CHUNK, this.file.size);
    var response = await request("PATCH", this.url, this.withHeaders({
      "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream"
    }), this.file.slice(offset, end), function (loaded) { self.options.onProgress(offset + loaded, self.file.size); });
    if (response === null || response.status >= 500 || response.status === 423) throw { retry: true };
    if (response.status === 409) return null;  // offset moved (a part arrived but its answer did not): ask HEAD
    if (response.status !== 204) throw { message: errorOf(response) };
    return { offset: offsetOf(response), state: response.getResponseHeader("Evidence-Upload-State") };
  };

  TusUpload.prototype.start = async function () {
    var wait = 1;
    var position = null;
    for (;;) {
      try {
        if (position === null) position = await this.locate();
        while (position.state !== "complete") {
          this.options.onProgress(position.offset, this.file.size);
          // offset == size but not complete: a crash came between the last byte and the receipt; an empty PATCH finishes it
          var next = await this.send(position.offset);
          position = next === null ? null : next;
          if (position === null) break;
          wait = 1;
        }
        if (position === null) continue;
        var done = await request("GET", this.url, this.withHeaders());
        if (window.localStorage) localStorage.removeItem(this.key);
        return done && done.status === 200 ? JSON.parse(done.responseText) : { name: this.file.name };
      } catch (failure) {
        if (!failure || !failure.retry) {
          if (window.localStorage && this.url) localStorage.removeItem(this.key);
          throw failure;
        }
        this.options.onRetry(wait);
        await sleep(wait);
        wait = Math.min(wait * 2, MAX_WAIT_S);
        position = null;  // ask the server where it stands
      }
    }
  };

  window.EcourtTusUpload = TusUpload;

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("evidence-upload");
    if (!form) return;
    var input = form.querySelector("input[type=file]");
    var kind = form.querySelector("select[name=kind]");
    var bar = document.getElementById("evidence-progress");
    var status = document.getElementById("evidence-status");
    var button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      var file = input.files && input.files[0];
      if (!file) { status.textContent = form.dataset.msgChoose; return; }
      button.disabled = true;
      bar.hidden = false;
      var upload = new TusUpload(file, {
        endpoint: form.dataset.endpoint,
        csrf: form.dataset.csrf,
        metadata: { filename: file.name, case: form.dataset.case, kind: kind ? kind.value : "" },
        onProgress: function (sent, total) {
          var percent = total ? Math.floor(sent * 100 / total) : 100;
          bar.value = percent;
          status.textContent = format(form.dataset.msgProgress, {
            percent: percent, sent: (sent / 1048576).toFixed(1), total: (total / 1048576).toFixed(1)
          });
        },
        onRetry: function (seconds) { status.textContent = format(form.dataset.msgRetry, { seconds: seconds }); }
      });
      try {
        var result = await upload.start();
        bar.value = 100;
        status.textContent = format(form.dataset.msgDone, { name: result.name, sha256: result.sha256 || "" });
        if (result.preview) {
          var link = document.createElement("a");
          link.href = result.preview;
          link.textContent = " ↗";
          status.appendChild(link);
        }
        input.value = "";
      } catch (failure) {
        status.textContent = format(form.dataset.msgFailed, { error: (failure && failure.message) || String(failure) });
      } finally {
        button.disabled = false;
      }
    });
  });
})();
