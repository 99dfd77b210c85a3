"""Run the registered checks for one article and collect a report."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from publish import registry
from publish.checks import Check, CheckResult, Status, Subject
from publish.config.checks import CheckConfig
from publish.model.locator import Locator
from publish.model.nodes import Article
from publish.names import OutputNames


@dataclass
class Report:
    article: Article
    config: CheckConfig
    results: list[CheckResult] = field(default_factory=list)

    def failed(self) -> list[CheckResult]:
        """Checks that fail the run: gated failures, and with strict every warning or skip."""
        out = []
        for result in self.results:
            gated = result.name in self.config.gates
            failed = result.status is Status.FAIL and (gated or self.config.strict)
            if failed or (self.config.strict and result.status in (Status.WARN, Status.SKIP)):
                out.append(result)
        return out


def registered() -> list[Check]:
    """Every check, built-in and plugged in, in registry order."""
    return [registry.load(registry.CHECKS, name)() for name in registry.names(registry.CHECKS)]


Begun = Callable[[Check, int, int], None]  # a check starts: it, its number, how many
Ended = Callable[[CheckResult, float], None]  # a check's result, and the seconds it took


def _run(
    checks: list[Check],
    article: Article,
    folder: Path,
    config: CheckConfig,
    begun: Begun | None = None,
    ended: Ended | None = None,
) -> list[CheckResult]:
    subject = Subject(article, folder, config, OutputNames(article.slug), Locator(article))
    results = []
    for index, check in enumerate(checks, start=1):
        if begun is not None:
            begun(check, index, len(checks))
        started = time.perf_counter()
        result = check.run(subject)
        result.gated = result.name in config.gates
        if ended is not None:
            ended(result, time.perf_counter() - started)
        results.append(result)
    return results


def quick_checks(article: Article, config: CheckConfig | None = None) -> list[CheckResult]:
    """The checks that need only the model: fast enough to run on every build."""
    config = config or CheckConfig()
    return _run([c for c in registered() if c.quick], article, Path(), config)


def run_checks(
    article: Article,
    folder: Path,
    config: CheckConfig,
    begun: Begun | None = None,
    ended: Ended | None = None,
) -> Report:
    """Every check: the text, then each format built into `folder`; `begun` and `ended`
    hear of each check as it starts and ends (the progress of `publish check`)."""
    checks = registered()
    ordered = [c for c in checks if c.quick] + [c for c in checks if not c.quick]
    return Report(article, config, _run(ordered, article, folder, config, begun, ended))
