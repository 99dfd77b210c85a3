"""Print layout with WeasyPrint: the page templates laid out as a standard or large-print edition.

The layout is a build product: made once per article and edition, then read by the PDF
writer (which writes it as tagged PDF) and by the e-book's page list.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment

from publish.diagnostics import Diagnostic, warning
from publish.editions import EDITIONS, PAPER_HEIGHT_MM, PAPER_WIDTH_MM, PAPERS
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


@dataclass(frozen=True)
class Tightness:
    """How much room a page gives up, one step of fitting a handout to its `fit` pages."""

    image_share: float  # a picture's largest height, as a share of the text area's
    spacing: float  # space between blocks, as a share of the normal
    margin_mm: float  # the side margins (top and bottom follow)
    body_pt: float | None = None  # None: the edition's size


# The normal page first; then smaller pictures, tighter spacing and margins, and at last
# 12 pt type, the least a patient handout may use. No step goes below legible.
FIT_STEPS = (
    Tightness(1 / 3, 1.0, 20.0),
    Tightness(1 / 4, 0.8, 16.0),
    Tightness(1 / 5, 0.65, 13.0),
    Tightness(1 / 6, 0.5, 12.0, 12.0),
)


def print_html(
    article: Article,
    edition: str,
    options: BuildOptions,
    env: Environment,
    tight: Tightness = FIT_STEPS[0],
) -> str:
    """The print edition's HTML, before layout."""
    meta = article.metadata
    spec = EDITIONS[edition]
    variables = page_context(article, options.limits, options.brand)
    paper = options.paper_for(meta)
    margins = {  # top, right, bottom, left, in mm
        "top": tight.margin_mm + 2,
        "side": tight.margin_mm,
        "bottom": tight.margin_mm + 4,
    }
    footer = running_footer(article, variables["long_date"], options.brand.name)
    if article.closing is not None:  # room for the contact and footer lines at the foot
        margins["bottom"] += footer_room_mm(footer, spec.margin_pt, margins["side"])
    text_height = PAPER_HEIGHT_MM[paper] - margins["top"] - margins["bottom"]
    variables.update(
        edition=edition,
        body_pt=tight.body_pt if tight.body_pt and not spec.large_print else spec.body_pt,
        small_pt=spec.small_pt,
        margin_pt=spec.margin_pt,
        line_height=spec.line_height,
        large_print=spec.large_print,
        paper=PAPERS[paper],
        margins=margins,
        spacing=tight.spacing,
        image_max_mm=round(text_height * tight.image_share, 1),
        press=options.press,
        fonts=font_faces(),
        font_family=FONT_FAMILY,
        footer_text=footer,
        footer_share=FOOTER_SHARE,
        qr_svg=qr_data_url(meta.url) if meta.url else "",
        # Print readers cannot follow links; and WeasyPrint 70 cuts a word inside an inline
        # link that straddles a page break ("complete r|emission"), so terms stay plain text.
        glossary_href=None,
        # WeasyPrint 70 ignores <ol start>: each list that starts elsewhere than 1 gets a
        # counter-reset of its own, so step 4 prints as 4; and its letters or Roman numerals
        # are said in CSS, not left to the type attribute's case.
        lists=numbered_lists(article),
    )
    return env.get_template("pdf/article.html").render(variables)


LIST_STYLE_TYPES = {
    "1": "decimal",
    "a": "lower-alpha",
    "A": "upper-alpha",
    "i": "lower-roman",
    "I": "upper-roman",
}


def numbered_lists(article: Article) -> dict[str, tuple[int, str]]:
    """Each ordered list's ID, start and CSS list-style-type, for the lists that do not
    count 1, 2, 3."""
    from publish.model.nodes import ListBlock
    from publish.model.walk import walk

    return {
        step.node.id: (step.node.start, LIST_STYLE_TYPES[step.node.style])
        for step in walk(article)
        if isinstance(step.node, ListBlock)
        and step.node.ordered
        and (step.node.start != 1 or step.node.style != "1")
    }


