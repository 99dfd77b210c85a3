"""Random Markdown never crashes a build; killed builds leave the previous output; rebuilds are
byte-identical; concurrent builds do not corrupt each other; --allow-remote fetches with limits."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import io
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pages import PNG

from publish.cli import main

# ------------------------------------------------------------------ property: never a traceback

WORDS = st.sampled_from(
    [
        "cell",
        "Dr.",
        "e.g.",
        "3.5",
        "ALL",
        "CAR-T",
        "<b>",
        "</b>",
        "&",
        "*",
        "_",
        "`",
        "[",
        "]",
        "(",
        ")",
        "!",
        "#",
        ">",
        "|",
        "-",
        "1.",
        "\u05e9\u05dc\u05d5\u05dd",
        "\U0001f468\u200d\U0001f469",
        "e\u0301",
        "\u00a0",
        "[^1]",
        "{lang=fr}",
        "\\",
        "https://example.org/x",
        "<script>",
        "<!--",
        "-->",
        "'",
        '"',
        "?",
        "Ünïcödé",
    ]
)
TEXT = st.lists(st.one_of(WORDS, st.text(min_size=1, max_size=12)), min_size=0, max_size=25).map(
    " ".join
)
LINE = st.one_of(
    TEXT,
    TEXT.map(lambda t: "## " + t),
    TEXT.map(lambda t: "#### " + t),
    TEXT.map(lambda t: "- " + t),
    TEXT.map(lambda t: "1. " + t),
    TEXT.map(lambda t: "> " + t),
    TEXT.map(lambda t: f"| {t} | x |\n|---|---|\n| a | b |"),
    TEXT.map(lambda t: f"```\n{t}\n```"),
    TEXT.map(lambda t: f"[^1]: {t}"),
    st.just(""),
    st.just("---"),
    st.just("<div>"),
    st.just("![alt](missing.png)"),
)
MARKDOWN = st.lists(LINE, min_size=0, max_size=12).map("\n\n".join)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=MARKDOWN)
def test_random_markdown_builds_or_explains(
    body: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("random")
    source = folder / "random.md"
    source.write_text("---\ntitle: Random\nlanguage: en\n---\n" + body, encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(
            ["build", str(source), "-f", "html,pdf,epub", "--out", str(folder / "out"), "-q"]
        )
    assert code in (0, 2), err.getvalue()
    assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue()
    if code == 2:
        assert err.getvalue().startswith(f"{source}:")
        return
    out = folder / "out" / "random"
    ET.fromstring(
        (out / "random.html").read_text(encoding="utf-8").removeprefix("<!DOCTYPE html>\n")
    )
    with zipfile.ZipFile(out / "random.epub") as book:
        assert book.read("mimetype") == b"application/epub+zip"
        ET.fromstring(book.read("EPUB/random.xhtml"))
    assert (out / "random.pdf").read_bytes().startswith(b"%PDF-")


# ------------------------------------------------------------------ a build killed part-way


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_killed_builds_leave_a_whole_output(tmp_path: Path) -> None:
    source = tmp_path / "leaflet.md"
    text = SAMPLE.read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "build"
    command = [
        sys.executable,
        "-m",
        "publish",
        "build",
        str(source),
        "-f",
        "html,pdf,epub",
        "--out",
        str(out),
        "-q",
    ]
    subprocess.run(command, check=True)
    old = _snapshot(out / "leaflet")
    titles = ["Changed title", "Cell and Gene Therapy for Cancer"]
    building = titles[0]
    source.write_text(text.replace("title: Cell and Gene Therapy for Cancer", f"title: {building}"))
    for delay in (0.2, 0.5, 0.8, 1.1, 1.4, 1.7, 2.0, 2.5):
        process = subprocess.Popen(command)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = _snapshot(out / "leaflet")
        assert set(now) == {"leaflet.html", "leaflet.pdf", "leaflet.epub", "leaflet.manifest.json"}
        if now != old:  # the kill came after the swap: the whole new output, never a mix
            html = (out / "leaflet" / "leaflet.html").read_text()
            assert f"<title>{building}</title>" in html
            with zipfile.ZipFile(out / "leaflet" / "leaflet.epub") as book:
                assert building.encode() in book.read("EPUB/content.opf")
            with (out / "leaflet" / "leaflet.pdf").open("rb") as pdf_file:
                assert pdf_file.read(5) == b"%PDF-"
            old = now
            building = titles[1] if building == titles[0] else titles[0]
            source.write_text(
                text.replace("title: Cell and Gene Therapy for Cancer", f"title: {building}")
            )
    subprocess.run(command, check=True)  # a normal build afterwards cleans up and succeeds
    assert not list(out.glob(".staging-*"))


# ------------------------------------------------------------------ byte-identical rebuilds


def test_rebuilds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        assert (
            main(
                [
                    "build",
                    str(SAMPLE),
                    "-f",
                    "html,pdf,epub",
                    "--edition",
                    "all",
                    "--out",
                    str(out),
                    "-q",
                ]
            )
            == 0
        )
    a, b = _snapshot(first / "cell-and-gene-therapy"), _snapshot(second / "cell-and-gene-therapy")
    assert set(a) == {
        "cell-and-gene-therapy.html",
        "cell-and-gene-therapy.pdf",
        "cell-and-gene-therapy-large-print.pdf",
        "cell-and-gene-therapy.epub",
        "cell-and-gene-therapy.manifest.json",
    }
    assert a == b


def test_narration_rebuilds_are_byte_identical(tmp_path: Path) -> None:
    source = tmp_path / "short.md"
    source.write_text(
        "---\ntitle: Short\nlanguage: en-US\ndate: 2026-01-01\n---\nOne sentence. "
        "Another one here.\n"
    )
    for out in ("one", "two"):  # separate output folders: separate caches, fresh synthesis
        assert (
            main(["build", str(source), "-f", "audio,epub", "--out", str(tmp_path / out), "-q"])
            == 0
        )
    assert _snapshot(tmp_path / "one" / "short") == _snapshot(tmp_path / "two" / "short")


def test_pdf_dates_come_from_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pikepdf

    source = tmp_path / "undated.md"
    source.write_text("---\ntitle: Undated\nlanguage: en\n---\nText.\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert main(["build", str(source), "-f", "pdf,epub", "--out", str(tmp_path), "-q"]) == 0
    with pikepdf.open(tmp_path / "undated" / "undated.pdf") as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20260101")
    with zipfile.ZipFile(tmp_path / "undated" / "undated.epub") as book:
        assert b"2026-01-01T00:00:00Z" in book.read("EPUB/content.opf")
        assert all(i.date_time[:3] == (2026, 1, 1) for i in book.infolist())


# ------------------------------------------------------------------ concurrent builds


def test_concurrent_builds_of_one_project(tmp_path: Path) -> None:
    out = tmp_path / "build"
    command = [
        sys.executable,
        "-m",
        "publish",
        "build",
        str(SAMPLE),
        "-f",
        "html,pdf,epub",
        "--out",
        str(out),
        "-q",
    ]
    processes = [subprocess.Popen(command) for _ in range(3)]
    assert [p.wait() for p in processes] == [0, 0, 0]
    folder = out / "cell-and-gene-therapy"
    ET.fromstring(
        (folder / "cell-and-gene-therapy.html").read_text().removeprefix("<!DOCTYPE html>\n")
    )
    with zipfile.ZipFile(folder / "cell-and-gene-therapy.epub") as book:
        assert book.testzip() is None
    assert not list(out.glob(".staging-*"))


# ------------------------------------------------------------------ --allow-remote


class ImageServer(http.server.BaseHTTPRequestHandler):
    body = PNG
    delay = 0.0

    def do_GET(self) -> None:
        time.sleep(ImageServer.delay)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(ImageServer.body)))
        self.end_headers()
        self.wfile.write(ImageServer.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def image_server(monkeypatch: pytest.MonkeyPatch) -> str:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ImageServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    ImageServer.body, ImageServer.delay = PNG, 0.0
    yield f"http://127.0.0.1:{server.server_port}/chart.png"
    server.shutdown()


def test_allow_remote_fetches_with_a_size_cap_and_timeout(
    image_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "remote.md"
    source.write_text(f"---\ntitle: T\nlanguage: en\n---\n![A chart]({image_server})\n")
    out = tmp_path / "out"
    assert (
        main(["build", str(source), "-f", "html,epub", "--out", str(out), "-q", "--allow-remote"])
        == 0
    )
    html = (out / "remote" / "remote.html").read_text()
    assert '<img src="data:image/png;base64,' in html and "127.0.0.1" not in html
    ImageServer.body = PNG + b"\0" * 5000
    assert (
        main(
            [
                "build",
                str(source),
                "-f",
                "html",
                "--out",
                str(out),
                "-q",
                "--allow-remote",
                "--limit",
                "image_bytes=1000",
            ]
        )
        == 2
    )
    assert "over the image_bytes limit of 1,000" in capsys.readouterr().err
    ImageServer.body, ImageServer.delay = PNG, 3.0
    assert (
        main(
            [
                "build",
                str(source),
                "-f",
                "html",
                "--out",
                str(out),
                "-q",
                "--allow-remote",
                "--limit",
                "fetch_seconds=1",
            ]
        )
        == 2
    )
    assert "could not fetch the image" in capsys.readouterr().err
