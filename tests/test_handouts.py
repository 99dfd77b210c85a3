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
from conftest import ROOT, SAMPLE, need

from publish.cli import main
from publish.parse.markdown import load_article

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
    assert {p.suffix for p in folder.iterdir()} == {".html", ".pdf", ".json"}  # + manifest
    assert main([*base, "-f", "pdf"]) == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        f"{SAMPLE.stem}.manifest.json",
        f"{SAMPLE.stem}.pdf",
    ]
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


# ---------------------------------------------------------------- 9. a top-level # Title

EXPORTED = """\
---
title: Your Visit
language: en
---
# {heading}

Welcome to the clinic.

## Before you come

Eat a light meal.

## On the day

Bring your card.
"""


def test_a_first_heading_that_repeats_the_title_is_the_title(write_source: Any) -> None:
    from publish.audio.speech import Pauses, SpeechText, speech_items
    from publish.parse.markdown import load_article

    article = load_article(write_source(EXPORTED.format(heading="Your *Visit*"), front=None))
    assert [s.heading.level if s.heading else None for s in article.sections] == [None, 2, 2]
    assert [s.id for s in article.sections] == ["intro", "before-you-come", "on-the-day"]
    spoken = [i.text for i in speech_items(article, SpeechText((), False, "en"), Pauses())]
    assert spoken.count("Your Visit") == 1 and "Your *Visit*" not in spoken
    assert not [w for w in article.warnings if w.code == "title-heading"]


def test_a_different_wrapping_heading_warns_and_chapters_follow_the_sections(
    tmp_path: Path,
) -> None:
    from publish.parse.markdown import load_article

    source = tmp_path / "visit.md"
    source.write_text(EXPORTED.format(heading="Clinic Guide"), encoding="utf-8")
    article = load_article(source)
    found = [w for w in article.warnings if w.code == "title-heading"]
    assert len(found) == 1 and found[0].line == 5 and "'# Clinic Guide'" in found[0].message
    out = tmp_path / "out"
    assert (
        main(["build", str(source), "-f", "audio", "--voice", "tones", "--out", str(out), "-q"])
        == 0
    )
    cues = (out / "visit" / "visit.chapters.vtt").read_text(encoding="utf-8").split("\n\n")[1:]
    titles = [cue.strip().splitlines()[-1] for cue in cues]
    assert titles == ["Your Visit", "Clinic Guide", "Before you come", "On the day"], titles


# ---------------------------------------------------------------- 10. tables are distinct landmarks

TABLES = """\
| Time | Dose |
| --- | --- |
| 8 a.m. | 1 tablet |

| Food | Allowed |
| --- | --- |
| Tea | Yes |

## Side effects

| Effect | Call us? |
| --- | --- |
| Fever | Yes |
"""


def test_every_table_region_has_its_own_name(write_source: Any) -> None:
    from pages import render_html

    page = render_html(write_source(TABLES))
    labels = re.findall(r'<div class="table-wrap" role="region" aria-label="([^"]+)"', page)
    assert labels == ["Table 1", "Table 2", "Table 3: Side effects"]


# ---------------------------------------------------------------- 12. no hyphenation for the public


@pytest.mark.parametrize(
    ("audience", "hyphens"),
    [
        ("patients", "manual"),
        ("children", "manual"),
        ("general", "manual"),
        ("professionals", "auto"),
    ],
)
def test_words_are_not_broken_for_lay_readers(
    audience: str, hyphens: str, write_source: Any
) -> None:
    from publish.products import Products
    from publish.render.print import print_html
    from publish.settings import BuildOptions

    front = f"---\ntitle: T\nlanguage: en\naudience: {audience}\n---\n"
    article = load_article(write_source("Chemotherapy and immunotherapy.\n", front=front))
    products = Products.standalone(article, BuildOptions(Path("build")))
    html = print_html(article, "standard", products.options, products.env)
    rule = re.search(r"p, li, dd, td, th, figcaption, blockquote \{(.*?)\}", html, re.DOTALL)
    assert rule is not None and f"hyphens: {hyphens};" in rule.group(1)
    if hyphens == "manual":  # nowhere in the page, not only in the body's rule
        assert "hyphens: auto" not in html