def layout(
    article: Article,
    edition: str,
    options: BuildOptions,
    env: Environment,
    warnings: list[Diagnostic] | None = None,
) -> Any:
    """The laid-out WeasyPrint document, before it is written as PDF.

    With `fit: N` in the front matter, the standard edition is laid out again, each time a
    step tighter (FIT_STEPS), until it fits on N pages; if even the tightest legible step
    does not, the build warns with what to cut. The large-print edition is never tightened."""
    meta = article.metadata
    steps = FIT_STEPS if meta.fit and edition == "standard" else FIT_STEPS[:1]
    for tight in steps:
        document = _render(print_html(article, edition, options, env, tight))
        if not meta.fit or len(document.pages) <= meta.fit:
            return document
    if warnings is not None and edition == "standard":
        pages = len(document.pages)
        warnings.append(
            warning(
                "fit",
                f"the handout needs {pages} pages even with smaller pictures, tighter spacing "
                f"and 12 pt type, not the {meta.fit} that 'fit' asks for; cut about "
                f"{100 - 100 * meta.fit // pages}% of the text, or raise 'fit'",
                article.source,
                1,
            )
        )
    return document


FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
# faces -> (font configuration, the process that made it); forked workers inherit the fork
# server's, warmed there, and use them but never remove their folders.
_font_configs: dict[tuple[str, ...], tuple[Any, int]] = {}
_kept: list[Any] = []  # inherited configurations dropped here, kept so their folders stay


def _font_config(faces: tuple[str, ...]) -> Any:
    """One font configuration for every document that declares the same @font-face rules.

    A new one per document leaks about 0.3 MB in Pango's font maps, so a worker building
    a library grew without end. Sharing one is safe: the font set it holds (the system's
    fonts and these faces) is what a fresh one would hold. Its folder of copied faces is
    removed when the process that made it ends."""
    if faces not in _font_configs:
        from weasyprint.text.fonts import FontConfiguration

        if not any(owner == os.getpid() for _, owner in _font_configs.values()):
            import atexit
            from multiprocessing import util

            atexit.register(_forget_font_configs)
            util.Finalize(None, _forget_font_configs, exitpriority=10)  # pool workers
        while len(_font_configs) >= 4:
            config, owner = _font_configs.pop(next(iter(_font_configs)))
            if owner != os.getpid():
                _kept.append(config)
        _font_configs[faces] = (FontConfiguration(), os.getpid())
    return _font_configs[faces][0]


def _forget_font_configs() -> None:
    import shutil

    for faces, (config, owner) in list(_font_configs.items()):
        if owner == os.getpid():
            if config._folder:
                shutil.rmtree(config._folder, ignore_errors=True)
            config._folder = None
            del _font_configs[faces]


def _render(html: str) -> Any:
    from weasyprint import HTML

    fetcher = _fetcher([face["path"].parent for face in font_faces()])
    config = _font_config(tuple(FONT_FACE.findall(html)))
    document = HTML(string=html, base_url=None, url_fetcher=fetcher).render(
        font_config=config, pdf_variant="pdf/ua-1"
    )
    document.publish_identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    return document


def running_footer(article: Article, long_date: str, brand_name: str = "") -> str:
    """The text at the foot of every page: the publisher (else the brand's name) and the date;
    with a closing block, its contact on a line of its own above its footer line, publisher
    and date (a repeat, which the PDF marks as a pagination artifact: the block itself ends
    the text)."""
    closing = article.closing
    meta = article.metadata
    owner = meta.publisher or brand_name
    parts = (closing.footer.text if closing and closing.footer else "", owner, long_date)
    footer = " · ".join(x for x in parts if x)
    if closing is None or closing.contact is None:
        return footer
    return "\n".join(x for x in (closing.contact.text, footer) if x)


PT_MM = 25.4 / 72
FOOTER_SHARE = 0.75  # of the text width, the running footer's box (the page number the rest)


def footer_room_mm(footer: str, margin_pt: float, side_mm: float) -> float:
    """The bottom margin a running footer of several lines needs beyond the usual one line:
    a line for each of its lines and for each time one wraps in its box (FOOTER_SHARE of the
    narrowest paper's text width, a character being about half as wide as it is high)."""
    box_mm = (min(PAPER_WIDTH_MM.values()) - 2 * side_mm) * FOOTER_SHARE
    per_line = max(1, int(box_mm / (margin_pt * 0.5 * PT_MM)))
    lines = sum(-(-len(line) // per_line) for line in footer.split("\n"))
    return round((lines - 1) * margin_pt * 1.25 * PT_MM, 1)


def page_starts(article: Article, document: Any) -> dict[str, int]:
    """Node ID -> printed page number, for the first sentence (or glossary entry) on each page.
    The closing block, last in the PDF but read before the glossary, starts none (like the QR
    code): a page it starts would be out of order in the braille and the DAISY book."""
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
