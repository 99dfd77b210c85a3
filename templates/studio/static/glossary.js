// publish studio: the glossary editor. Add, edit and remove the terms of the handout's front
// matter without writing YAML: the server checks each field and writes the YAML; this file
// only shows the form, the list and what the server said.
"use strict";

(function () {
  const root = document.getElementById("editor");
  const section = document.getElementById("glossary");
  if (!root || !section) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const slug = root.dataset.slug;
  const source = document.getElementById("source");
  const form = document.getElementById("glossary-form");
  const list = document.getElementById("glossary-terms");
  const status = document.getElementById("glossary-status");
  const alertBox = document.getElementById("glossary-alert");
  const summary = document.getElementById("glossary-summary");
  const heading = document.getElementById("glossary-form-heading");
  const submit = document.getElementById("glossary-submit");
  const cancel = document.getElementById("glossary-cancel");
  const original = document.getElementById("glossary-original");
  const FIELDS = ["term", "definition", "expansion", "forms", "say"];
  const LABELS = { term: "Term", definition: "Definition", expansion: "Expansion", forms: "Other forms", say: "Say it as" };
  let undo = null;

  function element(tag, text, attributes) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    return node;
  }

  function input(name) { return document.getElementById(`glossary-${name}`); }

  function say(message) {
    status.textContent = "";
    window.setTimeout(() => { status.textContent = message; }, 50);
  }

  // ------------------------------------------------------------------ the list of terms
  function render(terms, language) {
    if (language) list.lang = language;
    if (!terms.length) {
      list.replaceChildren(element("li", "No terms yet. Add one with the form below."));
      return;
    }
    list.replaceChildren(...terms.map((entry) => {
      const item = element("li");
      const about = element("p");
      about.append(element("strong", entry.term, { class: "glossary-term" }));
      if (entry.expansion) about.append(` (${entry.expansion})`);
      about.append(`: ${entry.definition}`);
      item.append(about);
      const extra = [];
      if (entry.forms.length) extra.push(`Other forms: ${entry.forms.join(", ")}`);
      if (entry.say) extra.push(`Said as: ${entry.say}`);
      if (extra.length) item.append(element("p", extra.join(". "), { class: "hint" }));
      const edit = element("button", "Edit", { type: "button", class: "button" });
      edit.append(element("span", ` ${entry.term}`, { class: "visually-hidden" }));
      edit.addEventListener("click", () => startEdit(entry));
      const remove = element("button", "Remove", { type: "button", class: "button" });
      remove.append(element("span", ` ${entry.term}`, { class: "visually-hidden" }));
      remove.addEventListener("click", () => send("remove", entry.term, null, entry));
      item.append(element("div", null, { class: "toolbar" }));
      item.lastChild.append(edit, remove);
      return item;
    }));
  }

  // ------------------------------------------------------------------ the form
  function clearErrors() {
    for (const name of FIELDS) {
      const box = input(name);
      const error = document.getElementById(`glossary-error-${name}`);
      error.hidden = true;
      error.replaceChildren();
      box.removeAttribute("aria-invalid");
      box.setAttribute("aria-describedby", `glossary-hint-${name}`);
      document.getElementById(`glossary-field-${name}`).classList.remove("field-error");
    }
    summary.hidden = true;
    alertBox.hidden = true;
  }

  function showErrors(errors) {
    const items = [];
    for (const name of FIELDS) {
      if (!errors[name]) continue;
      const box = input(name);
      const error = document.getElementById(`glossary-error-${name}`);
      error.replaceChildren(element("span", "Error: ", { class: "visually-hidden" }), errors[name]);
      error.hidden = false;
      box.setAttribute("aria-invalid", "true");
      box.setAttribute("aria-describedby", `glossary-hint-${name} glossary-error-${name}`);
      document.getElementById(`glossary-field-${name}`).classList.add("field-error");
      const link = element("a", `${LABELS[name]}: ${errors[name]}`, { href: `#glossary-${name}` });
      link.addEventListener("click", (event) => { event.preventDefault(); box.focus(); });
      items.push(element("li", null));
      items[items.length - 1].append(link);
    }
    document.getElementById("glossary-summary-list").replaceChildren(...items);
    summary.hidden = false;
    summary.focus();
  }

  function showAlert(message, lines) {
    document.getElementById("glossary-alert-message").textContent = message;
    document.getElementById("glossary-alert-list").replaceChildren(...(lines || []).map((l) => element("li", l)));
    alertBox.hidden = false;
    alertBox.focus();
  }

  function fill(entry, mode) {
    clearErrors();
    input("term").value = entry.term || "";
    input("definition").value = entry.definition || "";
    input("expansion").value = entry.expansion || "";
    input("forms").value = (entry.forms || []).join(", ");
    input("say").value = entry.say || "";
    original.value = mode === "edit" ? entry.term : "";
    form.dataset.mode = mode;
    heading.textContent = mode === "edit" ? `Edit the term “${entry.term}”` : "Add a term";
    submit.textContent = mode === "edit" ? "Save the term" : "Add the term";
    cancel.hidden = mode !== "edit";
  }

  function startEdit(entry) {
    fill(entry, "edit");
    input("term").focus();
    say(`Editing the term ${entry.term}.`);
  }

  cancel.addEventListener("click", () => {
    fill({}, "add");
    input("term").focus();
    say("The edit was cancelled; nothing was changed.");
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const entry = {};
    for (const name of FIELDS) entry[name] = input(name).value;
    send(form.dataset.mode === "edit" ? "edit" : "add", original.value, entry, null);
  });

  // ------------------------------------------------------------------ saving
  async function send(action, term, entry, removed) {
    const body = { text: source.value, base: root.dataset.digest, action: action, original: term, entry: entry };
    submit.disabled = true;
    let code = 0;
    let answer = {};
    try {
      const response = await fetch(`/api/glossary/${slug}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify(body),
      });
      code = response.status;
      try { answer = await response.json(); } catch (e) { answer = {}; }
    } catch (e) {
      code = 0;
    } finally {
      submit.disabled = false;
    }
    if (code === 200) {
      clearErrors();
      document.dispatchEvent(new CustomEvent("studio:glossary-saved", { detail: { text: answer.text, digest: answer.digest } }));
      render(answer.glossary, list.lang);
      if (action !== "remove") fill({}, "add");
      offerUndo(removed);
      say(answer.message);
      return;
    }
    if (code === 422 && answer.errors && Object.keys(answer.errors).length) {
      clearErrors();
      showErrors(answer.errors);
      return;
    }
    clearErrors();
    if (code === 409) {
      document.dispatchEvent(new CustomEvent("studio:glossary-conflict", { detail: answer }));
      showAlert(answer.message, ["Choose a version in “The file changed on disk” above, then save the term again."]);
      return;
    }
    showAlert(answer.error || "The studio could not change the glossary.", answer.problems || []);
  }

  function offerUndo(removed) {
    if (undo) undo.remove();
    undo = null;
    if (!removed) return;
    undo = element("button", `Put “${removed.term}” back`, { type: "button", class: "button", id: "glossary-undo" });
    undo.addEventListener("click", () => {
      const entry = { term: removed.term, definition: removed.definition, expansion: removed.expansion, forms: removed.forms.join(", "), say: removed.say };
      send("add", "", entry, null);
    });
    status.after(undo);
  }

  // ------------------------------------------------------------------ from the feedback
  document.addEventListener("studio:feedback", (event) => {
    const feedback = event.detail;
    render(feedback.glossary || [], feedback.panel ? feedback.panel.language : "");
  });

  // "Add to glossary" on a finding: the word (and how it is said) filled in.
  document.addEventListener("studio:add-term", (event) => {
    fill({ term: event.detail.term, say: event.detail.say || "" }, "add");
    input("definition").focus();
    say(`“${event.detail.term}” is in the glossary form: write what it means, then add the term.`);
  });
})();
