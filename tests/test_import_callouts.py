"""`publish import`: Word's boxes and lead words ("Warning:") as callouts, and Word's check
boxes (content controls and box characters) as checklist items; what is not clearly a callout
stays as it was; every conversion has a line in the report; no word is lost or changed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx_fixtures as word
import pytest
from lxml import html

from publish.cli import main
from publish.model.nodes import Article, Callout, ListBlock, Paragraph, Sentence
from publish.model.walk import walk
from publish.parse.markdown import load_article
from publish.strings import strings_for

GLYPHS = "\u2610\u2611\u2612"


def imported(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    build: Callable[[word.Writer], Any],
    language: str = "en-US",
) -> tuple[Path, str, Article]:
    """A Word document (a title, then what `build` adds), imported: the source, the report
    and the article publish reads from it."""
    w = word.Writer()
    props = w.doc.core_properties
    props.title, props.language, props.author = "Your visit", language, "Ana Ruiz"
    props.comments, props.created = "What to know before you come.", dt.datetime(2026, 6, 1)
    w.doc.add_paragraph("Your visit", style="Title")
    w.doc.add_paragraph("Read this sheet before you come to the clinic.")
    build(w)
    w.doc.add_paragraph("We look forward to seeing you.")
    docx = w.save(tmp_path / "visit.docx")
    source, said = run_import(tmp_path, capsys, docx)
    return source, said, load_article(source)


def run_import(tmp_path: Path, capsys: pytest.CaptureFixture[str], docx: Path) -> tuple[Path, str]:
    code = main(["import", str(docx), "--out", str(tmp_path / "source")])
    said = capsys.readouterr().err
    assert code == 0, said
    return tmp_path / "source" / f"{docx.stem}.md", said


def callouts(article: Article) -> list[Callout]:
    return [s.node for s in walk(article) if isinstance(s.node, Callout)]


def title(callout: Callout) -> str:
    found = callout.title
    return found.text if isinstance(found, Sentence) else str(found or "")


def said_in(callout: Callout) -> list[str]:
    """The text of each paragraph inside the callout."""
    return [
        " ".join(s.text for s in block.sentences)
        for block in callout.blocks
        if isinstance(block, Paragraph)
    ]


def line_of(source: Path, pattern: str) -> int:
    lines = source.read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if re.match(pattern, line))


# ---------------------------------------------------------------------- lead words

LEADS = [
    ("en-US", "Warning", "warning"),
    ("en-US", "Caution", "caution"),
    ("en-US", "Important", "important"),
    ("en-US", "Note", "note"),
    ("en-US", "Tip", "tip"),
    ("es", "Advertencia", "warning"),
    ("es", "Precaución", "caution"),
    ("es", "Importante", "important"),
    ("es", "Nota", "note"),
    ("es", "Consejo", "tip"),
]


@pytest.mark.parametrize(("language", "lead", "kind"), LEADS)
@pytest.mark.parametrize("bold", [False, True], ids=["plain", "bold"])
def test_each_lead_word_makes_a_callout_of_its_type(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    language: str,
    lead: str,
    kind: str,
    bold: bool,
) -> None:
    def build(w: word.Writer) -> None:
        paragraph = w.doc.add_paragraph()
        paragraph.add_run(f"{lead}:").bold = bold
        paragraph.add_run(" Bring your list of medicines.")

    source, said, article = imported(tmp_path, capsys, build, language)
    [callout] = callouts(article)
    assert callout.type == kind and title(callout) == ""
    assert said_in(callout) == ["Bring your list of medicines."]
    # the lead word is the label the page shows, so it is not said twice
    assert strings_for(language)[f"callout_{kind}"] == lead
    line = line_of(source, r"> \[!")
    assert (
        f'{source}:{line}: the paragraph starting "{lead}" became {"an" if kind == "important" else "a"} '
        f'{kind.upper()} callout, its lead word "{lead}" now the label; check the type'
    ) in said


def test_a_lead_word_in_another_language_stays_in_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An English "Warning:" in a Spanish handout: a warning, but its label reads
    "Advertencia", so "Warning:" stays (never a word changed)."""

    def build(w: word.Writer) -> None:
        w.doc.add_paragraph("Warning: Do not drive after the test.")

    _, said, article = imported(tmp_path, capsys, build, "es")
    [callout] = callouts(article)
    assert callout.type == "warning"
    assert said_in(callout) == ["Warning: Do not drive after the test."]
    assert '"Warning" stays in its text: the label reads "Advertencia"' in said


