"""The front matter's `translations:`, each another language's version of the source, in a
file beside it."""

from __future__ import annotations

from pathlib import Path

from publish.config import Metadata
from publish.diagnostics import error
from publish.errors import SourceError


def check_translations(path: Path, metadata: Metadata, line: int) -> None:
    """Each declared translation is a file beside this one, in another language; every
    problem at once (SourceError), at the field's line."""
    problems = []
    for tag, name in metadata.translations.items():
        other = path.parent / name
        if tag.lower() == metadata.language.lower():
            problems.append(
                error(
                    "meta-bad-value",
                    f"'translations' lists {tag}, this source's own language; list only the "
                    "other languages' versions",
                    str(path),
                    line,
                )
            )
        elif not other.is_file():
            problems.append(
                error(
                    "translation-missing",
                    f"the {tag} version '{name}' does not exist beside this file; check the "
                    "name, or remove it from 'translations'",
                    str(path),
                    line,
                )
            )
    if problems:
        raise SourceError("bad translations", problems)
