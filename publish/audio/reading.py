"""Words that are not plain words, read as a listener needs them, before the numbers are.

By class, from each language's tables (publish.audio.tables):
- trademark and registered signs are silent;
- abbreviations are said in full where they fit ("b.i.d." twice a day, "Dr. Lee" Doctor Lee,
  "Elm St." Elm Street, "St. Jude" Saint Jude, "q4h" every four hours);
- a Roman numeral after a word that counts ("phase III", "stage IIB", "siglo XXI") is a
  number, and after a regnal name ("Henry VIII") an ordinal; a lone "I" stays the pronoun;
- "x2" and "×3" are "times two" and "times three", "3x a day" "three times a day";
- letter-number codes are spelled and counted ("B12" B twelve, "HbA1c" H B A one C,
  "COVID-19" COVID nineteen).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from publish.audio.acronyms import read_acronyms
from publish.audio.numbers import cardinal, ordinal
from publish.audio.tables import LANGUAGES, Abbreviation, Tables, primary, tables

SILENT = re.compile("\\s*[\u2122\u00ae\u2120]")  # ™ ® ℠
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_NUMBER = r"\d+(?:[-\u2013]\d+)?"
_LONE_I_ENDS = re.compile(r"\.?$|[,;:!?)]|\s+of\b|\s+de\b|['\u2019]s\b")


def roman(numeral: str) -> int | None:
    """The value of a well-formed Roman numeral ("XIV" 14); None for anything else ("IIII")."""
    if not numeral or not _ROMAN.fullmatch(numeral):
        return None
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _context(word: str) -> str:
    """A table word as a pattern: lower case matches in any case, a capital only as written."""
    pattern = r"\s+".join(map(re.escape, word.split()))
    return f"(?i:{pattern})" if word == word.lower() else pattern


@functools.lru_cache(maxsize=8)
def numeral_pattern(language: str) -> re.Pattern[str] | None:
    """A Roman numeral after a word of the language's numerals table: group 1 is the word,
    2 the numeral, 3 a stage's letter ("IIIA"). The fidelity check reads with it too."""
    words = tables(language).numerals
    if not words:
        return None
    alternatives = "|".join(_context(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w-])({alternatives})\s+([IVXLC]+?)([ABC][12]?)?(?![\w-]|['\u2019](?!s\b))"
    )


def numeral_value(match: re.Match[str], language: str) -> tuple[int, str] | None:
    """(value, style) of a match of `numeral_pattern`; None where it is not a numeral here."""
    word, numeral = match.group(1), match.group(2)
    value = roman(numeral)
    if value is None:
        return None
    known = tables(language)
    key = " ".join(word.split())
    key = key if key in known.numerals else key.lower()
    style = known.numerals.get(key, "")
    if numeral == "I" and primary(language) == "en" and not _lone_i(match, key, style, known):
        return None
    return value, style


def _lone_i(match: re.Match[str], key: str, style: str, known: Tables) -> bool:
    """Whether a lone "I" is the numeral: "type I diabetes", "Part I", "Elizabeth I.";
    not "the type I have" or "Mary I think", where it is the pronoun."""
    if style.startswith("regnal"):
        return bool(_LONE_I_ENDS.match(match.string, match.end()))
    if key not in known.lone and not match.group(1)[0].isupper():
        return False
    following = re.match(r"\s+([a-z]+)", match.string[match.end() :])
    return not (following and following.group(1) in known.function_words)


def _numeral(match: re.Match[str], language: str) -> str:
    found = numeral_value(match, language)
    if found is None:
        return match.group(0)
    value, style = found
    said = cardinal(value, language)
    if style.startswith("regnal"):
        if primary(language) == "es":
            if value <= 10:
                said = ordinal(value, language)
                said = said[:-1] + "a" if style == "regnal-f" else said
        else:
            said = f"the {ordinal(value, language)}"
    suffix = match.group(3)  # stage IIIA, stage IIIC1
    if suffix:
        said += f" {suffix[0]}" + (f" {cardinal(int(suffix[1:]), language)}" if suffix[1:] else "")
    return f"{match.group(1)} {said}"


# ---------------------------------------------------------------- abbreviations


def _piece(written: str) -> str:
    """One abbreviation as a pattern, bounded where it starts or ends with a letter."""
    body = re.escape(written).replace(re.escape("{n}"), rf"(?P<n>{_NUMBER})")
    start = r"(?<![\w.])" if written[0].isalnum() else r"(?<![\w])"
    end = r"(?![\w])" if written[-1].isalnum() or written.endswith("}") else ""
    return start + body + end


@functools.lru_cache(maxsize=8)
def _abbreviation_rules(language: str) -> list[tuple[re.Pattern[str], list[Abbreviation]]]:
    """One pattern for the plain abbreviations (longest first), one per numbered one."""
    rows = tables(language).abbreviations
    plain: dict[str, list[Abbreviation]] = {}
    numbered: dict[str, list[Abbreviation]] = {}
    for row in rows:
        (numbered if "{n}" in row.written else plain).setdefault(row.written, []).append(row)
    rules = [(re.compile(_piece(w)), r) for w, r in numbered.items()]
    if plain:
        ordered = sorted(plain, key=len, reverse=True)
        pattern = re.compile("|".join(f"(?:{_piece(w)})" for w in ordered))
        rules.append((pattern, [row for w in ordered for row in plain[w]]))
    return rules


def _fits(row: Abbreviation, text: str, start: int, end: int) -> bool:
    if row.context == "name":
        after = re.match(r"\s+(\w)", text[end:])
        return bool(after and after.group(1).isupper())
    if row.context == "number":
        return bool(re.match(r"\s*\d", text[end:]))
    if row.context == "after":
        before = re.search(r"(\S+)\s+$", text[:start])
        if before is None:
            return False
        word = before.group(1).rstrip(",")
        if re.fullmatch(r"\d+(?:st|nd|rd|th|\.?[\u00ba\u00aa])?", word):
            return True
        return word[:1].isupper() and before.start(1) > 0  # not the sentence's first word
    return True


def _abbreviation(match: re.Match[str], rows: list[Abbreviation]) -> str:
    written = match.group(0)
    for row in rows:
        if "{n}" not in row.written and row.written != written:
            continue
        if not _fits(row, match.string, match.start(), match.end()):
            continue
        said = row.said.replace("{n}", match.groupdict().get("n") or "")
        # "Take it b.i.d." ended the sentence with the abbreviation's own full stop
        return said + ("." if written.endswith(".") and match.end() == len(match.string) else "")
    return written


# ---------------------------------------------------------------- letter-number codes

# A word with letters and digits side by side ("B12", "HbA1c", "H1N1", "KN95"), or an
# acronym joined to a number by a hyphen ("COVID-19", "IL-6", "SARS-CoV-2"); a version
# ("v2.1") and an ordinary hyphenated word ("mid-1990s", "day-3") are left to the numbers.
_CODE = re.compile(r"(?<![\w./-])([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)(?![\w]|[.,]\d|-\w)")
_NOT_CODES = re.compile(r"[vVxX]\d+")  # a version, a multiplier


def _is_code(token: str) -> bool:
    parts = token.split("-")
    if _NOT_CODES.fullmatch(token):
        return False
    if any(p[:1].isalpha() and any(c.isdigit() for c in p) for p in parts):
        return True
    return any(
        part.isdigit() and sum(c.isupper() for c in parts[i - 1]) >= 2
        for i, part in enumerate(parts)
        if i
    )


def _letters(run: str, known: Tables) -> str:
    said = known.acronyms.get(run)
    if said:
        return said
    return " ".join(run.upper())


def _code(match: re.Match[str], language: str) -> str:
    token = match.group(1)
    if not _is_code(token):
        return token
    known = tables(language)
    words = []
    for run in re.findall(r"[A-Za-z]+|\d+", token):
        if not run.isdigit():
            words.append(_letters(run, known))
        elif run.startswith("0") and len(run) > 1:  # "A01": digit by digit
            words += [cardinal(int(d), language) for d in run]
        else:
            words.append(cardinal(int(run), language))
    return " ".join(words)


# ---------------------------------------------------------------- multipliers

# "x2" and "×3" (times two, times three), "3x a day" (three times a day), by language:
# (before a number, after a number, once). The digits are left for the numbers to say.
MULTIPLIERS = {"en": ("times {n}", "{n} times", "once"), "es": ("por {n}", "{n} veces", "una vez")}
_TIMES_BEFORE = re.compile("(?<![\\w.])[x\u00d7]\\s?(\\d+)(?![\\w]|[.,]\\d)")
_TIMES_AFTER = re.compile("(?<![\\w.,])(\\d+)\\s?[x\u00d7](?![\\w\\d]|\\s?\\d)")


def _multipliers(text: str, language: str) -> str:
    words = MULTIPLIERS.get(primary(language))
    if words is None:
        return text
    before, after, once = words
    text = _TIMES_BEFORE.sub(lambda m: before.replace("{n}", m.group(1)), text)
    return _TIMES_AFTER.sub(
        lambda m: once if m.group(1) == "1" else after.replace("{n}", m.group(1)), text
    )


def before_numbers(text: str, language: str) -> str:
    """The rules of this module, in order, on one sentence."""
    text = SILENT.sub("", text)
    if primary(language) not in LANGUAGES:
        return text
    for pattern, rows in _abbreviation_rules(language):
        text = pattern.sub(_bind(_abbreviation, rows), text)
    numerals = numeral_pattern(language)
    if numerals is not None:
        text = numerals.sub(lambda m: _numeral(m, language), text)
    text = _multipliers(text, language)
    return _CODE.sub(lambda m: _code(m, language), text)


def reads_as_written(text: str, language: str) -> bool:
    """Whether the word rules (this module's and the acronyms') leave `text` as it is: the
    readability check's shortcut past the normalizer, for text of letters only, asks this
    ("Dr. Lee" and "type I" are read otherwise)."""
    return before_numbers(text, language) == text and read_acronyms(text, language) == text


def numbered_abbreviations(text: str, language: str) -> str:
    """Only the abbreviations with a number in them ("q4-6h" every 4-6 hours), digits kept:
    the fidelity check reads a source's doses and ranges through them."""
    for pattern, rows in _abbreviation_rules(language):
        if "n" in pattern.groupindex:
            text = pattern.sub(_bind(_abbreviation, rows), text)
    return text


def _bind(
    function: Callable[[re.Match[str], list[Abbreviation]], str], rows: list[Abbreviation]
) -> Callable[[re.Match[str]], str]:
    return lambda match: function(match, rows)
