"""The library view's rows: each article's title, language, audience, grade against its
target, and the status of each check (the text checks now; the format checks from the last
published report)."""

from __future__ import annotations

import datetime as dt
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
    reviewed: dt.date | None = None  # the front matter's review record
    review_due: dt.date | None = None
    review_warn_days: int = 30

    def review(self) -> tuple[str, str]:
        """The review's state (overdue, due, current, none) and how the library says it;
        worked out when shown, since a row is remembered across days."""
        from publish.checks.review import review_state, today

        now = today()
        state = review_state(self.review_due, now, self.review_warn_days)
        reviewed = f"reviewed on {self.reviewed.isoformat()}" if self.reviewed else "not reviewed"
        if self.review_due is None:
            return ("none", reviewed if self.reviewed else "no review record")
        due = self.review_due.isoformat()
        days = (self.review_due - now).days
        said = {
            "overdue": f"was due on {due}, {-days} day(s) ago",
            "due": f"next review on {due}, in {days} day(s)",
            "current": f"next review on {due}",
        }[state]
        return state, f"{said}; {reviewed}"


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
        config = CheckConfig().updated(meta.checks)
        row.reviewed, row.review_due = meta.reviewed, meta.review_due
        row.review_warn_days = config.review_warn_days
        for result in quick_checks(article, config):
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
