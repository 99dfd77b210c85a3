"""The standalone HTML page: semantic, inline CSS, no script but the read-along player's."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

from jinja2 import Environment

from publish.assets import cover_suffix
from publish.model.nodes import Article
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

    def __init__(self, options: BuildOptions, env: Environment) -> None:
        self.options = options
        self.env = env

    def requires(self) -> frozenset[Product]:
        """The narration when it is built too; the cover for the social card (made only for a
        page with a `url`, since a card needs the image's address)."""
        needs = {Product.COVER}
        if "audio" in self.options.formats:
            needs.add(Product.NARRATION)
        return frozenset(needs)

    def render(self, article: Article, products: Products) -> str:
        variables = page_context(article, self.options.limits)
        variables["social_image"] = self._social_image(article, products)
        variables["cover_alt"] = cover_alt(article.metadata)
        narration = self._narration(products)
        variables["narration"] = narration
        variables["downloads"] = self._downloads(products, variables["strings"])
        csp = CSP
        if narration is not None:
            script = self.env.get_template("html/readalong.js").render()
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            csp += f"; media-src 'self'; script-src 'sha256-{digest}'"
        variables["csp"] = csp
        variables["web_fonts"] = web_fonts()  # the page names Atkinson Hyperlegible: embed it
        return self.env.get_template("html/article.html").render(variables)

    def _narration(self, products: Products) -> dict[str, Any] | None:
        """The player's data when narration is built in the same run; None otherwise."""
        if Product.NARRATION not in self.requires():
            return None
        narration = products.narration()
        names = products.names
        return {
            "audio": names.mp3,
            "captions": names.captions,
            "chapters": names.chapters,
            "timing": {
                "sentences": [
                    {"id": c.id, "start_ms": c.start_ms, "end_ms": c.end_ms} for c in narration.cues
                ]
            },
        }

    def _downloads(self, products: Products, strings: dict[str, str]) -> list[dict[str, str]]:
        links = []
        names = products.names
        if "epub" in self.options.formats:
            links.append({"href": names.epub, "label": strings["download_epub"]})
        if "pdf" in self.options.formats:
            for edition in products.editions():
                label = strings[
                    "download_large_print" if edition == "large-print" else "download_pdf"
                ]
                links.append({"href": names.pdf(edition), "label": label})
        return links

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
