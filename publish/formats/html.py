"""The standalone HTML page: semantic, inline CSS, no script but the read-along player's."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

from jinja2 import Environment

from publish.assets import cover_suffix
from publish.formats.base import Link
from publish.model.nodes import Article
from publish.names import OutputNames
from publish.products import Product, Products
from publish.render.cover import cover_alt
from publish.render.fonts import web_fonts
from publish.render.page import page_context
from publish.settings import BuildOptions

# No script, no remote anything: styles inline, images only as data URLs the build made.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)


class HtmlWriter:
    name = "html"
    help = "an accessible web page (WCAG 2.2 AA), with a read-along player when narrated"
    order = 10
    templates = ("html/",)
    settings = ("formats",)  # the page links to the other formats of the build
    pictures = True
    uses = frozenset({Product.NARRATION})  # the read-along player, when the build narrates

    def __init__(self, options: BuildOptions, env: Environment) -> None:
        self.options = options
        self.env = env

    def requires(self) -> frozenset[Product]:
        """The cover for the social card (made only for a page with a `url`, since a card
        needs the image's address)."""
        return frozenset({Product.COVER})

    def files(self, names: OutputNames, editions: list[str]) -> list[str]:
        return [names.html]

    def links(self, names: OutputNames, editions: list[str]) -> list[Link]:
        return []

    def render(self, article: Article, products: Products) -> str:
        variables = page_context(article, self.options.limits, self.options.brand)
        variables["social_image"] = self._social_image(article, products)
        variables["cover_alt"] = cover_alt(article.metadata, self.options.brand)
        links = products.links()
        narration = self._narration(products, links)
        variables["narration"] = narration
        variables["downloads"] = [
            {"href": link.href, "label": variables["strings"].get(link.label, link.label)}
            for link in links
            if link.role == "download"
        ]
        csp = CSP
        if narration is not None:
            script = self.env.get_template("html/readalong.js").render()
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            csp += f"; media-src 'self'; script-src 'sha256-{digest}'"
        variables["csp"] = csp
        variables["web_fonts"] = web_fonts()  # the page names Atkinson Hyperlegible: embed it
        return self.env.get_template("html/article.html").render(variables)

    def _narration(self, products: Products, links: list[Link]) -> dict[str, Any] | None:
        """The player's data when the build publishes the narration beside the page."""
        offered = {link.role: link.href for link in links}
        if "narration" not in offered or not products.made(Product.NARRATION):
            return None
        narration = products.narration()
        return {
            "audio": offered["narration"],
            "captions": offered.get("captions", products.names.captions),
            "chapters": offered.get("chapters", products.names.chapters),
            "timing": {
                "sentences": [
                    {"id": c.id, "start_ms": c.start_ms, "end_ms": c.end_ms} for c in narration.cues
                ]
            },
        }

    def _social_image(self, article: Article, products: Products) -> str:
        """The cover's address for the page's social card: beside the page at its `url`."""
        from urllib.parse import urljoin

        meta = article.metadata
        if not meta.url:
            return ""
        return urljoin(meta.url, products.names.cover(cover_suffix(meta.cover)))

    def write(self, article: Article, products: Products, staging: Path) -> list[Path]:
        target = staging / products.names.html
        target.write_text(self.render(article, products), encoding="utf-8")
        written = [target]
        if article.metadata.url:  # the social card's image, published beside the page
            cover = products.cover()
            image = staging / products.names.cover(cover.suffix)
            image.write_bytes(cover.data)
            written.append(image)
        return written
