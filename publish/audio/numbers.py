"""Numbers as a listener needs them: "Call 911" is "call nine one one", not "nine hundred eleven".

Speech engines read digit strings as quantities, so every number in a sentence is written out
before synthesis, by what it is: a phone or emergency number (digit by digit, in its
groups), a time, a date, a year, a range, a fraction, a percentage, an ordinal, a version,
money, or a quantity with its unit ("2.5 mg" is "two point five milligrams", "1 mg" is "one
milligram"). The words come from num2words, so other languages can follow with a table of
their own connecting words; the rules are tried in that order, first match wins.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Protocol

from publish.audio.phones import Rule, phone_rules
from publish.audio.tables import data_rows
from publish.strings import MONTHS as STRING_MONTHS


def num2words(number: float, **options: str) -> str:
    """num2words, imported on first use: it loads some fifty languages (about 0.1 s), which a
    build of text without figures never needs."""
    from num2words import num2words as spell

    return str(spell(number, **options))


@dataclass(frozen=True)
class Words:
    """The connecting words of one language, and its num2words code."""

    code: str
    point: str = "point"
    to: str = "to"
    minus: str = "minus"
    percent: str = "percent"
    per: str = "per"
    and_: str = "and"
    over: str = "over"  # a blood pressure: 120/80 is "one hundred twenty over eighty"
    oh: str = "oh"  # 9:05 is "nine oh five"
    oclock: str = "o'clock"
    am: str = "A M"
    pm: str = "P M"
    version: str = "version"
    squared: str = "square"
    cubed: str = "cubic"
    drop_and: bool = True  # US English: "nine hundred eleven", not "nine hundred and eleven"
    day_first: bool = False  # 03/04/2025 is 3 April (en-GB) or March 4 (en-US)


ENGLISH_US = Words("en")
ENGLISH_GB = Words("en", drop_and=False, day_first=True)

MONTHS = STRING_MONTHS["en"]  # the rules below are English ones
FRACTIONS = {
    "\u00bd": (1, 2),
    "\u2153": (1, 3),
    "\u2154": (2, 3),
    "\u00bc": (1, 4),
    "\u00be": (3, 4),
    "\u2155": (1, 5),
    "\u215b": (1, 8),
}
# (alone, after a whole number, before "a tablet")
FRACTION_WORDS = {
    (1, 2): ("one half", "a half", "half"),
    (1, 3): ("one third", "a third", "a third of"),
    (2, 3): ("two thirds", "two thirds", "two thirds of"),
    (1, 4): ("one quarter", "a quarter", "a quarter of"),
    (3, 4): ("three quarters", "three quarters", "three quarters of"),
    (1, 5): ("one fifth", "a fifth", "a fifth of"),
    (1, 8): ("one eighth", "an eighth", "an eighth of"),
}
# Things a dose is counted in: "½ tablet" is "half a tablet".
PORTIONS = frozenset(
    [
        "tablet",
        "pill",
        "capsule",
        "cup",
        "glass",
        "dose",
        "spoon",
        "teaspoon",
        "tablespoon",
        "scoop",
        "patch",
        "vial",
        "bottle",
        "packet",
        "sachet",
        "bar",
        "slice",
    ]
)
# Units after a number (publish/data/units-en.tsv): symbol -> (singular, plural). "mg/m²"
# and "mL/hr" are read with "per".
UNITS = {row[0]: (row[1], row[2]) for row in data_rows("units-en.tsv")}
# Unit symbols that are also everyday words: a unit only when no word or number follows.
WORD_UNITS = frozenset({"in"})
DIAL_VERBS = r"(?:call|calls|calling|called|dial|dialing|dialling|text|ring|phone)"

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_UNIT_NAMES = "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True))
_UNIT = rf"(?:{_UNIT_NAMES})(?:/(?:{_UNIT_NAMES})(?:[²³])?)?"
_DASH = "[-\u2013\u2014]"
_DECADE = r"(?:1\d|20)\d0"


class NumberReader:
    """Writes out every number in a sentence for one language."""

    def __init__(self, words: Words) -> None:
        self.words = words
        self.rules: list[Rule] = [
            *phone_rules(self._digits, self._digit_words, DIAL_VERBS, _UNIT),
            # dates: 12/25/2024, 25/12/2024 (by the language), 2024-12-25
            (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), self._iso_date),
            (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), self._slash_date),
            # a month of a year: 2024-03 is "March twenty twenty-four", not a range
            (
                re.compile(r"\b(1[89]\d\d|20\d\d)-(0[1-9]|1[0-2])\b(?!-\d)"),
                lambda m: f"{MONTHS[int(m.group(2)) - 1]} {self._year(m.group(1))}",
            ),
            (
                re.compile(
                    rf"\b({'|'.join(MONTHS)})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(,?\s+\d{{4}})?"
                ),
                self._month_day,
            ),
            (
                re.compile(
                    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({'|'.join(MONTHS)})\b(,?\s+\d{{4}})?"
                ),
                self._day_month,
            ),
            # a month and its year, after the day-and-month rules: "March 2024"
            (
                re.compile(rf"\b({'|'.join(MONTHS)})\s+(1[1-9]\d\d|20\d\d)\b(?![,.]\d)"),
                lambda m: f"{m.group(1)} {self._year(m.group(2))}",
            ),
            # times: 10 a.m., 10:30 p.m., 14:30
            (
                re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s?([aApP])\.?\s?[mM]\.?(?![\w])"),
                self._clock_ampm,
            ),
            (re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b"), self._clock),
            # money: $2.50, $1,000
            (re.compile(r"\$(\d+(?:,\d{3})*)(?:\.(\d{2}))?\b"), self._money),
            # versions: version 2.1.3, v2.1
            (re.compile(r"\b(?:[vV]|version\s)(\d+(?:\.\d+)+)\b"), self._version),
            (re.compile(r"\b(\d+(?:\.\d+){2,})\b"), lambda m: self._dotted(m.group(1))),
            # decades: the 1980s–1990s, 1980-1990s (not "1990 seconds")
            (re.compile(rf"\b({_DECADE})['’]?s?{_DASH}({_DECADE})['’]?s\b"), self._decades),
            # ranges: 2-8 weeks, 10–20 mg, 2 to 3
            (
                re.compile(rf"(?<![\w.,/])({_NUM}){_DASH}({_NUM})(?:\s?({_UNIT})\b|\s?(%))?"),
                self._range,
            ),
            # a unit named without a number: "your weight in kg" ("5 mg per kg" is one
            # compound unit to the fidelity check's reader, so "per" is left to the voice)
            (
                re.compile(rf"\b(in) ({_UNIT})(?![\w/])"),
                lambda m: f"{m.group(1)} {self._unit(m.group(2), plural=True)}",
            ),
            # blood pressure: 130/80, 120/80 mmHg (not a fraction, not a date)
            (
                re.compile(rf"(?<![\w/.,])(\d{{2,3}})/(\d{{2,3}})(?![\w/])(?:\s?({_UNIT})\b)?"),
                self._pressure,
            ),
            # fractions: 1 ½, ½, 1/2
            (
                re.compile(
                    rf"(?<![\w/])(\d+)?\s?([{''.join(FRACTIONS)}])(?:\s?({_UNIT})\b)?(\s+\w+)?"
                ),
                self._vulgar,
            ),
            (
                re.compile(
                    rf"(?<![\w/.,])(?:(\d+)\s)?(\d{{1,2}})/(\d{{1,2}})(?![\w/])"
                    rf"(?:\s?({_UNIT})\b)?(\s+\w+)?"
                ),
                self._slash,
            ),
            # ordinals: 1st, 22nd
            (re.compile(r"\b(\d+)(?:st|nd|rd|th)\b"), self._ordinal),
            # decades: the 1990s, the '80s (not "1990 seconds")
            (re.compile(r"\b((?:1\d|20)\d0)['’]?s\b|['’](\d0)['’]?s\b"), self._decade),
            # percentages and quantities with units
            (re.compile(rf"(?<![\w.])(-?{_NUM})\s?%"), self._percent),
            (re.compile(rf"(?<![\w.])(-?{_NUM})\s?({_UNIT})(?![\w])"), self._quantity),
            # years after a word that names a time, or standing before the sentence's end
            (
                re.compile(
                    r"(?i:\b(?:in|since|by|from|until|till|to|of|year|during|before|after|"
                    r"around|circa|early|late|mid|and)\s+)(1[1-9]\d\d|20\d\d)\b(?![,.]\d)"
                ),
                lambda m: m.group(0)[: m.start(1) - m.start(0)] + self._year(m.group(1)),
            ),
            # everything else: a cardinal, with decimals and thousands separators
            (re.compile(rf"(?<![\w.])(-?{_NUM})(?![\w])"), lambda m: self._number(m.group(1))),
        ]

    def read(self, text: str) -> str:
        for pattern, speak in self.rules:
            text = pattern.sub(speak, text)
        return text

    # ------------------------------------------------------------ words
    def _say(self, value: float, to: str = "cardinal") -> str:
        """num2words in this language, without US English's unspoken "and"."""
        said = str(num2words(value, lang=self.words.code, to=to))
        return said.replace(" and ", " ") if self.words.drop_and else said

    def _cardinal(self, value: float) -> str:
        return self._say(value).replace(",", "")

    def _number(self, raw: str) -> str:
        negative = raw.startswith("-")
        digits = raw.lstrip("-").replace(",", "")
        whole, _, fraction = digits.partition(".")
        said = self._cardinal(int(whole))
        if fraction:
            said += f" {self.words.point} " + " ".join(self._digit_word(d) for d in fraction)
        return f"{self.words.minus} {said}" if negative else said

    def _digit_word(self, digit: str) -> str:
        return str(num2words(int(digit), lang=self.words.code))

    def _digit_words(self, digits: str) -> str:
        return " ".join(self._digit_word(d) for d in digits)

    def _digits(self, match: re.Match[str]) -> str:
        """A phone number, digit by digit, a pause between its groups."""
        groups = re.findall(r"\d+", match.group(0))
        lead = "plus " if match.group(0).startswith("+") else ""
        return lead + ", ".join(self._digit_words(g) for g in groups)

    def _ordinal_words(self, value: int) -> str:
        return self._say(value, "ordinal")

    def _year(self, raw: str) -> str:
        return self._say(int(raw), "year")

    def _unit(self, unit: str, plural: bool) -> str:
        main, _, per = unit.partition("/")
        power = ""
        if per.endswith(("\u00b2", "\u00b3")):
            power = self.words.squared if per.endswith("\u00b2") else self.words.cubed
            per = per[:-1]
        said = UNITS[main][1 if plural else 0]
        if per:
            said += f" {self.words.per} " + (f"{power} " if power else "") + UNITS[per][0]
        return said

    # ------------------------------------------------------------ rules
    def _date(self, match: re.Match[str], year: int, month: int, day: int) -> str:
        """ "March fourth, twenty twenty-five"; a date that cannot be is left as written."""
        if not 1 <= month <= 12 or not 1 <= day <= 31:
            return match.group(0)
        return f"{MONTHS[month - 1]} {self._ordinal_words(day)}, {self._year(str(year))}"

    def _iso_date(self, match: re.Match[str]) -> str:
        year, month, day = (int(g) for g in match.groups())
        return self._date(match, year, month, day)

    def _slash_date(self, match: re.Match[str]) -> str:
        first, second, year = (int(g) for g in match.groups())
        day, month = (first, second) if self.words.day_first else (second, first)
        return self._date(match, year, month, day)

    def _month_day(self, match: re.Match[str]) -> str:
        month, day, year = match.group(1), int(match.group(2)), match.group(3)
        said = f"{month} {self._ordinal_words(day)}"
        return said + (f", {self._year(year.strip(', '))}" if year else "")

    def _day_month(self, match: re.Match[str]) -> str:
        day, month, year = int(match.group(1)), match.group(2), match.group(3)
        said = f"the {self._ordinal_words(day)} of {month}"
        return said + (f", {self._year(year.strip(', '))}" if year else "")

    def _clock_words(self, hour: int, minute: int) -> str:
        said = self._cardinal(hour)
        if minute:
            minutes = self._cardinal(minute)
            said += f" {self.words.oh} {minutes}" if minute < 10 else f" {minutes}"
        return said

    def _clock_ampm(self, match: re.Match[str]) -> str:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if not 1 <= hour <= 12:
            return match.group(0)
        mark = self.words.am if match.group(3).lower() == "a" else self.words.pm
        # "a.m." ending the sentence carried its full stop; give it back
        stop = "." if match.group(0).endswith(".") and match.end() == len(match.string) else ""
        return f"{self._clock_words(hour, minute)} {mark}{stop}"

    def _clock(self, match: re.Match[str]) -> str:
        hour, minute = int(match.group(1)), int(match.group(2))
        if minute == 0:
            return (
                f"{self._cardinal(hour)} {self.words.oclock}"
                if hour <= 12
                else (f"{self._cardinal(hour)} hundred")
            )
        return self._clock_words(hour, minute)

    def _money(self, match: re.Match[str]) -> str:
        dollars = int(match.group(1).replace(",", ""))
        cents = int(match.group(2) or 0)
        said = f"{self._cardinal(dollars)} dollar{'s' if dollars != 1 else ''}"
        if cents:
            said += f" {self.words.and_} {self._cardinal(cents)} cent{'s' if cents != 1 else ''}"
        return said

    def _dotted(self, raw: str) -> str:
        return f" {self.words.point} ".join(self._cardinal(int(p)) for p in raw.split("."))

    def _version(self, match: re.Match[str]) -> str:
        return f"{self.words.version} {self._dotted(match.group(1))}"

    def _range(self, match: re.Match[str]) -> str:
        low, high, unit, percent = match.groups()
        before = match.string[: match.start()].rstrip().lower()
        to = self.words.and_ if before.endswith("between") else self.words.to  # "between 2 and 3"
        said = f"{self._number(low)} {to} {self._number(high)}"
        if unit:
            said += " " + self._unit(unit, plural=True)
        elif percent:
            said += f" {self.words.percent}"
        return said

    def _pressure(self, match: re.Match[str]) -> str:
        """130/80 mmHg: "one hundred thirty over eighty millimeters of mercury". Only a pair
        in the range of blood pressures (the top above the bottom); anything else is left to
        the other rules."""
        top, bottom, unit = match.groups()
        if not (60 <= int(top) <= 300 and 30 <= int(bottom) <= 200 and int(top) > int(bottom)):
            return match.group(0)
        said = f"{self._number(top)} {self.words.over} {self._number(bottom)}"
        return f"{said} {self._unit(unit, plural=True)}" if unit else said

    def _fraction(self, whole: str | None, pair: tuple[int, int], portion: str | None) -> str:
        """½ -> "one half"; 1½ -> "one and a half"; ½ + "tablet" -> "half a tablet"."""
        words = FRACTION_WORDS.get(pair)
        if words is None:
            said = f"{self._cardinal(pair[0])} over {self._cardinal(pair[1])}"
            words = (said, said, f"{said} of")
        if whole:
            said = f"{self._number(whole)} {self.words.and_} {words[1]}"
            return f"{said} {_plural(portion)}" if portion else said
        if portion:
            return f"{words[2]} a {portion}"
        return words[0]

    def _vulgar(self, match: re.Match[str]) -> str:
        whole, symbol, unit, following = match.groups()
        return self._fractional(whole, FRACTIONS[symbol], unit, following)

    def _slash(self, match: re.Match[str]) -> str:
        """1/2, 3/4 tsp, 1 1/2 cups; a "fraction" of a larger top (7/4) is read as written."""
        whole, top, bottom, unit, following = match.groups()
        if int(bottom) == 0 or int(top) >= int(bottom):
            return match.group(0)
        return self._fractional(whole, (int(top), int(bottom)), unit, following)

    def _fractional(
        self, whole: str | None, pair: tuple[int, int], unit: str | None, following: str | None
    ) -> str:
        if unit:
            return self._fraction(whole, pair, self._unit(unit, plural=False)) + (following or "")
        word = (following or "").strip()
        if word.lower().rstrip("s") in PORTIONS:
            return self._fraction(whole, pair, word.lower().rstrip("s"))
        return self._fraction(whole, pair, None) + (following or "")

    def _ordinal(self, match: re.Match[str]) -> str:
        return self._ordinal_words(int(match.group(1)))

    def _percent(self, match: re.Match[str]) -> str:
        return f"{self._number(match.group(1))} {self.words.percent}"

    def _decades(self, match: re.Match[str]) -> str:
        """ "1980-1990s" is "nineteen eighties to nineteen nineties"."""
        low, high = (self._plural_number(self._year(d)) for d in match.groups())
        return f"{low} {self.words.to} {high}"

    def _decade(self, match: re.Match[str]) -> str:
        """ "1990s" is "nineteen nineties", "2000s" "two thousands", "'80s" "eighties"."""
        said = self._year(match.group(1)) if match.group(1) else self._cardinal(int(match.group(2)))
        return self._plural_number(said)

    @staticmethod
    def _plural_number(said: str) -> str:
        return said[:-1] + "ies" if said.endswith("y") else said + "s"

    def _quantity(self, match: re.Match[str]) -> str:
        raw, unit = match.group(1), match.group(2)
        if unit in WORD_UNITS and re.match(r"\s*[^\W_]", match.string[match.end() :]):
            return self._number(raw) + match.group(0)[len(raw) :]  # "2 in the morning", "1 in 4"
        plural = raw.lstrip("-") not in ("1", "1.0")
        return f"{self._number(raw)} {self._unit(unit, plural)}"


