"""Audio narration: MP3 with ID3 chapters, timing map, WebVTT captions and chapters, PLS lexicon."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment

from publish.audio.captions import chapters_vtt, timing_json, webvtt
from publish.formats.base import Link
from publish.model.nodes import Article
from publish.names import OutputNames
from publish.products import Product, Products
from publish.settings import BuildOptions


class AudioWriter:
    name = "audio"
    help = "the narration: MP3 with chapters, timing map, WebVTT captions (offline voice)"
    order = 40
    templates: tuple[str, ...] = ()
    settings = ()  # the narration's own (PRODUCT_SETTINGS)
    pictures = False  # alt text is read from the source; the pictures themselves are not
    uses: frozenset[Product] = frozenset()

    def __init__(self, options: BuildOptions, env: Environment) -> None:
        self.options = options

    def requires(self) -> frozenset[Product]:
        return frozenset({Product.NARRATION})

    def files(self, names: OutputNames, editions: list[str]) -> list[str]:
        return [names.mp3, names.timing, names.captions, names.chapters]

    def links(self, names: OutputNames, editions: list[str]) -> list[Link]:
        """The read-along player's audio, captions and chapters."""
        return [
            Link(names.mp3, "narration", role="narration", media_type="audio/mpeg"),
            Link(names.captions, "captions", role="captions", media_type="text/vtt"),
            Link(names.chapters, "chapters", role="chapters", media_type="text/vtt"),
        ]

    def write(self, article: Article, products: Products, staging: Path) -> list[Path]:
        narration = products.narration()
        names = products.names
        files = {
            names.mp3: narration.mp3,
            names.timing: timing_json(
                names.mp3,
                narration.duration_ms,
                narration.cues,
                narration.chapters,
                narration.sample_rate,
                narration.voice,
                narration.profile,
                narration.bitrate,
                narration.recorded.as_dict() if narration.recorded else None,
            ).encode(),
            names.captions: webvtt(narration.cues, article.metadata.language).encode(),
            names.chapters: chapters_vtt(narration.chapters).encode(),
        }
        if narration.lexicon:
            files[names.lexicon] = narration.lexicon
        written = []
        for name, data in files.items():
            (staging / name).write_bytes(data)
            written.append(staging / name)
        return written
