"""A reader's recording from the studio (issue 32): uploaded on the handout's recording page
(its kind found from its content, its size counted as it streams, the CSRF token required),
saved beside the source as <slug>-reading.<kind> and named in the front matter with every
other byte kept, the earlier recording and source version kept in the history, removed
again; and, after a real publish of a handout narrated from a generated recording with one
sentence left out, the read-along check: each sentence's confidence, the left-out one said in
words, each Play button playing the published page's narration from the sentence's start,
and axe in light and dark."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import soundfile
from conftest import need_command
from test_recording import LEFT_OUT, RATE, SOURCE, _recording
from test_studio import Server, axe, free_port, open_page, stop
from test_studio_progress import events_of
from test_studio_upload import chunked, listing

from publish.studio.readalong import rows
from publish.studio.receive import sniff
from publish.studio.recording import with_narration

pytestmark = pytest.mark.browser
LIMIT = 4 * 1024 * 1024  # the studio's recording_bytes in these tests
# The cast handout without its recording: the studio names one. A comment in the front
# matter and a CRLF-free body, kept byte for byte.
HANDOUT = SOURCE.replace("narration: reading.wav\n", "").replace(
    "language: en\n", "language: en  # the clinic's language\n"
)
NAMES = ("upload", "replace", "remove", "refused", "cast")

SERVE = """
import sys
from pathlib import Path

import uvicorn

from publish.limits import Limits
from publish.studio.app import create_app
from publish.studio.server import allowed_hosts

folder, port, limit = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
app = create_app(folder, hosts=allowed_hosts("127.0.0.1"), limits=Limits(recording_bytes=limit))
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
"""


def start_with_limit(folder: Path, limit: int) -> tuple[subprocess.Popen[bytes], int]:
    """The studio on real uvicorn in its own process, as `publish serve` runs it, with the
    project's recording_bytes limit set to `limit`."""
    import socket

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(folder), str(port), str(limit)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    for _ in range(300):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process, port
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode() if process.stderr else "")
        time.sleep(0.2)
    process.kill()
    raise AssertionError("the studio did not start")


@pytest.fixture(scope="module")
def takes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Recordings of the cast handout, made from the offline voice: whole, as WAV and FLAC,
    and with one sentence left out."""
    need_command("ffmpeg")
    folder = tmp_path_factory.mktemp("takes")
    whole = _recording(folder / "whole", SOURCE)
    short = _recording(folder / "short", SOURCE, leave_out=LEFT_OUT)
    made = {}
    for name, samples, kind in (
        ("wav", whole, "WAV"),
        ("flac", whole, "FLAC"),
        ("left-out", short, "WAV"),
    ):
        out = io.BytesIO()
        soundfile.write(out, samples, RATE, format=kind, subtype="PCM_16")
        made[name] = out.getvalue()
    assert len(made["wav"]) < LIMIT
    return made


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("studio-recording")
    (folder / "source").mkdir()
    for name in NAMES:
        (folder / "source" / f"{name}.md").write_text(HANDOUT, encoding="utf-8")
    process, port = start_with_limit(folder, LIMIT)
    yield Server(f"http://127.0.0.1:{port}", port, folder, process)
    stop(process)


def form(token: str | None, name: str, data: bytes, kind: str = "audio/wav") -> tuple[bytes, str]:
    """The upload form as a browser sends it: the CSRF field first, then the file."""
    boundary = uuid.uuid4().hex
    parts = []
    if token is not None:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{token}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: {kind}\r\n\r\n".encode()
    )
    body = b"".join([*parts, data, f"\r\n--{boundary}--\r\n".encode()])
    return body, f"multipart/form-data; boundary={boundary}"


def upload(
    studio: Server, slug: str, name: str, data: bytes, token: str | None = ""
) -> tuple[int, dict[str, str], str]:
    body, kind = form(studio.csrf() if token == "" else token, name, data)
    status, headers, page = studio.request(
        "POST", f"/recording/{slug}", body, {"Content-Type": kind}
    )
    return status, headers, page.decode()


def source(studio: Server, slug: str) -> Path:
    return studio.folder / "source" / f"{slug}.md"


def history(studio: Server, slug: str, pattern: str) -> list[Path]:
    folder = studio.folder / "source" / ".history" / slug
    return sorted(folder.glob(pattern)) if folder.is_dir() else []


def front_with(name: str) -> str:
    """HANDOUT with `narration: name` as the front matter's last line."""
    head, _, rest = HANDOUT.partition("  - {name: Ann Lee, role: narrator}\n")
    assert rest
    return f"{head}  - {{name: Ann Lee, role: narrator}}\nnarration: {name}\n{rest}"


