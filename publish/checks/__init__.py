"""Checks: readability and accessibility for each format. Each returns a CheckResult."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"


@dataclass(frozen=True)
class Finding:
    """One problem, tied to the node and the source line an author has to edit."""

    message: str
    severity: str = "error"  # error, warning or info
    node_id: str | None = None
    line: int | None = None
    rule: str = ""


@dataclass
class CheckResult:
    name: str  # stable: source, readability, plain-language, html, epub, pdf, audio
    title: str
    status: Status
    summary: str
    findings: list[Finding] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    gated: bool = False  # a failure here fails `publish check`

    @staticmethod
    def from_findings(name: str, title: str, findings: list[Finding], passed: str,
                      metrics: dict[str, Any] | None = None) -> CheckResult:
        errors = [f for f in findings if f.severity == "error"]
        warnings = [f for f in findings if f.severity == "warning"]
        if errors:
            status, summary = Status.FAIL, f"{len(errors)} problem(s): {errors[0].message}"
        elif warnings:
            status, summary = Status.WARN, f"{len(warnings)} warning(s): {warnings[0].message}"
        else:
            status, summary = Status.PASS, passed
        return CheckResult(name, title, status, summary, findings, metrics or {})


def skipped(name: str, title: str, why: str) -> CheckResult:
    return CheckResult(name, title, Status.SKIP, why)
