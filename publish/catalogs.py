"""Where the translation catalogs are, and which languages have one.

publish.strings reads the catalogs and publish.language reports a language without one as a
fallback; both ask here, so neither imports the other for it.
"""

from __future__ import annotations

import functools
from pathlib import Path

LOCALE = "locale"  # publish/locale/<language>/LC_MESSAGES/publish.po
DOMAIN = "publish"


def locale_folder() -> Path:
    return Path(__file__).parent / LOCALE


@functools.lru_cache(maxsize=1)
def catalog_languages() -> frozenset[str]:
    """The languages with a catalog, English (the messages' own language) included."""
    folder = locale_folder()
    found = {p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return frozenset(found | {"en"})
