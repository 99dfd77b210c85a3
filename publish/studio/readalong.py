"""The read-along check of a handout narrated from a recording (/readalong/<slug>): the
published page beside a table of its sentences in reading order, each with how well the
recording matched it (the timing map's `confidence`), the ones the reader left out and the
doubtful ones said in words, and a button that plays the narration from the sentence's start.
It reads the published files and never writes them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from publish.studio.store import NotFoundError, Project
from publish.studio.web import not_found, page, studio_of

STATES = {  # a sentence's state -> how the table says it
    "matched": "Matches",
    "doubtful": "Doubtful: listen to it",
    "left-out": "Left out",
}
SENTENCE = "//*[@id][contains(concat(' ', normalize-space(@class), ' '), ' s ')]"


@dataclass(frozen=True)
class Row:
    number: int
    id: str
    text: str
    state: str  # a key of STATES
    confidence: float | None = None  # 0-1; None for a sentence left out
    start_ms: int | None = None
    line: int | None = None  # in the source, when the check named it

    @property
    def said(self) -> str:
        return STATES[self.state]

    @property
    def percent(self) -> str:
        return "–" if self.confidence is None else f"{round(self.confidence * 100)}%"

    @property
    def at(self) -> str:
        """The start as m:ss.s."""
        if self.start_ms is None:
            return ""
        minutes, ms = divmod(self.start_ms, 60_000)
        return f"{minutes}:{ms / 1000:04.1f}"


def page_sentences(html: bytes) -> dict[str, str]:
    """The published page's sentences, in document order: ID -> its words."""
    import lxml.html

    if not html.strip():
        return {}
    root = lxml.html.fromstring(html)
    found: dict[str, str] = {}
    for element in root.xpath(SENTENCE):
        sentence_id = str(element.get("id"))
        found.setdefault(sentence_id, " ".join(element.text_content().split()))
    return found


def rows(timing: dict[str, Any], shown: dict[str, str], report: dict[str, Any]) -> list[Row]:
    """Each sentence in the narration's order, with each one the reader left out placed where
    the page has it: before the first narrated sentence that follows it on the page."""
    recording = timing.get("recording") or {}
    doubtful = set(recording.get("doubtful", []))
    lines, texts = _findings(report)
    timed = [s for s in timing.get("sentences", []) if isinstance(s, dict) and "id" in s]
    order = {sentence_id: index for index, sentence_id in enumerate(shown)}
    entries: list[tuple[str, dict[str, Any] | None]] = [(str(s["id"]), s) for s in timed]
    for skipped in recording.get("skipped", []):
        place = order.get(skipped)
        at = len(entries)
        if place is not None:
            at = next((i for i, (k, s) in enumerate(entries) if s and order.get(k, -1) > place), at)
        entries.insert(at, (str(skipped), None))
    made = []
    for number, (sentence_id, sentence) in enumerate(entries, 1):
        text = shown.get(sentence_id) or texts.get(sentence_id, "")
        if sentence is None:
            made.append(Row(number, sentence_id, text, "left-out", line=lines.get(sentence_id)))
            continue
        confidence = sentence.get("confidence")
        made.append(
            Row(
                number,
                sentence_id,
                text or str(sentence.get("spoken", "")),
                "doubtful" if sentence_id in doubtful else "matched",
                float(confidence) if isinstance(confidence, int | float) else None,
                int(sentence.get("start_ms", 0)),
                lines.get(sentence_id),
            )
        )
    return made


def _findings(report: dict[str, Any]) -> tuple[dict[str, int], dict[str, str]]:
    """The audio check's lines and texts for the sentences it named."""
    lines: dict[str, int] = {}
    texts: dict[str, str] = {}
    for check in report.get("checks", []):
        if not isinstance(check, dict) or check.get("name") != "audio":
            continue
        for finding in check.get("findings", []):
            if not isinstance(finding, dict) or not finding.get("node_id"):
                continue
            node = str(finding["node_id"])
            if isinstance(finding.get("line"), int):
                lines[node] = finding["line"]
            if finding.get("text"):
                texts[node] = str(finding["text"])
    return lines, texts


@dataclass(frozen=True)
class View:
    title: str
    language: str
    timing: dict[str, Any]
    rows: list[Row]
    html: str | None  # the published page's file name, when it was published
    mp3: str | None


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def view(project: Project, slug: str) -> View:
    """What the page shows, from the published folder of `slug`."""
    from publish.names import OutputNames

    project.path(slug)
    folder = project.build / slug
    names = OutputNames(slug)
    timing = _json(folder / names.timing)
    report = _json(folder / names.report_json)
    about = report.get("article", {}) if isinstance(report.get("article"), dict) else {}
    html = names.html if (folder / names.html).is_file() else None
    shown: dict[str, str] = {}
    if html is not None and "recording" in timing:
        shown = page_sentences((folder / html).read_bytes())
    made = rows(timing, shown, report) if "recording" in timing else []
    mp3 = names.mp3 if (folder / names.mp3).is_file() else None
    return View(
        str(about.get("title") or slug), str(about.get("language", "")), timing, made, html, mp3
    )


async def readalong(request: Request) -> Response:
    project = studio_of(request).project
    slug = request.path_params["slug"]
    try:
        found = await run_in_threadpool(view, project, slug)
    except NotFoundError:
        return not_found()
    recording = found.timing.get("recording") or {}
    counts = {state: sum(r.state == state for r in found.rows) for state in STATES}
    return page(
        request,
        "readalong.html",
        slug=slug,
        view=found,
        recording=recording,
        counts=counts,
        states=STATES,
    )


ROUTES = [Route("/readalong/{slug}", readalong)]
