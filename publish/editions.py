"""Print editions and paper sizes: one table that the front matter, the CLI and the PDF share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Edition:
    name: str
    body_pt: float  # paragraphs, lists, tables
    small_pt: float  # footnotes, captions, glossary
    margin_pt: float  # running header and footer
    line_height: float
    large_print: bool


EDITIONS = {
    "standard": Edition("standard", 12.5, 12, 10, 1.45, False),
    # UKAAF and APH: every word at least 18 pt, 1.5 line spacing, ragged right, no italics.
    "large-print": Edition("large-print", 18, 18, 18, 1.5, True),
}
PAPERS = {"a4": "A4", "letter": "letter"}  # our name -> CSS @page size
PAPER_HEIGHT_MM = {"a4": 297.0, "letter": 279.4}  # our name -> the sheet's height
PAPER_WIDTH_MM = {"a4": 210.0, "letter": 215.9}  # our name -> the sheet's width
