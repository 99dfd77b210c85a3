"""From a node ID to what an author needs: the file, the line to edit, the sentence quoted."""

from __future__ import annotations

from typing import Any

from publish.diagnostics import Diagnostic, Severity
from publish.model.nodes import Article
from publish.model.walk import narrated, walk


class Locator:
    """Turns a node ID into the source line an author edits, and quotes the sentence.

    Findings about the whole document (its metadata, a file it was built into) point at the
    front matter, line 1, where the title, language and other metadata are written.
    """

    def __init__(self, article: Article) -> None:
        self.file = article.source
        self.lines: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        for step in walk(article):
            node: Any = step.node
            line = getattr(node, "line", None)
            if line is None and getattr(node, "sentences", None):
                line = node.sentences[0].line  # a table cell has no line of its own
            if line is not None:
                self.lines[node.id] = line
            if node.kind == "sentence":
                self.texts[node.id] = node.text
        for entry in article.glossary:
            self.lines[entry.id] = entry.line
        for sentence, _ in narrated(article):  # the closing and the glossary's pieces too
            self.lines[sentence.id] = sentence.line
            self.texts[sentence.id] = sentence.text

    def __call__(
        self,
        code: str,
        message: str,
        severity: Severity | str = Severity.ERROR,
        node_id: str | None = None,
        line: int | None = None,
    ) -> Diagnostic:
        """A finding at `node_id` (or `line`); the document's front matter when neither is known."""
        if line is None and node_id is not None:
            line = self.lines.get(node_id)
        return Diagnostic(
            code,
            Severity(severity),
            message,
            self.file,
            line or 1,
            node_id,
            self.texts.get(node_id or "", ""),
        )
