"""PDF/UA-1 structure, read back with pikepdf: WeasyPrint's PDF/UA flag is not trusted."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from publish.checks import CheckResult, Subject, skipped
from publish.diagnostics import Diagnostic
from publish.model.locator import Locator


def struct_elements(pdf: Any) -> Iterator[Any]:
    import pikepdf

    stack: list[Any] = [pdf.Root.StructTreeRoot.K]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(reversed(list(node)))
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            yield node
            if "/K" in node:
                stack.append(node.K)


def check_pdf(path: Path, language: str, title: str, locate: Locator) -> list[Diagnostic]:
    import pikepdf

    findings: list[Diagnostic] = []

    def fail(message: str, rule: str) -> None:
        findings.append(locate(rule, f"{path.name}: {message}"))

    with pikepdf.open(path) as pdf:
        root = pdf.Root
        if not (root.get("/MarkInfo") and root.MarkInfo.get("/Marked")):
            fail("not marked as tagged (/MarkInfo /Marked)", "pdf-tagged")
        if str(root.get("/Lang", "")) != language:
            fail(f"/Lang is '{root.get('/Lang', '')}', not the article's '{language}'", "pdf-lang")
        meta = pdf.open_metadata()
        if meta.get("dc:title") != title:
            fail("dc:title in the XMP metadata is missing or wrong", "pdf-title")
        prefs = root.get("/ViewerPreferences")
        if not (prefs and prefs.get("/DisplayDocTitle")):
            fail("DisplayDocTitle is not set, so viewers show the file name", "pdf-display-title")
        for page in pdf.pages:
            for font in (page.Resources.get("/Font") or {}).values():
                target = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = target.get("/FontDescriptor")
                if descriptor is None or not any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    fail(f"font {font.get('/BaseFont')} is not embedded", "pdf-fonts")
        if "/StructTreeRoot" not in root:
            fail("has no structure tree", "pdf-structure")
            return findings
        levels = []
        for element in struct_elements(pdf):
            role = str(element.S)[1:]
            if role == "Figure" and not str(element.get("/Alt", "")).strip():
                fail("a figure has no /Alt text", "pdf-alt")
            if re.fullmatch(r"H[1-6]", role):
                levels.append(int(role[1]))
        if not levels or levels[0] != 1:
            fail("the first heading is not H1", "pdf-headings")
        for before, after in itertools.pairwise(levels):
            if after > before + 1:
                fail(f"heading level jumps from H{before} to H{after}", "pdf-headings")
        orphans = _untagged_marked_content(pdf)
        if orphans:
            fail(
                f"{orphans} marked-content sequence(s) are neither tagged nor artifacts",
                "pdf-artifacts",
            )
        for char, pages in missing_glyphs(pdf).items():
            node_id = next((i for i, text in locate.texts.items() if char in text), None)
            shown = ", ".join(str(p) for p in pages)
            findings.append(
                locate(
                    "pdf-missing-glyph",
                    f"{path.name}: no installed font has '{char}' (U+{ord(char):04X}), so page "
                    f"{shown} prints an empty box instead; install a font that covers it "
                    "(Debian fonts-noto-core and fonts-noto-cjk cover most scripts), or mark "
                    "the text's language: [text]{lang=xx}",
                    node_id=node_id,
                )
            )
    return findings


_CIDCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s+(\d+)")
_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")


def missing_glyphs(pdf: Any) -> dict[str, list[int]]:
    """Characters drawn with .notdef (the empty box), and the pages that show them.

    A composite font maps each character code to a glyph through its /Encoding CMap; a code
    mapped to CID 0 is drawn with .notdef, which is how WeasyPrint writes a character that
    no font has. Its /ToUnicode entry says which character that was."""
    import pikepdf

    missing: dict[str, list[int]] = {}
    for number, page in enumerate(pdf.pages, start=1):
        fonts = page.Resources.get("/Font") or {}
        codes_here: dict[bytes, str] = {}
        for font in fonts.values():
            encoding = font.get("/Encoding")
            if not isinstance(encoding, pikepdf.Stream):
                continue
            notdef = {
                int(code, 16).to_bytes(2, "big")
                for code, cid in _CIDCHAR.findall(encoding.read_bytes())
                if int(cid) == 0 and int(code, 16) != 0
            }
            if not notdef or "/ToUnicode" not in font:
                continue
            unicode = {
                int(code, 16).to_bytes(2, "big"): bytes.fromhex(text.decode()).decode("utf-16-be")
                for code, text in _BFCHAR.findall(font.ToUnicode.read_bytes())
            }
            codes_here.update({code: unicode.get(code, "\ufffd") for code in notdef})
        if not codes_here:
            continue
        shown = _shown_codes(page)
        for code, char in codes_here.items():
            if code in shown and number not in missing.setdefault(char, []):
                missing[char].append(number)
    return {char: pages for char, pages in missing.items() if pages}


def _shown_codes(page: Any) -> set[bytes]:
    """Every two-byte code a page's text operators show."""
    import pikepdf

    shown: set[bytes] = set()
    for instruction in pikepdf.parse_content_stream(page, "Tj TJ ' \""):
        for operand in getattr(instruction, "operands", ()):
            items = operand if isinstance(operand, pikepdf.Array) else [operand]
            for item in items:
                if isinstance(item, pikepdf.String):
                    data = bytes(item)
                    shown.update(data[i : i + 2] for i in range(0, len(data) - 1, 2))
    return shown


def _untagged_marked_content(pdf: Any) -> int:
    import pikepdf

    from publish.render.pdf_tags import reachable_mcids

    reachable = reachable_mcids(pdf)
    count = 0
    for page in pdf.pages:
        keep = reachable.get(page.obj.objgen[0], set())
        for instruction in pikepdf.parse_content_stream(page, "BDC"):
            props = instruction.operands[1] if len(instruction.operands) > 1 else None
            if (
                isinstance(props, pikepdf.Dictionary)
                and "/MCID" in props
                and int(props.MCID) not in keep
            ):
                count += 1
    return count


def pdf_check(paths: list[Path], language: str, title: str, locate: Locator) -> CheckResult:
    findings = [f for path in paths for f in check_pdf(path, language, title, locate)]
    return CheckResult.from_findings(
        "pdf",
        "PDF (PDF/UA-1 structure)",
        findings,
        f"{len(paths)} PDF(s): tagged, /Lang, title, fonts embedded, alt text, headings, artifacts",
        {"files": [p.name for p in paths]},
    )


class PdfCheck:
    name = "pdf"
    title = "PDF (PDF/UA-1 structure)"
    quick = False

    def run(self, subject: Subject) -> CheckResult:
        paths = [
            subject.folder / name
            for name in subject.names.pdfs()
            if (subject.folder / name).is_file()
        ]
        if not paths:
            return skipped(self.name, self.title, "no PDF was built")
        meta = subject.article.metadata
        return pdf_check(paths, meta.language, meta.title, subject.locate)