def test_handout_text_is_what_the_tests_expect() -> None:
    assert "contributors:\n  - {name: Ann Lee, role: narrator}\n---\n" in SOURCE


# ------------------------------------------------------------------------------ upload


def test_an_upload_is_saved_beside_the_source_and_named_in_the_front_matter(
    studio: Server, browser: Any, takes: dict[str, bytes]
) -> None:
    path = source(studio, "upload")
    before = path.read_bytes()
    context, page = open_page(browser, f"{studio.url}/edit/upload")
    page.get_by_role("link", name="Narrate from a person's recording").click()
    page.wait_for_url(f"{studio.url}/recording/upload")
    assert "Narrated by the offline voice" in page.locator("#recording-now").inner_text()
    page.get_by_label(re.compile(r"^Recording \(WAV, FLAC")).set_input_files(
        {"name": "Ann's take 1.WAV", "mimeType": "audio/wav", "buffer": takes["wav"]}
    )
    page.get_by_role("button", name="Upload the recording").click()
    note = page.locator("#saved-note")
    note.wait_for()
    page.wait_for_function("() => document.activeElement.id === 'saved-note'")
    # Saved under the studio's name (never the browser's), byte for byte.
    saved = studio.folder / "source" / "upload-reading.wav"
    assert saved.read_bytes() == takes["wav"]
    assert "Saved the recording as source/upload-reading.wav" in note.inner_text()
    # The front matter names it, and every other byte of the file is as it was.
    assert path.read_text(encoding="utf-8") == front_with("upload-reading.wav")
    assert path.read_bytes().endswith(before.split(b"\n---\n", 1)[1])
    # The version it replaced is in the history, and the page says where.
    [kept] = history(studio, "upload", "*-replaced.md")
    assert kept.read_bytes() == before
    assert kept.relative_to(studio.folder).as_posix() in note.inner_text()
    # The page now describes the recording, with its reader.
    now = page.locator("#recording-now").inner_text()
    assert "upload-reading.wav" in now and "WAV at 44100 Hz" in now
    assert "Read by: Ann Lee" in page.locator("main").inner_text()
    # Nothing temporary is left beside the source.
    assert not [p for p in (studio.folder / "source").iterdir() if p.name.startswith(".upload")]
    context.close()


def test_a_new_recording_moves_the_earlier_one_into_the_history(
    studio: Server, takes: dict[str, bytes]
) -> None:
    path = source(studio, "replace")
    folder = studio.folder / "source"
    status, headers, _ = upload(studio, "replace", "take.wav", takes["wav"])
    assert status == 303, headers
    first = path.read_text(encoding="utf-8")
    # A comment after the narration line stays when the name changes in place.
    path.write_text(first.replace("reading.wav\n", "reading.wav  # Ann, March\n"))
    # The same kind again: the file of that name is moved into the history first.
    status, headers, _ = upload(studio, "replace", "take-2.wav", takes["left-out"])
    assert status == 303
    assert (folder / "replace-reading.wav").read_bytes() == takes["left-out"]
    [kept] = history(studio, "replace", "*-kept-replace-reading.wav")
    assert kept.read_bytes() == takes["wav"]
    note = studio.request("GET", headers["location"])[2].decode()
    assert f"kept in {kept.relative_to(studio.folder).as_posix()}" in note
    # Another kind: the handout names the FLAC, and the WAV it used goes into the history.
    status, headers, _ = upload(studio, "replace", "take.flac", takes["flac"])
    assert status == 303
    text = path.read_text(encoding="utf-8")
    assert "narration: replace-reading.flac  # Ann, March\n" in text
    assert text == front_with("replace-reading.flac  # Ann, March")
    assert not (folder / "replace-reading.wav").exists()
    wavs = history(studio, "replace", "*-kept-replace-reading.wav")
    assert sorted(p.read_bytes() for p in wavs) == sorted([takes["wav"], takes["left-out"]])
    page = studio.request("GET", "/recording/replace")[2].decode()
    assert page.count("<code>replace-reading.wav</code>") == 2  # both, in the history table
    assert "FLAC at 44100 Hz" in page


