"""Each bad input gives `file:line: message`, exit code 2, no traceback, and leaves outputs alone."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from publish.cli import main

Case = tuple[str, bytes, int, str]
CASES: list[Case] = [
    (
        "malformed-yaml",
        b"---\ntitle: [unclosed\nlanguage: en\n---\nText.\n",
        3,
        "the front matter is not valid YAML",
    ),
    (
        "unknown-key",
        b"---\ntitle: T\nlanguage: en\nauthor: Ann\n---\nText.\n",
        4,
        "unknown front-matter key 'author'; did you mean 'authors'?",
    ),
    (
        "misspelt-key",
        b"---\ntitle: T\nlangauge: en\n---\nText.\n",
        3,
        "unknown front-matter key 'langauge'; did you mean 'language'?",
    ),
    ("missing-title", b"---\nlanguage: en\n---\nText.\n", 1, "the front matter has no 'title'"),
    (
        "bad-language",
        b"---\ntitle: T\nlanguage: English\n---\nText.\n",
        3,
        "'language' must be a BCP 47 language tag",
    ),
    (
        "not-utf8",
        b"---\ntitle: T\nlanguage: en\n---\nCaf\xe9 au lait.\n",
        5,
        "byte 0xe9 is not UTF-8",
    ),
    ("empty", b"", 1, "the file is empty"),
    ("no-front-matter", b"Just text.\n", 1, "the file must start with a '---' line"),
    (
        "script",
        b"---\ntitle: T\nlanguage: en\n---\nHello.\n\n<script>alert(1)</script>\n",
        7,
        "raw HTML '<script' is not allowed",
    ),
    (
        "inline-handler",
        b"---\ntitle: T\nlanguage: en\n---\nHi <img src=x onerror=alert(1)>.\n",
        5,
        "raw HTML 'onerror=' is not allowed",
    ),
    (
        "javascript-link",
        b"---\ntitle: T\nlanguage: en\n---\nSee [this](javascript:alert(1)).\n",
        5,
        "uses the 'javascript:' scheme, which is not allowed",
    ),
    (
        "yaml-alias",
        b"---\ntitle: &a T\nlanguage: en\nshort_title: *a\n---\nText.\n",
        4,
        "YAML aliases (*name) are not allowed",
    ),
    ("nul-byte", b"---\ntitle: T\nlanguage: en\n---\nA\x00B\n", 5, "contains a NUL byte"),
    (
        "glossary-missing-definition",
        b"---\ntitle: T\nlanguage: en\nglossary:\n  - term: ALL\n---\nT.\n",
        5,
        "this glossary entry has no 'definition'",
    ),
]


@pytest.mark.parametrize(("name", "data", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input(
    name: str,
    data: bytes,
    line: int,
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / f"{name}.md"
    source.write_bytes(data)
    out = tmp_path / "build"
    assert main(["build", str(source), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{source}:{line}: " in err
    assert message in err
    assert "Traceback" not in err
    assert not (out / name).exists()


def test_every_front_matter_error_is_reported_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "many.md"
    source.write_text("---\ntitel: T\nlanguage: xx-yy-zz-1\nreading_grade: high\n---\nText.\n")
    assert main(["build", str(source), "--out", str(tmp_path / "b")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 4
    assert err[0].startswith(f"{source}:1: the front matter has no 'title'")
    assert "did you mean 'title'" in err[1]
    assert err[2].startswith(f"{source}:3: 'language'")
    assert err[3].startswith(f"{source}:4: 'reading_grade'")


def test_failed_build_leaves_earlier_outputs(
    write_source: Callable[..., Path], tmp_path: Path
) -> None:
    source = write_source("Good text.\n")
    out = tmp_path / "build"
    assert main(["build", str(source), "--out", str(out), "-q"]) == 0
    page = out / "article" / "article.html"
    before = page.read_bytes()
    source.write_text("---\ntitle: T\nlanguage: en\n---\n<script>x</script>\n")
    assert main(["build", str(source), "--out", str(out), "-q"]) == 2
    assert page.read_bytes() == before
    assert sorted(p.name for p in (out / "article").iterdir()) == [
        "article.html",
        "article.manifest.json",
    ]
    assert not [p for p in out.iterdir() if p.name.startswith(".staging-")]


def test_unknown_format_suggests(
    write_source: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_source("Text.\n")
    assert main(["build", str(source), "--format", "htlm"]) == 2
    assert "unknown format 'htlm'; did you mean 'html'?" in capsys.readouterr().err


def test_console_script_has_no_traceback(tmp_path: Path) -> None:
    source = tmp_path / "bad.md"
    source.write_bytes(b"\xff\xfe")
    run = subprocess.run(
        [sys.executable, "-m", "publish", "build", str(source), "--out", str(tmp_path / "b")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert run.stderr.startswith(f"{source}:1: byte 0xff is not UTF-8")
    assert "Traceback" not in run.stderr
