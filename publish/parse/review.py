"""The review record's line, "Reviewed by Dr Ann Lee on 3 March 2026; next review 3 March
2027.", in the article's language, its dates written out (publish.strings.long_date) so that
no reader guesses a 03/04 order and the narration speaks them as words."""

from __future__ import annotations

from publish.config import Metadata
from publish.strings import long_date, strings_for


def review_line(metadata: Metadata) -> str:
    """The sentence, or "" when the front matter has no review date."""
    language = metadata.language
    strings = strings_for(language)
    reviewed, due = metadata.reviewed, metadata.review_due
    if reviewed is None:
        return strings["review_due"].format(due=long_date(due, language)) if due else ""
    words = {
        "name": metadata.reviewed_by,
        "date": long_date(reviewed, language),
        "due": long_date(due, language) if due else "",
    }
    key = "review_by" if metadata.reviewed_by else "review_on"
    if due is not None:
        key = "review_by_next" if metadata.reviewed_by else "review_next"
    return strings[key].format(**words)
