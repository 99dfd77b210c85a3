// publish studio: live feedback, saving without losing work, and publishing with progress.
// Plain JavaScript, no build step. The server does the work; this file only shows it.
"use strict";

(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const status = document.getElementById("status");

  function announce(message) {
    status.textContent = "";
    window.setTimeout(() => { status.textContent = message; }, 50);
  }

  async function post(url, data) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(data),
    });
    let body = {};
    try { body = await response.json(); } catch (e) { body = {}; }
    return { status: response.status, body: body };
  }

  function element(tag, text, attributes) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    return node;
  }

  // The new-handout form: move to the list of problems, so a screen reader hears it first.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  const editor = document.getElementById("editor");
  if (editor) startEditor(editor);

  function startEditor(root) {
    const slug = root.dataset.slug;
    const source = document.getElementById("source");
    const frame = document.getElementById("preview");
    const saveState = document.getElementById("save-state");
    const toggles = Array.from(document.querySelectorAll(".toggles input"));
    const state = { base: root.dataset.digest, saved: source.value, marks: {}, timer: null, seq: 0, target: 8 };
    let previewCss = "";
    fetch("/static/preview.css").then((r) => r.text()).then((css) => { previewCss = css; refresh(); });

    function dirty() { return source.value !== state.saved; }
    function showSaveState() { saveState.textContent = dirty() ? "Unsaved changes" : "Saved"; }

    source.addEventListener("input", () => {
      showSaveState();
      window.clearTimeout(state.timer);
      state.timer = window.setTimeout(refresh, 400);
    });
    source.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); save(false); }
    });
    window.addEventListener("beforeunload", (event) => { if (dirty()) event.preventDefault(); });
    toggles.forEach((box) => box.addEventListener("change", applyMarks));

    // ------------------------------------------------------------------ feedback
    async function refresh() {
      const seq = ++state.seq;
      const { status: code, body } = await post(`/api/feedback/${slug}`, { text: source.value });
      if (seq !== state.seq) return; // a newer request is on its way
      const errors = document.getElementById("errors");
      if (code !== 200 || !body.ok) {
        const list = document.getElementById("error-list");
        list.replaceChildren(...(body.errors || [body.error || "The studio could not check the text."]).map((e) => element("li", e)));
        errors.hidden = false;
        return;
      }
      errors.hidden = true;
      state.marks = body.marks;
      state.target = body.panel.target;
      showPanel(body.panel);
      const scroll = frame.contentWindow ? frame.contentWindow.scrollY : 0;
      frame.onload = () => {
        decorate(frame.contentDocument);
        frame.contentWindow.scrollTo(0, scroll);
      };
      frame.srcdoc = body.preview;
    }

    function enabled() {
      return new Set(toggles.filter((b) => b.checked).map((b) => b.dataset.kind));
    }

    function decorate(doc) {
      if (!doc) return;
      const style = doc.createElement("style");
      style.textContent = previewCss;
      doc.head.appendChild(style);
      const tip = doc.createElement("div");
      tip.id = "pub-tip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      doc.body.appendChild(tip);
      doc.addEventListener("click", (event) => {
        const link = event.target.closest("a[href]");
        if (link && !link.getAttribute("href").startsWith("#")) event.preventDefault();
        const mark = event.target.closest(".pub-mark");
        if (mark) jumpTo(mark.id);
      });
      doc.addEventListener("keydown", (event) => {
        const mark = event.target.closest && event.target.closest(".pub-mark");
        if (mark && event.key === "Enter") { event.preventDefault(); jumpTo(mark.id); }
      });
      for (const kind of ["mouseover", "focusin"]) {
        doc.addEventListener(kind, (event) => {
          const mark = event.target.closest && event.target.closest(".pub-mark");
          if (mark) explain(doc, mark);
        });
      }
      for (const kind of ["mouseout", "focusout"]) {
        doc.addEventListener(kind, (event) => {
          if (event.target.closest && event.target.closest(".pub-mark")) tip.hidden = true;
        });
      }
      applyMarks();
    }

    function visibleIssues(id) {
      const on = enabled();
      const mark = state.marks[id];
      return mark ? mark.issues.filter((i) => on.has(i.kind)) : [];
    }

    function applyMarks() {
      const doc = frame.contentDocument;
      if (!doc || !doc.body) return;
      const counts = {};
      for (const [id, mark] of Object.entries(state.marks)) {
        for (const issue of mark.issues) counts[issue.kind] = (counts[issue.kind] || 0) + 1;
      }
      for (const box of toggles) {
        const n = counts[box.dataset.kind] || 0;
        document.getElementById(`count-${box.dataset.kind}`).textContent = `(${n})`;
      }
      doc.querySelectorAll(".pub-mark").forEach((node) => {
        node.classList.remove("pub-mark", "pub-level-1", "pub-level-2");
        node.removeAttribute("tabindex");
        node.removeAttribute("aria-describedby");
      });
      for (const id of Object.keys(state.marks)) {
        const issues = visibleIssues(id);
        const node = doc.getElementById(id);
        if (!node || !issues.length) continue;
        const mark = state.marks[id];
        const veryHard = issues.some((i) => i.kind === "grade") && mark.grade > state.target + 4;
        node.classList.add("pub-mark", veryHard || issues.length >= 3 ? "pub-level-2" : "pub-level-1");
        node.tabIndex = 0;
        node.setAttribute("aria-describedby", "pub-tip");
      }
    }

    function explain(doc, node) {
      const issues = visibleIssues(node.id);
      const tip = doc.getElementById("pub-tip");
      tip.replaceChildren(...issues.map((i) => element("p", i.message)));
      const box = node.getBoundingClientRect();
      tip.style.top = `${box.bottom + doc.defaultView.scrollY + 6}px`;
      tip.style.left = `${Math.max(8, box.left + doc.defaultView.scrollX)}px`;
      tip.hidden = false;
      const detail = document.getElementById("sentence-detail");
      const line = state.marks[node.id] ? state.marks[node.id].line : null;
      const list = element("ul");
      issues.forEach((i) => list.appendChild(element("li", i.message)));
      const go = element("button", line ? `Find it in the source (line ${line})` : "Find it in the source", { type: "button", class: "link-button" });
      go.addEventListener("click", () => jumpTo(node.id));
      const quote = element("p", `“${node.textContent.trim()}”`, { lang: node.closest("[lang]").lang });
      detail.replaceChildren(quote, list, go);
    }

    // ------------------------------------------------------------------ the panel
    function showPanel(panel) {
      const title = document.getElementById("doc-title");
      title.textContent = panel.title;
      title.lang = panel.language;
      source.lang = panel.language; // spelling and screen readers follow the article's language
      const grade = document.getElementById("grade");
      grade.textContent = panel.grade === null || panel.grade === undefined ? "–" : panel.grade.toFixed(1);
      const text = panel.grade === null || panel.grade === undefined
        ? panel.summary
        : `${panel.formula} reading grade; the target is ${panel.target}. ${panel.grade <= panel.target ? "It meets the target." : "It is above the target."}`;
      document.getElementById("grade-text").textContent = text;
      const rows = panel.formulas.map((f) => {
        const row = element("tr");
        row.append(element("th", f.name, { scope: "row" }), element("td", f.score === null || f.score === undefined ? "–" : String(f.score)), element("td", f.grade === null || f.grade === undefined ? "–" : String(f.grade)));
        return row;
      });
      document.getElementById("formulas").replaceChildren(...rows);
      const hardest = document.getElementById("hardest");
      if (!panel.hardest.length) {
        hardest.replaceChildren(element("li", "None above the target."));
      } else {
        hardest.replaceChildren(...panel.hardest.map((s) => {
          const item = element("li");
          const button = element("button", `Line ${s.line}, grade ${s.grade}: ${s.text}`, { type: "button", class: "link-button" });
          button.addEventListener("click", () => jumpTo(s.id, s.line, s.text));
          item.append(button, element("span", ` (${s.reasons.join("; ")})`));
          return item;
        }));
      }
      const metrics = document.getElementById("text-metrics");
      const plain = panel.plain || {};
      const pairs = [
        ["Words", panel.words],
        ["Sentences", panel.sentences],
        ["Complex language", plain.complex_share === undefined ? "–" : `${Math.round(plain.complex_share * 100)}% of words`],
        ["Lexical density", plain.lexical_density === undefined || plain.lexical_density === null ? "–" : `${Math.round(plain.lexical_density * 100)}% content words`],
        ["Lexical diversity", plain.lexical_diversity === undefined ? "–" : plain.lexical_diversity.toFixed(2)],
      ];
      metrics.replaceChildren(...pairs.flatMap(([k, v]) => [element("dt", k), element("dd", String(v))]));
      const other = document.getElementById("other");
      other.replaceChildren(...(panel.findings.length ? panel.findings.map((f) => element("li", `Line ${f.line}: ${f.message}`)) : [element("li", "None.")]));
      announce(text);
    }

    // ------------------------------------------------------------------ jumping to a sentence
    function jumpTo(id, line, text) {
      const mark = state.marks[id];
      line = line || (mark && mark.line) || 1;
      const doc = frame.contentDocument;
      text = text || (doc && doc.getElementById(id) ? doc.getElementById(id).textContent : "");
      const lines = source.value.split("\n");
      let start = 0;
      for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
      let end = start + (lines[line - 1] || "").length;
      const words = (text || "").trim().split(/\s+/).slice(0, 3).join(" ");
      const found = words ? source.value.indexOf(words, start) : -1;
      if (found !== -1 && found - start < 2000) {
        start = found;
        const close = source.value.slice(found).search(/[.!?](\s|$)/);
        end = close === -1 ? found + words.length : found + close + 1;
      }
      source.focus();
      source.setSelectionRange(start, end);
      const lineHeight = parseFloat(getComputedStyle(source).lineHeight) || 20;
      source.scrollTop = Math.max(0, (line - 3) * lineHeight);
      announce(`Line ${line} selected in the source.`);
    }

    // ------------------------------------------------------------------ saving
    const conflict = document.getElementById("conflict");
    let disk = null;

    async function save(overwrite) {
      const base = overwrite && disk ? disk.digest : state.base;
      const text = source.value;
      const { status: code, body } = await post(`/api/save/${slug}`, { text: text, base: base });
      if (code === 200) {
        state.base = body.digest;
        state.saved = text;
        conflict.hidden = true;
        disk = null;
        showSaveState();
        announce("Saved.");
        return true;
      }
      if (code === 409) {
        disk = { text: body.disk, digest: body.digest };
        showConflict(body.message);
        return false;
      }
      announce(`Not saved: ${body.error || "the studio refused the save"}.`);
      return false;
    }

    function showConflict(message) {
      document.getElementById("conflict-message").textContent = message;
      conflict.hidden = false;
      conflict.focus();
      announce(message);
    }

    document.getElementById("save").addEventListener("click", () => save(false));
    document.getElementById("keep-mine").addEventListener("click", () => save(true));
    document.getElementById("take-disk").addEventListener("click", () => {
      if (!disk) return;
      source.value = disk.text;
      state.base = disk.digest;
      state.saved = disk.text;
      conflict.hidden = true;
      disk = null;
      showSaveState();
      refresh();
      announce("The editor now shows the version on disk.");
      source.focus();
    });

    // Edits made elsewhere: show them, unless they would throw away unsaved work here.
    const changes = new EventSource("/api/events");
    changes.onopen = () => { root.dataset.watching = "true"; };
    changes.onmessage = async (message) => {
      const event = JSON.parse(message.data);
      if (event.slug !== slug || event.digest === state.base || !event.digest) return;
      const response = await fetch(`/api/source/${slug}`);
      if (!response.ok) return;
      const latest = await response.json();
      if (latest.digest === state.base) return;
      if (!dirty()) {
        source.value = latest.text;
        state.base = latest.digest;
        state.saved = latest.text;
        showSaveState();
        refresh();
        announce("The file changed on disk; the editor shows the new version.");
      } else {
        disk = { text: latest.text, digest: latest.digest };
        showConflict("The file changed on disk while you have unsaved changes here. Choose which version to keep; nothing is lost either way until you choose.");
      }
    };

    // ------------------------------------------------------------------ publishing
    const publishButton = document.getElementById("publish");
    publishButton.addEventListener("click", async () => {
      if (dirty() && !(await save(false))) return;
      const section = document.getElementById("publishing");
      const step = document.getElementById("publish-step");
      const bar = document.getElementById("publish-progress");
      const log = document.getElementById("publish-log");
      const done = document.getElementById("publish-done");
      section.hidden = false;
      log.replaceChildren();
      done.replaceChildren();
      bar.removeAttribute("value");
      publishButton.disabled = true;
      const { status: code, body } = await post(`/api/publish/${slug}`, {});
      if (code !== 202) {
        publishButton.disabled = false;
        step.textContent = "The studio could not start publishing.";
        announce(step.textContent);
        return;
      }
      announce("Publishing started.");
      section.focus();
      const events = new EventSource(body.events);
      events.onmessage = (message) => {
        const event = JSON.parse(message.data);
        if (event.event === "step") {
          step.textContent = `Making: ${event.what}`;
          announce(step.textContent);
        } else if (event.event === "progress") {
          bar.max = event.total;
          bar.value = event.done;
          step.textContent = `Making: ${event.what} (${event.done} of ${event.total} done)`;
        } else if (event.event === "log") {
          log.appendChild(element("li", event.text));
        } else if (event.event === "done") {
          events.close();
          publishButton.disabled = false;
          bar.max = 1;
          bar.value = 1;
          step.textContent = `Finished: ${event.outcome}.`;
          const link = element("a", "See the files, the pages and the check report", { href: `/published/${slug}`, id: "published-link" });
          done.replaceChildren(link);
          announce(step.textContent);
        }
      };
    });
  }
})();
