"""The library view's rows: each article's title, language, audience, grade against its
target, and the status of each check (the text checks now; the format checks from the last
published report)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from publish.studio.store import NotFoundError, Project

FORMAT_CHECKS = ("html", "epub", "pdf", "audio", "daisy", "braille", "fidelity", "retail")


@dataclass
class Row:
    slug: str
    title: str = ""
    language: str = ""
    audience: str = ""
    grade: float | None = None
    target: float | None = None
    formula: str = ""
    checks: dict[str, str] = field(default_factory=dict)  # name -> pass, warn, fail, skip
    error: str = ""  # the first problem when the source does not parse
    published: bool = False


class Library:
    """Rows, remembered by the source's digest: a library of hundreds opens quickly."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._rows: dict[str, tuple[str, Row]] = {}

    def rows(self) -> list[Row]:
        out = []
        for slug in self.project.slugs():
            try:
                text, digest = self.project.read(slug)
            except (OSError, NotFoundError):
                continue
            known = self._rows.get(slug)
            row = known[1] if known and known[0] == digest else self._row(slug, text)
            self._rows[slug] = (digest, row)
            out.append(self._with_report(row))
        return out

    def _row(self, slug: str, text: str) -> Row:
        from publish.checks.runner import quick_checks
        from publish.config.checks import CheckConfig
        from publish.errors import PublishError
        from publish.parse.markdown import parse_article
        from publish.studio.feedback import shown_lines

        row = Row(slug)
        try:
            article = parse_article(text, self.project.path(slug))
        except PublishError as exc:
            row.error = shown_lines(exc, self.project.folder)[0]
            row.title = slug
            return row
        meta = article.metadata
        row.title, row.language, row.audience = meta.title, meta.language, meta.audience
        row.target = meta.reading_grade
        for result in quick_checks(article, CheckConfig().updated(meta.checks)):
            row.checks[result.name] = result.status.value
            if result.name == "readability":
                row.grade = result.metrics.get("grade")
                row.formula = result.metrics.get("formula_name") or ""
        return row

    def _with_report(self, row: Row) -> Row:
        """The row with the format checks of the last published report, if there is one."""
        from publish.names import OutputNames

        report = self.project.build / row.slug / OutputNames(row.slug).report_json
        checks = dict(row.checks)
        published = False
        try:
            data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
            for result in data.get("checks", []):
                if result.get("name") in FORMAT_CHECKS:
                    checks[result["name"]] = str(result.get("status", ""))
            published = True
        except (OSError, ValueError, AttributeError, TypeError):
            pass
        for name in FORMAT_CHECKS:
            checks.setdefault(name, "not published")
        return Row(**(row.__dict__ | {"checks": checks, "published": published}))
