// publish studio: the Insert buttons over the source. Each adds a callout (> [!NOTE]) or a
// checklist item (- [ ]) at the cursor, or puts the selected lines in one, as one edit the
// textarea can undo (Ctrl+Z), with blank lines around it so it stands as a block of its own.
"use strict";

(function () {
  const group = document.getElementById("insert");
  const source = document.getElementById("source");
  const status = document.getElementById("status");
  if (!group || !source) return;
  const CALLOUTS = { note: "Note", tip: "Tip", important: "Important", warning: "Warning", caution: "Caution" };
  const LIST_ITEM = /^[ \t]*([-*+]|\d+[.)])[ \t]+(\[[ xX]\](?:[ \t]|$))?(.*)$/;
  const CLOSERS = ["---", "..."];

  function announce(message) {
    status.textContent = "";
    window.setTimeout(() => { status.textContent = message; }, 50);
  }

  function lineStart(text, at) { return text.lastIndexOf("\n", at - 1) + 1; }
  function lineEnd(text, at) {
    const next = text.indexOf("\n", at);
    return next === -1 ? text.length : next;
  }
  function lineNumber(text, at) { return text.slice(0, at).split("\n").length; }
  function blank(line) { return line.trim() === ""; }

  // Where the text starts: after the front matter's closing line (the end, if it never closes).
  function bodyStart(text) {
    const lines = text.split("\n");
    if (lines[0].trimEnd() !== "---") return 0;
    let at = lines[0].length + 1;
    for (let i = 1; i < lines.length; i++) {
      at += lines[i].length + 1;
      if (CLOSERS.includes(lines[i].trimEnd())) return Math.min(at, text.length);
    }
    return text.length;
  }

  // The block for `kind` around `lines` (none: an empty one, ready to type in). A list item
  // keeps its marker and gains a box; any other line becomes a "- [ ]" item.
  function block(kind, lines) {
    if (kind in CALLOUTS) {
      const marker = `> [!${kind.toUpperCase()}]`;
      if (!lines) return `${marker}\n> `;
      return [marker, ...lines.map((l) => (blank(l) ? ">" : `> ${l}`))].join("\n");
    }
    if (!lines) return "- [ ] ";
    return lines.map((line) => {
      if (blank(line)) return line;
      const found = line.match(LIST_ITEM);
      if (!found) return `- [ ] ${line.trim()}`;
      return found[2] ? line : `${line.slice(0, line.indexOf(found[1]))}${found[1]} [ ] ${found[3]}`;
    }).join("\n");
  }

  // Blank lines to add before and after `from`..`to` so the block stands apart.
  function around(text, from, to, body) {
    let before = "";
    if (from > body) {
      if (text[from - 1] !== "\n") before = "\n\n";
      else if (!blank(text.slice(lineStart(text, from - 1), from - 1))) before = "\n";
    }
    const after = text.slice(to);
    let next = "\n\n";
    if (after === "") next = "\n";
    else if (after[0] === "\n") next = after.length === 1 || /^[ \t]*(\n|$)/.test(after.slice(1)) ? "" : "\n";
    return { before: before, after: next };
  }

  // Replace `from`..`to` with `text` as the user's own edit, so Ctrl+Z takes it out again.
  function replace(from, to, text) {
    source.focus();
    source.setSelectionRange(from, to);
    const expected = source.value.slice(0, from) + text + source.value.slice(to);
    let done = false;
    try { done = document.execCommand("insertText", false, text); } catch (e) { done = false; }
    if (!done || source.value !== expected) {
      source.setRangeText(text, from, to, "end");
      source.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  function insert(kind) {
    if (source.readOnly) return;
    const text = source.value;
    const body = bodyStart(text);
    let start = source.selectionStart;
    let end = source.selectionEnd;
    let moved = false;
    if (start < body) { start = body; end = body; moved = true; }
    let from = start;
    let to = end;
    let lines = null;
    if (start !== end) {
      from = lineStart(text, start);
      to = lineEnd(text, text[end - 1] === "\n" ? end - 1 : end);
      lines = text.slice(from, to).split("\n");
    } else {
      // Only spaces before or after the cursor on its line: they go, so nothing is left dangling.
      if (blank(text.slice(lineStart(text, start), start))) from = Math.max(lineStart(text, start), body);
      if (blank(text.slice(end, lineEnd(text, end)))) to = lineEnd(text, end);
    }
    const made = block(kind, lines);
    const gap = around(text, from, to, body);
    replace(from, to, gap.before + made + gap.after);
    const caret = from + gap.before.length + made.length;
    source.setSelectionRange(caret, caret);
    const line = lineNumber(source.value, from + gap.before.length);
    const where = moved ? "The cursor was in the front matter, so it went where the text starts. " : "";
    const count = lines ? lines.filter((l) => !blank(l)).length : 0;
    let said;
    if (kind in CALLOUTS) {
      said = lines
        ? `${CALLOUTS[kind]} callout made of ${count} selected lines, at line ${line}.`
        : `${CALLOUTS[kind]} callout inserted at line ${line}. Type its text.`;
    } else {
      said = lines
        ? `${count} selected lines made into checklist items, at line ${line}.`
        : `Checklist item inserted at line ${line}. Type the first thing to check.`;
    }
    announce(where + said + " Ctrl+Z undoes it.");
  }

  group.querySelectorAll("button[data-insert]").forEach((button) => {
    button.addEventListener("click", () => insert(button.dataset.insert));
  });
  group.hidden = false;
})();
