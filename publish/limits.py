"""Limits on untrusted input; each has a name the user can raise with --limit NAME=VALUE."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, fields, replace

from publish.errors import UsageError


@dataclass(frozen=True)
class Limits:
    source_bytes: int = 5 * 1024 * 1024
    image_bytes: int = 10 * 1024 * 1024
    image_pixels: int = 40_000_000
    nesting: int = 10  # lists and quotes inside each other
    sentences: int = 20_000
    sentence_chars: int = 5_000  # one sentence; a pasted paragraph without stops passes it
    fetch_seconds: int = 10  # with --allow-remote
    recording_bytes: int = 2 * 1024 * 1024 * 1024  # a reader's recording (`narration:`)
    recording_seconds: int = 4 * 60 * 60

    def exceeded(self, name: str, value: int, what: str, fix: str = "shorten it") -> str:
        """The message for going past a limit: which one, by how much, how to raise it."""
        limit = getattr(self, name)
        return (
            f"{what} is {value:,}, over the {name} limit of {limit:,}; {fix}, or raise the "
            f"limit with --limit {name}={value}"
        )


def parse_limits(values: list[str]) -> Limits:
    limits = Limits()
    known = {f.name for f in fields(Limits)}
    for item in values:
        name, _, raw = item.partition("=")
        if name not in known or not raw.isdigit():
            raise UsageError(
                f"publish: --limit takes NAME=NUMBER with NAME one of {', '.join(sorted(known))}"
            )
        limits = replace(limits, **{name: int(raw)})
    return limits


# The earliest time a zip can record: the stamp of a source that is not a file on disk.
NO_DATE = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def source_date(date: dt.date | None) -> dt.datetime | None:
    """The date the source gives: SOURCE_DATE_EPOCH, else the front matter's date; None when
    it gives neither, so a format leaves an optional date out rather than guess one."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    if date is not None:
        return dt.datetime.combine(date, dt.time(), dt.UTC)
    return None


def build_time(date: dt.date | None, source: str | os.PathLike[str]) -> dt.datetime:
    """The time stamped where a format requires one (EPUB dcterms:modified, zip entries, the
    DAISY book's dc:date): the source's date, else when the source file was last modified.
    Never the clock, so a rebuild of an unchanged source stamps the same time."""
    given = source_date(date)
    if given is not None:
        return given
    try:
        modified = os.stat(source).st_mtime
    except (OSError, ValueError):
        return NO_DATE
    return max(dt.datetime.fromtimestamp(int(modified), dt.UTC), NO_DATE)
