"""The glossary is heard: the narration reads it last, and every format that carries the
narration carries it with the same IDs (the page, the captions and chapters, the MP3 and
M4B chapters, the EPUB's glossary overlay, the DAISY book). Narrated with the `tones` engine."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from conftest import need_command
from test_epub import NS, epubcheck_messages, metas, opf

from publish.audio.speech import Pauses, SpeechText, speech_items
from publish.cli import main
from publish.model.walk import narrated
from publish.parse.markdown import load_article

SMIL = {"s": "http://www.w3.org/ns/SMIL"}
SOURCE = """\
---
title: Caring for a Cast
language: en-US
publisher: Northside Clinic
date: 2026-11-15
glossary:
  - term: cast
    definition: A hard shell that holds a bone still. Take 2 doses of 5 mg.
  - term: INR
    expansion: international normalized ratio
    definition: A blood test that shows how fast blood clots.
    say: eye en are
---
A cast holds a broken bone still while it heals. Keep the cast clean and dry.

## The first days

Rest with the cast raised on pillows. Check your INR.

### Swelling

Some swelling is normal. Call us if it gets worse.[^1]

## Keeping it dry

Cover the cast with a plastic bag when you wash.

[^1]: Swelling that does not go down after a day is a sign to call.
"""
GLOSSARY_IDS = ["glossary-h", "term-cast", "term-cast-def", "term-inr", "term-inr-def"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("glossary")
    source = folder / "cast.md"
    source.write_text(SOURCE, encoding="utf-8")
    out = folder / "out"
    formats = "html,audio,epub,daisy,m4b"
    arguments = ["check", str(source), "-f", formats, "--voice", "tones", "--out", str(out)]
    main([*arguments, "-q"])  # the checks' outcome is read from report.json below
    book = out / "cast"
    return {
        "source": source,
        "folder": book,
        "report": book / "report.json",
        **{key: book / f"cast{suffix}" for key, suffix in SUFFIXES.items()},
    }


SUFFIXES = {
    "html": ".html",
    "mp3": ".mp3",
    "m4b": ".m4b",
    "timing": ".timing.json",
    "vtt": ".vtt",
    "chapters": ".chapters.vtt",
    "epub": ".epub",
    "daisy": "-daisy",
}


def cue_ids(vtt: Path) -> list[str]:
    return [block.split("\n")[0] for block in vtt.read_text().strip().split("\n\n")[1:]]


def test_the_model_mints_an_id_for_every_piece_of_the_glossary(built: dict[str, Path]) -> None:
    article = load_article(built["source"])
    glossary = article.glossary_section
    assert glossary is not None and glossary.id == "glossary"
    assert [s.id for s in glossary.sentences()] == GLOSSARY_IDS
    assert [s.text for s in glossary.sentences()][-1] == (
        "international normalized ratio. A blood test that shows how fast blood clots."
    )
    assert [s.id for s, _ in narrated(article)][-6:] == ["fn-1-p1-s1", *GLOSSARY_IDS]


def test_the_narration_reads_the_glossary_last(built: dict[str, Path]) -> None:
    """After the footnotes: the heading, then each term (its `say:`) and its definition,
    expansion first, numbers and units as words."""
    sentences = json.loads(built["timing"].read_text())["sentences"]
    article = load_article(built["source"])
    assert [s["id"] for s in sentences] == [s.id for s, _ in narrated(article)]
    spoken = {s["id"]: s["spoken"] for s in sentences}
    assert spoken["glossary-h"] == "Glossary"
    assert spoken["term-inr"] == "eye en are"
    assert spoken["term-cast-def"].endswith("Take two doses of five milligrams.")
    assert spoken["term-inr-def"].startswith("international normalized ratio.")
    assert all(s["section"] == "glossary" for s in sentences if s["id"] in GLOSSARY_IDS)


def test_the_glossary_pauses_like_paragraphs() -> None:
    """A term and its definition are one paragraph; each entry is a new one; the heading
    pauses as a heading does. The last footnote still ends its section."""
    from publish.parse.markdown import parse_article

    article = parse_article(SOURCE, Path("cast.md"))
    items = speech_items(article, SpeechText(article.glossary, False, "en-US"), Pauses())
    pause = {i.id: i.pause_ms for i in items}
    assert pause["fn-1-p1-s1"] == Pauses().section
    assert pause["glossary-h"] == Pauses().heading
    assert pause["term-cast"] == Pauses().sentence
    assert pause["term-cast-def"] == Pauses().paragraph
    assert pause["term-inr-def"] == Pauses().section


def test_a_spanish_glossary_is_read_with_its_spanish_heading() -> None:
    from publish.parse.markdown import parse_article

    source = (
        "---\ntitle: Lavado\nlanguage: es\nglossary:\n  - term: gérmenes\n"
        "    definition: Seres vivos muy pequeños.\n---\nLávese las manos.\n"
    )
    article = parse_article(source, Path("lavado.md"))
    items = speech_items(article, SpeechText(article.glossary, False, "es"), Pauses())
    assert [i.text for i in items][-3:] == ["Glosario", "gérmenes", "Seres vivos muy pequeños."]


def test_captions_and_chapters_carry_the_glossary(built: dict[str, Path]) -> None:
    assert cue_ids(built["vtt"])[-5:] == GLOSSARY_IDS
    chapters = built["chapters"].read_text().strip().split("\n\n")[1:]
    assert [c.split("\n")[0] for c in chapters] == [
        "title",
        "the-first-days",
        "swelling",
        "keeping-it-dry",
        "notes",
        "glossary",
    ]
    assert chapters[-1].split("\n")[2] == "Glossary"


@pytest.mark.parametrize("name", ["mp3", "m4b"])
def test_the_mp3_and_the_m4b_have_a_glossary_chapter(built: dict[str, Path], name: str) -> None:
    need_command("ffprobe")
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(built[name])],
        capture_output=True,
        text=True,
        check=True,
    )
    chapters = json.loads(done.stdout)["chapters"]
    timing = json.loads(built["timing"].read_text())
    assert [c["tags"]["title"] for c in chapters][-1] == "Glossary"
    glossary = next(s for s in timing["sentences"] if s["id"] == "glossary-h")
    assert abs(float(chapters[-1]["start_time"]) * 1000 - glossary["start_ms"]) <= 25


def test_the_page_has_an_element_for_every_cue(built: dict[str, Path]) -> None:
    """The read-along player highlights a cue by its ID, the glossary's too."""
    from lxml import html

    root = html.fromstring(built["html"].read_bytes())
    timing = json.loads(root.get_element_by_id("ra-timing").text)
    ids = [c["id"] for c in timing["sentences"]]
    assert ids[-5:] == GLOSSARY_IDS
    for cue_id in ids:
        assert root.get_element_by_id(cue_id) is not None, cue_id
    every = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(every) == len(set(every))  # one ID, one element
    definition = root.get_element_by_id("term-cast-def")
    assert definition.tag == "span" and "s" in definition.get("class").split()


