"""Errors that end a run, each with its own exit code."""

from __future__ import annotations

from collections.abc import Sequence

from publish.diagnostics import Diagnostic

EXIT_OK = 0
EXIT_CHECKS_FAILED = 1
EXIT_INPUT = 2
EXIT_BUILD = 3


class PublishError(Exception):
    """Base of every expected failure; `exit_code` tells the CLI what to return."""

    exit_code = EXIT_BUILD
    category = "build"

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics = tuple(diagnostics)

    def lines(self) -> list[str]:
        """What the user sees: each diagnostic on its line, or the message alone."""
        if self.diagnostics:
            return [d.format() for d in self.diagnostics]
        message = str(self)
        return [message if message.startswith("publish") else f"publish: {message}"]


class SourceError(PublishError):
    """The source (or the command line) is wrong; the user must fix it."""

    exit_code = EXIT_INPUT
    category = "input"


class UsageError(PublishError):
    exit_code = EXIT_INPUT
    category = "usage"


class EngineError(PublishError):
    """A renderer or engine could not do its work (missing voice, no network...)."""

    exit_code = EXIT_BUILD
    category = "engine"
