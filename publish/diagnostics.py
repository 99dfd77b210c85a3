"""Typed findings with a source position: errors, warnings and notes. One type for every stage:
the parser's warnings, the checks' findings and the build's errors."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
        head, newline, rest = self.message.partition("\n")  # the quote ends the first line
        return f"{where}: {label}{head}{quote}{newline}{rest}"

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "node_id": self.node_id,
            "text": self.text,
        }


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def error(code: str, message: str, file: str = "", line: int | None = None) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, file, line)


def warning(
    code: str, message: str, file: str = "", line: int | None = None, node_id: str | None = None
) -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, message, file, line, node_id)
