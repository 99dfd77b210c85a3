"""The rules every language's number reader tries first: phone and emergency numbers, read
digit by digit. publish.audio.numbers (English) and publish.audio.numbers_es (Spanish) share
them from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

EMERGENCY = frozenset({"911", "999", "112", "988", "000", "111", "211", "311", "811"})

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def phone_rules(
    digits: Callable[[re.Match[str]], str],
    digit_words: Callable[[str], str],
    dial_verbs: str,
    units: str,
) -> list[Rule]:
    """The rules every language reads first, digit by digit: a phone number (555-0100,
    (555) 010-0199, 1-800-555-0100, +44 20 7946 0958), an emergency number after a verb
    of calling ("call 911", "llame al 112"), and a well-known one standing alone."""
    return [
        (
            re.compile(
                r"(?<![\w.,])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?)?(?:\d{1,4}[.-]){0,2}"
                rf"\d{{3}}[.-]\d{{4}}(?![\w.]\d)(?!\s?(?:{units})\b|\s?%)"
            ),
            digits,
        ),
        (re.compile(r"(?<![\w.])\+\d{1,3}(?: \d{2,5}){2,4}(?!\w)"), digits),
        (
            re.compile(rf"(?i:\b{dial_verbs}\s+)(\d{{3}})\b(?![.,]\d)"),
            lambda m: m.group(0)[: m.start(1) - m.start(0)] + digit_words(m.group(1)),
        ),
        (
            re.compile(r"(?<![\w.,$])(\d{3})(?![\w.,%]|\s?(?:" + units + r")\b)"),
            lambda m: digit_words(m.group(1)) if m.group(1) in EMERGENCY else m.group(0),
        ),
    ]
