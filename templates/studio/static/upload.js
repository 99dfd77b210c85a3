// publish studio: the Word import form shows that it is working while the server imports.
// The form posts without this file too; this only shows progress and refuses, before sending,
// a file over the size the server accepts (the server refuses it anyway).
"use strict";

(function () {
  const form = document.getElementById("import-form");
  if (!form) return;
  const input = document.getElementById("import-file");
  const button = document.getElementById("import-button");
  const state = document.getElementById("import-state");
  let sending = false;

  function show(text, busy) {
    state.textContent = "";
    const line = document.createElement("p");
    line.textContent = text;
    state.append(line);
    if (busy) {
      const bar = document.createElement("progress");
      bar.setAttribute("aria-label", "Importing");
      state.append(bar);
    }
  }

  form.addEventListener("submit", (event) => {
    const file = input.files[0];
    const limit = Number(form.dataset.limit);
    if (sending) {
      event.preventDefault();
      return;
    }
    if (file && limit && file.size > limit) {
      event.preventDefault();
      const mb = Math.round(limit / 1024 / 1024);
      show(`${file.name} is larger than ${mb} MB, so it cannot be imported. In Word, compress its pictures (File, then Compress Pictures) and try again.`, false);
      state.classList.add("problem");
      return;
    }
    sending = true;
    state.classList.remove("problem");
    button.setAttribute("aria-disabled", "true");
    show(`Importing ${file ? file.name : "the document"}… The report opens when it is done.`, true);
  });

  // Back from the report (the page may come from the back-forward cache): ready again.
  window.addEventListener("pageshow", () => {
    sending = false;
    button.removeAttribute("aria-disabled");
    state.textContent = "";
  });
})();