# ---------------------------------------------------------------- 14-15. findings an author can act on

HARD = "Pharmacokinetic considerations necessitate individualized immunosuppressive regimens.\n"


def test_a_build_says_why_a_quick_check_failed(
    write_source: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_source(HARD)
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "readability fail" in err
    assert f"  {source}:1: the article reads at SMOG grade" in err
    assert f"  {source}:5: warning: grade" in err
    assert '("Pharmacokinetic considerations necessitate' in err


def test_a_failed_readability_gate_is_an_error(write_source: Any) -> None:
    from publish.checks.text import readability
    from publish.config.checks import CheckConfig
    from publish.diagnostics import Severity
    from publish.model.locator import Locator

    article = load_article(write_source(HARD))
    result = readability(article, CheckConfig(), Locator(article))
    assert result.status.value == "fail"
    assert result.findings[0].severity is Severity.ERROR
    assert result.findings[0].code == "reading-grade"
    assert all(f.severity is Severity.WARNING for f in result.findings[1:])
    assert result.findings[1].text == HARD.strip()


# ---------------------------------------------------------------- 16. progress during long work


def test_long_work_shows_its_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal: the batch, each format, and the narration sentence by sentence."""
    import io

    monkeypatch.setenv("PUBLISH_CACHE", str(tmp_path / "cache"))  # narrate afresh, not cached

    from rich.console import Console

    from publish.pipeline import build_all
    from publish.progress import Display, RichDisplay, display
    from publish.settings import BuildOptions

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    options = BuildOptions(tmp_path / "out", formats=("html", "audio"), voice="tones", checks=False)
    seen: list[str] = []

    class Watching(RichDisplay):
        def step(self, what: str) -> None:
            seen.append(what)
            super().step(what)

    with Watching(console) as shown:
        result = build_all([SAMPLE], options, shown=shown)
    assert not result.failed
    assert seen[0] == "html" and "audio" in seen
    assert any(s.startswith("narrating ") for s in seen)  # the page asks for the narration
    assert "Article cell-and-gene-therapy.md" in screen.getvalue()
    assert type(display(quiet=True)) is Display  # --quiet: nothing drawn
    assert type(display(quiet=False)) is Display  # stderr is not a terminal under pytest


# ---------------------------------------------------------------- 17. papercuts


def test_papercuts_of_the_command_line(
    write_source: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_source("Hello there.\n")
    out = str(tmp_path / "out")
    book = tmp_path / "guides.yaml"
    book.write_text("title: Guides\nlanguag: en\n", encoding="utf-8")
    # --book with a format that is not an e-book is an error, not silently ignored
    assert main(["build", str(source), "-f", "html", "--book", str(book), "--out", out]) == 2
    assert "--book gathers the articles into one EPUB" in capsys.readouterr().err
    # book.yaml errors name the book file, not "front matter"
    assert main(["build", str(source), "-f", "epub", "--book", str(book), "--out", out]) == 2
    err = capsys.readouterr().err
    assert f"{book}:1: the book file has no 'language'" in err
    assert f"{book}:2: unknown book-file key 'languag'; did you mean 'language'?" in err
    assert f"{source}: read for the book's e-book" in err and "->  (" not in err
    # -f mp3 suggests audio; --paper is case-insensitive like --format
    assert main(["build", str(source), "-f", "mp3", "--out", out]) == 2
    assert "unknown format 'mp3'; did you mean 'audio'?" in capsys.readouterr().err
    assert main(["build", str(source), "-f", "PDF", "--paper", "A4", "--out", out, "-q"]) == 0


def test_audience_gets_a_did_you_mean(
    write_source: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_source("Hi.\n", front="---\ntitle: T\nlanguage: en\naudience: patient\n---\n")
    assert main(["build", str(source), "--out", str(source.parent / "out")]) == 2
    assert "'audience' is 'patient'; did you mean 'patients'?" in capsys.readouterr().err


def test_the_gtts_fallback_says_why(
    write_source: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("PUBLISH_GTTS_ENDPOINT", "http://127.0.0.1:9/unreachable")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    source = write_source("A short text to read.\n")
    argv = ["build", str(source), "-f", "audio", "--voice", "gtts:en", "--voice-fallback"]
    assert main([*argv, "--out", str(tmp_path / "out"), "-q"]) == 0
    said = " ".join(r.getMessage() for r in caplog.records)
    assert (
        "gTTS could not reach" in said
        and "narrating with the offline voice en_US-joe-medium" in said
    )


def test_the_page_embeds_its_font_and_lists_the_glossary(tmp_path: Path) -> None:
    assert main(["build", str(SAMPLE), "-f", "html", "--out", str(tmp_path), "-q"]) == 0
    page = (tmp_path / SAMPLE.stem / f"{SAMPLE.stem}.html").read_text(encoding="utf-8")
    faces = re.findall(
        r'@font-face \{ font-family: "Atkinson Hyperlegible"; src: url\("data:font/woff2;base64,',
        page,
    )
    assert len(faces) == 4
    assert "font-src data:" in page
    toc = page.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="#glossary">Glossary</a>' in toc


# ---------------------------------------------------------------- 11. every script prints


def test_other_scripts_print_in_their_own_fonts(write_source: Any, tmp_path: Path) -> None:
    import pikepdf

    from publish.checks.pdf import missing_glyphs

    for family in ("Noto Sans CJK SC", "Noto Naskh Arabic"):
        listed = subprocess.run(
            ["fc-list", f":family={family}"], check=False, capture_output=True, text=True
        )
        need(
            bool(listed.stdout.strip()),
            f"the font {family} (Debian fonts-noto-core, fonts-noto-cjk)",
        )

    source = write_source(
        "Say thank you: [谢谢]{lang=zh}, [ありがとう]{lang=ja}, [شكرا]{lang=ar dir=rtl} "
        "and [धन्यवाद]{lang=hi}.\n"
    )
    assert main(["build", str(source), "-f", "pdf", "--out", str(tmp_path / "out"), "-q"]) == 0
    with pikepdf.open(tmp_path / "out" / "article" / "article.pdf") as pdf:
        assert missing_glyphs(pdf) == {}
        fonts = {
            str(f.BaseFont).split("+")[-1] for p in pdf.pages for f in p.Resources.Font.values()
        }
    assert {
        "Noto-Sans-CJK-SC",
        "Noto-Sans-CJK-JP",
        "Noto-Naskh-Arabic",
        "Noto-Sans-Devanagari",
    } <= fonts


def test_the_pdf_check_fails_on_an_empty_box(write_source: Any, tmp_path: Path) -> None:
    from publish.checks import Subject
    from publish.checks.pdf import PdfCheck
    from publish.config.checks import CheckConfig
    from publish.model.locator import Locator
    from publish.names import OutputNames

    source = write_source("Plain text.\n\nA private sign \ue000 here.\n")
    out = tmp_path / "out"
    assert main(["build", str(source), "-f", "pdf", "--out", str(out), "-q"]) == 0
    article = load_article(source)
    subject = Subject(
        article, out / "article", CheckConfig(), OutputNames("article"), Locator(article)
    )
    result = PdfCheck().run(subject)
    found = [f for f in result.findings if f.code == "pdf-missing-glyph"]
    assert result.status.value == "fail" and len(found) == 1
    assert "(U+E000), so page 1 prints an empty box" in found[0].message
    assert found[0].line == 7 and found[0].text == "A private sign \ue000 here."


# ---------------------------------------------------------------- 13. a short handout's layout

HANDOUT = ROOT / "tests" / "fixtures" / "handout" / "handwashing.md"  # 207 words, a 600x360 picture


def image_boxes(document: Any) -> list[Any]:
    boxes = []
    for page in document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if getattr(box, "element_tag", "") == "img" and box.width:
                boxes.append(box)
            stack.extend(getattr(box, "children", []))
    return boxes


def laid_out(source: Path, paper: str) -> tuple[Any, list[Any]]:
    from publish.products import Products
    from publish.settings import BuildOptions

    products = Products.standalone(load_article(source), BuildOptions(Path("build"), paper=paper))
    return products.layout("standard"), products.warnings


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_newcomer_handout_fits_one_page(paper: str) -> None:
    document, warnings = laid_out(HANDOUT, paper)
    assert len(document.pages) == 1 and warnings == []
    pictures = [b for b in image_boxes(document) if b.width > 100]
    assert len(pictures) == 1


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_picture_takes_at_most_a_third_of_the_page(paper: str, tmp_path: Path) -> None:
    from publish.editions import PAPER_HEIGHT_MM

    text = HANDOUT.read_text(encoding="utf-8").replace("fit: 1\n", "")
    for name in ("handwash.png", "lavado-de-manos.md"):  # the picture, the Spanish version
        (tmp_path / name).write_bytes((HANDOUT.parent / name).read_bytes())
    (tmp_path / "handout.md").write_text(text, encoding="utf-8")
    document, _ = laid_out(tmp_path / "handout.md", paper)
    picture = max(image_boxes(document), key=lambda b: b.height)
    text_area_px = (PAPER_HEIGHT_MM[paper] - 22 - 24) * 96 / 25.4
    assert picture.height <= text_area_px / 3 + 1
    assert abs(picture.width / picture.height - 600 / 360) < 0.02  # not stretched
    assert len(document.pages) <= 2


def test_an_author_sets_a_picture_width(tmp_path: Path) -> None:
    text = HANDOUT.read_text(encoding="utf-8").replace(
        "(handwash.png)", "(handwash.png){width=40%}"
    )
    for name in ("handwash.png", "lavado-de-manos.md"):  # the picture, the Spanish version
        (tmp_path / name).write_bytes((HANDOUT.parent / name).read_bytes())
    (tmp_path / "handout.md").write_text(text, encoding="utf-8")
    document, _ = laid_out(tmp_path / "handout.md", "a4")
    picture = max(image_boxes(document), key=lambda b: b.width)
    column = document.pages[0]._page_box.children[0].width  # the page's content area
    assert 0.38 < picture.width / column < 0.42


def test_a_handout_too_long_to_fit_says_what_to_cut(write_source: Any) -> None:
    front = "---\ntitle: Long\nlanguage: en\nfit: 1\n---\n"
    body = "\n\n".join(["Wash your hands with soap and water for twenty seconds. " * 12] * 12)
    document, warnings = laid_out(write_source(body + "\n", front=front), "a4")
    assert len(document.pages) > 1
    assert [w.code for w in warnings] == ["fit"]
    assert "not the 1 that 'fit' asks for; cut about" in warnings[0].message


def test_words_marked_as_another_language_are_not_rare_english(write_source: Any) -> None:
    from publish.checks.plain import rare_words

    article = load_article(write_source("Ask for [la vacuna]{lang=es} or a zygomorphic pill.\n"))
    sentence = next(s for s in article.sentences() if "vacuna" in s.text)
    assert rare_words(sentence, article, set()) == ["zygomorphic"]


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("Call 555-0100 today.", ["555-0100"]),
        ("Call (555) 010-0199 or +44 20 7946-0958.", ["(555) 010-0199", "+44 20 7946-0958"]),
        ("Take 2.5 mg and 500 mL.", ["2.5 mg", "500 mL"]),
        ("Tome 2,5 mg al 60 %.", ["2,5 mg", "60 %"]),
        ("Wait 20 minutes, not 2026.", []),
    ],
)
def test_phone_numbers_and_doses_never_break_across_lines(text: str, held: list[str]) -> None:
    from publish.templates import keep_together

    marked = str(keep_together(text))
    assert re.findall(r'<span class="nowrap">(.*?)</span>', marked) == held
    assert re.sub(r"<[^>]+>", "", marked) == text  # the words are the same
    assert "&lt;b&gt;" in str(keep_together("<b>"))  # and still escaped
