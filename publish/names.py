"""The one place output files are named: every writer, check and link uses it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputNames:
    """File names inside an article's output folder, `OUT/<slug>/`."""

    slug: str
    press: bool = False  # print-shop PDFs (bleed and crop marks) carry '-press'

    def pdf(self, edition: str) -> str:
        """`slug.pdf` for the standard edition, `slug-large-print.pdf`, and '-press' for press."""
        suffix = "" if edition == "standard" else f"-{edition}"
        if self.press:
            suffix += "-press"
        return f"{self.slug}{suffix}.pdf"

    def pdfs(self) -> list[str]:
        """Every PDF name an article's folder may hold: each edition, plain and for press."""
        from dataclasses import replace

        from publish.editions import EDITIONS

        return [replace(self, press=press).pdf(e) for press in (False, True) for e in EDITIONS]

    @property
    def html(self) -> str:
        return f"{self.slug}.html"

    @property
    def manifest(self) -> str:
        """What each output was made from (publish/manifest.py)."""
        return f"{self.slug}.manifest.json"

    @property
    def epub(self) -> str:
        return f"{self.slug}.epub"

    @property
    def mp3(self) -> str:
        return f"{self.slug}.mp3"

    @property
    def daisy(self) -> str:
        """The DAISY 2.02 talking book's folder (and, with .zip, its archive)."""
        return f"{self.slug}-daisy"

    @property
    def brf(self) -> str:
        """The braille edition (BRF); with .json, how it was made."""
        return f"{self.slug}.brf"

    @property
    def m4b(self) -> str:
        """The audiobook: AAC in MP4, with chapters and cover art."""
        return f"{self.slug}.m4b"

    def cover(self, suffix: str) -> str:
        """The cover image beside the page, for its social card."""
        return f"{self.slug}-cover{suffix}"

    @property
    def timing(self) -> str:
        return f"{self.slug}.timing.json"

    @property
    def captions(self) -> str:
        return f"{self.slug}.vtt"

    @property
    def chapters(self) -> str:
        return f"{self.slug}.chapters.vtt"

    @property
    def lexicon(self) -> str:
        return f"{self.slug}.pls"

    @property
    def xhtml(self) -> str:
        """The article's content document inside the EPUB."""
        return f"{self.slug}.xhtml"

    @property
    def smil(self) -> str:
        """The article's media overlay inside the EPUB."""
        return f"{self.slug}.smil"

    @property
    def report_html(self) -> str:
        return "report.html"

    @property
    def report_json(self) -> str:
        return "report.json"
