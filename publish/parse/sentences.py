"""Sentence boundaries: sentencex for every language, with publish's rules on top.

sentencex (Wikimedia's segmenter, about 300 languages, compiled, linear) proposes the
boundaries. publish then judges every full stop, question or exclamation mark and ellipsis
followed by space, with the rules of `segment_rules.py`, and keeps, adds or removes a
boundary there; where no rule speaks, sentencex's answer stands. Inline numbered lists
("1. Wash. 2. Dry.") are found as sequences (1, 2, 3 or a, b, c) and split before each item.

Works on a flat string in which inline objects (images, note references) are one U+FFFC
character each, so boundaries map back onto the inline tree. Every look at the text is a
window of bounded size around a candidate, so splitting is linear in the text's length.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator

from publish.parse.segment_rules import LanguageRules, rules_for

OBJECT = "\ufffc"
CLOSERS = ")]\"'\u201d\u2019\u00bb\u203a" + OBJECT
_OPENERS = "\"'\u201c\u2018([\u00ab\u2039\u00bf\u00a1"

_CANDIDATE = re.compile(
    rf"""(?P<end>[.!?\u2026]+(?:[ \u00a0]\.(?=[ \u00a0.{re.escape(CLOSERS)}]|$))*)
        (?P<close>[{re.escape(CLOSERS)}]*)
        (?P<space>\s+)
        (?=\S)""",
    re.VERBOSE,
)
_NEXT = re.compile(rf"[{re.escape(_OPENERS)}]*(?P<word>[^\s]*)")
_CORE = re.compile(r"[\w'\u2019-]+")
_LETTER = re.compile(r"[A-Z]\d{0,2}")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_MARKER = re.compile(
    r"(?:^|(?<=\s))(?P<bullet>[\u2022\u2043\u2023\u25e6\u25aa*\u2013-]\s?)?"
    r"(?P<value>\d{1,3}|[a-zA-Z])(?P<mark>\.\)|\.|\))(?=\s+\S)"
)
_BARE_MARKER = re.compile(r"[\u2022\u2043*-]?\s?(?:\d{1,3}|[a-zA-Z])(?:\.\)|\.|\))")
_FIRST = re.compile(r"\s*(\S)")
_WINDOW = 40  # characters looked at before a candidate
_PAREN_WINDOW = 500  # how far back an opening parenthesis is looked for


@functools.lru_cache(maxsize=16)
def _segmenter(language: str) -> Segmenter:
    return Segmenter(language)


class TooManySentencesError(Exception):
    """More sentences than the caller allowed; raised as soon as the count is passed."""

    def __init__(self, count: int) -> None:
        super().__init__(f"over {count:,} sentences")
        self.count = count


def segmenter(language: str) -> Segmenter:
    """The (cached) segmenter for a BCP 47 language tag."""
    return _segmenter(language)


def boundaries(text: str, language: str = "en") -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences in text, with surrounding space trimmed."""
    return _segmenter(language).boundaries(text)


def split(text: str, language: str = "en") -> list[str]:
    """The sentences of a plain string."""
    return [text[a:b] for a, b in boundaries(text, language)]


