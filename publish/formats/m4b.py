"""The audiobook: the narration as an M4B (AAC in MP4) with chapters, cover art and tags."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment

from publish.audio.audiobook import audiobook
from publish.formats.base import Link
from publish.limits import build_time
from publish.model.nodes import Article
from publish.names import OutputNames
from publish.products import Product, Products
from publish.settings import BuildOptions


class M4bWriter:
    name = "m4b"
    help = "an M4B audiobook (AAC) with chapters and cover art, from the narration"
    order = 50
    templates: tuple[str, ...] = ()
    settings = ()
    pictures = False
    uses: frozenset[Product] = frozenset()

    def __init__(self, options: BuildOptions, env: Environment) -> None:
        self.options = options

    def requires(self) -> frozenset[Product]:
        return frozenset({Product.NARRATION, Product.COVER})

    def files(self, names: OutputNames, editions: list[str]) -> list[str]:
        return [names.m4b]

    def links(self, names: OutputNames, editions: list[str]) -> list[Link]:
        return [Link(names.m4b, "download_m4b", rank=40, media_type="audio/mp4")]

    def write(self, article: Article, products: Products, staging: Path) -> list[Path]:
        narration = products.narration()
        data = audiobook(
            narration.mp3,
            article.metadata,
            narration.chapters,
            products.cover(),
            narration.credit,
            build_time(article.metadata.date, article.source),
        )
        target = staging / products.names.m4b
        target.write_bytes(data)
        return [target]
