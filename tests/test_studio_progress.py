"""Truthful progress while publishing (issue 28): the build, each format, the narration
sentence by sentence as each is made, and each check by name, in the JSON events of
`publish check --progress json` and on the studio's page; a failure says where and why."""

from __future__ import annotations

import http.client
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_studio import HANDOUTS, HARD, Server, axe, open_page, server

from publish.tts.base import Samples

__all__ = ["server"]  # the studio of test_studio.py, started once for this module too

pytestmark = pytest.mark.browser


def fresh(server: Server, slug: str, front: dict[str, str] | None = None, extra: str = "") -> str:
    """A copy of the hand-washing handout with text never narrated before (so no sentence
    comes from a cache), under `slug`."""
    text = (HANDOUTS / "handwashing.md").read_text()
    for key, value in (front or {}).items():
        head, _, rest = text.partition(f"\n{key}:")
        text = f"{head}\n{key}: {value}\n{rest.partition(chr(10))[2]}"
    unique = " ".join(uuid.uuid4().hex[:8])
    text = text.replace("## When to wash", f"Batch {unique}.{extra}\n\n## When to wash")
    (server.folder / "source" / f"{slug}.md").write_text(text)
    return slug


def events_of(server: Server, job: str) -> list[dict[str, Any]]:
    """Every event of a job, read as a page reads them (server-sent events), to the end."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    connection.request("GET", f"/api/jobs/{job}", headers={"Host": f"127.0.0.1:{server.port}"})
    response = connection.getresponse()
    assert response.getheader("content-type", "").startswith("text/event-stream")
    events = []
    for raw in response:
        line = raw.decode().strip()
        if line.startswith("data: "):
            events.append(json.loads(line[6:]))
            if events[-1]["event"] == "done":
                break
    connection.close()
    return events


def publish_in_page(page: Any, slug: str) -> str:
    """Press Publish; return the job's ID, from the studio's answer."""
    with page.expect_response(f"**/api/publish/{slug}") as answer:
        page.get_by_role("button", name="Publish every format").click()
    return str(answer.value.json()["job"])


def bar_is_full(page: Any) -> bool:
    return bool(
        page.evaluate(
            "() => { const b = document.getElementById('publish-progress');"
            " return b.checkVisibility() && b.hasAttribute('value') && b.value >= b.max; }"
        )
    )


def test_a_publish_streams_each_step_each_sentence_and_each_check(
    server: Server, browser: Any
) -> None:
    slug = fresh(server, "progress-handout")
    context, page = open_page(browser, f"{server.url}/edit/{slug}")
    page.locator("#formulas tr").first.wait_for()
    job = publish_in_page(page, slug)

    # While it runs, the page names the real step: a sentence of the narration, with a bar
    # whose total is the number of sentences; later each check, by name.
    step = page.locator("#publish-step")
    step.filter(has_text="Narrating sentence").wait_for(timeout=240_000)
    assert page.locator("#publishing").get_attribute("data-state") == "running"
    narration = page.locator('#publish-phases [data-phase="narration"]')
    assert narration.get_attribute("aria-current") == "step"
    assert "under way" in narration.inner_text()
    determinate = "() => document.getElementById('publish-progress').hasAttribute('value')"
    assert page.evaluate(determinate)  # the total is known: so many sentences
    running = [v["id"] for v in axe(page)]
    step.filter(has_text="Checking:").wait_for(timeout=300_000)
    assert "Making" not in step.inner_text()  # not the last format through the checks
    assert page.locator('#publish-phases [data-phase="format"]').inner_text().endswith("done")
    page.locator("#published-link").wait_for(timeout=300_000)
    assert page.locator("#publishing").get_attribute("data-state") == "done"
    assert page.locator("#publish-title").inner_text() == "Published"
    assert bar_is_full(page)
    done = [v["id"] for v in axe(page)]
    context.close()
    assert running == [] and done == [], (running, done)

    events = events_of(server, job)  # the job is done: the stream replays every event
    kinds = [(e["event"], e.get("phase")) for e in events]
    assert events[-1] == {"event": "done", "code": 0, "outcome": "passed"}, events[-12:]

    # The build: reading the source comes first, and ends before any format begins.
    assert kinds.index(("step", "build")) < kinds.index(("ended", "build"))
    assert kinds.index(("ended", "build")) < kinds.index(("step", "format"))

    # Each format, in turn, numbered: its step, then its end, before the next begins.
    formats = [e for e in events if e.get("phase") == "format"]
    begun = [e for e in formats if e["event"] == "step"]
    assert [e["index"] for e in begun] == list(range(1, len(begun) + 1))
    assert {e["total"] for e in begun} == {len(begun)}
    assert {"html", "pdf", "epub", "audio"} <= {e["what"] for e in begun}
    for start, end in zip(formats[::2], formats[1::2], strict=True):
        assert (start["event"], end["event"], start["what"]) == ("step", "ended", end["what"])

    # The narration: one event per sentence of the timing map, numbered in order, each
    # while the format that asked for it is still being made, so before the audio's end.
    timing = json.loads((server.folder / "build" / slug / f"{slug}.timing.json").read_text())
    ids = [entry["id"] for entry in timing["sentences"]]
    sentences = [i for i, e in enumerate(events) if e["event"] == "progress"]
    heard = [events[i] for i in sentences]
    assert [e["done"] for e in heard] == list(range(1, len(ids) + 1))
    assert {e["total"] for e in heard} == {len(ids)}
    assert sorted(e["sentence"] for e in heard) == sorted(ids)
    # made now or found in the cache (another test may have narrated the same words)
    assert all(isinstance(e["cached"], bool) for e in heard)
    asking = max(i for i in range(sentences[0]) if kinds[i] == ("step", "format"))
    end_of_asking = next(
        i
        for i in range(asking, len(events))
        if kinds[i] == ("ended", "format") and events[i]["what"] == events[asking]["what"]
    )
    narration_end = kinds.index(("ended", "narration"))
    audio_end = next(
        i for i, e in enumerate(events) if kinds[i] == ("ended", "format") and e["what"] == "audio"
    )
    assert asking < sentences[0] and sentences[-1] < narration_end < end_of_asking <= audio_end

    # Each check by name, as it starts and ends, after the formats: the report's checks.
    report = json.loads((server.folder / "build" / slug / "report.json").read_text())
    checks = [e for e in events if e.get("phase") == "check"]
    assert [e["what"] for e in checks if e["event"] == "step"] == [
        c["name"] for c in report["checks"]
    ]
    assert [(e["what"], e["status"]) for e in checks if e["event"] == "ended"] == [
        (c["name"], c["status"]) for c in report["checks"]
    ]
    assert kinds.index(("step", "check")) > max(i for i, k in enumerate(kinds) if k[1] == "format")


def test_a_publish_that_fails_a_gate_says_where_and_why_with_its_report(
    server: Server, browser: Any
) -> None:
    slug = fresh(server, "failing-handout", {"reading_grade": "3"}, f" {HARD}")
    context, page = open_page(browser, f"{server.url}/edit/{slug}")
    page.locator("#formulas tr").first.wait_for()
    publish_in_page(page, slug)
    failure = page.locator("#publish-failure")
    failure.wait_for(timeout=600_000)
    section = page.locator("#publishing")
    assert section.get_attribute("data-state") == "failed"
    # Marked in words and with an icon, not by colour alone.
    assert page.locator("#publish-title").inner_text() == "Publishing failed"
    assert page.locator("#publish-icon").inner_text() == "✗"
    assert "Failed at: The check “Readability”" in page.locator("#publish-step").inner_text()
    readability = page.locator('#publish-phases [data-phase="check"]')
    assert readability.inner_text().endswith("failed")
    listed = page.locator("#publish-failures").inner_text()
    assert "The check “Readability” failed." in listed
    assert "reading grade" in listed.lower() or "grade" in listed  # its first finding
    findings = page.locator("#publish-failures .findings li")
    assert 1 <= findings.count() <= 3
    assert failure.evaluate("(node) => node === document.activeElement")
    assert not bar_is_full(page)
    violations = [v["id"] for v in axe(page)]
    report = page.get_by_role("link", name="Open the check report of this run")
    href = report.get_attribute("href")
    assert href == f"/files/{slug}/report.html"
    status, _, body = server.request("GET", href)
    assert status == 200 and b"Readability" in body
    assert (
        json.loads((server.folder / "build" / slug / "report.json").read_text())["status"] == "fail"
    )
    # The result page says so too, with the same report.
    page.get_by_role("link", name="See the files, the pages and the check report").click()
    page.wait_for_url(f"**/published/{slug}")
    shown = page.locator("#published-failed").inner_text()
    assert "Publishing failed:" in shown and "Readability" in shown
    assert page.get_by_role("link", name="Open the check report of this run").count() == 1
    violations += [v["id"] for v in axe(page)]
    context.close()
    assert violations == []


def test_a_publish_that_stops_in_the_build_shows_the_step_and_its_error(
    server: Server, browser: Any
) -> None:
    slug = "broken-handout"
    text = (HANDOUTS / "handwashing.md").read_text().replace("audience:", "audiense:")
    (server.folder / "source" / f"{slug}.md").write_text(text)
    context, page = open_page(browser, f"{server.url}/edit/{slug}")
    job = publish_in_page(page, slug)
    page.locator("#publish-failure").wait_for(timeout=120_000)
    assert page.locator("#publish-title").inner_text() == "Publishing failed"
    assert "Failed at: Reading the source" in page.locator("#publish-step").inner_text()
    listed = page.locator("#publish-failures").inner_text()
    assert "audiense" in listed and f"{slug}.md:" in listed  # the error, with its line
    assert "wrote no check report" in page.locator("#publish-report").inner_text()
    assert page.locator('#publish-phases [data-phase="build"]').inner_text().endswith("failed")
    assert not bar_is_full(page)
    violations = [v["id"] for v in axe(page)]
    context.close()
    assert violations == []
    events = events_of(server, job)
    failed = [e for e in events if e["event"] == "failed"]
    assert failed and failed[0]["phase"] == "build" and failed[0]["what"] == "source"
    assert events[-1]["failures"][0]["phase"] == "build" and events[-1]["report"] is None


# ------------------------------------------------------------- sentences as they are made


@dataclass(frozen=True)
class HeldEngine:
    """Tones, but the longest sentence waits until the build has reported another one: a
    build that reports sentences in submission order, or at the end, never gets there."""

    flag: str
    language: str = "en-US"
    name: str = "held"
    voice: str = "held"
    sample_rate: int = 22050
    supports_phonemes: bool = False
    workers: int = 2

    def settings(self) -> str:
        return f"held/1 {self.flag}"

    def synthesize(self, text: str) -> Samples:
        import time

        from publish.tts.tones import ToneEngine

        if text.startswith("Long"):
            deadline = time.monotonic() + 120  # a guard against a hang, not a measure
            while not Path(self.flag).exists():
                if time.monotonic() > deadline:
                    raise RuntimeError("no sentence was reported while this one was made")
                time.sleep(0.05)
        samples: Samples = ToneEngine(self.language).synthesize(text)
        return samples


def test_each_sentence_is_reported_as_soon_as_it_is_made(tmp_path: Path) -> None:
    from publish.audio.synth import AudioCache, synthesize_all

    flag = tmp_path / "reported"
    engine = HeldEngine(str(flag))
    texts = [
        "Short one.",
        "Long " + "very " * 30 + "long sentence that goes on and on",
        "Short two.",
        "Short three.",
        "Short four.",
    ]
    cache = AudioCache(tmp_path / "cache")
    cache.put(cache.key(engine, "Short four."), np.zeros(10, dtype=np.float32))
    heard: list[tuple[int, bool]] = []

    def each(index: int, cached: bool) -> None:
        heard.append((index, cached))
        if not cached:
            flag.touch()  # the parent has reported a sentence made now

    clips = synthesize_all(engine, texts, cache, workers=2, each=each)
    assert len(clips) == len(texts)
    assert heard[0] == (4, True)  # the cached one at once
    assert sorted(heard) == [(0, False), (1, False), (2, False), (3, False), (4, True)]
    assert heard.index((1, False)) > 1  # the held one came after one made meanwhile


def test_one_at_a_time_each_sentence_is_reported_in_reading_order(tmp_path: Path) -> None:
    from publish.audio.synth import AudioCache, synthesize_all
    from publish.tts.tones import ToneEngine

    texts = ["One.", "A much longer second sentence.", "Three.", "The fourth one here."]
    heard: list[int] = []
    synthesize_all(
        ToneEngine("en-US"),
        texts,
        AudioCache(tmp_path),
        workers=1,
        each=lambda i, c: heard.append(i),
    )
    assert heard == [0, 1, 2, 3]