def _plural(noun: str) -> str:
    return noun if noun.endswith("s") else noun + "s"


def cardinal(value: int, language: str) -> str:
    """A whole number in words in the language ("one hundred twenty-five" in US English)."""
    reader = reader_for(language)
    if isinstance(reader, NumberReader):
        return reader._cardinal(value)
    return num2words(value, lang="es" if reader is not None else "en")


def ordinal(value: int, language: str) -> str:
    """An ordinal in words in the language ("eighth", "segundo")."""
    code = "es" if language.split("-")[0].lower() == "es" else "en"
    return num2words(value, lang=code, to="ordinal")


class Reader(Protocol):
    def read(self, text: str) -> str: ...


@functools.lru_cache(maxsize=16)
def reader_for(language: str) -> Reader | None:
    """The reader for a BCP 47 tag; None where publish has no rules for the language. A
    reader keeps nothing between texts, so one per language serves every call."""
    primary, _, region = language.partition("-")
    if primary.lower() == "es":
        from publish.audio.numbers_es import SpanishNumberReader

        return SpanishNumberReader(region.split("-")[-1])
    if primary.lower() != "en":
        return None
    british = region.upper() in ("GB", "UK", "IE", "AU", "NZ", "IN", "ZA")
    return NumberReader(ENGLISH_GB if british else ENGLISH_US)
