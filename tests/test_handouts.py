"""What a new clinic user meets in the first hour (issue 12): set-up, output hygiene, text
that handouts really hold, layout of a short handout, and findings an author can act on."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SAMPLE

from publish.cli import main

# ---------------------------------------------------------------- 1. the README runs as written


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    usage = text.split("## Usage", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.split("  #")[0].strip() for line in usage.splitlines() if line.strip()]


def test_every_readme_example_names_real_files_and_valid_options() -> None:
    from publish.cli import _parser

    commands = readme_commands()
    assert len(commands) > 10
    for command in commands:
        words = shlex.split(command)
        assert words[0] == "publish", command
        expanded: list[str] = []
        for word in words[1:]:
            if "*" in word:
                matches = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob(word))
                assert matches, f"{command}: {word} matches nothing"
                expanded += matches
            else:
                expanded.append(word)
        if expanded == ["--help"]:
            continue
        args = _parser().parse_args(expanded)  # exits on an unknown option or choice
        for path in [*getattr(args, "sources", []), getattr(args, "book", None)]:
            if path is not None:
                assert (ROOT / path).is_file(), f"{command}: {path} does not exist"


def test_the_cheap_readme_examples_run_in_a_copy(tmp_path: Path) -> None:
    """The HTML, dump, clean and e-book examples, run in a copy of the repository's sources."""
    work = tmp_path / "work"
    (work / "source").mkdir(parents=True)
    for path in (ROOT / "source").iterdir():
        (work / "source" / path.name).write_bytes(path.read_bytes())
    cheap = [c for c in readme_commands() if re.search(r"-f html|dump|clean|voices|--book", c)]
    assert len(cheap) >= 5
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for command in cheap:
        words = shlex.split(command)
        expanded: list[str] = []
        for word in words[1:]:
            expanded += (
                sorted(str(p.relative_to(work)) for p in work.glob(word)) if "*" in word else [word]
            )
        result = subprocess.run(
            [sys.executable, "-m", "publish", *expanded],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        assert result.returncode == 0, f"{command}\n{result.stderr}"


def test_run_install_makes_a_publish_command() -> None:
    script = (ROOT / "run").read_text(encoding="utf-8")
    assert (
        "./run install" in script and "pip install --quiet --python .venv/bin/python -e ." in script
    )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ". .venv/bin/activate" in readme


# ---------------------------------------------------------------- 3-5. output hygiene


def test_no_lock_or_cache_lands_in_the_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = main(
        ["build", str(SAMPLE), "-f", "html,audio", "--voice", "tones", "--out", str(out), "-q"]
    )
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [SAMPLE.stem]
    assert not list(out.rglob(".*")), "hidden files in the output"


def test_a_rebuild_leaves_exactly_its_own_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    folder = out / SAMPLE.stem
    base = ["build", str(SAMPLE), "--out", str(out), "-q"]
    assert main([*base, "-f", "html,pdf", "--edition", "all", "--paper", "letter"]) == 0
    assert {p.suffix for p in folder.iterdir()} == {".html", ".pdf"}
    assert main([*base, "-f", "pdf"]) == 0
    assert sorted(p.name for p in folder.iterdir()) == [f"{SAMPLE.stem}.pdf"]
    assert main(["clean", str(SAMPLE), "--out", str(out), "-q"]) == 0
    assert not out.exists()


def test_checking_nothing_built_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", str(SAMPLE), "--no-build", "--out", str(tmp_path / "empty")])
    assert code == 2
    err = capsys.readouterr().err
    assert f"{SAMPLE}:1: nothing is built in" in err and "publish build" in err


# ---------------------------------------------------------------- 6. symbols need no language


@pytest.mark.parametrize(
    "sentence",
    [
        "Take 250 µg daily.",
        "Take ½ tablet.",
        "The dose is 75 mg/m².",
        "Keep it at 2–8 °C ± 1°.",
        "Take 2 × 5 mg ≥ 1 h apart.",
        "Smile 😀 and rest.",
    ],
)
def test_medical_symbols_need_no_language(sentence: str, write_source: Any) -> None:
    from publish.checks.text import source as source_check
    from publish.model.locator import Locator
    from publish.parse.markdown import load_article

    article = load_article(write_source(sentence + "\n"))
    result = source_check(article, Locator(article))
    assert not [f for f in result.findings if f.code == "foreign-no-lang"], result.findings


def test_text_in_another_script_names_the_script(write_source: Any) -> None:
    from publish.checks.text import source as source_check
    from publish.model.locator import Locator
    from publish.parse.markdown import load_article

    article = load_article(write_source("Say 谢谢 and شكرا to the nurse.\n"))
    found = [
        f for f in source_check(article, Locator(article)).findings if f.code == "foreign-no-lang"
    ]
    assert len(found) == 1
    assert "the Arabic, Han script has no language set" in found[0].message
    assert found[0].line == 5 and found[0].text == "Say 谢谢 and شكرا to the nurse."


# ---------------------------------------------------------------- 7. numbers (tests/test_numbers.py)


def test_the_narration_speaks_numbers_as_words(write_source: Any) -> None:
    from publish.audio.speech import Pauses, SpeechText, speech_items
    from publish.parse.markdown import load_article

    article = load_article(write_source("Call 911 or 555-0100. Take 2.5 mg at 10 a.m.\n"))
    spoken = [i.text for i in speech_items(article, SpeechText((), False, "en-US"), Pauses())]
    assert spoken[1:] == [
        "Call nine one one or five five five, zero one zero zero.",
        "Take two point five milligrams at ten A M.",
    ]


# ---------------------------------------------------------------- 8. image descriptions


def test_a_listener_hears_every_image_description(tmp_path: Path) -> None:
    from pages import PNG

    from publish.audio.speech import Pauses, SpeechText, speech_items
    from publish.parse.markdown import load_article

    (tmp_path / "x.png").write_bytes(PNG)
    source = tmp_path / "figures.md"
    source.write_text(
        "---\ntitle: Figures\nlanguage: en\n---\n"
        '![A nurse checks a drip](x.png "The day unit.")\n\n'
        "![A map of the ward](x.png)\n\n"
        "![](x.png)\n",
        encoding="utf-8",
    )
    article = load_article(source)
    items = speech_items(article, SpeechText((), False, "en"), Pauses())
    assert [(i.id, i.text) for i in items][1:] == [
        ("intro-f1-alt", "Image: A nurse checks a drip"),
        ("intro-f1-s1", "The day unit."),
        ("intro-f2-alt", "Image: A map of the ward"),
    ]  # the decorative image (empty alt) is silent
    out = tmp_path / "out"
    code = main(
        ["build", str(source), "-f", "html,epub,audio", "--voice", "tones", "--out", str(out), "-q"]
    )
    assert code == 0
    page = (out / "figures" / "figures.html").read_text(encoding="utf-8")
    assert 'alt="A nurse checks a drip" id="intro-f1-alt"' in page
    timing = (out / "figures" / "figures.timing.json").read_text(encoding="utf-8")
    assert '"intro-f1-alt"' in timing and '"intro-f2-alt"' in timing

    from test_epub import epubcheck_messages

    assert epubcheck_messages(out / "figures" / "figures.epub") == []
