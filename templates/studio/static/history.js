// publish studio: a handout's history. Lists the versions kept, compares one with the text in
// the editor, and asks the editor (studio.js) to restore one. Every text goes in by textContent.
"use strict";

(function () {
  const panel = document.getElementById("history");
  if (!panel) return;
  const slug = panel.dataset.slug;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const source = document.getElementById("source");
  const table = document.getElementById("history-table");
  const list = document.getElementById("history-list");
  const empty = document.getElementById("history-empty");
  const box = document.getElementById("history-diff");
  let compared = null; // the version shown in the comparison

  function element(tag, text, attributes) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    return node;
  }

  function when(iso) {
    return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
  }

  function plural(n, one, many) { return `${n} ${n === 1 ? one : many}`; }

  async function load() {
    const response = await fetch(`/api/history/${slug}`);
    if (!response.ok) return;
    const body = await response.json();
    list.replaceChildren(...body.versions.map(row));
    table.hidden = body.versions.length === 0;
    empty.hidden = body.versions.length !== 0;
    panel.dataset.count = String(body.versions.length);
  }

  function row(version) {
    const tr = element("tr", null, { "data-version": version.id });
    const time = element("time", when(version.when), { datetime: version.when });
    const th = element("th", null, { scope: "row" });
    th.appendChild(time);
    const what = element("td", version.label);
    what.appendChild(element("br"));
    what.appendChild(element("code", version.path, { class: "kept-path" }));
    const cell = element("td");
    const actions = element("div", null, { class: "history-actions" });
    cell.appendChild(actions);
    const compare = element("button", "Compare", { type: "button", class: "button" });
    compare.appendChild(element("span", ` the version of ${when(version.when)} with the editor`, { class: "visually-hidden" }));
    compare.addEventListener("click", () => show(version));
    const restore = element("button", "Restore", { type: "button", class: "button" });
    restore.appendChild(element("span", ` the version of ${when(version.when)}`, { class: "visually-hidden" }));
    restore.addEventListener("click", () => ask(version));
    actions.append(compare, restore);
    tr.append(th, element("td", plural(version.bytes, "byte", "bytes")), what, cell);
    return tr;
  }

  async function show(version) {
    const response = await fetch(`/api/history/${slug}/diff`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ version: version.id, text: source.value }),
    });
    if (!response.ok) return;
    const body = await response.json();
    compared = version;
    document.getElementById("diff-heading").textContent =
      `Changes from the version of ${when(version.when)} to the text in the editor`;
    document.getElementById("diff-summary").textContent = body.lines.length
      ? `${plural(body.removed, "line", "lines")} removed, ${plural(body.added, "line", "lines")} added.`
      : "No difference: the editor holds the same text as this version.";
    const lines = document.getElementById("diff-lines");
    lines.replaceChildren(...body.lines.map(line));
    box.hidden = false;
    box.focus();
  }

  function line(change) {
    const item = element("li", null, { class: `diff-${change.kind}` });
    if (change.kind === "gap") {
      item.textContent = "⋯ unchanged lines ⋯";
      return item;
    }
    const signs = { same: " ", removed: "−", added: "+" };
    const words = { same: "", removed: "Removed: ", added: "Added: " };
    item.appendChild(element("span", `${change.line}`, { class: "diff-line", "aria-hidden": "true" }));
    item.appendChild(element("span", signs[change.kind], { class: "diff-sign", "aria-hidden": "true" }));
    if (words[change.kind]) item.appendChild(element("span", words[change.kind], { class: "visually-hidden" }));
    const tag = change.kind === "removed" ? "del" : change.kind === "added" ? "ins" : "span";
    item.appendChild(element(tag, change.text, { class: "diff-text" }));
    return item;
  }

  function ask(version) {
    document.dispatchEvent(new CustomEvent("studio:restore", { detail: { version: version.id } }));
  }

  document.getElementById("diff-restore").addEventListener("click", () => { if (compared) ask(compared); });
  document.getElementById("diff-close").addEventListener("click", () => {
    box.hidden = true;
    compared = null;
    document.getElementById("history-heading").focus();
  });
  document.getElementById("history-heading").tabIndex = -1;
  document.addEventListener("studio:history", () => {
    box.hidden = true;
    compared = null;
    load();
  });
  load();
})();