class Segmenter:
    """Sentence boundaries for one language (a BCP 47 tag)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.rules, self.fallback = rules_for(language)
        self._sentencex_language = language.split("-")[0].lower() or "en"

    def boundaries(self, text: str, most: int | None = None) -> list[tuple[int, int]]:
        """The sentence spans; TooManySentencesError as soon as there are more than `most`."""
        ends = self._sentencex_ends(text)
        proposed, size = sorted(ends), len(ends)
        for match in _CANDIDATE.finditer(text):
            verdict, at = self._judge(text, match)
            if verdict is True:
                ends.discard(match.end("close"))
                ends.add(at)
            elif verdict is False:
                ends.discard(match.end("close"))
            if most is not None:
                # Every change so far lies at or before this candidate, so the ends up to
                # here are sentencex's up to here plus the net change in the set's size.
                here = bisect.bisect_right(proposed, match.end()) + len(ends) - size
                if here >= most:
                    raise TooManySentencesError(most)
        ends -= _run_in_markers(text)
        markers: list[tuple[int, int]] = []
        for before, marker_start, marker_end in _list_items(text):
            markers.append((marker_start, marker_end))
            if before > 0:
                ends.add(before)
        return list(_spans(text, _outside(text, sorted(ends), markers)))

    # ------------------------------------------------------------ sentencex
    def _sentencex_ends(self, text: str) -> set[int]:
        from sentencex import get_sentence_boundaries

        ends = set()
        for found in get_sentence_boundaries(self._sentencex_language, text)[:-1]:
            end = int(found["end_index"])
            while end > 0 and text[end - 1].isspace():
                end -= 1
            limit = min(len(text), end + 8)
            while end < limit and text[end] in CLOSERS and not _opens(text, end):
                end += 1  # a note reference or a closing quote stays with its sentence
            before = end - 1
            while before > 0 and text[before] in CLOSERS:
                before -= 1
            if end > 0 and text[before] not in ":;,":  # a colon never ends a sentence
                ends.add(end)
        return ends

    # ------------------------------------------------------------ the rules
    def _judge(self, text: str, match: re.Match[str]) -> tuple[bool | None, int]:
        """True: a boundary at the returned offset; False: none here; None: sentencex's call."""
        rules = self.rules
        at = match.end("close")
        end = match.group("end")
        following = _NEXT.match(text, match.end("space"))
        word = following.group("word") if following else ""
        if text[match.end("space")] in "\u00bf\u00a1":  # ¿ and ¡ open a Spanish sentence
            return True, at
        if not word or word[0].islower():
            return False, at  # a sentence does not go on in lower case: "Yahoo! in", "st. near"
        capital = word[0].isupper()
        core = _CORE.match(word)
        next_word = core.group(0).lower() if core else ""
        start = match.start("end")
        if "\u2026" in end or end.count(".") >= 3:
            return self._ellipsis(text, match, capital, next_word)
        if end != ".":
            return None, at
        if capital and ")" in match.group("close") and _parenthesis_opens_sentence(text, start):
            return True, at
        window = text[max(0, start - _WINDOW) : start]
        tokens = window.split()
        if not tokens:
            return None, at
        last = tokens[-1].lstrip(_OPENERS)
        pair = " ".join(tokens[-2:]).lstrip(_OPENERS).lower() if len(tokens) > 1 else ""
        key = last.lower()
        if key == "etc":
            return (True if capital else None), at
        if key in rules.number_sign:
            if capital:
                return True, at  # "No. It made it worse."
            return (False if word[0].isdigit() or word[0] == "#" else None), at  # "No. 5"
        if key in rules.times or pair in rules.times:
            if not capital:
                return None, at
            drop = 1 if key in rules.times else 2
            if next_word in rules.time_followers or _only_a_time(window, tokens, drop, rules):
                return False, at
            return True, at  # "at 10 a.m. Please arrive"
        named_letter = _LETTER.fullmatch(last) and len(tokens) > 1
        if capital and named_letter and tokens[-2].lower() in rules.letter_names:
            return True, at  # "vitamin D. It helps", "type A. Tell the nurse"
        if capital and last in rules.units and len(tokens) > 1 and _NUMBER.fullmatch(tokens[-2]):
            return True, at  # "Take 500 mg. Do not take more."
        if key in rules.never_end or pair in rules.never_end:
            return False, at
        if key in rules.may_end or pair in rules.may_end:
            return (capital and next_word in rules.openers), at  # "1 tsp. (5 mL)", "U.S. How"
        return None, at

    def _ellipsis(
        self, text: str, match: re.Match[str], capital: bool, next_word: str
    ) -> tuple[bool | None, int]:
        start, at = match.start("end"), match.end("close")
        end = match.group("end")
        if start > 0 and text[start - 1] == "[":
            return False, at  # an omission in brackets: "stairways [...]"
        if not capital or next_word in self.rules.first_person:
            return False, at  # "the thing is . . . I didn't mean it"
        if end.startswith(". ") and start > 0 and text[start - 1].isalnum():
            return True, start + 1  # "compounds. . . . The practice": the ellipsis opens it
        return True, at


def _opens(text: str, index: int) -> bool:
    """A straight quote followed by a letter opens a quotation rather than closing one."""
    return text[index] in "\"'" and index + 1 < len(text) and text[index + 1].isalnum()


