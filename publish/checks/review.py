"""Review: is the handout's review record current?

A clinic reviews a handout and sets the next review (`reviewed`, `reviewed_by`, `review_due`
in the front matter). The check warns when the review falls due within `review_warn_days`
(30) and fails when it is overdue; `review = "warn"` in `[checks]` or the front matter's
`checks:` makes an overdue review only a warning. "Today" is SOURCE_DATE_EPOCH when set
(a reproducible build, a test), else the clock. A handout with no review record is skipped,
with the reason: it is not "passed".
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from publish.checks import CheckResult, Status, Subject, skipped
from publish.diagnostics import Diagnostic, Severity
from publish.strings import long_date

NAME, TITLE = "review", "Review record"


def today() -> dt.date:
    """SOURCE_DATE_EPOCH's date (UTC) when it is set, else today's."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


def review_state(due: dt.date | None, now: dt.date, warn_days: int) -> str:
    """ "overdue", "due" (within `warn_days`), "current", or "none" without a due date."""
    if due is None:
        return "none"
    days = (due - now).days
    return "overdue" if days < 0 else "due" if days <= warn_days else "current"


def front_matter_line(source: str, key: str) -> int | None:
    """The line of `key:` in the source's front matter (the rule publish.parse.markdown
    uses), or None when the source cannot be read or does not have it."""
    try:
        lines = Path(source).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    for number, text in enumerate(lines, start=1):
        if number > 1 and text.strip() == "---":
            return None
        if text.startswith(f"{key}:"):
            return number
    return None


def review(subject: Subject, on: dt.date | None = None) -> CheckResult:
    meta = subject.article.metadata
    due, reviewed = meta.review_due, meta.reviewed
    if due is None and reviewed is None:
        return skipped(
            NAME,
            TITLE,
            "skipped: the front matter has no review record; add 'reviewed:' and "
            "'review_due:' (YYYY-MM-DD) to have the review date checked",
        )
    source = subject.article.source
    now = on or today()
    config = subject.config
    metrics: dict[str, object] = {"today": now.isoformat()}
    if reviewed is not None:
        metrics["reviewed"] = reviewed.isoformat()
    if due is None:
        return CheckResult(
            NAME,
            TITLE,
            Status.SKIP,
            f"skipped: reviewed on {reviewed}, but the front matter gives no 'review_due:' "
            "to check it against",
            metrics=metrics,
        )
    days = (due - now).days
    metrics.update(review_due=due.isoformat(), days_left=days)
    written = f"review_due: {due.isoformat()}"
    line = front_matter_line(source, "review_due")
    when = long_date(due, "en")
    findings: list[Diagnostic] = []
    state = review_state(due, now, config.review_warn_days)
    if state == "overdue":
        severity = Severity.ERROR if config.review == "error" else Severity.WARNING
        message = (
            f"the review was due on {when}, {-days} day(s) ago; review the handout, then "
            "set 'reviewed:' to the date and 'review_due:' to the next one"
        )
        findings.append(
            Diagnostic("review-overdue", severity, message, source, line, None, written)
        )
    elif state == "due":
        message = (
            f"the review is due on {when}, in {days} day(s); plan it, then set 'reviewed:' "
            "and the next 'review_due:'"
        )
        findings.append(
            Diagnostic("review-due", Severity.WARNING, message, source, line, None, written)
        )
    passed = f"the next review is on {when}, in {days} days"
    return CheckResult.from_findings(NAME, TITLE, findings, passed, metrics)


class ReviewCheck:
    name = NAME
    title = TITLE
    quick = False  # `publish check` only: a build does not report the calendar

    def run(self, subject: Subject) -> CheckResult:
        return review(subject)
