"""Critical tokens: what a reader must get exactly as the source says it.

A dose with its unit, a range, a phone or emergency number, a date, a time, a percentage,
an amount of money, a temperature, a list step number and a negation. Each token has a
*kind* and one or more canonical *keys*; two tokens agree when they share a key, however
each was written ("2.5 mg" and "2.5 mg" but also "½" and "1/2"). A token read back from
speech may be ambiguous ("20 25" is the year 2025 or the time 20:25) and then carries every
key it could mean; a written token carries one.

This module knows written text only. `spoken.py` turns a narration's words back into
written text first, using unambiguous markers where writing would be ambiguous: a run of
digits read one by one is `⟨555-0100⟩`, a unit read aloud is `⟦milligram⟧`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import ClassVar

from publish.audio.numbers import MONTHS as EN_MONTHS
from publish.audio.numbers import UNITS as EN_UNITS
from publish.audio.numbers_es import DECIMAL_POINT
from publish.audio.numbers_es import MONTHS as ES_MONTHS
from publish.audio.numbers_es import UNITS as ES_UNITS
from publish.audio.reading import numbered_abbreviations, numeral_pattern, numeral_value


@dataclass(frozen=True)
class Token:
    kind: str  # number, quantity, range, phone, date, time, percent, money, temperature...
    keys: frozenset[str]
    text: str  # as it appears where it was found

    def agrees(self, other: Token) -> bool:
        return bool(self.keys & other.keys)


KIND_WORDS = {
    "number": "the number",
    "quantity": "the amount",
    "range": "the range",
    "phone": "the phone number",
    "date": "the date",
    "time": "the time",
    "percent": "the percentage",
    "money": "the amount of money",
    "temperature": "the temperature",
    "fraction": "the fraction",
    "ordinal": "the ordinal",
    "step": "the step number",
    "negation": "the negation",
}

# Unit symbols and names -> one canonical name ("mL" and "ml" are both "milliliter").
UNIT_NAMES: dict[str, str] = {}
for _symbol, (_one, _many) in EN_UNITS.items():
    UNIT_NAMES[_symbol] = _one
for _symbol, (_one, _many, _feminine) in ES_UNITS.items():
    UNIT_NAMES.setdefault(_symbol, EN_UNITS[_symbol][0] if _symbol in EN_UNITS else _one)
UNIT_NAMES["UI"] = UNIT_NAMES["IU"]
# Units written out in full ("5 hours", "2 horas") mean the same as their symbols.
UNIT_WORDS: dict[str, str] = {}
for _symbol, (_one, _many) in EN_UNITS.items():
    UNIT_WORDS[_one] = UNIT_WORDS[_many] = UNIT_NAMES[_symbol]
for _symbol, (_one, _many, _feminine) in ES_UNITS.items():
    UNIT_WORDS.setdefault(_one, UNIT_NAMES[_symbol])
    UNIT_WORDS.setdefault(_many, UNIT_NAMES[_symbol])
# Symbols that are also everyday words: a unit only when no word or number follows ("12 in."
# but not "take 2 in the morning" or "1 in 4 people").
AMBIGUOUS_UNITS = frozenset({"in"})

EMERGENCY = frozenset({"911", "999", "112", "988", "000", "111", "211", "311", "811", "061"})
DIAL = (
    r"(?:call|calls|calling|called|dial|dialing|dialling|text|ring|phone|llame|llama|llamar|"
    r"marque|marca|marcar|al)"
)
NEGATIONS = {
    "en": {
        "not": "not",
        "never": "never",
        "no": "no",
        "cannot": "not",
        "nor": "nor",
        "none": "none",
        "nothing": "nothing",
    },
    "es": {"no": "no", "nunca": "never", "jamás": "never", "ni": "nor", "tampoco": "nor"},
}
_NOT = re.compile(r"\b\w+n['’]t\b", re.IGNORECASE)
_CODE_DASH = re.compile(r"[A-Za-z]-$")  # letters and a hyphen just before a number: a code

_SPACES = re.compile(r"[\u00a0\u2007\u2009\u202f\u200a]")
_HYPHENS = re.compile(r"[\u2010\u2011\u2212]")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+", re.IGNORECASE)
_DASH = "[-\u2013\u2014]"
_UNIT_ALT = "|".join(sorted(map(re.escape, UNIT_NAMES), key=len, reverse=True))
_WORD_ALT = "|".join(sorted(map(re.escape, UNIT_WORDS), key=len, reverse=True))
_UNIT_RE = rf"(?:⟦[a-z ]+⟧|(?:{_WORD_ALT})\b|(?:{_UNIT_ALT})(?:/(?:{_UNIT_ALT})[²³]?)?)"
_AFTER_UNIT = r"(?![\w])"


def canonical_unit(unit: str) -> str | None:
    """A written unit ("mg/m²", "⟦milligram⟧") as canonical names; None if it is not one."""
    if unit.startswith("⟦"):
        return unit[1:-1]
    if unit.lower() in UNIT_WORDS:
        return UNIT_WORDS[unit.lower()]
    main, _, per = unit.partition("/")
    power = ""
    if per.endswith(("²", "³")):
        power, per = ("square " if per.endswith("²") else "cubic "), per[:-1]
    if main not in UNIT_NAMES or (per and per not in UNIT_NAMES):
        return None
    return UNIT_NAMES[main] + (f" per {power}{UNIT_NAMES[per]}" if per else "")


class Reader:
    """Finds the critical tokens of written text in one language."""

    def __init__(self, language: str) -> None:
        primary, _, region = language.partition("-")
        self.language = primary.lower()
        self.spanish = self.language == "es"
        self.comma_decimal = self.spanish and region.split("-")[-1].upper() not in DECIMAL_POINT
        self.day_first = self.spanish or region.upper() in ("GB", "UK", "IE", "AU", "NZ", "IN")
        self.negations = NEGATIONS.get(self.language, NEGATIONS["en"])
        months = ES_MONTHS if self.spanish else EN_MONTHS
        self.months = {m.lower(): n for n, m in enumerate(months, 1)}
        month = "|".join(months)
        num = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
        self.number = num
        frac = "½⅓⅔¼¾⅕⅛"
        words = "a|y|hasta" if self.spanish else "to"
        to = rf"(?:\s?{_DASH}\s?|\s+(?:{words})\s+)"
        numerals = numeral_pattern(self.language)
        ordinal = r"st|nd|rd|th|\.?[ºª]|\.?ᵉʳ"
        if self.spanish:  # 1er, 1ra, 2do, 3ro, 4to
            ordinal += r"|\.?(?:er|ra|ro|do|da|to|ta|vo|va|no|na|mo|ma)"
        decade = r"(?:1\d|20)\d0"
        self.rules: list[tuple[re.Pattern[str], str]] = [
            *([(numerals, "numeral")] if numerals else []),
            (re.compile(r"⟨(\+?[\d-]+)⟩"), "spoken_digits"),
            (
                re.compile(
                    r"(?<![\w.,])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?)?(?:\d{1,4}[.-]){0,2}"
                    r"\d{3}[.-]\d{4}(?![\w.]\d)"
                ),
                "phone",
            ),
            (re.compile(r"(?<![\w.])\+\d{1,3}(?: \d{2,5}){2,4}(?!\w)"), "phone"),
            (re.compile(rf"(?i:\b{DIAL}\s+)(\d{{3}})\b(?![.,]\d)"), "dialled"),
            (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "iso_date"),
            (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), "slash_date"),
            # a month of a year: 2024-03, March 2024 (said "March 20 24"), marzo de 2024
            (re.compile(r"\b(1[89]\d\d|20\d\d)-(0[1-9]|1[0-2])\b(?!-\d)"), "iso_month"),
            (
                re.compile(
                    rf"(?i:\b({month})\s+(?:de\s+)?(\d{{4}}|\d\d \d\d|\d\d oh \d)(?![\w,.]?\d))"
                ),
                "month_year",
            ),
            (
                re.compile(
                    rf"(?i:\b({month})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}|\d\d \d\d|\d\d oh \d))?)"
                ),
                "month_day",
            ),
            (
                re.compile(
                    rf"(?i:\b(\d{{1,2}})(?:st|nd|rd|th|\.?[ºª])?\s+(?:of\s+|de\s+)?({month})\b"
                    rf"(?:,?\s+(?:de\s+)?(\d{{4}}|\d\d \d\d|\d\d oh \d))?)"
                ),
                "day_month",
            ),
            (
                re.compile(
                    r"\b(\d{1,2})(?:[:.](\d{2})|\s(\d{2})|\s(?:oh|o)[ -](\d))?\s?([aApP])\.?\s?[mM]\.?(?!\w)"
                ),
                "clock_ampm",
            ),
            (re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b(?:\s?h\b)?"), "clock"),
            (re.compile(r"\b(\d{1,2})\s(?:oh|o)[ -](\d)\b"), "oh_clock"),
            (re.compile(r"\b(\d{1,2}) o['’]clock\b"), "oclock"),
            (re.compile(r"\b(\d\d) (\d\d)\b(?![.,]\d)"), "pair"),
            (re.compile(rf"(?:\$\s?|US\$\s?)({num})"), "money"),
            (re.compile(rf"\b({decade})['’]?s?{to}({decade})['’]?s\b"), "decades"),
            (re.compile(rf"(?<![\w.,])(-?(?:{num}))\s?°\s?([CF])\b"), "temperature"),
            (
                re.compile(
                    rf"(?<![\w.,/])({num}){to}({num})(?:\s?({_UNIT_RE}){_AFTER_UNIT}|\s?(%))?"
                ),
                "range",
            ),
            (
                re.compile(
                    rf"(?i:\b(?:between|entre)\s+)({num})\s+(?:and|y)\s+({num})"
                    rf"(?:\s?({_UNIT_RE}){_AFTER_UNIT}|\s?(%))?"
                ),
                "range",
            ),
            (re.compile(rf"(?<![\w/])(?:(\d+)\s?)?([{frac}])"), "vulgar"),
            (re.compile(r"(?<![\w/.])(?:(\d+) )?(\d{1,2})/(\d{1,2})(?![\w/])"), "slash"),
            (re.compile(rf"\b(\d+)(?:{ordinal})(?!\w)"), "ordinal"),
            (re.compile(r"\b((?:1\d|20)\d0)['’]?s\b|['’](\d0)['’]?s\b"), "decade"),
            (re.compile(rf"(?<![\w.,])(-?(?:{num}))\s?%"), "percent"),
            (re.compile(rf"(?<![\w.,])(-?(?:{num}))\s?({_UNIT_RE})(?![\w])"), "quantity"),
            (re.compile(rf"(?<![\w.,])(-?(?:{num}))(?![\w])"), "number"),
        ]

    # ------------------------------------------------------------ values
    def value(self, raw: str) -> str:
        """A written number as one canonical string: "1,000" and "1000" are "1000"."""
        raw = raw.replace(" ", "")
        negative = raw.startswith("-")
        raw = raw.lstrip("-")
        if self.comma_decimal:
            raw = re.sub(r"\.(?=\d{3}(?!\d))", "", raw).replace(",", ".")
        else:
            raw = re.sub(r",(?=\d{3}(?!\d))", "", raw)
            if "," in raw and "." not in raw:  # "2,5 mL" written the other way
                raw = raw.replace(",", ".")
        try:
            number = Decimal(raw)
        except InvalidOperation:
            return raw
        text = format(number.normalize(), "f") if number else "0"
        return f"-{text}" if negative and number else text

    # ------------------------------------------------------------ reading
    def tokens(self, text: str, step: bool = False) -> list[Token]:
        """Every critical token in `text`; with `step`, a leading "4." is a list step."""
        text = _HYPHENS.sub("-", _SPACES.sub(" ", text))
        text = numbered_abbreviations(_URL.sub(" ", text), self.language)  # q4-6h
        found: list[Token] = []
        if step:
            lead = re.match(r"\s*(\d+|[a-zA-Z]{1,4})[.)]\s", text)
            if lead:
                found.append(Token("step", frozenset({f"step:{lead.group(1)}"}), lead.group(0)))
                text = " " * lead.end() + text[lead.end() :]
        taken = [False] * len(text)
        for pattern, kind in self.rules:
            for match in pattern.finditer(text):
                start, end = match.span()
                if any(taken[start:end]):
                    continue
                token = getattr(self, f"_{kind}")(match)
                if token is None:
                    continue
                found += token if isinstance(token, list) else [token]
                taken[start:end] = [True] * (end - start)
        found.sort(key=lambda t: text.find(t.text))
        return found + list(self._negations(text))

    def _negations(self, text: str) -> Iterator[Token]:
        for match in re.finditer(r"\b\w+(?:['’]\w+)?\b", text):
            word = match.group(0).lower()
            if word == "no" and re.match(r"\.\s*\d", text[match.end() :]):
                continue  # "No. 5": a number, not a negation
            if _NOT.fullmatch(word):
                yield Token("negation", frozenset({"negation:not"}), match.group(0))
            elif word in self.negations:
                key = f"negation:{self.negations[word]}"
                yield Token("negation", frozenset({key}), match.group(0))

    # ------------------------------------------------------------ rules
    @staticmethod
    def _token(kind: str, match: re.Match[str], *keys: str) -> Token:
        return Token(kind, frozenset(keys), match.group(0))

    def _spoken_digits(self, match: re.Match[str]) -> list[Token]:
        """Digits read one by one: a phone number, or as many one-digit numbers ("3 9" in
        the source is heard "three nine" too); both readings are the source's."""
        digits = match.group(1).replace("-", "")
        phone = Token("phone", frozenset({f"phone:{digits}"}), match.group(0))
        ones = [Token("number", frozenset({f"number:{d}"}), d) for d in digits.lstrip("+")]
        return [phone, *ones]

    def _phone(self, match: re.Match[str]) -> Token:
        raw = match.group(0)
        digits = ("+" if raw.startswith("+") else "") + re.sub(r"\D", "", raw)
        return self._token("phone", match, f"phone:{digits}")

    def _dialled(self, match: re.Match[str]) -> Token:
        return Token("phone", frozenset({f"phone:{match.group(1)}"}), match.group(1))

    def _date(self, match: re.Match[str], year: str | None, month: int, day: int) -> Token | None:
        if not 1 <= month <= 12 or not 1 <= day <= 31:
            return None
        year = (year or "").replace(" oh ", "0").replace(" ", "")  # spoken: "20 25", "11 oh 9"
        return self._token("date", match, f"date:{year or '-'}-{month:02d}-{day:02d}")

    def _iso_month(self, match: re.Match[str]) -> Token:
        return self._token("date", match, f"date:{match.group(1)}-{match.group(2)}")

    def _month_year(self, match: re.Match[str]) -> Token | None:
        """ "March 2024"; not the month of a day ("1 de marzo de 2024", "20th of March")."""
        if re.search(
            r"\d(?:st|nd|rd|th|\.?[ºª])?\s+(?:of\s+|de\s+)?$", match.string[: match.start()]
        ):
            return None
        month, year = match.groups()
        year = year.replace(" oh ", "0").replace(" ", "")
        return self._token("date", match, f"date:{year}-{self.months[month.lower()]:02d}")

    def _iso_date(self, match: re.Match[str]) -> Token | None:
        year, month, day = match.groups()
        return self._date(match, year, int(month), int(day))

    def _slash_date(self, match: re.Match[str]) -> Token | None:
        first, second, year = (int(g) for g in match.groups())
        day, month = (first, second) if self.day_first else (second, first)
        return self._date(match, str(year), month, day)

    def _month_day(self, match: re.Match[str]) -> Token | None:
        month, day, year = match.groups()
        return self._date(match, year, self.months[month.lower()], int(day))

    def _day_month(self, match: re.Match[str]) -> Token | None:
        day, month, year = match.groups()
        return self._date(match, year, self.months[month.lower()], int(day))

    def _time(self, match: re.Match[str], hour: int, minute: int, mark: str = "") -> Token | None:
        if minute > 59 or hour > (12 if mark else 23):
            return None
        return self._token("time", match, f"time:{hour}:{minute:02d}{mark}")

    def _clock_ampm(self, match: re.Match[str]) -> Token | None:
        hour, colon, spaced, oh, mark = match.groups()
        minute = int(colon or spaced or oh or 0)
        return self._time(match, int(hour), minute, "am" if mark.lower() == "a" else "pm")

    def _clock(self, match: re.Match[str]) -> Token | None:
        return self._time(match, int(match.group(1)), int(match.group(2)))

    def _oh_clock(self, match: re.Match[str]) -> Token:
        """Spoken "9 oh 5": the time 9:05, or the year 1905."""
        hour, minute = match.groups()
        year = f"number:{hour}0{minute}"
        keys = {year} if int(hour) > 23 else {f"time:{int(hour)}:0{minute}", year}
        return self._token("time", match, *keys)

    def _oclock(self, match: re.Match[str]) -> Token | None:
        return self._time(match, int(match.group(1)), 0)

    def _pair(self, match: re.Match[str]) -> Token | None:
        """Spoken "20 25": the year 2025, or the time 20:25."""
        high, low = match.groups()
        if not self.spoken_pairs or high.startswith("0"):
            return None
        keys = {f"number:{high}{low}"}
        if int(high) <= 23 and int(low) <= 59:
            keys.add(f"time:{int(high)}:{low}")
        return self._token("number", match, *keys)

    spoken_pairs = False  # only text read back from speech has "20 25" for a year

    def _money(self, match: re.Match[str]) -> Token:
        return self._token("money", match, f"money:{self.value(match.group(1))}")

    def _temperature(self, match: re.Match[str]) -> Token:
        value, scale = match.groups()
        return self._token("temperature", match, f"temperature:{self.value(value)}{scale}")

    def _unit(self, match: re.Match[str], unit: str | None) -> str | None:
        """The canonical unit, or None when an ambiguous symbol is a word here."""
        if not unit:
            return ""
        if unit in AMBIGUOUS_UNITS:
            rest = match.string[match.end() :]
            if re.match(r"\s*[^\W_]", rest):
                return None
        return canonical_unit(unit)

    def _range(self, match: re.Match[str]) -> Token | None:
        low, high, unit, percent = match.groups()
        name = self._unit(match, unit)
        if name is None:
            return None
        tail = f" {name}" if name else "%" if percent else ""
        return self._token("range", match, f"range:{self.value(low)}-{self.value(high)}{tail}")

    VULGAR: ClassVar[dict[str, str]] = {
        "½": "1/2",
        "⅓": "1/3",
        "⅔": "2/3",
        "¼": "1/4",
        "¾": "3/4",
        "⅕": "1/5",
        "⅛": "1/8",
    }

    def _fraction(self, match: re.Match[str], whole: str | None, top: int, bottom: int) -> Token:
        value = Fraction(top, bottom) + int(whole or 0)
        return self._token("fraction", match, f"fraction:{value}")

    def _vulgar(self, match: re.Match[str]) -> Token:
        whole, symbol = match.groups()
        top, bottom = (int(p) for p in self.VULGAR[symbol].split("/"))
        return self._fraction(match, whole, top, bottom)

    def _slash(self, match: re.Match[str]) -> Token | None:
        whole, top, bottom = match.group(1), int(match.group(2)), int(match.group(3))
        if bottom == 0 or top >= bottom:
            return None
        return self._fraction(match, whole, top, bottom)

    def _ordinal(self, match: re.Match[str]) -> Token:
        return self._token("ordinal", match, f"ordinal:{int(match.group(1))}")

    def _numeral(self, match: re.Match[str]) -> Token | None:
        """A Roman numeral where it counts: "phase III" is 3, "Henry VIII" the 8th."""
        found = numeral_value(match, self.language)
        if found is None:
            return None
        return self._token("number", match, f"number:{found[0]}", f"ordinal:{found[0]}")

    def _decades(self, match: re.Match[str]) -> list[Token]:
        """ "1980-1990s": two decades."""
        return [Token("number", frozenset({f"decade:{d}"}), d) for d in match.groups()]

    def _decade(self, match: re.Match[str]) -> Token:
        return self._token("number", match, f"decade:{match.group(1) or match.group(2)}")

    def _percent(self, match: re.Match[str]) -> Token:
        return self._token("percent", match, f"percent:{self.value(match.group(1))}")

    def _quantity(self, match: re.Match[str]) -> Token | None:
        name = self._unit(match, match.group(2))
        if name is None:  # "2 in the morning": the number alone
            return Token(
                "number", frozenset({f"number:{self.value(match.group(1))}"}), match.group(1)
            )
        return self._token("quantity", match, f"quantity:{self.value(match.group(1))} {name}")

    def _number(self, match: re.Match[str]) -> Token:
        raw = match.group(1)
        # A well-known emergency number is read digit by digit; not the number of a code
        # ("PT-112", read as the code it is: "P T one hundred twelve").
        if raw in EMERGENCY and not _CODE_DASH.search(match.string, 0, match.start(1)):
            return self._token("phone", match, f"phone:{raw}")
        return self._token("number", match, *self._number_keys(raw))

    def _number_keys(self, raw: str) -> set[str]:
        return {f"number:{self.value(raw)}"}


class SpokenReader(Reader):
    """Reads the written text a narration was turned back into: "20 25" may be a year."""

    spoken_pairs = True

    # Digits come back from speech as a phone number only when they were read one by one
    # (`⟨911⟩`): "call 911" here was said "call nine hundred eleven", a misreading.
    def _phone(self, match: re.Match[str]) -> Token:
        digits = re.sub(r"\D", "", match.group(0))
        return self._token("number", match, f"number:{digits}")

    def _dialled(self, match: re.Match[str]) -> Token:
        return Token("number", frozenset({f"number:{match.group(1)}"}), match.group(1))

    def _number(self, match: re.Match[str]) -> Token:
        return self._token("number", match, *self._number_keys(match.group(1)))

    def _number_keys(self, raw: str) -> set[str]:
        """ "14 hundred" came back as 1400: the time 14:00, or the number."""
        keys = super()._number_keys(raw)
        if self.spanish and re.fullmatch(r"(?:1\d|20)\d0", raw):  # "los 1990s", said as 1990
            keys.add(f"decade:{raw}")
        if raw.isdigit() and len(raw) in (3, 4) and raw.endswith("00") and int(raw) <= 2300:
            keys.add(f"time:{int(raw) // 100}:00")
        return keys
