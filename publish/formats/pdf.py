"""Tagged PDF handouts (PDF/UA-1) with WeasyPrint: standard, large-print and press editions."""

from __future__ import annotations

import base64
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from publish.errors import EngineError
from publish.formats.base import RenderContext
from publish.formats.html import page_context
from publish.formats.pdf_fixups import fix_tags
from publish.model.nodes import Article
from publish.templates import environment

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Edition:
    name: str
    body_pt: float  # paragraphs, lists, tables
    small_pt: float  # footnotes, captions, glossary
    margin_pt: float  # running header and footer
    line_height: float
    large_print: bool


EDITIONS = {
    "standard": Edition("standard", 12.5, 12, 10, 1.45, False),
    # UKAAF and APH: every word at least 18 pt, 1.5 line spacing, ragged right, no italics.
    "large-print": Edition("large-print", 18, 18, 18, 1.5, True),
}
PAPERS = {"a4": "A4", "letter": "letter"}
FONT_FAMILY = "Atkinson Hyperlegible"


def font_faces() -> list[dict[str, Any]]:
    """Atkinson Hyperlegible (OFL-1.1), installed from PyPI, designed for low-vision readers."""
    try:
        import fontpkg_atkinson_hyperlegible as package
    except ImportError:  # pragma: no cover - a dependency of the project
        raise EngineError("the font package 'fontpkg-atkinson-hyperlegible' is not installed; "
                          "run: pip install fontpkg-atkinson-hyperlegible") from None
    files = Path(package.ROOT) / "files"
    faces = []
    for weight, style, name in ((400, "normal", "Regular"), (700, "normal", "Bold"),
                                (400, "italic", "Italic"), (700, "italic", "BoldItalic")):
        path = files / f"AtkinsonHyperlegible-{name}.ttf"
        if path.is_file():
            faces.append({"url": path.as_uri(), "weight": weight, "style": style, "path": path})
    if not faces:
        raise EngineError(f"no Atkinson Hyperlegible fonts in {files}; reinstall "
                          "fontpkg-atkinson-hyperlegible")
    return faces


def _fetcher(allowed: list[Path]) -> Any:
    """A WeasyPrint fetcher that reads only the fonts and data URLs the build itself made."""
    from weasyprint import URLFetcher

    roots = [p.resolve() for p in allowed]

    class SandboxFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(root) for root in roots):
                    return super().fetch(url, headers)
            raise ValueError(f"publish does not fetch {url[:80]}")

    return SandboxFetcher(allowed_protocols=["data", "file"])


def qr_data_url(url: str) -> str:
    import segno

    svg = segno.make(url, error="m").svg_inline(scale=4, omitsize=False)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


class PdfWriter:
    name = "pdf"

    def __init__(self, context: RenderContext) -> None:
        self.context = context
        self.env = environment(context.templates)
        self.faces = font_faces()

    def editions(self, article: Article) -> list[str]:
        return list(self.context.editions or (article.metadata.edition,))

    def file_name(self, article: Article, edition: str) -> str:
        suffix = "" if edition == "standard" else f"-{edition}"
        if self.context.press:
            suffix += "-press"
        return f"{article.slug}{suffix}.pdf"

    def render_html(self, article: Article, edition: str) -> str:
        meta = article.metadata
        spec = EDITIONS[edition]
        variables = page_context(article, self.context.limits)
        strings = variables["strings"]
        footer = " · ".join(x for x in (meta.publisher, variables["long_date"]) if x)
        variables.update(
            edition=edition,
            body_pt=spec.body_pt,
            small_pt=spec.small_pt,
            margin_pt=spec.margin_pt,
            line_height=spec.line_height,
            large_print=spec.large_print,
            paper=PAPERS[self.context.paper or meta.paper],
            press=self.context.press,
            fonts=self.faces,
            font_family=FONT_FAMILY,
            footer_text=footer,
            qr_svg=qr_data_url(meta.url) if meta.url else "",
            strings=strings,
            # Print readers cannot follow links; and WeasyPrint 70 cuts a word inside an inline
            # link that straddles a page break ("complete r|emission"), so terms stay plain text.
            glossary_href=None,
        )
        return self.env.get_template("pdf/article.html").render(variables)

    def layout(self, article: Article, edition: str) -> Any:
        """The laid-out WeasyPrint document, before it is written as PDF.

        Laid out once per build: the PDF writer and the EPUB's page list share it."""
        key = f"pdf-layout:{article.slug}:{edition}"
        if key not in self.context.shared:
            self.context.shared[key] = self._layout(article, edition)
        return self.context.shared[key]

    def _layout(self, article: Article, edition: str) -> Any:
        from weasyprint import HTML
        from weasyprint.text.fonts import FontConfiguration

        html = self.render_html(article, edition)
        fetcher = _fetcher([face["path"].parent for face in self.faces])
        options = {"pdf_variant": "pdf/ua-1"}
        document = HTML(string=html, base_url=None, url_fetcher=fetcher).render(
            font_config=FontConfiguration(), **options)
        document.publish_identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
        return document

    def render(self, article: Article, edition: str) -> bytes:
        document = self.layout(article, edition)
        pdf = document.write_pdf(pdf_variant="pdf/ua-1",
                                 pdf_identifier=document.publish_identifier)
        assert isinstance(pdf, bytes)
        return fix_tags(pdf)

    def page_starts(self, article: Article, edition: str = "standard") -> dict[str, int]:
        """Node ID -> printed page number, for the first sentence (or glossary entry) on each page."""
        document = self.layout(article, edition)
        page_of: dict[str, int] = {}
        for number, page in enumerate(document.pages, start=1):
            for anchor in page.anchors:
                page_of.setdefault(anchor, number)
        starts: dict[str, int] = {}
        seen_pages: set[int] = set()
        candidates = [s.id for s in article.sentences()] + [g.id for g in article.glossary]
        for node_id in candidates:
            page = page_of.get(node_id)
            if page is not None and page not in seen_pages:
                seen_pages.add(page)
                starts[node_id] = page
        return starts

    def write(self, article: Article, staging: Path) -> list[Path]:
        written = []
        for edition in self.editions(article):
            target = staging / self.file_name(article, edition)
            target.write_bytes(self.render(article, edition))
            written.append(target)
        return written
