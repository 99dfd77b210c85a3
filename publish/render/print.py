"""Print layout with WeasyPrint: the page templates laid out as a standard or large-print edition.

The layout is a build product: made once per article and edition, then read by the PDF
writer (which writes it as tagged PDF) and by the e-book's page list.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment

from publish.editions import EDITIONS, PAPERS
from publish.model.nodes import Article
from publish.render.fonts import FONT_FAMILY, font_faces
from publish.render.page import page_context
from publish.settings import BuildOptions


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


def print_html(article: Article, edition: str, options: BuildOptions, env: Environment) -> str:
    """The print edition's HTML, before layout."""
    meta = article.metadata
    spec = EDITIONS[edition]
    variables = page_context(article, options.limits)
    footer = " · ".join(x for x in (meta.publisher, variables["long_date"]) if x)
    variables.update(
        edition=edition,
        body_pt=spec.body_pt,
        small_pt=spec.small_pt,
        margin_pt=spec.margin_pt,
        line_height=spec.line_height,
        large_print=spec.large_print,
        paper=PAPERS[options.paper or meta.paper],
        press=options.press,
        fonts=font_faces(),
        font_family=FONT_FAMILY,
        footer_text=footer,
        qr_svg=qr_data_url(meta.url) if meta.url else "",
        # Print readers cannot follow links; and WeasyPrint 70 cuts a word inside an inline
        # link that straddles a page break ("complete r|emission"), so terms stay plain text.
        glossary_href=None,
    )
    return env.get_template("pdf/article.html").render(variables)


def layout(article: Article, edition: str, options: BuildOptions, env: Environment) -> Any:
    """The laid-out WeasyPrint document, before it is written as PDF."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = print_html(article, edition, options, env)
    fetcher = _fetcher([face["path"].parent for face in font_faces()])
    document = HTML(string=html, base_url=None, url_fetcher=fetcher).render(
        font_config=FontConfiguration(), pdf_variant="pdf/ua-1"
    )
    document.publish_identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    return document


def page_starts(article: Article, document: Any) -> dict[str, int]:
    """Node ID -> printed page number, for the first sentence (or glossary entry) on each page."""
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