def test_removing_the_recording_takes_the_line_out_and_keeps_the_file(
    studio: Server, browser: Any, takes: dict[str, bytes]
) -> None:
    path = source(studio, "remove")
    assert upload(studio, "remove", "take.wav", takes["wav"])[0] == 303
    named = path.read_bytes()
    context, page = open_page(browser, f"{studio.url}/recording/remove")
    page.get_by_role("button", name="Stop using the recording").click()
    note = page.locator("#saved-note")
    note.wait_for()
    assert path.read_text(encoding="utf-8") == HANDOUT
    assert not (studio.folder / "source" / "remove-reading.wav").exists()
    [kept] = history(studio, "remove", "*-kept-remove-reading.wav")
    assert kept.read_bytes() == takes["wav"]
    assert kept.relative_to(studio.folder).as_posix() in note.inner_text()
    assert any(p.read_bytes() == named for p in history(studio, "remove", "*-replaced.md"))
    assert "Narrated by the offline voice" in page.locator("#recording-now").inner_text()
    assert page.locator("#kept-recordings tbody th").all_inner_texts() == ["remove-reading.wav"]
    context.close()


# ---------------------------------------------------------------------- refused uploads


def test_a_file_that_is_not_a_recording_is_refused_and_nothing_is_written(
    studio: Server, takes: dict[str, bytes]
) -> None:
    path = source(studio, "refused")
    before = listing(studio.folder)
    fake_wav = b"RIFF\x24\x00\x00\x00WAVEjunk" + bytes(2000)  # looks like WAV, is not one
    for name, data, says in (
        ("notes.wav", b"Call us if your fingers turn blue.\n" * 50, "is not a recording"),
        ("picture.mp3", b"\x89PNG\r\n\x1a\n" + bytes(500), "is not a recording"),
        ("empty.wav", b"", "No recording was sent"),
        ("broken.wav", fake_wav, "is not a recording publish can read"),
    ):
        status, _, page = upload(studio, "refused", name, data)
        assert status == 400, (name, status)
        assert says in page and "Nothing was written" in page, name
        assert "Traceback" not in page
    assert listing(studio.folder) == before
    assert path.read_text(encoding="utf-8") == HANDOUT


def test_a_recording_over_the_limit_is_refused_as_it_streams(studio: Server) -> None:
    before = listing(studio.folder)
    big = b"RIFF\xff\xff\xff\xffWAVE" + bytes(LIMIT)
    status, _, page = upload(studio, "refused", "long.wav", big)
    assert status == 413 and "too large" in page and "4.2 MB" in page
    # Sent in chunks, with no Content-Length: counted as it comes.
    body, kind = form(studio.csrf(), "long.wav", big)
    response = chunked(
        studio.port,
        "/recording/refused",
        {"Content-Type": kind},
        iter([body[i : i + 65536] for i in range(0, len(body), 65536)]),
    )
    assert response.status == 413 and b"too large" in response.data
    # A body that says it is too large is refused before it is read.
    status, _, page_bytes = studio.request(
        "POST",
        "/recording/refused",
        b"x",
        {"Content-Type": kind, "Content-Length": str(LIMIT * 2)},
    )
    assert status == 413 and b"too large" in page_bytes
    assert listing(studio.folder) == before
    assert studio.request("GET", "/recording/refused")[0] == 200


def test_an_upload_without_the_page_token_is_refused(
    studio: Server, takes: dict[str, bytes]
) -> None:
    before = listing(studio.folder)
    assert upload(studio, "refused", "take.wav", takes["wav"], token=None)[0] == 403
    assert upload(studio, "refused", "take.wav", takes["wav"], token="forged")[0] == 403
    body, kind = form(studio.csrf(), "take.wav", takes["wav"])
    other_site = {"Content-Type": kind, "Origin": "http://attacker.example"}
    assert studio.request("POST", "/recording/refused", body, other_site)[0] == 403
    plain = {"Content-Type": "application/x-www-form-urlencoded"}
    assert studio.request("POST", "/recording/refused/remove", b"csrf=forged", plain)[0] == 403
    assert studio.request("GET", "/recording/..%2fsecret")[0] == 404
    assert listing(studio.folder) == before


