"""`publish import`: Word documents made with python-docx, imported, then built and checked
with the same gates as every source."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx_fixtures as word
import pytest
from conftest import SAMPLE
from pages import rich_source

from publish.cli import main
from publish.model.nodes import Article, Footnote, Link, ListBlock, Paragraph, Table, iter_inlines
from publish.model.walk import step_numbers, walk
from publish.parse.markdown import load_article


def run_import(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["import", *args])
    return code, capsys.readouterr().err


def check(source: Path, out: Path, formats: str = "html,pdf,epub") -> dict[str, str]:
    """`publish check` on the imported source; each check's status."""
    code = main(["check", str(source), "-f", formats, "--out", str(out), "-q"])
    report = json.loads((out / source.stem / "report.json").read_text())
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    assert code == 0, statuses
    return statuses


def test_a_word_handout_imports_in_one_command_and_builds_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's bar: a title, 3 sections, a bulleted list, a 3 x 3 table and a picture."""
    docx = word.handout(tmp_path / "Hand washing.docx")
    code, said = run_import(capsys, str(docx), "--out", str(tmp_path / "source"))
    assert code == 0, said
    source = tmp_path / "source" / "hand-washing.md"
    assert f"-> {source} and 1 picture(s)" in said and "fill in" not in said
    article = load_article(source)
    meta = article.metadata
    assert meta.title == "Washing your hands" and meta.language == "en-US"
    assert meta.authors == ("Ana Ruiz", "Ben Okafor")
    assert meta.keywords == ("hygiene", "hands", "infection")
    assert meta.description == "How and when to wash your hands at home."
    assert str(meta.date) == "2026-03-05"
    headings = [s.heading.sentence.text for s in article.sections if s.heading]
    assert headings == ["When to wash", "How to wash", "When to call us"]
    assert all(s.level == 2 for s in article.sections if s.heading)
    statuses = check(source, tmp_path / "build", "all")
    assert {statuses[n] for n in ("source", "html", "epub", "pdf", "audio")} == {"pass"}


def test_everything_word_can_say_comes_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = word.everything(tmp_path / "going-home.docx")
    code, said = run_import(capsys, str(docx), "--out", str(tmp_path / "source"))
    assert code == 0, said
    source = tmp_path / "source" / "going-home.md"
    text = source.read_text()
    assert "Rest **as much as you can** and drink *plenty* of water." in text
    assert "[NHS guide](https://www.nhs.uk/conditions/)" in text
    assert "[bon rétablissement]{lang=fr-FR}" in text
    assert "as you leave.\\\nKeep this sheet." in text  # a line break
    assert (
        "2. Change the dressing daily.\n   - Use a clean towel.\n   - Use fresh gauze.\n3." in text
    )
    assert "- your tablets,\n  - the boxes they came in,\n- and this sheet." in text
    assert "> Ask for help when you need it." in text
    assert "Take your tablets with food." in text and "empty stomach" not in text
    assert (
        "| Medicine | Dose | When |\n|---|---|---|\n| Paracetamol | 1 g | Every 6 hours |" in text
    )
    assert "[^1]: Your surgeon may give other advice." in text
    assert "## Your wound" in text and "### Pain" in text and "\n# " not in text
    assert (
        'tracked change was taken as accepted (inserted "with food.", deleted "on an empty' in said
    )
    pictures = list((tmp_path / "source" / "going-home-images").iterdir())
    assert len(pictures) == 1 and len(pictures[0].stem) == 16
    assert f"![A clean dressing on a wound](going-home-images/{pictures[0].name})" in text
    assert oct(pictures[0].stat().st_mode & 0o777) == "0o644"
    article = load_article(source)
    assert article.metadata.language == "en-GB"
    spans = [n for s in article.sentences() for n in iter_inlines(s.inlines) if n.kind == "span"]
    assert [s.lang for s in spans] == ["fr-FR"]
    statuses = check(source, tmp_path / "build")
    assert {statuses[n] for n in ("source", "html", "epub", "pdf")} == {"pass"}


