"""Metadata says only what is true: no certifier nobody named, no "Unknown" author or
publisher, and every date from the front matter, SOURCE_DATE_EPOCH or (where a format
requires a date) the source file's modification time, never the clock."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import need_command

from publish.cli import main

FORMATS = "html,pdf,epub,audio,m4b,daisy"
BODY = "Wash your hands. Use soap for twenty seconds.\n\n## When\n\nBefore you eat.\n"
# A time long before any test run: a date taken from the clock could not equal it.
MODIFIED = dt.datetime(2025, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
DATED = (
    "date: 2024-02-03\nauthors: [Ann Lee]\npublisher: Northside Clinic\n"
    "certified_by:\n  name: Accessible Books Inc\n  credential: DAISY Ace Certified\n"
    "  report: https://example.org/report\n"
)
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """An undated source with no author or publisher, and one that gives all three, built in
    every format with no SOURCE_DATE_EPOCH."""
    need_command("ffprobe")
    out = tmp_path_factory.mktemp("truth")
    folders = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        for name, extra in (("undated", ""), ("dated", DATED)):
            source = out / f"{name}.md"
            source.write_text(f"---\ntitle: Hand washing\nlanguage: en\n{extra}---\n{BODY}")
            os.utime(source, (MODIFIED.timestamp(), MODIFIED.timestamp()))
            assert main(["build", str(source), "-f", FORMATS, "--out", str(out), "-q"]) == 0
            folders[name] = out / name
        yield folders


def opf(folder: Path) -> ET.Element:
    with zipfile.ZipFile(folder / f"{folder.name}.epub") as book:
        return ET.fromstring(book.read("EPUB/content.opf"))


def properties(root: ET.Element, name: str) -> list[str]:
    return [m.text or "" for m in root.iter(f"{OPF}meta") if m.get("property") == name]


def ncc(folder: Path) -> dict[str, str]:
    root = ET.parse(folder / f"{folder.name}-daisy" / "ncc.html").getroot()
    return {m.get("name", ""): m.get("content", "") for m in root.iter(f"{XHTML}meta")}


def m4b_creation_time(path: Path) -> str:
    """The MP4's creation time, as ffprobe reads it from the movie header."""
    command = ["ffprobe", "-v", "error", "-show_entries", "format_tags=creation_time"]
    done = subprocess.run(
        [*command, "-of", "csv=p=0", str(path)], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def pdf_dates(path: Path) -> dict[str, str]:
    import pikepdf

    with pikepdf.open(path) as pdf:
        found = {k: str(v) for k, v in pdf.docinfo.items() if "Date" in k}
        with pdf.open_metadata() as xmp:
            found |= {k: str(v) for k, v in xmp.items() if "Date" in k}
    return found


def test_no_certifier_unless_the_front_matter_names_one(built: dict[str, Path]) -> None:
    assert properties(opf(built["undated"]), "a11y:certifiedBy") == []
    root = opf(built["dated"])
    certifier = next(m for m in root.iter(f"{OPF}meta") if m.get("property") == "a11y:certifiedBy")
    assert certifier.text == "Accessible Books Inc"
    refines = f"#{certifier.get('id')}"
    credential = [m for m in root.iter(f"{OPF}meta") if m.get("refines") == refines]
    assert [(m.get("property"), m.text) for m in credential] == [
        ("a11y:certifierCredential", "DAISY Ace Certified")
    ]
    report = [(e.get("rel"), e.get("href")) for e in root.iter(f"{OPF}link")]
    assert ("a11y:certifierReport", "https://example.org/report") in report


def test_no_unknown_author_or_publisher_in_any_format(built: dict[str, Path]) -> None:
    from mutagen.id3 import ID3
    from mutagen.mp4 import MP4

    folder = built["undated"]
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert {p.suffix for p in files} >= {".html", ".pdf", ".epub", ".mp3", ".m4b", ".zip", ".smil"}
    for path in files:
        data = [path.read_bytes()]
        if path.suffix in (".epub", ".zip"):
            with zipfile.ZipFile(path) as archive:
                data += [archive.read(n) for n in archive.namelist()]
        assert not any(b"Unknown" in d for d in data), path.name
    metas = ncc(folder)
    assert "dc:creator" not in metas and "dc:publisher" not in metas
    root = opf(folder)
    assert root.find(f".//{DC}creator") is None and root.find(f".//{DC}publisher") is None
    assert not {"TPE1", "TPUB"} & set(ID3(folder / "undated.mp3").keys())
    tags = MP4(folder / "undated.m4b").tags
    assert tags is not None and not {"\xa9ART", "aART", "\xa9pub"} & set(tags.keys())


def test_an_undated_source_is_stamped_with_when_it_changed_not_the_clock(
    built: dict[str, Path],
) -> None:
    from mutagen.id3 import ID3
    from mutagen.mp4 import MP4

    folder = built["undated"]
    # Required dates: the source file's modification time.
    assert properties(opf(folder), "dcterms:modified") == ["2025-03-04T05:06:07Z"]
    assert ncc(folder)["dc:date"] == "2025-03-04"
    assert m4b_creation_time(folder / "undated.m4b").startswith("2025-03-04T05:06:07")
    for archive in (folder / "undated.epub", folder / "undated-daisy.zip"):
        with zipfile.ZipFile(archive) as z:
            assert {i.date_time[:3] for i in z.infolist()} == {(2025, 3, 4)}
    # Optional dates: left out.
    assert pdf_dates(folder / "undated.pdf") == {}
    assert "TDRC" not in ID3(folder / "undated.mp3")
    tags = MP4(folder / "undated.m4b").tags
    assert tags is not None and "\xa9day" not in tags
    page = (folder / "undated.html").read_text()
    assert "dcterms.date" not in page and "<time" not in page
    assert dt.date.today().isoformat() not in page


def test_each_format_gives_the_front_matters_date(built: dict[str, Path]) -> None:
    from mutagen.id3 import ID3
    from mutagen.mp4 import MP4

    folder = built["dated"]
    root = opf(folder)
    assert root.findtext(f".//{DC}date") == "2024-02-03"
    assert properties(root, "dcterms:modified") == ["2024-02-03T00:00:00Z"]
    assert ncc(folder)["dc:date"] == "2024-02-03"
    assert str(ID3(folder / "dated.mp3")["TDRC"]) == "2024-02-03"
    tags = MP4(folder / "dated.m4b").tags
    assert tags is not None and tags["\xa9day"] == ["2024-02-03"]
    assert m4b_creation_time(folder / "dated.m4b").startswith("2024-02-03T00:00:00")
    dates = pdf_dates(folder / "dated.pdf")
    assert dates and all(
        v.removeprefix("D:").replace("-", "")[:8] == "20240203" for v in dates.values()
    )
    assert (
        '<meta name="dcterms.date" content="2024-02-03" />' in (folder / "dated.html").read_text()
    )


def test_a_bad_certifier_is_reported_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bad.md"
    source.write_text(
        "---\ntitle: T\nlanguage: en\ncertified_by: {name: A, report: not-a-url}\n---\nText.\n"
    )
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{source}:4: 'certified_by' 'report' must be an http or https URL" in err
    assert "Traceback" not in err


def test_the_daisy_check_asks_for_the_publisher_it_needs(built: dict[str, Path]) -> None:
    import json

    folder = built["undated"]
    source = folder.parent / "undated.md"
    main(["check", str(source), "-f", "daisy", "--no-build", "--out", str(folder.parent), "-q"])
    report = json.loads((folder / "report.json").read_text())
    daisy = next(c for c in report["checks"] if c["name"] == "daisy")
    assert daisy["status"] == "warn"
    advice = (
        "ncc.html has no dc:publisher, which DAISY 2.02 requires (who publishes the talking "
        "book); add 'publisher: ...' to the front matter"
    )
    assert [f["message"] for f in daisy["findings"]] == [advice]
