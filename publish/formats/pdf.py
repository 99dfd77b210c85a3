"""Tagged PDF handouts (PDF/UA-1): each edition's layout, a build product, written as PDF."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment

from publish.formats.base import Link
from publish.model.nodes import Article
from publish.names import OutputNames
from publish.products import Product, Products
from publish.settings import BuildOptions


class PdfWriter:
    name = "pdf"
    help = "tagged PDF/UA-1 handouts: the standard and large-print editions (--edition)"
    order = 20
    templates = ("pdf/", "html/")
    settings = ()  # the layout's own: paper, editions, press (PRODUCT_SETTINGS)
    pictures = True
    uses: frozenset[Product] = frozenset()

    def __init__(self, options: BuildOptions, env: Environment) -> None:
        self.options = options
        self.env = env

    def requires(self) -> frozenset[Product]:
        return frozenset({Product.LAYOUT})

    def files(self, names: OutputNames, editions: list[str]) -> list[str]:
        return [names.pdf(edition) for edition in editions]

    def links(self, names: OutputNames, editions: list[str]) -> list[Link]:
        return [
            Link(
                names.pdf(edition),
                "download_large_print" if edition == "large-print" else "download_pdf",
                rank=20,
                media_type="application/pdf",
            )
            for edition in editions
        ]

    def render(self, products: Products, edition: str) -> bytes:
        from publish.render.pdf_meta import credit
        from publish.render.pdf_tags import fix_tags

        document = products.layout(edition)
        pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=document.publish_identifier)
        assert isinstance(pdf, bytes)
        return credit(fix_tags(pdf), products.article.metadata)

    def write(self, article: Article, products: Products, staging: Path) -> list[Path]:
        written = []
        for edition in products.editions():
            target = staging / products.names.pdf(edition)
            target.write_bytes(self.render(products, edition))
            written.append(target)
        return written
