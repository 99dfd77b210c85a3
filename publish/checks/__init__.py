"""Checks: readability and accessibility for each format. Each returns a CheckResult.

A check is registered in the `publish.checks` entry-point group, as the built-in ones are.
It has a `name`, a `title`, `quick` (True when it needs only the text, so it runs on every
build) and `run(subject) -> CheckResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from publish.diagnostics import Diagnostic, Severity
from publish.model.locator import Locator

if TYPE_CHECKING:
    from publish.config.checks import CheckConfig
    from publish.model.nodes import Article
    from publish.names import OutputNames


class Status(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"


@dataclass
class CheckResult:
    name: str  # stable: source, readability, plain-language, html, epub, pdf, audio
    title: str
    status: Status
    summary: str
    findings: list[Diagnostic] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    gated: bool = False  # a failure here fails `publish check`

    @staticmethod
    def from_findings(
        name: str,
        title: str,
        findings: list[Diagnostic],
        passed: str,
        metrics: dict[str, Any] | None = None,
    ) -> CheckResult:
        errors = [f for f in findings if f.severity is Severity.ERROR]
        warnings = [f for f in findings if f.severity is Severity.WARNING]
        if errors:
            status, summary = Status.FAIL, f"{len(errors)} problem(s): {errors[0].message}"
        elif warnings:
            status, summary = Status.WARN, f"{len(warnings)} warning(s): {warnings[0].message}"
        else:
            status, summary = Status.PASS, passed
        return CheckResult(name, title, status, summary, findings, metrics or {})

    def brief(self) -> CheckResult:
        """The outcome without its findings and metrics: what a batch keeps of an article
        once its findings are reported, so a library of thousands does not pile them up."""
        return CheckResult(self.name, self.title, self.status, self.summary, gated=self.gated)


def xml_parser() -> Any:
    """The parser every check reads a built XML file with: no entities resolved, no DTD
    loaded, nothing fetched from the network."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def skipped(name: str, title: str, why: str) -> CheckResult:
    return CheckResult(name, title, Status.SKIP, why)


@dataclass
class Subject:
    """What a check looks at: the article's model, the folder it was built into, the settings."""

    article: Article
    folder: Path
    config: CheckConfig
    names: OutputNames
    locate: Locator


class Check(Protocol):
    name: str
    title: str
    # Quick checks need only the model, and every build runs them. A build loads every
    # check's class to find the quick ones, so a slow check's module imports what only its
    # run needs (zipfile, xmllint, liblouis...) inside the run: a build does not pay for it.
    quick: bool

    def run(self, subject: Subject) -> CheckResult: ...
