"""The health-literacy assessments beyond grade and rare words, after the SHeLL Health Literacy
Editor (Ayre et al. 2023): acronyms, person-centred language, lexical density and diversity,
long paragraphs, and where to split a long sentence.

Each is a plain function of the model, so `publish check`'s plain-language check and the
studio's live feedback report the same findings.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

from publish.checks.readability import words
from publish.model.nodes import Sentence

# Acronyms everyone reads as words, and Roman numerals.
KNOWN_ACRONYMS = frozenset({"OK", "TV", "AM", "PM", "US", "UK", "USA", "EU", "ID", "II", "III"})
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z](?:-[A-Z0-9]+)?s?\b")
_PERSON = {"en": "data/person-words.tsv", "es": "data/person-words-es.tsv"}
_FUNCTION = {"en": "data/function-words-en.txt", "es": "data/function-words-es.txt"}
# Where a long sentence can become two: after a semicolon or colon, or before a connective
# that starts a clause. Each gives the words that would begin the new sentence.
_SPLITS = {
    "en": re.compile(
        r"(?:[;:]\s+|,\s+(?=(?:and|but|so|which|because|while|or|although|as|when|if)\b))",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"(?:[;:]\s+|,\s+(?=(?:y|pero|así que|que|porque|mientras|o|aunque|cuando|si)\b))",
        re.IGNORECASE,
    ),
}
_COMMA = re.compile(r",\s+")
CONNECTIVE_BONUS = 3  # a split before a connective may be this many words further from the middle
DENSE = 0.75  # a sentence whose content words are more than 75% of its words is dense
DENSE_MIN_WORDS = 12  # ... when it is long enough for the share to mean something
MATTR_WINDOW = 50  # words per window of the moving-average type-token ratio
# The package's folder, as templates.py finds its templates: importlib.resources would cost
# every build importing it and zipfile, for files that are always on disk beside this one.
_PACKAGE = Path(__file__).resolve().parent.parent


def word_pairs(name: str) -> dict[str, str]:
    """A tab-separated table shipped in the package (`# ` lines are comments): each word or
    phrase, lower-cased, with what to write instead."""
    text = (_PACKAGE / name).read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {word.lower(): better for word, better in rows}


@functools.lru_cache(maxsize=4)
def person_words(primary: str) -> dict[str, str]:
    """Phrases that talk about the reader in the third person or label people by a
    condition, with a person-centred choice; empty for a language with no list."""
    name = _PERSON.get(primary)
    return word_pairs(name) if name else {}


@functools.lru_cache(maxsize=4)
def function_words(primary: str) -> frozenset[str] | None:
    """The language's closed-class words; None when publish has no list for it."""
    name = _FUNCTION.get(primary)
    if name is None:
        return None
    text = (_PACKAGE / name).read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if not line.startswith("#"))
    return frozenset(w.lower() for line in lines for w in line.split())


def acronyms(text: str) -> list[str]:
    """The acronyms in `text`, in order: CAR-T, FDA, ICU (a plural's s dropped)."""
    found = []
    for match in _ACRONYM.finditer(text):
        token = match.group(0)
        if token.endswith("s") and not token.isupper():
            token = token[:-1]
        if token not in KNOWN_ACRONYMS and sum(c.isupper() for c in token) >= 2:
            found.append(token)
    return found


def explained_acronyms(texts: Iterable[str]) -> set[str]:
    """Acronyms the text spells out: "chimeric antigen receptor (CAR)" or "CAR (chimeric
    antigen receptor)"; a glossary term is explained by the glossary, not here."""
    explained: set[str] = set()
    for text in texts:
        explained.update(re.findall(r"\(([A-Z][A-Z0-9-]*[A-Z0-9])s?\)", text))
        # the acronym, up to two words ("MRI scan"), then the words in full in brackets
        spelled = r"\b([A-Z][A-Z0-9-]*[A-Z0-9])\s+(?:[a-z]+\s+){0,2}\(([^)]{6,})\)"
        for match in re.finditer(spelled, text):
            explained.add(match.group(1))
    return explained


def person_phrases(text: str, primary: str) -> list[tuple[str, str]]:
    """Each (phrase, person-centred choice) found in `text`; a phrase inside a longer
    listed phrase is reported once, as the longer one."""
    lower = text.lower()
    found: list[tuple[str, str]] = []
    taken: list[tuple[int, int]] = []
    for phrase in sorted(person_words(primary), key=len, reverse=True):
        if phrase not in lower:  # as in plain.sentence_findings: no pattern made in vain
            continue
        for match in re.finditer(rf"(?<![\w'-]){re.escape(phrase)}(?![\w-])", lower):
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            taken.append(span)
            found.append((text[span[0] : span[1]], person_words(primary)[phrase]))
    return found


def density(tokens: list[str], primary: str) -> float | None:
    """Lexical density: the share of content words (not function words, not numbers)."""
    closed = function_words(primary)
    if closed is None or not tokens:
        return None
    content = [w for w in tokens if w.lower() not in closed and not w[0].isdigit()]
    return len(content) / len(tokens)


def diversity(tokens: list[str], window: int = MATTR_WINDOW) -> float:
    """Lexical diversity as the moving-average type-token ratio (Covington and McFall 2010),
    which, unlike the plain ratio, does not fall as a text grows."""
    lower = [w.lower() for w in tokens]
    if not lower:
        return 0.0
    if len(lower) <= window:
        return len(set(lower)) / len(lower)
    ratios = [len(set(lower[i : i + window])) / window for i in range(len(lower) - window + 1)]
    return sum(ratios) / len(ratios)


def split_point(sentence: Sentence, primary: str, least: int = 5) -> str | None:
    """Where a long sentence could become two, quoted: "…of living cells,"; None when no
    clause boundary leaves at least `least` words on each side."""
    pattern = _SPLITS.get(primary)
    if pattern is None:
        return None
    text = sentence.text
    total = len(words(text))
    best: tuple[float, str] | None = None
    found = [(m, CONNECTIVE_BONUS) for m in pattern.finditer(text)]
    found += [(m, 0) for m in _COMMA.finditer(text)]
    for match, bonus in found:
        before = words(text[: match.start()])
        after = words(text[match.end() :])
        if len(before) < least or len(after) < least:
            continue
        nearness = abs(len(before) - total / 2) - bonus
        quote = f"…{' '.join(before[-3:])}{match.group(0).rstrip()}"
        if best is None or nearness < best[0]:
            best = (nearness, quote)
    return best[1] if best else None