def test_what_markdown_cannot_hold_is_reported_at_its_paragraph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = word.word_only(tmp_path / "word-only.docx")
    code, said = run_import(capsys, str(docx), "--out", str(tmp_path / "source"))
    assert code == 0, said
    lines = said.splitlines()

    def line(words: str) -> str:
        return next(x for x in lines if words in x)

    assert line("comment by Sam").startswith(f'{docx}: paragraph 1 ("Eat five portions')
    assert '"Is it five or seven?"' in line("comment by Sam")
    assert line("text box").startswith(f'{docx}: paragraph 2 ("See the box.")')
    assert '"2 × 5 mg"' in line("equation") and "paragraph 4" in line("equation")
    assert "paragraph 5" in line("SmartArt")
    assert "paragraph 6" in line("embedded object")
    assert "3 non-breaking space(s)" in said and "1 zero-width space(s)" in said
    text = (tmp_path / "source" / "word-only.md").read_text()
    assert "Call 111 at night." in text  # the text box's words are kept, not dropped
    assert "“Soon” is fine" in text  # smart quotes stay as typed
    assert "\u00a0" not in text and "\u200b" not in text and "\n\n\n" not in text
    source = tmp_path / "source" / "word-only.md"
    assert load_article(source).metadata.title == "Things Word has"
    statuses = check(source, tmp_path / "build")
    assert {statuses[n] for n in ("source", "html", "epub", "pdf")} == {"pass"}