def _only_a_time(window: str, tokens: list[str], drop: int, rules: LanguageRules) -> bool:
    """Whether the sentence so far is a time phrase only: "At 5 a.m." in "At 5 a.m. Mr. Smith".

    `tokens` are the window's words, the last `drop` of them the time abbreviation."""
    phrase: list[str] = []
    for token in reversed(tokens[:-drop]):
        if token[-1] in ".!?\u2026":
            break
        phrase.insert(0, token)
    else:
        if len(window) == _WINDOW:
            return False  # the window began inside a longer sentence
    return 0 < len(phrase) <= 2 and phrase[0].lower() in rules.time_prepositions


def _parenthesis_opens_sentence(text: str, end: int) -> bool:
    """Whether the parenthesis closing at `end` opened after a sentence's end, or at the start."""
    opened = text.rfind("(", max(0, end - _PAREN_WINDOW), end)
    if opened < 0:
        return False
    before = text[max(0, opened - _WINDOW) : opened].rstrip()
    return not before or before[-1] in ".!?\u2026"


def _list_items(text: str) -> Iterator[tuple[int, int, int]]:
    """(end of the sentence before, marker start, marker end) for each inline list item.

    A list starts at the text's start or after a colon, or with a bullet, and goes on with
    the next value of the same kind: 1. 2. 3., a) b) c), • 9. • 10. Only the second item on
    gets a boundary before it; every item loses a boundary just after its marker ("1.").
    """
    previous: re.Match[str] | None = None
    for marker in _MARKER.finditer(text):
        after = _FIRST.match(text, marker.end())
        if after is None or after.group(1).islower():
            continue
        if previous is not None and _follows(previous, marker):
            end = marker.start()
            while end > 0 and text[end - 1].isspace():
                end -= 1
            yield end, marker.start(), marker.end()
            previous = marker
            continue
        head = text[max(0, marker.start() - _WINDOW) : marker.start()].rstrip()
        if marker.group("bullet") or not head or head.endswith(":"):
            previous = marker
            yield 0, marker.start(), marker.end()


_RUN_IN = re.compile(r"(?<![\w.])(\d{1,2})\.(?=[^\W\d_])")


def _run_in_markers(text: str) -> set[int]:
    """Ends just after the markers of a list run into a sentence with no space: "compras:
    1.Helado, 2.Carne, 3.Arroz." Each marker that follows the one before it (2 after 1) ends
    nothing; a lone "1,000.That" still may."""
    found: set[int] = set()
    last: dict[int, int] = {}  # value -> where its marker ended
    for marker in _RUN_IN.finditer(text):
        value = int(marker.group(1))
        before = last.get(value - 1)
        if before is not None and marker.start() - before <= _WINDOW:
            found.add(marker.end())
        last[value] = marker.end()
    return found


def _follows(previous: re.Match[str], marker: re.Match[str]) -> bool:
    if (previous.group("bullet") is None) != (marker.group("bullet") is None):
        return False
    if previous.group("mark") != marker.group("mark"):
        return False
    a, b = previous.group("value"), marker.group("value")
    if a.isdigit() and b.isdigit():
        return int(b) == int(a) + 1
    return a.isalpha() and b.isalpha() and len(a) == len(b) == 1 and ord(b) == ord(a) + 1


def _outside(text: str, ends: list[int], markers: list[tuple[int, int]]) -> list[int]:
    """The sorted ends that fall in no list marker and do not end a bare marker ("2.")."""
    kept: list[int] = []
    index = 0
    for end in ends:
        while index < len(markers) and markers[index][1] < end:
            index += 1
        if index < len(markers) and markers[index][0] <= end <= markers[index][1]:
            continue
        start = kept[-1] if kept else 0
        if end - start <= 8 and _BARE_MARKER.fullmatch(text[start:end].strip()):
            continue  # "Wash your hands. 2. Clean the site.": the "2." goes with its item
        kept.append(end)
    return kept


def _spans(text: str, ends: list[int]) -> Iterator[tuple[int, int]]:
    start = 0
    for end in [*ends, len(text)]:
        a, b = start, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            yield a, b
        start = end