def test_a_short_line_after_the_lead_word_is_the_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def build(w: word.Writer) -> None:
        paragraph = w.doc.add_paragraph("Tip: Make a list")
        paragraph.add_run().add_break()
        paragraph.add_run("Write down your questions and bring them with you.")
        w.doc.add_paragraph("Warning: This is a long sentence and not a title at all.")

    source, said, article = imported(tmp_path, capsys, build)
    tip, warning = callouts(article)
    assert (tip.type, title(tip)) == ("tip", "Make a list")
    assert said_in(tip) == ["Write down your questions and bring them with you."]
    assert (warning.type, title(warning)) == ("warning", "")
    assert said_in(warning) == ["This is a long sentence and not a title at all."]
    assert f'{source}:{tip.line}: the paragraph starting "Tip"' in said
    assert 'with the title "Make a list"' in said


def test_words_that_only_look_like_a_lead_stay_paragraphs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = [
        "Note that the clinic is closed on Sundays.",
        "Warning signs: a fever, or redness around the wound.",
        "Important",
        "Notes: bring them.",
    ]

    def build(w: word.Writer) -> None:
        for text in texts:
            w.doc.add_paragraph(text)

    _, said, article = imported(tmp_path, capsys, build)
    assert callouts(article) == []
    assert "callout" not in said
    paragraphs = [
        " ".join(s.text for s in step.node.sentences)
        for step in walk(article)
        if isinstance(step.node, Paragraph)
    ]
    assert all(text in paragraphs for text in texts)


# ---------------------------------------------------------------------- boxes


def test_a_shaded_box_of_several_paragraphs_is_one_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def build(w: word.Writer) -> None:
        word.shade(w, w.doc.add_paragraph("Your nurse will call you the day before."))
        word.shade(w, w.doc.add_paragraph("Keep your phone near you that day."))
        word.shade(w, w.doc.add_paragraph("Write down the time she gives you."))

    source, said, article = imported(tmp_path, capsys, build)
    [callout] = callouts(article)
    assert (callout.type, title(callout)) == ("note", "")
    assert said_in(callout) == [
        "Your nurse will call you the day before.",
        "Keep your phone near you that day.",
        "Write down the time she gives you.",
    ]
    assert f"{source}:{callout.line}: a shaded box became a NOTE callout; check the type" in said
    paragraphs = [s.node for s in walk(article) if isinstance(s.node, Paragraph)]
    assert len(paragraphs) == 3 + 2  # the box's, and the two around it, outside it


def test_a_bordered_box_with_a_lead_word_and_a_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def build(w: word.Writer) -> None:
        word.border(w, w.doc.add_paragraph("Warning: Your medicines"))
        word.border(w, w.doc.add_paragraph("Stop taking your blood thinner 5 days before."))
        word.border(w, w.doc.add_paragraph("Ask your doctor first."))
        word.border(w, w.doc.add_paragraph("A line under a paragraph is not a box."), ("bottom",))

    source, said, article = imported(tmp_path, capsys, build)
    [callout] = callouts(article)
    assert (callout.type, title(callout)) == ("warning", "Your medicines")
    assert said_in(callout) == [
        "Stop taking your blood thinner 5 days before.",
        "Ask your doctor first.",
    ]
    assert (
        f"{source}:{callout.line}: a bordered box became a WARNING callout, its lead word "
        '"Warning" now the label, with the title "Your medicines"; check the type'
    ) in said


