"""The document model: frozen dataclasses every writer and check reads."""

from publish.model.nodes import (
    Article,
    Block,
    CodeBlock,
    Figure,
    Footnote,
    GlossaryEntry,
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
