"""Callouts (`> [!WARNING] Title`) and checklists (`- [ ] item`) in every format: the page and
the e-book (a note section named by its visible label, real disabled check boxes), the PDF
(tagged as a section, boxes drawn in both editions, their state in words in its tags and
text), the narration (the label, then "Done?" after each item), the braille (the label on its
own line, "[ ]" boxes) and the DAISY book (the label in the text, a warning as an NCC point);
a callout's title is a sentence with its own ID in each (highlighted, a clip of the overlays,
a caption cue, a timing entry); and the mistakes an author can make, each an error at its
line. Narrated with the `tones` engine."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import need_command
from lxml import etree, html

from publish.checks.text import body_sentences
from publish.cli import main
from publish.model.nodes import Callout, Emphasis, Link, ListBlock, Term
from publish.model.walk import Role, reading, walk
from publish.parse.markdown import load_article

SOURCE = Path(__file__).parent / "fixtures" / "handout" / "callouts.md"
XHTML = "{http://www.w3.org/1999/xhtml}"
# (callout ID, type, the label a reader sees and a screen reader names it by)
CALLOUTS = [
    ("intro-a1", "note", "Note"),
    ("getting-ready-a1", "tip", "Tip: Make a list"),
    ("getting-ready-a2", "important", "Important"),
    ("getting-ready-a3", "warning", "Warning: Your medicines"),
    ("getting-ready-a4", "caution", "Caution"),
]
TITLES = [  # (the title sentence's ID, its text): the callouts that have a title
    ("getting-ready-a1-title", "Make a list"),
    ("getting-ready-a3-title", "Your medicines"),
]
ITEMS = [  # (item ID, ticked, its text)
    ("what-to-bring-l1-i1", False, "Bring your list of medicines."),
    ("what-to-bring-l1-i2", True, "Fill in the health form."),
    ("what-to-bring-l1-i3", False, "Bring your insurance card."),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_command("pdfinfo")
    need_command("pdftoppm")
    need_command("lou_translate")
    out = tmp_path_factory.mktemp("callouts") / "out"
    arguments = ["check", str(SOURCE), "-f", "all", "--edition", "all", "--voice", "tones"]
    main([*arguments, "--out", str(out), "-q"])  # the outcome is read from report.json
    return out / "callouts"


def test_the_model_has_each_callout_and_the_checklist() -> None:
    article = load_article(SOURCE)
    callouts = [s.node for s in walk(article) if isinstance(s.node, Callout)]
    assert [(c.id, c.type, c.title.text if c.title else None) for c in callouts] == [
        ("intro-a1", "note", None),
        ("getting-ready-a1", "tip", "Make a list"),
        ("getting-ready-a2", "important", None),
        ("getting-ready-a3", "warning", "Your medicines"),
        ("getting-ready-a4", "caution", None),
    ]
    titles = [c.title for c in callouts if c.title is not None]
    assert [(t.id, t.text) for t in titles] == TITLES
    assert [t.line for t in titles] == [16, 22]  # the marker's line
    assert all(c.kind == "callout" for c in callouts)
    assert [c.line for c in callouts] == [11, 16, 19, 22, 27]
    warning = callouts[3]
    assert [b.id for b in warning.blocks] == ["getting-ready-a3-p1", "getting-ready-a3-p2"]
    assert warning.blocks[0].line == 23  # the marker line is not part of the text
    lists = [s.node for s in walk(article) if isinstance(s.node, ListBlock)]
    assert [(i.id, i.checked) for i in lists[0].items] == [(i, c) for i, c, _ in ITEMS]
    plain = load_article(SOURCE.parent / "handwashing.md")
    items = [i for s in walk(plain) if isinstance(s.node, ListBlock) for i in s.node.items]
    assert items and all(i.checked is None for i in items)  # not a task list: no box


def test_a_title_is_a_sentence_read_as_a_heading_is(tmp_path: Path) -> None:
    """Its inline content parsed as any sentence's (emphasis, links, glossary terms), in the
    reading order before the callout's text, and left out of the body's prose as a heading
    is (readability, plain language); IDs the same on every parse."""
    source = tmp_path / "t.md"
    source.write_text(
        "---\ntitle: T\nlanguage: en\nglossary:\n  - term: INR\n"
        "    definition: A blood test.\n---\n"
        "Text.\n\n> [!WARNING] Check your *INR* at [the clinic](https://example.org)\n"
        "> Go every week.\n\n## INR\n\n> [!NOTE]\n> No title here.\n",
        encoding="utf-8",
    )
    article = load_article(source)
    warning, note = [s.node for s in walk(article) if isinstance(s.node, Callout)]
    assert note.title is None
    title = warning.title
    assert title is not None and title.id == "intro-a1-title" and title.line == 10
    assert title.text == "Check your INR at the clinic"
    kinds = [type(n) for n in title.inlines]
    assert Emphasis in kinds and Link in kinds
    emphasis = next(n for n in title.inlines if isinstance(n, Emphasis))
    assert isinstance(emphasis.children[0], Term) and emphasis.children[0].first
    order = [(s.id, step.role) for s, step in reading(article)]
    at = order.index(("intro-a1-title", Role.HEADING))
    assert order[at + 1] == ("intro-a1-p1-s1", Role.BODY)
    assert title not in body_sentences(article)
    assert "intro-a1-title" in [s.id for s in article.sentences()]
    again = load_article(source)  # deterministic: the same IDs on every parse
    assert [s.id for s in again.sentences()] == [s.id for s in article.sentences()]


def test_a_title_s_id_is_in_every_format(built: Path) -> None:
    """The page, the e-book and its overlay, the captions, the timing map and the DAISY book
    each carry each title as its own sentence."""
    page = html.fromstring((built / "callouts.html").read_bytes())
    with zipfile.ZipFile(built / "callouts.epub") as book:
        names = book.namelist()
        xhtml = etree.fromstring(book.read(next(n for n in names if n.endswith("callouts.xhtml"))))
        smil = etree.fromstring(book.read(next(n for n in names if n.endswith("callouts.smil"))))
    captions = (built / "callouts.vtt").read_text(encoding="utf-8").split("\n\n")
    timing = json.loads((built / "callouts.timing.json").read_text(encoding="utf-8"))
    timed = {s["id"]: s for s in timing["sentences"]}
    daisy = (built / "callouts-daisy" / "content.html").read_bytes()
    daisy_smil = b"".join(p.read_bytes() for p in (built / "callouts-daisy").glob("*.smil"))
    for sentence_id, text in TITLES:
        for root, ns in ((page, ""), (xhtml, XHTML)):
            span = root.xpath(f"//*[@id='{sentence_id}']")
            assert len(span) == 1 and span[0].tag == f"{ns}span", sentence_id
            assert span[0].get("class") == "s" and span[0].text == text
            assert span[0].getparent().get("class") == "callout-label"  # inside the label
        sources = smil.xpath("//*[local-name()='text']/@src")
        assert sources.count(f"callouts.xhtml#{sentence_id}") == 1
        cue = next(c for c in captions if c.startswith(f"{sentence_id}\n"))
        label = {"getting-ready-a1-title": "Tip", "getting-ready-a3-title": "Warning"}
        assert cue.splitlines()[2] == f"{label[sentence_id]}. {text}."  # as it is heard
        assert timed[sentence_id]["section"] == "getting-ready"
        assert timed[sentence_id]["end_ms"] > timed[sentence_id]["start_ms"]
        assert f'id="{sentence_id}"'.encode() in daisy
        assert f"content.html#{sentence_id}".encode() in daisy_smil


def test_every_check_passes(built: Path) -> None:
    report = json.loads((built / "report.json").read_text(encoding="utf-8"))
    checks = {c["name"]: c for c in report["checks"]}
    for name in ("html", "epub", "pdf", "audio", "fidelity", "braille", "daisy"):
        assert checks[name]["status"] == "pass", (name, checks[name]["findings"])


def _check_markup(root: etree._Element, ns: str) -> None:
    """Each callout is a note named by its label; each task item a disabled check box."""
    for callout_id, kind, label in CALLOUTS:
        found = root.xpath(f"//*[@id='{callout_id}']")
        assert len(found) == 1
        element = found[0]
        assert element.tag == f"{ns}section" and element.get("role") == "note"
        assert f"callout-{kind}" in element.get("class").split()
        named = root.xpath(f"//*[@id='{element.get('aria-labelledby')}']")[0]
        assert named.getparent() is element
        assert " ".join("".join(named.itertext()).split()) == label
        icons = element.xpath(".//*[contains(@class, 'callout-icon')]")
        assert len(icons) == (kind in ("warning", "caution"))  # never colour alone
        assert all(i.get("aria-hidden") == "true" for i in icons)  # the label says it
    for item_id, ticked, text in ITEMS:
        item = root.xpath(f"//*[@id='{item_id}']")[0]
        box = item[0]
        assert box.tag == f"{ns}input" and box.get("type") == "checkbox"
        assert box.get("disabled") is not None
        assert (box.get("checked") is not None) is ticked
        named = root.xpath(f"//*[@id='{box.get('aria-labelledby')}']")[0]
        assert " ".join("".join(named.itertext()).split()) == text


def test_the_page_shows_each_callout_and_check_box(built: Path) -> None:
    _check_markup(html.fromstring((built / "callouts.html").read_bytes()), "")


def test_the_epub_shows_each_callout_and_check_box(built: Path) -> None:
    with zipfile.ZipFile(built / "callouts.epub") as book:
        name = next(n for n in book.namelist() if n.endswith("callouts.xhtml"))
        root = etree.fromstring(book.read(name))
    _check_markup(root, XHTML)


@pytest.mark.parametrize("pdf", ["callouts.pdf", "callouts-large-print.pdf"])
def test_the_pdf_tags_each_callout_as_a_section_with_its_label(built: Path, pdf: str) -> None:
    tags = subprocess.run(
        ["pdfinfo", "-struct-text", str(built / pdf)], capture_output=True, text=True, check=True
    ).stdout
    lines = tags.splitlines()
    for _, _, label in CALLOUTS:
        word = label.split(":")[0]
        at = next(i for i, line in enumerate(lines) if line.strip() == f'"{word}"')
        indent = len(lines[at]) - len(lines[at].lstrip())
        parents = [
            line.strip()
            for line in reversed(lines[:at])
            if len(line) - len(line.lstrip()) < indent and line.strip()
        ]
        paragraph = next(p for p in parents if not p.startswith(("Span", "NonStruct")))
        assert paragraph.startswith("P "), (label, paragraph)  # the label is a paragraph
        assert parents[parents.index(paragraph) + 1] == "Sect", (label, parents)
    assert '"Your medicines"' in tags  # the title, a sentence's span in the label


def _box_labels(tags: str) -> list[tuple[str, str]]:
    """(the Lbl's text, the LBody's text) of each list item in `pdfinfo -struct-text`."""
    items: list[tuple[str, str]] = []
    part, indent = "", 0
    for line in tags.splitlines():
        stripped = line.strip()
        depth = len(line) - len(stripped)
        if stripped.startswith("LI"):
            items.append(("", ""))
            part = ""
        elif stripped.startswith(("Lbl", "LBody")) and items:
            part, indent = stripped.split()[0], depth
        elif part and depth <= indent:
            part = ""
        elif part and len(stripped) >= 2 and stripped[0] == stripped[-1] == '"':
            label, body = items[-1]
            text = stripped[1:-1]
            items[-1] = (label + text, body) if part == "Lbl" else (label, body + text)
    return items


@pytest.mark.parametrize("pdf", ["callouts.pdf", "callouts-large-print.pdf"])
def test_the_pdf_says_each_box_s_state_in_its_tags_and_text(built: Path, pdf: str) -> None:
    """A screen reader reads the state (the item's Lbl), and so does text extraction."""
    tags = subprocess.run(
        ["pdfinfo", "-struct-text", str(built / pdf)], capture_output=True, text=True, check=True
    ).stdout
    labels = [(label.strip(), body) for label, body in _box_labels(tags) if label.strip()]
    assert labels == [("Done:" if t else "Not done:", text) for _, t, text in ITEMS], labels
    text = subprocess.run(
        ["pdftotext", str(built / pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for _, ticked, words in ITEMS:
        assert f"{'Done:' if ticked else 'Not done:'} {words}" in lines, (pdf, words)


def _gray(pdf: Path, page: int, dpi: int) -> tuple[int, list[bytes]]:
    """The page as rows of gray bytes (PGM), and its width."""
    data = subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    assert header is not None
    width, height = int(header.group(1)), int(header.group(2))
    pixels = data[header.end() :]
    return width, [pixels[y * width : (y + 1) * width] for y in range(height)]


@pytest.mark.parametrize("pdf", ["callouts.pdf", "callouts-large-print.pdf"])
def test_the_pdf_prints_a_box_before_each_item(built: Path, pdf: str) -> None:
    layout = subprocess.run(
        ["pdftotext", "-bbox", str(built / pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = layout.split("<page ")[1:]
    darkness = {}
    for first_word in ("Bring", "Fill"):
        number, box = next(
            (n, m)
            for n, page in enumerate(pages, start=1)
            if (m := re.search(rf'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" '
                               rf'yMax="([\d.]+)">{first_word}<', page))
        )  # fmt: skip
        x, top, bottom = (float(v) for v in box.groups())
        _, rows = _gray(built / pdf, number, 72)  # one pixel a point
        height = bottom - top
        # the box sits in the em or so before the word, as tall as the text about
        region = [row[int(x - 2 * height) : int(x - 2)] for row in rows[int(top) : int(bottom)]]
        dark = sum(v < 128 for row in region for v in row)
        assert dark >= 4 * height * 0.6, (pdf, first_word, dark)  # its four sides at least
        darkness[first_word] = dark
    assert darkness["Fill"] > darkness["Bring"] * 1.3  # the ticked box has its tick


def test_the_narration_announces_labels_and_asks_about_each_item(built: Path) -> None:
    timing = json.loads((built / "callouts.timing.json").read_text(encoding="utf-8"))
    spoken = {s["id"]: s["spoken"] for s in timing["sentences"]}
    assert spoken["intro-a1-p1-s1"].startswith("Note. Your nurse")
    assert spoken["getting-ready-a1-title"] == "Tip. Make a list."  # the title, its own clip
    assert spoken["getting-ready-a1-p1-s1"].startswith("Write down")
    assert spoken["getting-ready-a2-p1-s1"].startswith("Important. Do not eat")
    assert spoken["getting-ready-a3-title"] == "Warning. Your medicines."
    assert spoken["getting-ready-a3-p1-s1"].startswith("Stop taking")
    assert spoken["getting-ready-a3-p2-s1"] == "Ask your doctor first."  # once a callout
    assert spoken["getting-ready-a4-p1-s1"].startswith("Caution. Call nine one one")
    assert spoken["what-to-bring-l1-i1-p1-s1"] == "Checklist. Bring your list of medicines. Done?"
    assert spoken["what-to-bring-l1-i2-p1-s1"] == "Fill in the health form. Done."
    assert spoken["what-to-bring-l1-i3-p1-s1"] == "Bring your insurance card. Done?"
    captions = (built / "callouts.vtt").read_text(encoding="utf-8")
    assert "\nBring your insurance card. Done?\n" in captions  # a deaf viewer gets the question
    assert "\nCaution. Call 911 if you have chest pain.\n" in captions


def test_the_braille_has_each_label_on_its_line_and_each_box(built: Path) -> None:
    from publish.render.braille import lines_of
    from publish.strings import strings_for

    lines = [line.text for line in lines_of(load_article(SOURCE), {}, strings_for("en-US"))]
    for _, _, label in CALLOUTS:
        assert label in lines
    at = lines.index("Warning: Your medicines")
    assert lines[at + 1] == "Stop taking your blood thinner 5 days before surgery."
    assert [f"{'[x]' if t else '[ ]'} {text}" for _, t, text in ITEMS] == [
        line for line in lines if line.startswith("[")
    ]
    brf = (built / "callouts.brf").read_bytes().decode("ascii")
    assert ",W>N+3 ,YR M$IC9ES" in brf  # "Warning: Your medicines", contracted
    assert ".< .> ,BR+ YR LI/ ( M$IC9ES4" in brf  # "[ ] Bring your list of medicines."


def test_the_daisy_book_has_the_labels_and_a_point_for_each_warning(built: Path) -> None:
    daisy = built / "callouts-daisy"
    content = (daisy / "content.html").read_text(encoding="utf-8")
    for _, _, label in CALLOUTS:
        assert label.split(":")[0] in content
    assert "\u2610 " in content and "\u2611 " in content  # the boxes, as characters
    ncc = etree.parse(str(daisy / "ncc.html"))
    sidebars = ncc.xpath("//x:span[@class='sidebar']", namespaces={"x": XHTML[1:-1]})
    assert [" ".join(s.xpath("string(.)").split()) for s in sidebars] == [
        "Warning: Your medicines",
        "Caution",
    ]
    assert [s.xpath("x:a/@href", namespaces={"x": XHTML[1:-1]})[0].split("#")[1]
            for s in sidebars] == ["par-getting-ready-a3-title", "par-getting-ready-a4-p1-s1"]  # fmt: skip
    count = ncc.xpath("//x:meta[@name='ncc:sidebars']/@content", namespaces={"x": XHTML[1:-1]})
    assert count == ["2"]


FRONT = "---\ntitle: T\nlanguage: en\n---\n"  # the body starts at line 5


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("Text.\n\n> [!WARN]\n> Hot.\n", 7, "did you mean [!WARNING]?"),
        ("Text.\n\n> [!TIPP] Title\n> Hot.\n", 7, "did you mean [!TIP]?"),
        ("> [!CAUTION] Hot\n\nText.\n", 5, "the [!CAUTION] callout has nothing in it"),
        (
            "| Step | Done |\n|---|---|\n| [ ] Wash | no |\n",
            7,
            "a table cell cannot hold a check box",
        ),
        ("Text.\n\n- [ ] Wash\n- [ ]\n", 8, "this checklist item has a box and nothing"),
    ],
    ids=["unknown-type", "unknown-type-title", "empty", "box-in-table", "empty-item"],
)
def test_a_mistake_is_an_error_at_its_line(
    body: str, line: int, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bad.md"
    source.write_text(FRONT + body, encoding="utf-8")
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{source}:{line}: " in err and message in err, err
    assert "Traceback" not in err


def test_a_numbered_checklist_keeps_its_numbers_in_the_pdf(tmp_path: Path) -> None:
    """The state is the item's marker, so the step number is printed after the box, in the
    list's own kind and from its own start; the fidelity gate compares them with the source,
    in the narration too, where the step number follows "Checklist." or a callout's label."""
    need_command("pdftotext")
    source = tmp_path / "steps.md"
    source.write_text(
        "---\ntitle: Steps\nlanguage: en\n---\n\nDo these steps:\n\n"
        "3. [ ] Wash your hands.\n4. [x] Dry your hands.\n\nThen:\n\n"
        "{type=a}\n1. [ ] Put on the gloves.\n2. [ ] Open the pack.\n\n"
        "> [!TIP]\n> 1. Eat a light meal.\n> 2. Drink water.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    arguments = ["check", str(source), "-f", "html,pdf,audio", "--edition", "all"]
    arguments += ["--voice", "tones", "--out", str(out)]
    assert main([*arguments, "-q"]) == 0
    for pdf in ("steps.pdf", "steps-large-print.pdf"):
        text = subprocess.run(
            ["pdftotext", str(out / "steps" / pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        lines = [" ".join(line.split()) for line in text.splitlines()]
        for line in (
            "Not done: 3. Wash your hands.",
            "Done: 4. Dry your hands.",
            "Not done: a. Put on the gloves.",
            "Not done: b. Open the pack.",
        ):
            assert line in lines, (pdf, line, lines)
    report = json.loads((out / "steps" / "report.json").read_text(encoding="utf-8"))
    assert {c["name"]: c["status"] for c in report["checks"]}["fidelity"] == "pass"
    timing = json.loads((out / "steps" / "steps.timing.json").read_text(encoding="utf-8"))
    spoken = [s["spoken"] for s in timing["sentences"]]
    assert "Checklist. three. Wash your hands. Done?" in spoken, spoken
    assert "Tip. one. Eat a light meal." in spoken, spoken
