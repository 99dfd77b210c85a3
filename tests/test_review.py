"""The review record (issue 31): `reviewed`, `reviewed_by` and `review_due` validated at their
lines; the review line printed with the closing block in the page, the PDF, the EPUB and the
DAISY book, read by the narration, and named in the EPUB's and the DAISY ncc's metadata; and
the `review` check, with "today" from SOURCE_DATE_EPOCH. Narrated with the `tones` engine."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import need_command

from publish.cli import main
from publish.parse.markdown import load_article

LINE = "Reviewed by Dr Ann Lee on 3 March 2026; next review 3 March 2027."
FRONT = """\
---
title: Caring for a Cast
language: en
publisher: Northside Clinic
reviewed: 2026-03-03
reviewed_by: Dr Ann Lee
review_due: 2027-03-03
contact: "Nurse line 555-0142"
sources:
  - "NHS. Broken arm or wrist. 2023. https://www.nhs.uk/conditions/broken-arm-or-wrist/"
  - AAOS. Care of casts and splints. 2020.
---
"""
SOURCES = [
    "NHS. Broken arm or wrist. 2023. https://www.nhs.uk/conditions/broken-arm-or-wrist/",
    "AAOS. Care of casts and splints. 2020.",
]
BODY = "## Day one\n\nKeep the cast clean and dry. Rest with it raised on two pillows.\n"
DUE_LINE = 7  # review_due's line in FRONT


def _epoch(day: str) -> str:
    return str(int(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), dt.UTC).timestamp()))


def _checks(folder: Path) -> dict[str, dict[str, object]]:
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return {c["name"]: c for c in report["checks"]}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """`publish check` of every format on a day the review is current (2026-06-01)."""
    need_command("pdftotext")
    need_command("lou_translate")
    folder = tmp_path_factory.mktemp("review")
    source = folder / "cast.md"
    source.write_text(FRONT + BODY, encoding="utf-8")
    formats = "html,pdf,epub,audio,daisy,braille"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", _epoch("2026-06-01"))
        code = main(
            [
                "check",
                str(source),
                "-f",
                formats,
                "--voice",
                "tones",
                "--out",
                str(folder / "out"),
                "-q",
            ]
        )
    return folder / "out" / "cast", code


@pytest.mark.parametrize(
    ("lines", "at", "message"),
    [
        ("reviewed: 2026-02-30", 4, "'reviewed' is '2026-02-30', which is not a date"),
        ("review_due: next year", 4, "'review_due' is 'next year', which is not a date"),
        (
            "reviewed: 2027-05-01\nreview_due: 2027-03-03",
            4,
            "a review date in the future beyond review_due",
        ),
        ("reviewed_by: Dr Ann Lee", 4, "add a line 'reviewed: YYYY-MM-DD'"),
        ("reviewd: 2026-03-03", 4, "did you mean 'reviewed'?"),
        ("sources: 12\nreviewed: March", 5, "'reviewed' is 'March', which is not a date"),
    ],
    ids=["not-on-calendar", "words", "after-due", "by-without-date", "misspelt", "second-error"],
)
def test_a_bad_review_field_is_an_error_at_its_line(
    lines: str, at: int, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bad.md"
    source.write_text(f"---\ntitle: T\nlanguage: en\n{lines}\n---\nText.\n", encoding="utf-8")
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{source}:{at}: " in err and message in err, err
    assert "Traceback" not in err


def test_every_error_is_reported_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bad.md"
    front = "reviewed: 2026-13-01\nreviewed_by: [A, B]\nreview_due: soon\n"
    source.write_text(f"---\ntitle: T\nlanguage: en\n{front}---\nText.\n", encoding="utf-8")
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{source}:4: 'reviewed'" in err and f"{source}:5: 'reviewed_by'" in err, err
    assert f"{source}:6: 'review_due'" in err, err


def test_the_model_has_the_review_line_last_in_the_closing_block(built: tuple[Path, int]) -> None:
    folder, _ = built
    article = load_article(folder.parent.parent / "cast.md")
    assert article.closing is not None and article.closing.review is not None
    assert article.closing.review.id == "closing-review"
    assert article.closing.review.text == LINE
    assert article.closing.review.line == 5  # the `reviewed:` line
    ids = [s.id for s in article.closing.sentences()]
    assert ids == [
        "closing-contact",
        "closing-review",
        "closing-sources",
        "closing-source-1",
        "closing-source-2",
    ]
    assert [s.text for s in article.closing.sources] == SOURCES


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "language: en-US\nreviewed: 2026-03-03\nreview_due: 2027-03-03",
            "Reviewed on March 3, 2026; next review March 3, 2027.",
        ),
        ("language: en\nreviewed: 2026-03-03", "Reviewed on 3 March 2026."),
        ("language: en\nreview_due: 2027-03-03", "Next review 3 March 2027."),
        (
            "language: fr\nreviewed: 2026-03-03\nreviewed_by: Dr Lee",
            "Relu par Dr Lee le 3 mars 2026.",
        ),
        (
            "language: de\nreviewed: 2026-03-03\nreviewed_by: Dr Lee\nreview_due: 2027-03-03",
            "Geprüft von Dr Lee am 3. März 2026; nächste Prüfung 3. März 2027.",
        ),
    ],
    ids=["en-US", "no-due", "due-only", "fr", "de"],
)
def test_the_line_is_written_in_the_article_language(
    front: str, expected: str, tmp_path: Path
) -> None:
    source = tmp_path / "a.md"
    source.write_text(f"---\ntitle: T\n{front}\n---\nText.\n", encoding="utf-8")
    article = load_article(source)
    assert article.closing is not None and article.closing.review is not None
    assert article.closing.review.text == expected


def test_every_catalog_translates_the_review_strings() -> None:
    from publish.catalogs import catalog_languages
    from publish.strings import STRINGS, strings_for

    keys = ["review_by_next", "review_by", "review_next", "review_on", "review_due", "sources"]
    for name in catalog_languages():
        if name == "en":
            continue
        words = strings_for(name.replace("_", "-"))
        for key in keys:
            assert words[key] != STRINGS["en"][key] or (name == "fr" and key == "sources"), (
                name,
                key,
            )
            english = STRINGS["en"][key]
            for slot in ("{name}", "{date}", "{due}"):
                assert (slot in words[key]) == (slot in english), (name, key)


def test_the_page_prints_the_line_in_its_closing_block(built: tuple[Path, int]) -> None:
    from lxml import html

    folder, _ = built
    root = html.fromstring((folder / "cast.html").read_bytes())
    block = root.xpath("//*[@id='closing']")[0]
    review = block.xpath(".//p[@class='review']/span[@id='closing-review']")
    assert len(review) == 1 and review[0].text_content() == LINE


def test_the_pdf_prints_the_line_once_as_tagged_text(built: tuple[Path, int]) -> None:
    folder, _ = built
    text = subprocess.run(
        ["pdftotext", str(folder / "cast.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert " ".join(text.split()).count(LINE) == 1
    tags = subprocess.run(
        ["pdfinfo", "-struct-text", str(folder / "cast.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Reviewed by Dr Ann Lee" in tags  # real text in the structure tree, not an artifact


def test_the_epub_prints_the_line_and_names_the_review_in_its_package(
    built: tuple[Path, int],
) -> None:
    from lxml import etree

    folder, _ = built
    with zipfile.ZipFile(folder / "cast.epub") as book:
        content = etree.fromstring(
            book.read(next(n for n in book.namelist() if n.endswith("cast.xhtml")))
        )
        opf = etree.fromstring(book.read(next(n for n in book.namelist() if n.endswith(".opf"))))
    xhtml = "{http://www.w3.org/1999/xhtml}"
    span = next(e for e in content.iter(f"{xhtml}span") if e.get("id") == "closing-review")
    assert "".join(span.itertext()) == LINE
    metas = {m.get("property"): m.text for m in opf.iter("{http://www.idpf.org/2007/opf}meta")}
    assert metas["dcterms:dateAccepted"] == "2026-03-03"
    assert metas["dcterms:valid"] == "2026-03-03/2027-03-03"


def test_epubcheck_and_the_other_checks_accept_the_review(built: tuple[Path, int]) -> None:
    folder, _ = built
    checks = _checks(folder)
    for name in ("epub", "fidelity", "html", "pdf", "daisy"):
        assert checks[name]["status"] in ("pass", "warn", "skip"), (name, checks[name])
    assert checks["epub"]["status"] != "fail"


def test_the_daisy_ncc_names_the_review_and_its_text_has_the_line(built: tuple[Path, int]) -> None:
    from lxml import etree

    folder, _ = built
    daisy = folder / "cast-daisy"
    ncc = etree.fromstring((daisy / "ncc.html").read_bytes())
    metas = {m.get("name"): m.get("content") for m in ncc.iter("{*}meta") if m.get("name")}
    assert metas["prod:reviewed"] == "2026-03-03"
    assert metas["prod:reviewedBy"] == "Dr Ann Lee"
    assert metas["prod:reviewDue"] == "2027-03-03"
    content = (daisy / "content.html").read_text(encoding="utf-8")
    assert 'id="closing-review"' in content and LINE in content
    smils = " ".join(p.read_text(encoding="utf-8") for p in daisy.glob("*.smil"))
    assert "content.html#closing-review" in smils


def test_the_narration_reads_the_line_with_its_dates_in_words(built: tuple[Path, int]) -> None:
    folder, _ = built
    timing = json.loads((folder / "cast.timing.json").read_text(encoding="utf-8"))
    sentence = next(s for s in timing["sentences"] if s["id"] == "closing-review")
    spoken = sentence["spoken"]
    assert "on the third of March, twenty twenty-six" in spoken, spoken
    assert "next review the third of March, twenty twenty-seven" in spoken, spoken
    ids = [s["id"] for s in timing["sentences"]]
    assert ids.index("closing-review") > ids.index("closing-contact")


def test_a_current_review_passes(built: tuple[Path, int]) -> None:
    folder, code = built
    review = _checks(folder)["review"]
    assert review["status"] == "pass", review
    assert review["metrics"]["today"] == "2026-06-01"  # type: ignore[index]
    assert code == 0


def _check(
    tmp_path: Path, front: str, today: str, setting: str = ""
) -> tuple[int, dict[str, object]]:
    source = tmp_path / "h.md"
    source.write_text(f"---\ntitle: T\nlanguage: en\n{front}\n---\n\n{BODY}", encoding="utf-8")
    if setting:
        (tmp_path / "publish.toml").write_text(f"[checks]\n{setting}\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", _epoch(today))
        patch.chdir(tmp_path)
        code = main(["check", str(source), "-f", "html", "--out", str(tmp_path / "out"), "-q"])
    return code, _checks(tmp_path / "out" / "h")["review"]


REVIEWED = "reviewed: 2026-03-03\nreview_due: 2027-03-03"


def test_a_review_due_within_30_days_warns_at_its_line(tmp_path: Path) -> None:
    code, review = _check(tmp_path, REVIEWED, "2027-02-10")
    assert review["status"] == "warn", review
    finding = review["findings"][0]  # type: ignore[index]
    assert finding["line"] == 5 and "2027-03-03" in finding["text"], finding
    assert "in 21 day(s)" in finding["message"]
    assert code == 0


def test_an_overdue_review_fails_the_gate(tmp_path: Path) -> None:
    code, review = _check(tmp_path, REVIEWED, "2027-03-04")
    assert review["status"] == "fail", review
    finding = review["findings"][0]  # type: ignore[index]
    assert finding["line"] == 5 and finding["text"] == "review_due: 2027-03-03", finding
    assert "1 day(s) ago" in finding["message"]
    assert code == 1


def test_the_project_can_make_an_overdue_review_a_warning(tmp_path: Path) -> None:
    code, review = _check(tmp_path, REVIEWED, "2027-04-01", 'review = "warn"')
    assert review["status"] == "warn", review
    assert code == 0


def test_the_front_matter_can_make_an_overdue_review_a_warning(tmp_path: Path) -> None:
    front = REVIEWED + "\nchecks:\n  review: warn\n  review_warn_days: 5"
    code, review = _check(tmp_path, front, "2027-04-01")
    assert review["status"] == "warn" and code == 0, review
    _, soon = _check(tmp_path, front, "2027-02-20")  # 11 days: beyond the 5 asked for
    assert soon["status"] == "pass", soon


def test_a_handout_without_a_review_record_is_skipped_with_the_reason(tmp_path: Path) -> None:
    code, review = _check(tmp_path, "publisher: Northside Clinic", "2027-04-01")
    assert review["status"] == "skip", review
    assert "no review record" in str(review["summary"])
    assert code == 0


def test_a_bad_review_setting_is_an_error_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "h.md"
    front = f"{REVIEWED}\nchecks:\n  review: fail\n"
    source.write_text(f"---\ntitle: T\nlanguage: en\n{front}---\n\n{BODY}", encoding="utf-8")
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{source}:7: " in err and "'review'" in err, err


def test_the_studio_library_shows_each_handout_review_state(tmp_path: Path) -> None:
    from publish.studio.library import Library
    from publish.studio.store import Project

    (tmp_path / "source").mkdir()
    for slug, front in (("late", REVIEWED), ("none", "audience: patients")):
        text = f"---\ntitle: {slug}\nlanguage: en\n{front}\n---\n\n{BODY}"
        (tmp_path / "source" / f"{slug}.md").write_text(text, encoding="utf-8")
    library = Library(Project(tmp_path))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", _epoch("2027-03-10"))
        states = {row.slug: row.review() for row in library.rows()}
        assert states["late"] == (
            "overdue",
            "was due on 2027-03-03, 7 day(s) ago; reviewed on 2026-03-03",
        )
        assert states["none"] == ("none", "no review record")
        patch.setenv("SOURCE_DATE_EPOCH", _epoch("2027-02-20"))  # the same rows, another day
        late = next(row for row in library.rows() if row.slug == "late")
        assert late.review() == (
            "due",
            "next review on 2027-03-03, in 11 day(s); reviewed on 2026-03-03",
        )
        # The library page's Review column, rendered from the studio's own template.
        from types import SimpleNamespace

        from jinja2 import Environment, FileSystemLoader
        from lxml import html

        folder = Path(__file__).resolve().parents[1] / "templates" / "studio"
        env = Environment(loader=FileSystemLoader(folder), autoescape=True)
        request = SimpleNamespace(url=SimpleNamespace(path="/"))
        page = env.get_template("library.html").render(
            rows=library.rows(), csrf="x", request=request, limit_mb=5
        )
    table = html.fromstring(page).xpath("//table[@class='library']")[0]
    headers = [" ".join(th.text_content().split()) for th in table.xpath(".//thead//th")]
    column = headers.index("Review") + 1
    cells = {
        " ".join(row.xpath("string(th/a)").split()): row.xpath(f"string(*[{column}])")
        for row in table.xpath(".//tbody/tr")
    }
    assert cells["late"].startswith("due next review on 2027-03-03"), cells
    assert cells["none"] == "no review record", cells


def test_the_library_card_shows_the_review_date(tmp_path: Path) -> None:
    from lxml import html

    from publish.library import Shelf, site
    from publish.library.entries import Entry
    from publish.settings import BuildOptions

    def entry(slug: str, reviewed: dt.date | None) -> Entry:
        return Entry(
            **dict.fromkeys(("source", "description", "publisher", "license", "captions"), ""),
            slug=slug,
            identifier=f"urn:uuid:{slug}",
            title=slug,
            language="en-US",
            audience="patients",
            grade=6.0,
            authors=(),
            subjects=(),
            modified=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            downloads=(),
            duration_ms=None,
            chapters=(),
            group=slug,
            reviewed=reviewed,
        )

    shelf = Shelf(
        (entry("a", dt.date(2026, 3, 3)), entry("b", None)),
        "Library",
        "https://x.org/",
        "en-US",
        "",
    )
    made = site.files(shelf, BuildOptions(out_dir=tmp_path))
    page = html.fromstring(made["index.html"] or b"")
    first, second = page.xpath("//ul[@class='cards']/li")
    facts = {
        " ".join(d.xpath("string(dt)").split()): d for d in first.xpath(".//dl[@class='facts']/div")
    }
    assert facts["Reviewed"].xpath("string(dd)") == "March 3, 2026"
    assert facts["Reviewed"].xpath("string(dd/time/@datetime)") == "2026-03-03"
    assert "Reviewed" not in second.xpath("string(.//dl[@class='facts'])")


def test_the_sources_end_every_text_format(built: tuple[Path, int]) -> None:
    from lxml import etree, html

    folder, _ = built
    page = html.fromstring((folder / "cast.html").read_bytes())
    block = page.xpath("//*[@id='closing']")[0]
    assert block.xpath("string(.//p[@class='sources-title'])") == "Sources"
    items = block.xpath(".//ol[@class='sources']/li")
    assert [" ".join(li.text_content().split()) for li in items] == SOURCES
    pdf = subprocess.run(
        ["pdftotext", str(folder / "cast.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(pdf.split())
    assert "Sources" in flat and "AAOS. Care of casts and splints. 2020." in flat
    assert flat.index(LINE) < flat.index("AAOS. Care of casts")
    with zipfile.ZipFile(folder / "cast.epub") as book:
        content = etree.fromstring(
            book.read(next(n for n in book.namelist() if n.endswith("cast.xhtml")))
        )
    lists = [
        e for e in content.iter("{http://www.w3.org/1999/xhtml}ol") if e.get("class") == "sources"
    ]
    assert len(lists) == 1 and len(lists[0]) == 2
    daisy = (folder / "cast-daisy" / "content.html").read_text(encoding="utf-8")
    assert 'id="closing-source-2"' in daisy and "AAOS. Care of casts and splints." in daisy
    brf = (folder / "cast.brf").read_text(encoding="ascii", errors="replace")
    assert ",AAOS" in brf, brf[-400:]
    timing = json.loads((folder / "cast.timing.json").read_text(encoding="utf-8"))
    spoken = {s["id"]: s["spoken"] for s in timing["sentences"]}
    assert spoken["closing-sources"] == "Sources"
    assert "two thousand twenty" in spoken["closing-source-2"]
    checks = _checks(folder)
    for name in ("fidelity", "daisy", "braille", "epub", "pdf"):
        assert checks[name]["status"] in ("pass", "warn"), (name, checks[name])