def test_the_epub_glossary_has_its_own_overlay(built: dict[str, Path]) -> None:
    assert epubcheck_messages(built["epub"]) == []
    root = opf(built["epub"])
    items = {i.get("id"): i for i in root.iterfind(".//opf:item", NS)}
    assert items["glossary"].get("media-overlay") == "overlay-glossary"
    assert items["overlay-glossary"].get("href") == "glossary.smil"
    with zipfile.ZipFile(built["epub"]) as z:
        glossary = ET.fromstring(z.read("EPUB/glossary.smil"))
        content = ET.fromstring(z.read("EPUB/cast.smil"))
        page = ET.fromstring(z.read("EPUB/glossary.xhtml"))
    targets = [t.get("src") for t in glossary.iterfind(".//s:par/s:text", SMIL)]
    assert targets == [f"glossary.xhtml#{i}" for i in GLOSSARY_IDS]
    page_ids = {e.get("id") for e in page.iter()}
    assert set(GLOSSARY_IDS) <= page_ids
    body = [t.get("src").split("#")[1] for t in content.iterfind(".//s:par/s:text", SMIL)]
    assert not set(body) & set(GLOSSARY_IDS)  # each piece is read in one document only
    timing = {s["id"]: s for s in json.loads(built["timing"].read_text())["sentences"]}
    for par in glossary.iterfind(".//s:par", SMIL):
        piece = par.find("s:text", SMIL).get("src").split("#")[1]
        begin = par.find("s:audio", SMIL).get("clipBegin")
        seconds = sum(float(p) * 60**n for n, p in enumerate(reversed(begin.split(":"))))
        assert abs(seconds * 1000 - timing[piece]["start_ms"]) <= 1
    durations = list(root.iterfind("opf:metadata/opf:meta[@property='media:duration']", NS))
    assert {m.get("refines") for m in durations} == {None, "#overlay", "#overlay-glossary"}
    assert "auditory" in metas(root, "schema:accessModeSufficient")
    assert "of the whole text" in metas(root, "schema:accessibilitySummary")[0]


