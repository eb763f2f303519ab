// The screening page: progress while the first query waits for the list's index, and a CSV batch
// sent to the API (/api/v1/screen/batch), its progress polled and its result offered for download.
// Without JavaScript the name form still works (a plain GET); only the batch needs a script.
(function () {
  "use strict";

  const POLL_MS = 400;
  const GIVE_UP_MS = 300000; // the page then submits anyway and the server answers as it can

  function show(element, on) {
    element.hidden = !on;
  }

  function indexUrl(list) {
    return "/api/v1/screen/index?lists=" + encodeURIComponent(list);
  }

  // The name form: when the index is not in memory, start building it, show progress, and
  // submit once it is ready (form.submit() does not fire "submit" again).
  function nameForm(form) {
    const box = document.getElementById("index-status");
    const text = document.getElementById("index-text");
    let started = 0;
    const send = () => form.submit();
    const poll = () => {
      fetch(indexUrl(form.elements.list.value))
        .then((r) => r.json())
        .then((status) => {
          const seconds = Math.round((Date.now() - started) / 1000);
          text.textContent = status.message + (seconds ? " · " + seconds + " s" : "");
          if (status.state === "loading" && Date.now() - started < GIVE_UP_MS) {
            setTimeout(poll, POLL_MS);
          } else {
            send(); // ready; or the build ended without an index: the page says why
          }
        })
        .catch(send);
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      fetch(indexUrl(form.elements.list.value), { method: "POST" })
        .then((r) => r.json())
        .then((status) => {
          if (status.state !== "loading") {
            send();
            return;
          }
          started = Date.now();
          text.textContent = status.message;
          show(box, true);
          setTimeout(poll, POLL_MS);
        })
        .catch(send);
    });
  }

  // The batch form: upload, then poll the job until it is done or failed.
  function batchForm(form) {
    const file = document.getElementById("batch-file");
    const list = document.getElementById("batch-list");
    const error = document.getElementById("batch-error");
    const box = document.getElementById("batch-status");
    const bar = document.getElementById("batch-progress");
    const text = document.getElementById("batch-text");
    const result = document.getElementById("batch-result");
    const rejects = document.getElementById("batch-rejects");
    const problems = document.getElementById("batch-problems");
    const button = form.querySelector("button");
    const maxBytes = Number(form.dataset.maxBytes);

    const fail = (message) => {
      error.textContent = message;
      show(error, true);
      show(box, false);
      button.disabled = false;
    };

    const render = (job) => {
      bar.max = Math.max(job.rows, 1);
      bar.value = job.done;
      const counts = job.done + " of " + job.rows + " rows screened";
      const stage = {
        queued: "Waiting to start",
        indexing: "Reading the list's index",
        running: "Screening",
        done: "Done",
        failed: "Stopped",
      }[job.state];
      text.textContent =
        stage + ": " + counts +
        (job.state === "done" ? "; " + job.matched + " with a match, " + job.rejected + " rejected" : "");
      problems.replaceChildren(
        ...job.problems.map((p) => Object.assign(document.createElement("li"), { textContent: p })),
      );
      if (job.result) {
        result.href = job.result;
        show(result, true);
      }
      if (job.rejects) {
        rejects.href = job.rejects;
        show(rejects, true);
      }
    };

    const poll = (id) => {
      fetch("/api/v1/screen/batch/" + encodeURIComponent(id))
        .then((r) => r.json().then((body) => [r.ok, body]))
        .then(([ok, job]) => {
          if (!ok) return fail(job.message);
          render(job);
          if (job.state === "failed") return fail(job.error);
          if (job.state === "done") button.disabled = false;
          else setTimeout(() => poll(id), POLL_MS);
        })
        .catch(() => fail("The service could not be reached; try again."));
    };

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const chosen = file.files[0];
      show(error, false);
      show(result, false);
      show(rejects, false);
      if (!chosen) return;
      if (chosen.size > maxBytes) {
        fail(chosen.name + " is over " + Math.round(maxBytes / 1024) + " KiB: split it, or use ctcoop screen-batch.");
        return;
      }
      button.disabled = true;
      bar.removeAttribute("value");
      text.textContent = "Sending " + chosen.name;
      show(box, true);
      const url = "/api/v1/screen/batch?lists=" + encodeURIComponent(list.value) +
        "&name=" + encodeURIComponent(chosen.name);
      fetch(url, { method: "POST", headers: { "content-type": "text/csv" }, body: chosen })
        .then((r) => r.json().then((body) => [r.ok, body]))
        .then(([ok, job]) => (ok ? (render(job), poll(job.id)) : fail(job.message)))
        .catch(() => fail("The file could not be sent; try again."));
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("screen-form");
    if (form) nameForm(form);
    const batch = document.getElementById("batch-form");
    if (batch) batchForm(batch);
  });
})();
