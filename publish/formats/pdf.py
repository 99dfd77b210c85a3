"""Tagged PDF handouts (PDF/UA-1): each edition's layout, a build product, written as PDF."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment

from publish.model.nodes import Article
from publish.products import Product, Products
from publish.render.pdf_meta import credit
from publish.render.pdf_tags import fix_tags
from publish.settings import BuildOptions


class PdfWriter:
    name = "pdf"

    def __init__(self, options: BuildOptions, env: Environment) -> None:
        self.options = options
        self.env = env

    def requires(self) -> frozenset[Product]:
        return frozenset({Product.LAYOUT})

    def render(self, products: Products, edition: str) -> bytes:
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