def test_the_daisy_book_has_the_glossary(built: dict[str, Path]) -> None:
    book = built["daisy"]
    ncc = ET.parse(book / "ncc.html").getroot()
    x = "{http://www.w3.org/1999/xhtml}"
    headings = [(h.tag.removeprefix(x), h.get("id")) for h in ncc.find(f"{x}body")]
    assert ("h2", "ncc-glossary-h") in headings
    assert ("h3", "ncc-swelling-h") in headings
    href = next(a.get("href") for a in ncc.iter(f"{x}a") if a.text == "Glossary")
    smil_name, fragment = href.split("#")
    smil = ET.parse(book / smil_name).getroot()
    texts = [t.get("src") for t in smil.iter("text")]
    assert fragment == "par-glossary-h"
    assert texts == [f"content.html#{i}" for i in GLOSSARY_IDS]
    content = ET.parse(book / "content.html").getroot()
    assert set(GLOSSARY_IDS) <= {e.get("id") for e in content.iter()}


def test_every_check_passes_and_fidelity_reads_the_glossary(built: dict[str, Path]) -> None:
    report = json.loads(built["report"].read_text())
    results = {c["name"]: c for c in report["checks"]}
    for name in ("epub", "audio", "daisy", "fidelity", "html"):
        assert results[name]["status"] == "pass", results[name]["summary"]
    fidelity = results["fidelity"]["metrics"]
    assert fidelity["sentences"] == len(list(narrated(load_article(built["source"]))))


def test_fidelity_finds_a_glossary_definition_misread(
    built: dict[str, Path], tmp_path: Path
) -> None:
    """The narration's words for a definition are compared with the source like any
    sentence's: a dose misread in the glossary is a finding at the glossary's line."""
    import shutil

    from publish.checks import Subject
    from publish.checks.fidelity import fidelity_check
    from publish.config.checks import CheckConfig
    from publish.model.locator import Locator
    from publish.names import OutputNames

    folder = tmp_path / "cast"
    shutil.copytree(built["folder"], folder)
    timing = json.loads((folder / "cast.timing.json").read_text())
    for sentence in timing["sentences"]:
        if sentence["id"] == "term-cast-def":
            sentence["spoken"] = sentence["spoken"].replace("five milligrams", "six milligrams")
    (folder / "cast.timing.json").write_text(json.dumps(timing))
    article = load_article(built["source"])
    subject = Subject(article, folder, CheckConfig(), OutputNames("cast"), Locator(article))
    findings = [f for f in fidelity_check(subject).findings if f.file == str(built["source"])]
    wrong = [f for f in findings if f.node_id == "term-cast-def"]
    assert wrong and wrong[0].code == "fidelity-token"
    assert wrong[0].line == 7  # the entry's line in the front matter
    assert "5 mg" in wrong[0].message