# ----------------------------------------------------------------------------- pieces


def test_the_kind_comes_from_the_content() -> None:
    assert sniff(b"RIFF\0\0\0\0WAVEfmt ") == "wav"
    assert sniff(b"fLaC\0\0\0\x22\x10\0\x10\0") == "flac"
    assert sniff(b"OggS\0\x02\0\0\0\0\0\0") == "ogg"
    assert sniff(b"ID3\x04\0\0\0\0\0\0\0\0") == "mp3"
    assert sniff(b"\xff\xfb\x90\x64\0\0\0\0\0\0\0\0") == "mp3"
    assert sniff(b"\0\0\0\x20ftypM4A \0\0") == "m4a"
    assert sniff(b"\0\0\0\x20ftypqt  \0\0") is None  # a QuickTime film
    assert sniff(b"PK\x03\x04") is None and sniff(b"%PDF-1.7\n") is None
    assert sniff(b"<html><body>") is None and sniff(b"") is None


def test_the_narration_line_is_written_in_place(tmp_path: Path) -> None:
    path = tmp_path / "source" / "a.md"
    text = "---\ntitle: A\nnarration: 'old.wav' # Ann\nlanguage: en\n---\n\nText.\n"
    new, problems = with_narration(text, path, "a-reading.mp3")
    assert problems == []
    assert new == text.replace("'old.wav'", "a-reading.mp3")
    gone, _ = with_narration(new, path, "")
    assert gone == "---\ntitle: A\nlanguage: en\n---\n\nText.\n"
    broken = "---\ntitle: [A\n---\n\nText.\n"
    assert with_narration(broken, path, "a-reading.wav")[1][0].startswith("Fix the front matter")


def test_rows_place_each_left_out_sentence_where_the_page_has_it() -> None:
    timing = {
        "recording": {"file": "r.wav", "skipped": ["b"], "doubtful": ["c"], "share": 0.67},
        "sentences": [
            {"id": "a", "start_ms": 500, "end_ms": 900, "spoken": "A.", "confidence": 0.97},
            {"id": "c", "start_ms": 1000, "end_ms": 1900, "spoken": "C.", "confidence": 0.41},
        ],
    }
    shown = {"a": "Aa.", "b": "Bb.", "c": "Cc."}
    report = {
        "checks": [
            {"name": "audio", "findings": [{"node_id": "b", "line": 7, "text": "Bb."}]},
        ]
    }
    made = rows(timing, shown, report)
    assert [(r.id, r.state, r.percent, r.text) for r in made] == [
        ("a", "matched", "97%", "Aa."),
        ("b", "left-out", "–", "Bb."),
        ("c", "doubtful", "41%", "Cc."),
    ]
    assert made[1].line == 7 and made[1].start_ms is None and made[2].at == "0:01.0"


# --------------------------------------------------------------- the read-along check


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def published(studio: Server, takes: dict[str, bytes]) -> Path:
    """The cast handout, narrated from a recording with one sentence left out, published by
    the studio's own job."""
    assert upload(studio, "cast", "reading.wav", takes["left-out"])[0] == 303
    headers = {"Content-Type": "application/json", "X-CSRF-Token": studio.csrf()}
    status, _, body = studio.request("POST", "/api/publish/cast", b"{}", headers)
    assert status == 202
    events = events_of(studio, json.loads(body)["job"])
    assert events[-1]["event"] == "done" and events[-1]["code"] == 1, events[-6:]
    failures = {f["what"] for f in events[-1]["failures"]}
    assert "audio" in failures, events[-1]  # the gate on the sentence left out
    return studio.folder / "build" / "cast"