def test_a_box_whose_first_line_names_a_type_keeps_every_word(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def build(w: word.Writer) -> None:
        word.shade(w, w.doc.add_paragraph("Warning signs of an infection"), "FBE4D5")
        word.shade(w, w.doc.add_paragraph("Redness, swelling or a fever."), "FBE4D5")
        word.shade(w, w.doc.add_paragraph("Call us if you have any of them."), "E2EFD9")

    _, said, article = imported(tmp_path, capsys, build)
    warning, note = callouts(article)  # two fills: two boxes
    assert (warning.type, title(warning)) == ("warning", "")
    assert said_in(warning) == ["Warning signs of an infection", "Redness, swelling or a fever."]
    assert (note.type, said_in(note)) == ("note", ["Call us if you have any of them."])
    assert 'a shaded box became a WARNING callout, since it starts "Warning"' in said


def test_a_one_cell_table_drawn_as_a_box_is_a_callout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def build(w: word.Writer) -> None:
        word.box_table(w, ["Caution: Call 911 if you have chest pain."])
        word.box_table(
            w, ["Important", "Do not eat after midnight.", "Water is fine."], fill="FFF2CC"
        )
        word.box_table(w, ["A table of one cell with no border is layout."], grid=False)

    source, said, article = imported(tmp_path, capsys, build)
    caution, important = callouts(article)
    assert (caution.type, said_in(caution)) == ("caution", ["Call 911 if you have chest pain."])
    assert (important.type, title(important)) == ("important", "")
    assert said_in(important) == ["Do not eat after midnight.", "Water is fine."]
    assert f"{source}:{caution.line}: a one-cell table drawn as a box became a CAUTION" in said
    text = source.read_text(encoding="utf-8")
    assert "| A table of one cell with no border is layout. |" in text  # still a table


def test_a_box_drawn_by_a_paragraph_style_in_a_spanish_handout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def build(w: word.Writer) -> None:
        style = word.shaded_style(w, "Aviso")
        w.doc.add_paragraph("Advertencia", style=style)
        w.doc.add_paragraph("No maneje después de la prueba.", style=style)
        w.doc.add_paragraph("Pida a alguien que lo lleve a casa.", style=style)

    source, said, article = imported(tmp_path, capsys, build, "es")
    [callout] = callouts(article)
    assert (callout.type, title(callout)) == ("warning", "")
    assert said_in(callout) == [
        "No maneje después de la prueba.",
        "Pida a alguien que lo lleve a casa.",
    ]
    assert (
        f"{source}:{callout.line}: a shaded box became a WARNING callout, its lead word "
        '"Advertencia" now the label; check the type'
    ) in said


# ---------------------------------------------------------------------- not clear: as it was


def test_what_is_not_clearly_a_callout_stays_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def build(w: word.Writer) -> None:
        word.shade(w, w.doc.add_heading("Questions", level=1))  # a shaded heading
        w.doc.add_paragraph("Call us on 0118 496 0000 if you have questions.")
        word.shade(w, w.doc.add_paragraph("Your costs:"), "FFF2CC")  # a box holding a table
        w.table([["Visit", "Cost"], ["Surgery", "None"]])
        word.shade(w, w.doc.add_paragraph("Ask us about help with costs."), "FFF2CC")
        box = word.box_table(w, ["Before the table"], fill="FFF2CC")
        box.cell(0, 0).add_table(rows=1, cols=2)  # a box holding a table

    source, said, article = imported(tmp_path, capsys, build)
    assert callouts(article) == []
    headings = [s.heading.sentence.text for s in article.walk_sections() if s.heading]
    assert headings == ["Questions"]
    text = source.read_text(encoding="utf-8")
    assert "Your costs:\n\n| Visit | Cost |" in text
    assert not re.search(r"became an? [A-Z]+ callout", said) and "[!" not in text
    assert 'paragraph 5 ("Your costs:"): a shaded box in Word, holding a table, came in as ' in said
    assert "a one-cell table drawn as a box in Word, holding a table" in said
    assert "Questions" not in said  # a shaded heading is its look only: nothing to say


def test_a_whole_page_shaded_is_not_a_callout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    w = word.Writer()
    props = w.doc.core_properties
    props.title, props.language = "Your visit", "en-US"
    for text in ("Come at 8.", "Bring your card.", "Park at the back.", "Ask at the desk."):
        word.shade(w, w.doc.add_paragraph(text), "FFF2CC")
    source, said = run_import(tmp_path, capsys, w.save(tmp_path / "page.docx"))
    assert "[!" not in source.read_text(encoding="utf-8") and "callout" not in said


# ---------------------------------------------------------------------- check boxes


def test_check_boxes_in_every_form_become_one_checklist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def build(w: word.Writer) -> None:
        word.check_box(w.doc.add_paragraph(" Your list of medicines."), checked=False)
        word.check_box(w.doc.add_paragraph(" The health form, filled in."), checked=True)
        w.doc.add_paragraph("\u2610 Your insurance card.")
        w.doc.add_paragraph("\u2611 Your letter.")
        w.doc.add_paragraph("\u2612 Your glasses.")
        word.box_symbol(w.doc.add_paragraph("\tA book to read."), "F06F")
        word.box_symbol(w.doc.add_paragraph("\tA warm coat."), "F0A8")
        word.box_symbol(w.doc.add_paragraph("\tYour phone charger."), "F0FE")
        for char, words in (("\uf06f", " Your slippers."), ("\uf0fe", " Your keys.")):
            typed = w.doc.add_paragraph()  # the private-use character, in a Wingdings run
            typed.add_run(char).font.name = "Wingdings"
            typed.add_run(words)
        w.doc.add_paragraph("Tick the box \u2610 if you need a ride.")  # not at the start

    source, said, article = imported(tmp_path, capsys, build)
    [checklist] = [s.node for s in walk(article) if isinstance(s.node, ListBlock)]
    items = [
        (item.checked, " ".join(s.text for b in item.blocks for s in getattr(b, "sentences", ())))
        for item in checklist.items
    ]
    assert items == [
        (False, "Your list of medicines."),
        (True, "The health form, filled in."),
        (False, "Your insurance card."),
        (True, "Your letter."),
        (True, "Your glasses."),
        (False, "A book to read."),
        (False, "A warm coat."),
        (True, "Your phone charger."),
        (False, "Your slippers."),
        (True, "Your keys."),
    ]
    first = line_of(source, r"- \[ \] Your list")
    assert (
        f"{source}:{first}: 10 check box(es) became checklist items (- [ ] and - [x]): 5 "
        "ticked and 5 not; check each is as it should be"
    ) in said
    assert "Tick the box \u2610 if you need a ride." in source.read_text(encoding="utf-8")


def test_check_boxes_in_a_word_list_and_in_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def build(w: word.Writer) -> None:
        bullets = w.new_list("bullet")
        word.check_box(w.item(" Fill in the form.", bullets), checked=True)
        word.check_box(w.item(" Sign it.", bullets), checked=False)
        steps = w.new_list("decimal")
        word.check_box(w.item(" Post it.", steps), checked=False)
        w.table([["Done", "Step"], ["", "Call us"]])
        word.check_box(w.doc.tables[-1].cell(1, 0).paragraphs[0], checked=True)

    source, said, article = imported(tmp_path, capsys, build)
    lists = [s.node for s in walk(article) if isinstance(s.node, ListBlock)]
    assert [[i.checked for i in block.items] for block in lists] == [[True, False], [False]]
    assert lists[1].ordered
    text = source.read_text(encoding="utf-8")
    assert "| \u2612 | Call us |" in text  # a table cannot hold a check box: kept as text
    assert "3 check box(es)" in said


# ---------------------------------------------------------------------- words, and the page


def word_words(docx: Path) -> list[str]:
    """Every word of the Word document's body, in order (paragraphs and table cells), with the
    box characters, which are check boxes, left out."""
    import docx as python_docx

    document = python_docx.Document(str(docx))
    texts: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            texts += [p.text for row in block.rows for cell in row.cells for p in cell.paragraphs]
        else:
            texts.append(block.text)
    return [w for text in texts for w in text.split() if w.strip(GLYPHS)]


def article_words(article: Article) -> list[str]:
    """Every word publish reads from the import, in order; a callout's label as "Label:"."""
    labels = strings_for(article.metadata.language)
    found: list[str] = []
    for step in walk(article):
        if isinstance(step.node, Callout):
            found.append(labels[f"callout_{step.node.type}"] + ":")
        elif isinstance(step.node, Sentence):
            found += step.node.text.split()
    return found


def test_no_word_is_lost_or_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docx = word.callouts(tmp_path / "before.docx")
    source, said = run_import(tmp_path, capsys, docx)
    article = load_article(source)
    expected = word_words(docx)
    # The one box with no lead word gets its label, "Note", from the import: the one word
    # the page adds, and the report says so.
    at = expected.index("Your")
    assert expected[at : at + 3] == ["Your", "nurse", "will"]
    expected.insert(at, "Note:")
    assert article_words(article) == expected
    assert "a shaded box became a NOTE callout" in said
    kinds = [(c.type, title(c)) for c in callouts(article)]
    assert kinds == [
        ("warning", ""),
        ("tip", ""),
        ("note", ""),
        ("important", "Your medicines"),
        ("caution", ""),
        ("note", ""),
    ]


def test_an_imported_handout_builds_a_page_with_its_callouts_and_check_boxes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = word.callouts(tmp_path / "before.docx")
    source, _ = run_import(tmp_path, capsys, docx)
    out = tmp_path / "build"
    code = main(["build", str(source), "-f", "html", "--out", str(out), "-q"])
    assert code == 0, capsys.readouterr().err
    page = html.fromstring((out / "before" / "before.html").read_bytes())
    sections = page.xpath("//section[@role='note']")
    kinds = [c for s in sections for c in s.get("class").split() if c.startswith("callout-")]
    assert kinds == [
        "callout-warning",
        "callout-tip",
        "callout-note",
        "callout-important",
        "callout-caution",
        "callout-note",
    ]
    for section in sections:
        label = page.xpath(f"//*[@id='{section.get('aria-labelledby')}']")[0]
        assert label.getparent() is section
    important = sections[3]
    named = page.xpath(f"//*[@id='{important.get('aria-labelledby')}']")[0]
    assert " ".join("".join(named.itertext()).split()) == "Important: Your medicines"
    assert "Bring all your medicines in their boxes." in " ".join(important.itertext())
    boxes = page.xpath("//li/input[@type='checkbox']")
    assert len(boxes) == 5 and all(b.get("disabled") is not None for b in boxes)
    assert [b.get("checked") is not None for b in boxes] == [False, True, False, True, False]
    labels = [
        " ".join(
            "".join(page.xpath(f"//*[@id='{b.get('aria-labelledby')}']")[0].itertext()).split()
        )
        for b in boxes
    ]
    assert labels == [
        "Your list of medicines.",
        "The health form, filled in.",
        "Your insurance card.",
        "Your glasses.",
        "A book to read.",
    ]