def test_code_left_unread_is_not_claimed_as_heard(tmp_path: Path) -> None:
    """accessModeSufficient 'auditory' only when the overlays read everything: a code block
    is never read aloud, so a book with one does not claim it, and its summary says why."""
    source = tmp_path / "code.md"
    source.write_text(
        "---\ntitle: Using the app\nlanguage: en\n---\nType this command.\n\n"
        "```\napp --start\n```\n\nThen wait.\n"
    )
    out = tmp_path / "out"
    assert (
        main(["build", str(source), "-f", "epub,audio", "--voice", "tones", "-o", str(out), "-q"])
        == 0
    )
    root = opf(out / "code" / "code.epub")
    assert "auditory" in metas(root, "schema:accessMode")
    assert "auditory" not in metas(root, "schema:accessModeSufficient")
    assert "synchronizedAudioText" in metas(root, "schema:accessibilityFeature")
    assert "it does not read code examples" in metas(root, "schema:accessibilitySummary")[0]


def test_a_narrated_book_reads_its_merged_glossary(tmp_path: Path) -> None:
    """--book merges the glossaries into one document; its overlay takes each definition
    from the narration of the article it comes from."""
    book = tmp_path / "pair.yaml"
    book.write_text("title: A Pair\nlanguage: en-US\n")
    one = tmp_path / "one.md"
    one.write_text(
        "---\ntitle: Guide one\nlanguage: en-US\nglossary:\n  - term: cast\n"
        "    definition: A hard shell.\n---\nWear the cast.\n"
    )
    two = tmp_path / "two.md"
    two.write_text(
        "---\ntitle: Guide two\nlanguage: en-US\nglossary:\n  - term: sling\n"
        "    definition: A strap for the arm.\n  - term: cast\n    definition: Another.\n"
        "---\nWear the sling.\n"
    )
    out = tmp_path / "out"
    arguments = ["build", str(one), str(two), "-f", "epub,audio", "--voice", "tones"]
    assert main([*arguments, "--book", str(book), "--out", str(out), "-q"]) == 0
    epub = out / "pair" / "pair.epub"
    assert epubcheck_messages(epub) == []
    with zipfile.ZipFile(epub) as z:
        smil = ET.fromstring(z.read("EPUB/glossary.smil"))
        first = ET.fromstring(z.read("EPUB/one.smil"))
    pars = [
        (p.find("s:text", SMIL).get("src"), p.find("s:audio", SMIL).get("src"))
        for p in smil.iterfind(".//s:par", SMIL)
    ]
    assert pars == [
        ("glossary.xhtml#glossary-h", "audio/one.mp3"),
        ("glossary.xhtml#term-cast", "audio/one.mp3"),
        ("glossary.xhtml#term-cast-def", "audio/one.mp3"),
        ("glossary.xhtml#term-sling", "audio/two.mp3"),
        ("glossary.xhtml#term-sling-def", "audio/two.mp3"),
    ]
    assert "glossary" not in ET.tostring(first).decode()
    assert "auditory" in metas(opf(epub), "schema:accessModeSufficient")


@pytest.mark.browser
def test_the_read_along_page_highlights_the_glossary(built: dict[str, Path]) -> None:
    """In Chromium, while the glossary is read, each piece is highlighted in turn, and
    selecting a definition plays from it."""
    import functools
    import http.server
    import threading

    from conftest import chromium
    from test_readalong import RangeHandler, open_page, wait_for

    handler = functools.partial(RangeHandler, directory=str(built["folder"]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    cues = {s["id"]: s for s in json.loads(built["timing"].read_text())["sentences"]}
    try:
        with chromium("--autoplay-policy=no-user-gesture-required") as browser:
            context, page = open_page(browser, f"http://127.0.0.1:{server.server_port}/cast.html")
            for piece in GLOSSARY_IDS:
                at = (cues[piece]["start_ms"] + cues[piece]["end_ms"]) / 2000
                page.evaluate(f"document.getElementById('narration').currentTime = {at}")
                wait_for(page, f"(document.querySelector('.reading') || {{}}).id === '{piece}'")
            page.evaluate("document.getElementById('narration').currentTime = 0")
            page.click("#term-inr-def")
            wait_for(page, "!document.getElementById('narration').paused")
            start = page.evaluate("document.getElementById('narration').currentTime")
            assert abs(start - cues["term-inr-def"]["start_ms"] / 1000) < 0.5
            context.close()
    finally:
        server.shutdown()
