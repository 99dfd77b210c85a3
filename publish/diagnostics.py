"""Typed findings with a source position: errors, warnings and notes. One type for every stage:
the parser's warnings, the checks' findings and the build's errors."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from publish.model.nodes import Article


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Diagnostic:
    """One finding. `code` is stable (for filters and reports); `message` says how to fix it;
    `text` quotes the sentence it is about, when it is about one."""

    code: str
    severity: Severity
    message: str
    file: str = ""
    line: int | None = None
    node_id: str | None = None
    text: str = ""

    def format(self) -> str:
        """`file:line: message`, the form editors and CI logs understand."""
        where = self.file or "publish"
        if self.line is not None:
            where = f"{where}:{self.line}"
        label = "" if self.severity is Severity.ERROR else f"{self.severity.value}: "
        quote = f' ("{_short(self.text)}")' if self.text else ""
        return f"{where}: {label}{self.message}{quote}"

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "severity": self.severity.value, "message": self.message,
                "file": self.file, "line": self.line, "node_id": self.node_id, "text": self.text}


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def error(code: str, message: str, file: str = "", line: int | None = None) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, file, line)


def warning(
    code: str, message: str, file: str = "", line: int | None = None, node_id: str | None = None
) -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, message, file, line, node_id)


class Locator:
    """Turns a node ID into the source line an author edits, and quotes the sentence.

    Findings about the whole document (its metadata, a file it was built into) point at the
    front matter, line 1, where the title, language and other metadata are written.
    """

    def __init__(self, article: Article) -> None:
        from publish.model.walk import walk

        self.file = article.source
        self.lines: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        for step in walk(article):
            node = step.node
            line = getattr(node, "line", None)
            if line is not None:
                self.lines[node.id] = line
            if node.kind == "sentence":
                self.texts[node.id] = node.text  # type: ignore[union-attr]
        for entry in article.glossary:
            self.lines[entry.id] = entry.line
        # cells and list items have no line of their own: take their first sentence's
        for step in walk(article):
            node = step.node
            if node.id not in self.lines:
                first = next((s for s in getattr(node, "sentences", ()) if s.id in self.lines), None)
                if first is not None:
                    self.lines[node.id] = self.lines[first.id]

    def __call__(self, code: str, message: str, severity: Severity | str = Severity.ERROR,
                 node_id: str | None = None, line: int | None = None) -> Diagnostic:
        """A finding at `node_id` (or `line`); the document's front matter when neither is known."""
        if line is None and node_id is not None:
            line = self.lines.get(node_id)
        return Diagnostic(code, Severity(severity), message, self.file, line or 1, node_id,
                          self.texts.get(node_id or "", ""))
