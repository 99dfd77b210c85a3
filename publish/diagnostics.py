"""Typed findings with a source position: errors, warnings and notes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Diagnostic:
    """One finding. `code` is stable (for filters and reports); `message` says how to fix it."""

    code: str
    severity: Severity
    message: str
    file: str = ""
    line: int | None = None
    node_id: str | None = None

    def format(self) -> str:
        """`file:line: message`, the form editors and CI logs understand."""
        where = self.file or "publish"
        if self.line is not None:
            where = f"{where}:{self.line}"
        label = "" if self.severity is Severity.ERROR else f"{self.severity.value}: "
        return f"{where}: {label}{self.message}"


def error(code: str, message: str, file: str = "", line: int | None = None) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, file, line)


def warning(
    code: str, message: str, file: str = "", line: int | None = None, node_id: str | None = None
) -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, message, file, line, node_id)
