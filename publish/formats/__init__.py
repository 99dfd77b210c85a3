"""Writers, one module per output format, in one explicit registry."""

from __future__ import annotations

from publish.formats.audio import AudioWriter
from publish.formats.base import Writer
from publish.formats.epub import EpubWriter
from publish.formats.html import HtmlWriter
from publish.formats.pdf import PdfWriter

WRITERS: dict[str, type[Writer]] = {
    "html": HtmlWriter,
    "pdf": PdfWriter,
    "epub": EpubWriter,
    "audio": AudioWriter,
}
