"""Shared helpers. In CI (CI=true) a missing tool fails the test; elsewhere it skips."""

from __future__ import annotations

import contextlib
import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "cell-and-gene-therapy.md"
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"  # screenshots a reviewer can look at


def need(condition: bool, what: str) -> None:
    """Skip (locally) or fail (in CI) when a needed tool is missing."""
    if condition:
        return
    message = f"{what} is missing; install it with ./run tests"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def need_chromium() -> str:
    need(Path(CHROMIUM).exists(), "Debian's chromium (/usr/bin/chromium)")
    return CHROMIUM


@contextlib.contextmanager
def chromium(*extra: str) -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    from publish.checks.html import CHROMIUM_ARGS

    executable = need_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=[*CHROMIUM_ARGS, *extra]
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


ACE = ROOT / ".tools" / "ace" / "node_modules" / ".bin" / "ace-puppeteer"


def ace(epub: Path, out: Path) -> dict[str, Any]:
    """Ace by DAISY's report on `epub` (installed by the tests session of noxfile.py)."""
    import json
    import subprocess

    need(ACE.exists(), "Ace by DAISY (npm @daisy/ace, installed by ./run tests)")
    done = subprocess.run(
        [str(ACE), "--outdir", str(out), "--force", str(epub)],
        capture_output=True,
        text=True,
        env=os.environ | {"PUPPETEER_EXECUTABLE_PATH": need_chromium()},
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report: dict[str, Any] = json.loads((out / "report.json").read_text())
    return report


def ace_violations(report: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (test["earl:test"]["dct:title"], test["earl:test"].get("earl:impact", ""))
        for group in report["assertions"]
        for test in group["assertions"]
        if test["earl:result"]["earl:outcome"] == "fail"
    ]


def need_command(name: str) -> str:
    path = shutil.which(name)
    need(path is not None, name)
    assert path is not None
    return path


FRONT = "---\ntitle: Test article\nlanguage: en\n---\n"


@pytest.fixture(scope="session", autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """publish's user cache (locks, audio, word store, templates) for this test session only,
    so no test reads what another run left, and the user's own cache is never touched."""
    folder = tmp_path_factory.mktemp("user-cache")
    os.environ["PUBLISH_CACHE"] = str(folder)
    return folder


@pytest.fixture
def write_source(tmp_path: Path) -> Callable[..., Path]:
    """Write a source file; front matter is added unless `front` is given."""

    def write(body: str, front: str | None = FRONT, name: str = "article.md") -> Path:
        path = tmp_path / name
        path.write_text((front or "") + textwrap.dedent(body), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def narrated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample built once with real Piper narration: MP3, timing, captions and narrated EPUB."""
    from publish.cli import main

    out = tmp_path_factory.mktemp("narrated") / "build"
    assert main(["build", str(SAMPLE), "-f", "html,audio,epub,pdf", "--out", str(out), "-q"]) == 0
    folder = out / "cell-and-gene-therapy"
    return {
        name: folder / f"cell-and-gene-therapy{suffix}"
        for name, suffix in {
            "mp3": ".mp3",
            "timing": ".timing.json",
            "vtt": ".vtt",
            "chapters": ".chapters.vtt",
            "pls": ".pls",
            "epub": ".epub",
            "pdf": ".pdf",
            "html": ".html",
        }.items()
    } | {"out": out}


LIBRARY_BASE = "https://library.example/handouts/"  # the --base-url of the `library` build
HANDOUTS = ROOT / "tests" / "fixtures" / "handout"


@pytest.fixture(scope="session")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library built once, in every format: the sample, its plain-language version, and
    the fixture handouts (an English one with its Spanish translation, and another), with
    --library --base-url LIBRARY_BASE. Returns the output folder. Tests only read it."""
    from publish.cli import main

    root = tmp_path_factory.mktemp("library")
    sources = root / "source"
    sources.mkdir()
    for name in ("handwashing.md", "lavado-de-manos.md", "blood-thinner.md", "handwash.png"):
        shutil.copy(HANDOUTS / name, sources / name)
    for name in ("cell-and-gene-therapy.md", "cell-and-gene-therapy-plain.md"):
        shutil.copy(ROOT / "source" / name, sources / name)
    out = root / "build"
    args = ["build", *map(str, sorted(sources.glob("*.md"))), "-f", "all", "--edition", "all"]
    args += ["--out", str(out), "--library", "--base-url", LIBRARY_BASE, "-q"]
    assert main(args) == 0
    return out
