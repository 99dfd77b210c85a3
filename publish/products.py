"""What the pipeline makes once per article and writers only read: narration, print layout, cover.

A writer declares the products it needs (`Writer.requires`); the pipeline makes them on first
request and drops them with the article, so nothing outlives the article's outputs. Writers
never build other writers, and never import each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from jinja2 import Environment

from publish.model.nodes import Article
from publish.names import OutputNames
from publish.settings import BuildOptions

if TYPE_CHECKING:
    from publish.assets import CoverImage
    from publish.audio.narration import Narration
    from publish.diagnostics import Diagnostic
    from publish.progress import Display


class Product(StrEnum):
    NARRATION = "narration"  # the narrated MP3, its timing and chapters
    LAYOUT = "layout"  # the laid-out print editions (and the standard edition's page numbers)
    COVER = "cover"  # the cover image


# The settings each product is made with: a format that reads a product depends on them too.
PRODUCT_SETTINGS: dict[Product, tuple[str, ...]] = {
    Product.NARRATION: (
        "narration",
        "voice",
        "voice_fallback",
        "audio_profile",
        "bitrate",
        "pauses",
        "speech_rate",
    ),
    Product.LAYOUT: ("paper", "editions", "press"),
    Product.COVER: (),
}
# The templates each product is made with: the layout is the print page, laid out.
PRODUCT_TEMPLATES: dict[Product, tuple[str, ...]] = {
    Product.NARRATION: (),
    Product.LAYOUT: ("pdf/", "html/"),
    Product.COVER: (),
}
# The products made from the front matter's cover file (the narration tags the MP3 with it).
READS_COVER = frozenset({Product.COVER, Product.NARRATION})


class Products:
    """The products of one article in one build, made lazily and at most once."""

    def __init__(
        self,
        article: Article,
        options: BuildOptions,
        env: Environment,
        allowed: frozenset[Product] | None = None,
        display: Display | None = None,
        writers: Sequence[Any] = (),
    ) -> None:
        self.article = article
        self.display = display
        self.warnings: list[
            Diagnostic
        ] = []  # what making a product had to say (a handout too long to fit)
        self.options = options
        self.env = env
        self.names = OutputNames(article.slug, options.press)
        self._allowed = allowed
        self._writers = writers  # every writer of the build: the links they offer
        self._built = frozenset().union(*(w.requires() for w in writers)) if writers else None
        self._made: dict[tuple[str, str], Any] = {}

    def made(self, product: Product) -> bool:
        """Whether this build makes `product`: some writer of the build requires it."""
        built = self._built if self._built is not None else self._allowed
        return built is not None and product in built

    def links(self) -> list[Any]:
        """The links the build's writers offer (publish.formats.base.Link), in page order."""
        editions = self.editions()
        found = []
        for writer in self._writers:
            offer = getattr(writer, "links", None)
            if callable(offer):
                found.extend(offer(self.names, editions))
        return sorted(found, key=lambda link: link.rank)

    def _get(self, product: Product, key: str, make: Any, *, internal: bool = False) -> Any:
        if not internal and self._allowed is not None and product not in self._allowed:
            raise RuntimeError(
                f"a writer asked for the {product.value} product without declaring "
                "it in Writer.requires"
            )
        if (product, key) not in self._made:
            self._made[product, key] = make()
        return self._made[product, key]

    @classmethod
    def standalone(cls, article: Article, options: BuildOptions) -> Products:
        """Products for one article outside a build (tests, benchmarks, the studio), with the
        writers of `options.formats` offering their links as in a build."""
        from publish import registry
        from publish.templates import environment

        env = environment(options.templates)
        writers = [registry.load(registry.FORMATS, n)(options, env) for n in options.formats]
        return cls(article, options, env, writers=writers)

    def editions(self) -> list[str]:
        """The PDF editions this build makes (BuildOptions.resolved says which setting wins)."""
        return list(self.options.editions_for(self.article.metadata))

    def narration(self) -> Narration:
        """The article narrated: from a reader's recording when it has one (publish.align),
        else by the voice."""
        narration: Narration = self._get(Product.NARRATION, "", self._narrate)
        return narration

    def _narrate(self) -> Narration:
        from publish.align.narration import narrate_recording, recording_of
        from publish.audio.narration import narrate

        cover = lambda: self._cover(internal=True)
        recording = recording_of(self.article, self.options)
        if recording is not None:
            return narrate_recording(self.article, recording, self.options, cover, self.display)
        return narrate(self.article, self.options, cover, self.display)

    def narration_made(self) -> Narration | None:
        """The narration, if a writer has made it in this build; None otherwise."""
        made: Narration | None = self._made.get((Product.NARRATION, ""))
        return made

    def layout(self, edition: str) -> Any:
        """The laid-out WeasyPrint document of one print edition."""
        from publish.render.print import layout

        return self._get(
            Product.LAYOUT,
            edition,
            lambda: layout(self.article, edition, self.options, self.env, self.warnings),
        )

    def page_starts(self) -> dict[str, int]:
        """Node ID -> page number in the standard edition, for the e-book's page list."""
        from publish.render.print import page_starts

        starts: dict[str, int] = self._get(
            Product.LAYOUT,
            "page-starts",
            lambda: page_starts(self.article, self.layout("standard")),
        )
        return starts

    def cover(self) -> CoverImage:
        """The author's cover image, or the one generated from the title."""
        return self._cover(internal=False)

    def _cover(self, *, internal: bool) -> CoverImage:
        from pathlib import Path

        from publish.render.cover import cover_image

        folder = Path(self.article.source).parent
        made: CoverImage = self._get(
            Product.COVER,
            "",
            lambda: cover_image(self.article.metadata, folder, self.options.brand),
            internal=internal,
        )
        return made
