"""The DAISY 2.02 book is valid against its DTDs (XHTML 1.0 for the NCC and the content,
SMIL 1.0 for the SMIL files), checked offline with xmllint as a library's validator would,
and the daisy check names the file and line of anything a DTD forbids."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SAMPLE, need_command

from publish.checks.dtd import SMIL1, XHTML1, doctype
from publish.cli import main

HANDOUTS = Path(__file__).parent / "fixtures" / "handout"
SOURCES = {
    "sample": SAMPLE,
    "handwashing": HANDOUTS / "handwashing.md",
    "spanish": HANDOUTS / "lavado-de-manos.md",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each source's output folder, with its DAISY book built."""
    need_command("xmllint")
    out = tmp_path_factory.mktemp("daisy")
    for source in SOURCES.values():
        assert main(["build", str(source), "-f", "daisy", "--out", str(out), "-q"]) == 0
    return {name: out / source.stem for name, source in SOURCES.items()}


def daisy_files(folder: Path) -> list[Path]:
    book = folder / f"{folder.name}-daisy"
    return [book / "ncc.html", book / "content.html", *sorted(book.glob("*.smil"))]


def daisy_findings(folder: Path) -> list[dict[str, object]]:
    report = json.loads((folder / "report.json").read_text())
    daisy = next(c for c in report["checks"] if c["name"] == "daisy")
    findings: list[dict[str, object]] = daisy["findings"]
    return findings


@pytest.mark.parametrize("name", list(SOURCES))
def test_the_daisy_files_are_valid_against_their_dtds(built: dict[str, Path], name: str) -> None:
    files = daisy_files(built[name])
    assert len(files) >= 3
    for path in files:
        assert doctype(path) in (SMIL1 if path.suffix == ".smil" else XHTML1), path.name
    done = subprocess.run(
        ["xmllint", "--noout", "--valid", "--nonet", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")


def test_what_a_dtd_forbids_fails_the_daisy_check(built: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "lavado-de-manos"
    shutil.copytree(built["spanish"], folder)
    book = folder / "lavado-de-manos-daisy"
    content = (book / "content.html").read_text()
    # An HTML5 element XHTML 1.0 does not have, at a line we know.
    lines = content.splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if "<p id=" in line)
    lines[at] = lines[at].replace("<p id=", "<aside>x</aside><p id=", 1)
    (book / "content.html").write_text("".join(lines))
    smil = (book / "s0001.smil").read_text()
    (book / "s0001.smil").write_text(
        smil.replace('endsync="last"', 'endsync="last" fill="freeze"', 1)
    )
    source = str(SOURCES["spanish"])
    assert main(["check", source, "-f", "daisy", "--no-build", "--out", str(tmp_path), "-q"]) == 1
    findings = daisy_findings(folder)
    dtd = [f for f in findings if f["code"] == "daisy-dtd"]
    assert {f["file"] for f in dtd} == {
        "lavado-de-manos-daisy/content.html",
        "lavado-de-manos-daisy/s0001.smil",
    }
    aside = next(f for f in dtd if "aside" in str(f["message"]))
    assert aside["line"] == at + 1
    assert str(aside["message"]).startswith(
        f"content.html line {at + 1} breaks the XHTML 1.0 Transitional DTD"
    )
    fill = next(f for f in dtd if f["file"] == "lavado-de-manos-daisy/s0001.smil")
    assert "SMIL 1.0 DTD" in str(fill["message"]) and "fill" in str(fill["message"])
    assert all(f["severity"] == "error" for f in dtd)


def test_a_wrong_doctype_and_a_broken_file_are_findings_not_crashes(
    built: dict[str, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "lavado-de-manos"
    shutil.copytree(built["spanish"], folder)
    book = folder / "lavado-de-manos-daisy"
    smil = (book / "s0002.smil").read_text()
    (book / "s0002.smil").write_text(smil.replace("SMIL 1.0//EN", "SMIL 2.0//EN", 1))
    (book / "s0003.smil").write_text("<?xml version='1.0'?>\n<smil><head></smil>\n")
    source = str(SOURCES["spanish"])
    assert main(["check", source, "-f", "daisy", "--no-build", "--out", str(tmp_path), "-q"]) == 1
    messages = {str(f["message"]) for f in daisy_findings(folder)}
    assert "s0002.smil line 1 declares the DOCTYPE '-//W3C//DTD SMIL 2.0//EN'; DAISY 2.02 " in (
        "\n".join(messages)
    )
    assert any(m.startswith("s0003.smil line 2 is not well-formed XML") for m in messages)


def test_without_xmllint_or_the_dtds_the_check_says_what_to_install(
    built: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = str(SOURCES["spanish"])
    folder = tmp_path / "lavado-de-manos"
    shutil.copytree(built["spanish"], folder)
    command = ["check", source, "-f", "daisy", "--no-build", "--out", str(tmp_path), "-q"]
    monkeypatch.setenv("XML_CATALOG_FILES", str(tmp_path / "no-catalog.xml"))
    assert main(command) == 1
    messages = [str(f["message"]) for f in daisy_findings(folder)]
    assert messages and all("install the Debian package w3c-sgml-lib" in m for m in messages)
    monkeypatch.setenv("PATH", str(tmp_path))  # no xmllint on it
    assert main(command) == 1
    messages = [str(f["message"]) for f in daisy_findings(folder)]
    missing = (
        "validating the DAISY book against its DTDs needs xmllint, which is not installed; "
        "install the Debian package libxml2-utils and w3c-sgml-lib (./run does)"
    )
    assert messages == [missing]
