"""The document model: frozen dataclasses every writer and check reads."""

from publish.config.metadata import GlossaryEntry  # defined where the front matter is read
from publish.model.nodes import (
    Article,
    Block,
    CodeBlock,
    Figure,
    Footnote,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Section,
    Sentence,
    Table,
    TableCell,
)

__all__ = [
    "Article",
    "Block",
    "CodeBlock",
    "Figure",
    "Footnote",
    "GlossaryEntry",
    "Heading",
    "Inline",
    "ListBlock",
    "ListItem",
    "Paragraph",
    "Quote",
    "Section",
    "Sentence",
    "Table",
    "TableCell",
]
