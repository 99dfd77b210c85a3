"""The front matter's review record (`reviewed`, `reviewed_by`, `review_due`): the checks
that need more than one field, each error at the line of the field it is about."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from publish.config.fields import Value
from publish.diagnostics import Diagnostic, error

if TYPE_CHECKING:
    from publish.config.metadata import Metadata


def review_problems(
    mapping: dict[str, Value], values: dict[str, Any], file: str
) -> list[Diagnostic]:
    """Problems between the review fields; a field that is itself invalid is already reported
    by the FIELDS table and is not judged again here."""
    problems = []
    reviewed, due = values.get("reviewed"), values.get("review_due")
    if reviewed is not None and due is not None and reviewed > due:
        problems.append(
            error(
                "meta-bad-value",
                f"'reviewed' is {reviewed.isoformat()}, a review date in the future beyond "
                f"review_due ({due.isoformat()}); fix the date, or set 'review_due' after it",
                file,
                mapping["reviewed"].line,
            )
        )
    if "reviewed_by" in mapping and "reviewed" not in mapping:
        problems.append(
            error(
                "meta-missing",
                "'reviewed_by' is given without 'reviewed'; add a line 'reviewed: YYYY-MM-DD' "
                "with the date of the review",
                file,
                mapping["reviewed_by"].line,
            )
        )
    return problems


def review_metadata(meta: Metadata, prefix: str = "dcterms:") -> list[tuple[str, str]]:
    """The review record as (name, value) metadata: for an EPUB package, DCMI terms (the
    review date accepted, and the dates it is valid between); for a DAISY ncc, producer's
    `prod:` names, which DAISY 2.02 leaves free."""
    reviewed, due = meta.reviewed, meta.review_due
    if prefix == "dcterms:":
        out = [("dcterms:dateAccepted", reviewed.isoformat())] if reviewed else []
        if due is not None:
            start = reviewed.isoformat() if reviewed else ""
            out.append(("dcterms:valid", f"{start}/{due.isoformat()}"))
        return out
    fields = (
        ("reviewed", reviewed.isoformat() if reviewed else ""),
        ("reviewedBy", meta.reviewed_by),
        ("reviewDue", due.isoformat() if due else ""),
    )
    return [(prefix + name, value) for name, value in fields if value]
