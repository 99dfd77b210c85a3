// publish studio: publishing, step by step, as `publish check --progress json` reports it.
// The build, each format, the narration sentence by sentence, then each check by name; a
// failure says where and why, with the run's check report. studio.js calls run() after
// saving. Plain JavaScript, no build step.
"use strict";

window.publishProgress = (function () {
  const PHASES = ["build", "format", "narration", "check"];
  const WORDS = { waiting: "waiting", now: "under way", done: "done", failed: "failed", skipped: "not needed" };

  function element(tag, text, attributes) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    return node;
  }

  function describe(failure) {
    if (failure.phase === "check") return `The check “${failure.title}” failed`;
    if (failure.phase === "build") return "Reading the source failed";
    if (failure.phase === "format") return `Making the ${failure.what} format failed`;
    if (failure.phase === "narration") return "Narrating failed";
    if (failure.phase === "finisher") return `Finishing (${failure.what}) failed`;
    return `Publishing stopped at: ${failure.what}`;
  }

  function view() {
    const $ = (id) => document.getElementById(id);
    return {
      section: $("publishing"),
      icon: $("publish-icon"),
      title: $("publish-title"),
      phases: Array.from(document.querySelectorAll("#publish-phases [data-phase]")),
      step: $("publish-step"),
      bar: $("publish-progress"),
      failure: $("publish-failure"),
      failures: $("publish-failures"),
      report: $("publish-report"),
      log: $("publish-log"),
      done: $("publish-done"),
    };
  }

  // The phase list: each phase says in words where it stands (not by colour alone).
  function mark(v, phase, state) {
    const item = v.phases.find((p) => p.dataset.phase === phase);
    if (!item) return;
    item.dataset.state = state;
    item.querySelector(".phase-state").textContent = WORDS[state];
    if (state === "now") item.setAttribute("aria-current", "step");
    else item.removeAttribute("aria-current");
  }

  function reach(v, phase) {
    // A phase begins: those before it are over, done if they ran, else not needed. The
    // narration runs inside a format (the first writer that asks for it).
    const at = PHASES.indexOf(phase);
    v.phases.forEach((item) => {
      const index = PHASES.indexOf(item.dataset.phase);
      if (index < at && !(phase === "narration" && item.dataset.phase === "format")) {
        const state = item.dataset.state;
        if (state === "now") mark(v, item.dataset.phase, "done");
        else if (state === "waiting") mark(v, item.dataset.phase, "skipped");
      }
    });
    mark(v, phase, "now");
  }

  function measure(v, done, total) {
    // Determinate only where the total is known.
    if (total) {
      v.bar.max = total;
      v.bar.value = Math.min(done, total);
    } else {
      v.bar.removeAttribute("value");
    }
  }

  function reset(v) {
    v.section.hidden = false;
    v.section.dataset.state = "running";
    v.icon.textContent = "";
    v.title.textContent = "Publishing";
    v.step.textContent = "Starting…";
    v.bar.hidden = false;
    v.bar.removeAttribute("value");
    v.failure.hidden = true;
    v.failures.replaceChildren();
    v.report.replaceChildren();
    v.log.replaceChildren();
    v.done.replaceChildren();
    v.phases.forEach((item) => mark(v, item.dataset.phase, "waiting"));
  }

  function finish(v, slug, event, announce) {
    const link = element("a", "See the files, the pages and the check report", { href: `/published/${slug}`, id: "published-link" });
    v.done.replaceChildren(link);
    if (event.code === 0) {
      v.section.dataset.state = "done";
      v.phases.forEach((item) => {
        if (item.dataset.state === "now") mark(v, item.dataset.phase, "done");
        else if (item.dataset.state === "waiting") mark(v, item.dataset.phase, "skipped");
      });
      v.icon.textContent = "✓";
      v.title.textContent = "Published";
      v.bar.max = 1;
      v.bar.value = 1;
      v.step.textContent = `Finished: ${event.outcome}.`;
      announce(v.step.textContent);
      return;
    }
    // Failed: say where and why in the visible area; the bar stops, never shows full.
    v.section.dataset.state = "failed";
    v.icon.textContent = "✗";
    v.title.textContent = "Publishing failed";
    v.bar.hidden = true;
    const failures = event.failures || [];
    failures.forEach((f) => mark(v, PHASES.includes(f.phase) ? f.phase : "build", "failed"));
    v.phases.forEach((item) => { if (item.dataset.state === "now") mark(v, item.dataset.phase, "done"); });
    const first = failures[0];
    v.step.textContent = first ? `Failed at: ${describe(first).replace(/ failed$/, "")}.` : `Finished: ${event.outcome}.`;
    v.failures.replaceChildren(...failures.map((f) => {
      const item = element("li");
      item.appendChild(element("strong", `${describe(f)}.`));
      const findings = element("ul", null, { class: "findings" });
      (f.findings.length ? f.findings : ["It gave no reason; see what the build said, below."]).forEach((line) => findings.appendChild(element("li", line)));
      item.appendChild(findings);
      return item;
    }));
    if (event.report) {
      v.report.replaceChildren(element("a", "Open the check report of this run", { href: event.report, id: "failed-report-link" }));
    } else {
      v.report.textContent = "This run stopped before the checks, so it wrote no check report.";
    }
    v.failure.hidden = false;
    v.failure.focus();
    announce(`Publishing failed. ${first ? describe(first) : event.outcome}.`);
  }

  async function run(slug, tools) {
    const v = view();
    const { post, announce, button } = tools;
    reset(v);
    button.disabled = true;
    const { status: code, body } = await post(`/api/publish/${slug}`, {});
    if (code !== 202) {
      button.disabled = false;
      v.step.textContent = "The studio could not start publishing.";
      announce(v.step.textContent);
      return;
    }
    announce("Publishing started.");
    v.section.focus();
    let format = null; // the format being made, to come back to after its narration
    const events = new EventSource(body.events);
    events.onmessage = (message) => {
      const event = JSON.parse(message.data);
      if (event.event === "step") {
        const phase = event.phase;
        if (phase === "build") {
          reach(v, "build");
          v.step.textContent = "Reading the source";
          measure(v, 0, 0);
        } else if (phase === "format") {
          reach(v, "format");
          format = event;
          v.step.textContent = `Making the ${event.what} format (${event.index} of ${event.total})`;
          measure(v, event.index - 1, event.total);
        } else if (phase === "narration") {
          reach(v, "narration");
          v.step.textContent = `Narrating ${event.total} sentences`;
          measure(v, 0, event.total);
        } else if (phase === "check") {
          reach(v, "check");
          const title = event.title || event.what;
          v.step.textContent = event.total ? `Checking: ${title} (${event.index} of ${event.total})` : `Checking: ${title}`;
          measure(v, (event.index || 1) - 1, event.total);
        } else {
          v.step.textContent = `Finishing: ${event.what}`;
          measure(v, 0, 0);
        }
        if (phase !== "check") announce(v.step.textContent);
        else if (event.index === 1) announce("Checking every format.");
      } else if (event.event === "progress") {
        v.step.textContent = `Narrating sentence ${event.done} of ${event.total}`;
        measure(v, event.done, event.total);
      } else if (event.event === "ended") {
        if (event.phase === "narration") {
          mark(v, "narration", "done");
          if (format) {
            v.step.textContent = `Making the ${format.what} format (${format.index} of ${format.total})`;
            measure(v, format.index - 1, format.total);
          }
        } else if (event.phase === "format" || event.phase === "check") {
          if (v.bar.hasAttribute("value")) v.bar.value = Math.min(v.bar.value + 1, v.bar.max);
        }
      } else if (event.event === "log") {
        v.log.appendChild(element("li", event.text));
      } else if (event.event === "done") {
        events.close();
        button.disabled = false;
        finish(v, slug, event, announce);
      }
    };
  }

  return { run: run };
})();