def test_the_read_along_check_shows_each_sentences_confidence(
    studio: Server, browser: Any, published: Path
) -> None:
    timing = json.loads((published / "cast.timing.json").read_text(encoding="utf-8"))
    assert timing["voice"] == "recording:cast-reading.wav"
    assert timing["recording"]["skipped"] == [LEFT_OUT]
    files = _digests(published)
    context, page = open_page(browser, f"{studio.url}/published/cast")
    page.get_by_role("link", name="Check the reader's recording, sentence by sentence").click()
    page.wait_for_url(f"{studio.url}/readalong/cast")
    table = page.get_by_role("table", name=re.compile("^The sentences in reading order"))
    body_rows = table.locator("tbody tr")
    ids = [r.get_attribute("data-id") for r in body_rows.all()]
    assert ids == [
        "title",
        "day-one-h",
        "day-one-p1-s1",
        "day-one-p1-s2",
        "warning-signs-h",
        LEFT_OUT,
        "warning-signs-p1-s2",
    ]
    by_id = {s["id"]: s for s in timing["sentences"]}
    for row in body_rows.all():
        sentence_id = row.get_attribute("data-id")
        cells = row.locator("td, th").all_inner_texts()
        if sentence_id == LEFT_OUT:
            assert cells[1] == "Call us if your fingers turn blue."
            assert "Left out (line 15)" in cells[2] and cells[3] == "–"
            assert "Not in the recording" in cells[4]
            assert row.get_by_role("button").count() == 0
            continue
        confidence = by_id[sentence_id]["confidence"]
        assert cells[3] == f"{round(confidence * 100)}%"
        assert ("Doubtful" in cells[2]) == (sentence_id in timing["recording"]["doubtful"])
    summary = page.locator("#readalong-summary").inner_text()
    assert "cast-reading.wav" in summary and "read by Ann Lee" in summary
    assert "1 was left out" in summary
    # Play from a sentence: the published page's own player goes there and highlights it.
    frame = page.frame_locator("#readalong-frame")
    frame.locator("#narration").wait_for(state="attached")
    page.wait_for_function(
        "() => { const d = document.getElementById('readalong-frame').contentDocument;"
        " return d && d.getElementById('narration') && d.getElementById('narration').readyState >= 1; }"
    )
    target = "day-one-p1-s2"
    row = page.locator(f"#row-{target}")
    start = by_id[target]["start_ms"] / 1000
    row.get_by_role("button", name=re.compile(r"^Play from 0:0")).click()
    frame.locator(f"#{target}.reading").wait_for()
    at = page.evaluate(
        "() => document.getElementById('readalong-frame').contentDocument"
        ".getElementById('narration').currentTime"
    )
    assert at >= start - 0.01
    assert row.get_attribute("aria-current") == "true"
    context.close()
    # The view reads the published files and never writes them.
    assert _digests(published) == files


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_recording_pages_pass_axe(
    studio: Server, browser: Any, published: Path, scheme: str
) -> None:
    found = {}
    for path in ("/recording/cast", "/recording/upload", "/readalong/cast", "/readalong/remove"):
        context, page = open_page(browser, f"{studio.url}{path}", scheme)
        if path.startswith("/readalong/cast"):
            page.frame_locator("#readalong-frame").locator(".s").first.wait_for()
        found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in axe(page)]
        context.close()
    context, page = open_page(browser, f"{studio.url}/recording/refused", scheme)
    page.get_by_label(re.compile(r"^Recording \(")).set_input_files(
        {"name": "notes.wav", "mimeType": "audio/wav", "buffer": b"not sound at all" * 10}
    )
    page.get_by_role("button", name="Upload the recording").click()
    page.locator("#error-summary").wait_for()
    page.wait_for_function("() => document.activeElement.id === 'error-summary'")
    found["refused"] = [v["id"] for v in axe(page)]
    context.close()
    assert all(not v for v in found.values()), found


def test_the_editor_links_to_the_recording_page_after_saving(studio: Server, browser: Any) -> None:
    context, page = open_page(browser, f"{studio.url}/edit/refused")
    editor = page.locator("#source")
    editor.fill(editor.input_value() + "\nAsk us if you are not sure.\n")
    page.get_by_role("link", name="Narrate from a person's recording").click()
    page.wait_for_url(f"{studio.url}/recording/refused")
    assert source(studio, "refused").read_text().endswith("\nAsk us if you are not sure.\n")
    context.close()
    source(studio, "refused").write_text(HANDOUT, encoding="utf-8")
