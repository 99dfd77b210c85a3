"""The handout's date from a Word document's properties, and when not to trust them: a
template's dates, or a date older than one the text itself gives."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# Dates that are a template's, not a document's: python-docx's default template.
TEMPLATE_DATES = {dt.date(2013, 12, 23)}


def document_date(
    core: dict[str, Any], written: list[dt.date], release: dt.date | None
) -> tuple[dt.date | None, str]:
    """The handout's date from the document's properties, and a note when it is left out.

    The later of created and modified; none when both are a template's (a known template
    date, or a created date older than the Word that saved it), or when it is earlier than
    a date the text itself gives."""
    dates = [d for d in (core.get("created"), core.get("modified")) if d]
    if not dates:
        return None, ""
    date = max(dates)
    created = core.get("created")
    stale = all(d in TEMPLATE_DATES for d in dates) or (
        release is not None and created is not None and created < release and date == created
    )
    if stale:
        return None, (
            f"the document's date ({date.isoformat()}) is its template's, not the handout's, "
            "so no date was written; add 'date:' to the front matter"
        )
    latest = max(written, default=None)
    if latest is not None and date < latest:
        return None, (
            f"the document's date ({date.isoformat()}) is earlier than a date in its text "
            f"({latest.isoformat()}), so it likely comes from a template and no date was "
            "written; add 'date:' to the front matter"
        )
    return date, ""


# The year each Word version came out: a document it created cannot be older.
WORD_RELEASES = {"12": 2007, "14": 2010, "15": 2013, "16": 2015}


def word_release(package: Any) -> dt.date | None:
    """When the Word that saved the document came out (docProps/app.xml), if it is Word."""
    found = re.search(
        rb"<Application>Microsoft Office Word</Application>.*?<AppVersion>(\d+)\.",
        package.text("docProps/app.xml") or b"",
        re.DOTALL,
    )
    year = WORD_RELEASES.get(found.group(1).decode()) if found else None
    return dt.date(year, 1, 1) if year else None
