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
  // A form page's outcome (the PEMAT-P form): move to it, so it is heard first.
  const summary = document.getElementById("error-summary") || document.getElementById("pemat-alert") || document.getElementById("saved-note");
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
      document.dispatchEvent(new CustomEvent("studio:feedback", { detail: body })); // glossary.js lists the terms
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
      issues.forEach((i) => {
        const item = element("li", i.message);
        for (const term of i.terms || []) item.append(" ", addTermButton(term));
        list.appendChild(item);
      });
      const go = element("button", line ? `Find it in the source (line ${line})` : "Find it in the source", { type: "button", class: "link-button" });
      go.addEventListener("click", () => jumpTo(node.id));
      const quote = element("p", `“${node.textContent.trim()}”`, { lang: node.closest("[lang]").lang });
      detail.replaceChildren(quote, list, go);
    }

    // "Add to glossary" on a finding about a word: glossary.js fills its form with the word.
    function addTermButton(term) {
      const button = element("button", null, { type: "button", class: "button add-term" });
      const label = element("span", "Add to glossary: "); // one flex item: one line of text
      label.append(element("span", term.term, { lang: source.lang || "" }));
      button.append(label);
      button.addEventListener("click", () => {
        document.dispatchEvent(new CustomEvent("studio:add-term", { detail: term }));
      });
      return button;
    }

    // A formula's score on its own scale: a school grade, an ease score from 0 to 100 (higher
    // is easier), or a score of its own (Dale–Chall's); a grade only where the scale maps to one.
    function onScale(f) {
      if (f.score === null || f.score === undefined) return "–";
      if (f.scale === "ease") return `${f.score} of 100 (ease: higher is easier)`;
      if (f.scale === "score") return `${f.score} (its own score, not a grade)`;
      return `grade ${f.score}`;
    }

    function asGrade(f) {
      if (f.grade !== null && f.grade !== undefined) return String(f.grade);
      return f.scale === "grade" ? "–" : "not a grade scale";
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
        row.append(element("th", f.name, { scope: "row" }), element("td", onScale(f)), element("td", asGrade(f)));
        return row;
      });
      document.getElementById("formulas").replaceChildren(...rows);
      const hardest = document.getElementById("hardest");
      if (!panel.hardest.length) {
        hardest.replaceChildren(element("li", "No sentences yet."));
      } else { // the five hardest, whether or not they are above the target
        hardest.replaceChildren(...panel.hardest.map((s) => {
          const item = element("li", null, { class: s.above ? "above" : "within" });
          const button = element("button", `Line ${s.line}, grade ${s.grade}: ${s.text}`, { type: "button", class: "link-button" });
          button.addEventListener("click", () => jumpTo(s.id, s.line, s.text));
          const where = s.above ? "above the target" : "within the target";
          item.append(button, element("span", ` (${where}; ${s.reasons.join("; ")})`));
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
      showPemat(panel.pemat);
      other.replaceChildren(...(panel.findings.length ? panel.findings.map((f) => element("li", `Line ${f.line}: ${f.message}`)) : [element("li", "None.")]));
      announce(text);
    }

    // The PEMAT-P estimate, and how many items wait for a reviewer's answers (pemat.html).
    function showPemat(pemat) {
      const line = document.getElementById("pemat-line");
      if (!line || !pemat) return;
      if (pemat.status === "skip") {
        line.textContent = pemat.summary;
        return;
      }
      const percent = (n) => (n === null || n === undefined ? "–" : `${n}%`);
      const waiting = pemat.waiting ? ` ${pemat.waiting} items wait for a reviewer.` : " Every item is answered.";
      line.textContent = `Understandability ${percent(pemat.understandability)}, actionability ${percent(pemat.actionability)} (the bar is ${pemat.threshold}%).${waiting}`;
    }

    // The reviewer's form and the recording page work on the saved file: save unsaved
    // changes before going there.
    for (const link of [document.getElementById("pemat-link"), document.getElementById("recording-link")]) {
      if (!link) continue;
      link.addEventListener("click", async (event) => {
        if (!dirty()) return;
        event.preventDefault();
        if (await save(false)) window.location.assign(link.href);
      });
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
    // Nothing is replaced or thrown away without a copy: every save keeps the text it
    // replaces in the history, and the page keeps its own text before it lets it go. Each
    // path says where the copy went, in the visible note (and to screen readers).
    const conflict = document.getElementById("conflict");
    const note = document.getElementById("save-note");
    let disk = null; // the version on disk, when it differs: { text, digest, kept: { text, path } }

    function settle(text, digest) {
      state.base = digest;
      state.saved = text;
      state.deleted = false;
      root.dataset.digest = digest;
      showSaveState();
    }

    function tell(message) {
      note.textContent = message;
      note.hidden = false;
      announce(message);
    }

    function historyChanged() { document.dispatchEvent(new CustomEvent("studio:history")); }

    async function keep(text, why) {
      const { status: code, body } = await post(`/api/history/${slug}/keep`, { text: text, why: why });
      return code === 200 ? body.kept : null;
    }

    async function save(overwrite) {
      const base = overwrite && disk ? disk.digest : state.base;
      const text = source.value;
      const { status: code, body } = await post(`/api/save/${slug}`, { text: text, base: base });
      if (code === 200) {
        settle(text, body.digest);
        conflict.hidden = true;
        disk = null;
        if (overwrite || body.created) {
          tell(body.message);
        } else {
          note.hidden = true;
          announce(body.message);
        }
        if (body.replaced) saveState.textContent = "Saved; the version it replaced is in History";
        historyChanged();
        return true;
      }
      if (code === 409) {
        disk = { text: body.disk, digest: body.digest, kept: body.kept ? { text: text, path: body.kept } : null };
        showConflict(body.message);
        historyChanged();
        return false;
      }
      tell(`Not saved: ${body.error || "the studio refused the save"}. Your text is still in the editor.`);
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
    document.getElementById("take-disk").addEventListener("click", async () => {
      if (!disk) return;
      const chosen = disk;
      const text = source.value;
      let where = null;
      if (text !== chosen.text) {
        if (chosen.kept && chosen.kept.text === text) {
          where = chosen.kept.path; // the refused save kept this very text already
        } else {
          source.readOnly = true;
          where = await keep(text, "unsaved");
          source.readOnly = false;
          if (!where) {
            tell("The studio could not keep a copy of your text, so the editor still shows it. Nothing was replaced.");
            return;
          }
        }
      }
      source.value = chosen.text;
      settle(chosen.text, chosen.digest);
      conflict.hidden = true;
      disk = null;
      refresh();
      tell(where
        ? `The editor now shows the version on disk. The text you had here is kept in ${where} (listed under History).`
        : "The editor now shows the version on disk.");
      historyChanged();
      source.focus();
    });

    // A restore (asked for by the history panel) is a save: what it replaces is kept.
    document.addEventListener("studio:restore", async (event) => {
      const { status: code, body } = await post(`/api/history/${slug}/restore`, {
        version: event.detail.version, base: state.base, text: source.value,
      });
      if (code === 200) {
        source.value = body.text;
        settle(body.text, body.digest);
        conflict.hidden = true;
        disk = null;
        refresh();
        tell(body.message);
        historyChanged();
        note.focus();
      } else if (code === 409) {
        disk = { text: body.disk, digest: body.digest, kept: null };
        showConflict(body.message);
      } else {
        tell(`Not restored: ${body.error || "the studio refused"}. The editor text is unchanged.`);
      }
    });

    // A glossary change (glossary.js) saved the editor's text with the change, as a save does.
    document.addEventListener("studio:glossary-saved", (event) => {
      source.value = event.detail.text;
      settle(event.detail.text, event.detail.digest);
      conflict.hidden = true;
      disk = null;
      refresh();
      historyChanged();
    });
    document.addEventListener("studio:glossary-conflict", (event) => {
      disk = { text: event.detail.disk, digest: event.detail.digest, kept: null };
      showConflict(event.detail.message);
      historyChanged();
    });

    // The file was deleted while this page had it open: keep the editor's text at once.
    async function deleted() {
      if (state.deleted) return;
      const check = await fetch(`/api/source/${slug}`);
      if (check.ok) return; // there again (a rename in progress): its own event follows
      state.deleted = true;
      state.saved = null; // nothing on disk holds this text: it is unsaved
      showSaveState();
      const where = await keep(source.value, "deleted");
      tell(`The file source/${slug}.md was deleted outside this page. Your text is still here` +
        (where ? `, and a copy is kept in ${where} (listed under History).` : ", but the studio could not keep a copy, so do not close this page.") +
        " Save to make the file again with this text.");
      historyChanged();
    }

    // Edits made elsewhere: show them, unless they would throw away unsaved work here.
    const changes = new EventSource("/api/events");
    changes.onopen = () => { root.dataset.watching = "true"; };
    changes.onmessage = async (message) => {
      const event = JSON.parse(message.data);
      if (event.slug !== slug) return;
      if (!event.digest) { await deleted(); return; }
      if (event.digest === state.base && !state.deleted) return;
      const response = await fetch(`/api/source/${slug}`);
      if (!response.ok) return;
      const latest = await response.json();
      if (latest.digest === state.base && !state.deleted) return;
      historyChanged(); // a save elsewhere kept the version it replaced
      if (latest.text === source.value) { settle(latest.text, latest.digest); return; }
      if (!dirty()) {
        source.value = latest.text;
        settle(latest.text, latest.digest);
        refresh();
        announce("The file changed on disk; the editor shows the new version.");
      } else {
        disk = { text: latest.text, digest: latest.digest, kept: null };
        showConflict("The file changed on disk while you have unsaved changes here. Choose which version to keep; the other is kept in History either way.");
      }
    };

    // ------------------------------------------------------------------ publishing
    // Save first; then progress.js follows the publish, step by step.
    const publishButton = document.getElementById("publish");
    publishButton.addEventListener("click", async () => {
      if (dirty() && !(await save(false))) return;
      window.publishProgress.run(slug, { post: post, announce: announce, button: publishButton });
    });
  }
})();