def test_a_picture_without_alt_text_is_flagged_never_invented(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = word.handout(tmp_path / "no-alt.docx", alt="")
    code, said = run_import(capsys, str(docx), "--out", str(tmp_path / "source"))
    assert code == 0
    source = tmp_path / "source" / "no-alt.md"
    number = next(n for n, x in enumerate(source.read_text().split("\n"), 1) if "![](" in x)
    assert f"{source}:{number}: a picture has no alt text in Word" in said
    out = tmp_path / "build"
    assert main(["check", str(source), "-f", "html", "--out", str(out), "-q"]) == 1
    report = json.loads((out / "no-alt" / "report.json").read_text())
    found = next(c for c in report["checks"] if c["name"] == "source")["findings"]
    assert [(f["code"], f["line"]) for f in found] == [("image-alt", number)]


def test_missing_required_fields_are_marked_placeholders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = word.handout(tmp_path / "untitled.docx", title=False)
    code, said = run_import(capsys, str(docx), "--out", str(tmp_path / "source"))
    assert code == 0
    source = tmp_path / "source" / "untitled.md"
    assert f"{source}: fill in 'title' (line 2)" in said
    assert source.read_text().split("\n")[1].startswith("title:  # FILL IN:")
    assert main(["build", str(source), "--out", str(tmp_path / "build")]) == 2
    assert f"{source}:2: 'title' must be non-empty text" in capsys.readouterr().err
    # Heading 1 sections under no Title are still sections (##), none dropped.
    assert source.read_text().count("\n## ") == 3


def test_the_language_option_wins_over_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = word.handout(tmp_path / "h.docx")
    code, _ = run_import(capsys, str(docx), "--out", str(tmp_path / "s"), "--language", "en-GB")
    assert code == 0 and load_article(tmp_path / "s" / "h.md").metadata.language == "en-GB"
    code, said = run_import(
        capsys, str(docx), "--out", str(tmp_path / "t"), "--language", "English"
    )
    assert code == 2 and "not a BCP 47 language tag" in said
    assert not (tmp_path / "t").exists()


def test_an_earlier_import_is_kept_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = word.handout(tmp_path / "h.docx")
    out = tmp_path / "source"
    assert run_import(capsys, str(docx), "--out", str(out))[0] == 0
    (out / "h.md").write_text((out / "h.md").read_text() + "\nMy edit.\n")
    code, said = run_import(capsys, str(docx), "--out", str(out))
    assert code == 2 and "already exists; move it away, or add --force" in said
    assert "My edit." in (out / "h.md").read_text()
    assert run_import(capsys, str(docx), "--out", str(out), "--force")[0] == 0
    assert "My edit." not in (out / "h.md").read_text()
    assert sorted(p.name for p in out.iterdir()) == ["h-images", "h.md"]  # no staging left


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _bomb(path: Path) -> Path:
    real = word.handout(path.with_name("real.docx"))
    with zipfile.ZipFile(real) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    return _zip(path, parts | {"word/media/zeros.bin": bytes(40 * 1024 * 1024)})


BAD = {
    "text.docx": (
        lambda p: p.write_bytes(b"just some text, renamed") and p,
        "this is not a Word document (.docx is a zip package)",
    ),
    "zip.docx": (
        lambda p: _zip(p, {"hello.txt": b"hi"}),
        "holds no word/document.xml, so it is not a Word document",
    ),
    "locked.docx": (
        lambda p: (
            p.write_bytes(word_ole() + "EncryptionInfo".encode("utf-16-le") + bytes(600)) and p
        ),
        "protected with a password",
    ),
    "old.docx": (
        lambda p: p.write_bytes(word_ole() + bytes(600)) and p,
        "Word 97-2003 document (.doc)",
    ),
    "bomb.docx": (_bomb, "zip bomb"),
}


def word_ole() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_gets_one_clear_error_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    make, message = BAD[name]
    path = make(tmp_path / name)
    out = tmp_path / "source"
    code, said = run_import(capsys, str(path), "--out", str(out))
    assert code == 2 and message in said, said
    assert said.count("\n") == 1 and said.startswith(f"{path}: ") and "Traceback" not in said
    assert not out.exists()


def test_a_picture_over_the_limits_is_scaled_down_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 27: one oversized picture no longer refuses the whole document."""
    docx = word.handout(tmp_path / "big.docx")
    out = tmp_path / "source"
    code, said = run_import(capsys, str(docx), "--out", str(out), "--limit", "image_pixels=100")
    assert code == 0, said
    assert "a picture of 64 x 40 pixels" in said and "scaled down to 12 x 7" in said
    assert "image_pixels=100" in said


# ------------------------------------------------------------------------------ round trip


def inventory(article: Article) -> dict[str, list[str]]:
    """What a round trip must keep: headings, list items, table cells, links, footnotes."""
    found: dict[str, list[str]] = {
        "headings": [],
        "items": [],
        "cells": [],
        "links": [],
        "notes": [],
    }
    for section in article.walk_sections():
        if section.heading is not None:
            found["headings"].append(f"{section.level} {section.heading.sentence.text}")
    for step in walk(article):
        node = step.node
        if isinstance(node, ListBlock):
            for item in node.items:
                first = item.blocks[0]
                if isinstance(first, Paragraph):
                    found["items"].append(" ".join(s.text for s in first.sentences))
        elif isinstance(node, Table):
            found["cells"] += [
                " ".join(s.text for s in c.sentences) for r in (*node.head, *node.body) for c in r
            ]
        elif isinstance(node, Footnote):
            found["notes"].append(
                " ".join(s.text for b in node.blocks for s in getattr(b, "sentences", ()))
            )
    for sentence in article.sentences():
        for inline in iter_inlines(sentence.inlines):
            if isinstance(inline, Link):
                found["links"].append(inline.href)
    return found


STEPS = """---
title: Steps to take
language: en-US
---

Before the test:

3. Stop eating at 10 pm.
4. Take your pills:

   {type=a}
   1. 2 tablets of 500 mg.
   2. 1 capsule.

      {type=i}
      4. Drink 250 mL of water.
      5. Wait 30 minutes.
5. Come at 8 am.

| Dose | When |
|---|---|
| 5 mg | 8 am |
"""


@pytest.mark.parametrize("which", ["sample", "every-block", "steps"])
def test_markdown_to_word_and_back_keeps_the_structure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], which: str
) -> None:
    if which == "steps":
        (tmp_path / "steps.md").write_text(STEPS)
    source = {"sample": SAMPLE, "steps": tmp_path / "steps.md"}
    original = load_article(source.get(which) or rich_source(tmp_path))
    docx = word.from_article(original, tmp_path / f"{which}.docx")
    code, said = run_import(capsys, str(docx), "--out", str(tmp_path / "back"))
    assert code == 0, said
    back = load_article(tmp_path / "back" / f"{which}.md")
    assert back.metadata.title == original.metadata.title
    before, after = inventory(original), inventory(back)
    assert after == before
    # the number each step shows (for the steps: 3, 4, 5, then a, b, then iv, v)
    assert list(step_numbers(back).values()) == list(step_numbers(original).values())
    if which == "steps":
        assert list(step_numbers(back).values()) == ["3", "4", "5", "a", "b", "iv", "v"]
    if which == "every-block":
        assert before["items"] and before["cells"] and before["links"] and before["notes"]


def test_the_import_report_is_deterministic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two imports of one document write the same bytes (pictures named by content)."""
    docx = word.everything(tmp_path / "e.docx")
    run_import(capsys, str(docx), "--out", str(tmp_path / "a"))
    run_import(capsys, str(docx), "--out", str(tmp_path / "b"))
    for name in ("e.md",):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    names = sorted(p.name for p in (tmp_path / "a" / "e-images").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b" / "e-images").iterdir())
    assert io.BytesIO((tmp_path / "a" / "e.md").read_bytes()).read(4) == b"---\n"
