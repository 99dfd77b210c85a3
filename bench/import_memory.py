"""Benchmark: peak memory of `publish import` on a zip bomb that lies about its size, against
an honest handout, side by side in one run.

    python bench/import_memory.py [--inflate MB]

Writes a .docx of about 3 MB whose word/document.xml inflates to 1 GB (--inflate), with its
zip headers (local and central) patched to claim 4 KB, and a small honest one. Imports each
with `python -m publish import` and samples the Pss of the whole process tree every 10 ms.
Prints the peak of each and its ratio to the goal (<= 150 MB for the bomb).
"""

from __future__ import annotations

import argparse
import os
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree as ET

GOAL_MB = 150
CLAIMED = 4096  # what the lying headers say the bomb's document unpacks to
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
STEPS = [
    "Wet your hands with clean, running water.",
    "Lather your hands by rubbing them together with the soap.",
    "Scrub your hands for at least 20 seconds.",
    "Rinse your hands well under clean, running water.",
    "Dry your hands using a clean towel or an air dryer.",
]


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _paragraph(text: str) -> ET.Element:
    paragraph = ET.Element(f"{{{W}}}p")
    run = ET.SubElement(paragraph, f"{{{W}}}r")
    ET.SubElement(run, f"{{{W}}}t").text = text
    return paragraph


def document_xml(texts: list[str]) -> bytes:
    ET.register_namespace("w", W)
    document = ET.Element(f"{{{W}}}document")
    body = ET.SubElement(document, f"{{{W}}}body")
    body.extend(_paragraph(t) for t in texts)
    return _xml(document)


def _package_parts() -> dict[str, bytes]:
    """[Content_Types].xml and _rels/.rels of a minimal Word document."""
    ET.register_namespace("", TYPES)
    types = ET.Element(f"{{{TYPES}}}Types")
    for extension, kind in (
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
    ):
        ET.SubElement(types, f"{{{TYPES}}}Default", Extension=extension, ContentType=kind)
    ET.SubElement(
        types, f"{{{TYPES}}}Override", PartName="/word/document.xml", ContentType=DOCUMENT_TYPE
    )
    ET.register_namespace("", PACKAGE_REL)
    rels = ET.Element(f"{{{PACKAGE_REL}}}Relationships")
    ET.SubElement(
        rels,
        f"{{{PACKAGE_REL}}}Relationship",
        Id="rId1",
        Type=OFFICE_DOCUMENT,
        Target="word/document.xml",
    )
    return {"[Content_Types].xml": _xml(types), "_rels/.rels": _xml(rels)}


def honest_docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _package_parts().items():
            archive.writestr(name, data)
        archive.writestr("word/document.xml", document_xml(STEPS * 20))
    return path


def write_part(
    archive: zipfile.ZipFile,
    name: str,
    size: int,
    body: bytes,
    head: bytes = b"",
    tail: bytes = b"",
) -> None:
    """A deflated part of exactly `size` bytes: `head`, `body` again and again, spaces to
    fill, then `tail`; written a block at a time, so it is never in memory whole."""
    block = body * max(1, (1024 * 1024) // len(body))
    entry = zipfile.ZipInfo(name)
    entry.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(entry, "w") as part:
        part.write(head)
        left = size - len(head) - len(tail)
        while left >= len(block):
            part.write(block)
            left -= len(block)
        part.write(b" " * left)
        part.write(tail)


def understate(path: Path, name: str, claimed: int, crc: int | None = None) -> None:
    """Patch the uncompressed size of member `name` to `claimed` (and its CRC-32 to `crc`)
    in its local header and in the central directory, as a zip bomb does to get past checks
    that trust headers."""
    with zipfile.ZipFile(path) as archive:
        entry = archive.getinfo(name)
    with path.open("r+b") as handle:
        _patch(handle, entry.header_offset + 14, claimed, crc)  # local header
        handle.seek(-22, os.SEEK_END)  # end of central directory (no archive comment)
        count, _, start = struct.unpack("<HII", handle.read(22)[10:20])
        handle.seek(start)
        for _ in range(count):
            header = handle.read(46)
            lengths = struct.unpack("<HHH", header[28:34])
            if handle.read(lengths[0]).decode("utf-8") == name:
                _patch(handle, handle.tell() - lengths[0] - 46 + 16, claimed, crc)
                return
            handle.seek(lengths[1] + lengths[2], os.SEEK_CUR)
    raise LookupError(f"{name} is not in the central directory of {path}")


def _patch(handle: BinaryIO, at: int, size: int, crc: int | None) -> None:
    """At `at`: CRC-32, compressed size, uncompressed size; the last (and the first) replaced."""
    if crc is not None:
        handle.seek(at)
        handle.write(struct.pack("<I", crc))
    handle.seek(at + 8)
    handle.write(struct.pack("<I", size))


def bomb_docx(path: Path, inflated: int) -> Path:
    """About 3 MB for 1 GB: a word/document.xml of `inflated` bytes of paragraphs, each
    followed by a run of spaces (1,000, which makes 1 GB pack into about 2.8 MB), whose
    headers claim CLAIMED."""
    head, _, tail = document_xml(STEPS[:1]).partition(b"</w:body>")
    paragraph = ET.tostring(_paragraph(STEPS[2]), encoding="utf-8") + b" " * 1000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _package_parts().items():
            archive.writestr(name, data)
        write_part(archive, "word/document.xml", inflated, paragraph, head, b"</w:body>" + tail)
    understate(path, "word/document.xml", CLAIMED)
    return path


def peak_pss_mb(docx: Path, out: Path) -> tuple[float, int, str]:
    """The peak Pss of `publish import` and its children while it runs, its exit code and
    the first line it wrote."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from batch import tree_rss_mb  # the Pss of a process tree, from /proc/PID/smaps_rollup

    command = [sys.executable, "-m", "publish", "import", str(docx), "--out", str(out)]
    with tempfile.TemporaryFile() as said:
        process = subprocess.Popen(command, stdout=said, stderr=said, cwd=out.parent)
        peak = 0.0
        while process.poll() is None:
            peak = max(peak, tree_rss_mb(process.pid))
            time.sleep(0.01)
        said.seek(0)
        lines = said.read().decode("utf-8", "replace").strip().splitlines()
    return peak, process.returncode, lines[0] if lines else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inflate", type=int, default=1024, help="MB the bomb inflates to")
    args = parser.parse_args()
    if not 1 <= args.inflate < 4096:
        parser.error("--inflate takes 1 to 4095 MB (the lying size field has 32 bits)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        honest = honest_docx(folder / "honest.docx")
        bomb = bomb_docx(folder / "bomb.docx", args.inflate * 1024 * 1024)
        rows = []
        for docx in (honest, bomb):
            with zipfile.ZipFile(docx) as archive:
                claimed = sum(e.file_size for e in archive.infolist())
            out = folder / f"out-{docx.stem}"
            peak, code, last = peak_pss_mb(docx, out)
            written = sorted(p.name for p in out.glob("*")) or "nothing"
            rows.append((docx.name, docx.stat().st_size, claimed, peak, code, last, written))
    print("Peak memory (Pss) of `publish import`, the whole process tree, sampled every 10 ms")
    for name, size, claimed, peak, code, last, written in rows:
        print(
            f"  {name:12} {size:>10,} bytes, headers claim {claimed:>10,} unpacked: "
            f"peak {peak:6.1f} MB = {peak / GOAL_MB:.2f} x the {GOAL_MB} MB goal; "
            f"exit {code}, wrote {written}"
        )
        print(f"      {last}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
