"""A narration's words, turned back into written form, so its critical tokens can be read.

"two point five milligrams" is `2.5 ⟦milligram⟧`, "nine one one" is `⟨911⟩` (digits read one
by one: a phone or emergency number), "ten thirty A M" is `10 30 a.m.`, "half a tablet" is
`½ tablet`. Number words become digits with text2num (English and Spanish); the rest is
undone here, rule by rule, independently of the rules that made the speech, so a misreading
there shows up as a token that differs from the source's.
"""

from __future__ import annotations

import functools
import re

from publish.checks.fidelity.tokens import UNIT_WORDS

DIGITS = {
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
    "es": ("cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"),
}
PLUS = {"en": "plus", "es": "más"}
# Where "and" (or "y") is part of a number: "a hundred and five", "treinta y cinco".
JOINS = {
    "en": "(?<!hundred)(?<!thousand)(?<!million)",
    "es": "".join(
        f"(?<!{tens})"
        for tens in ("treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa")
    ),
}
TENS = {
    "tens": 1,
    "teens": 1,
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety"
)
_PREFIXED = re.compile(rf"\b(?!(?:{_NUMBER_WORDS})-)([a-z]+)-(?=(?:{_NUMBER_WORDS})\b)")


@functools.cache
def _unit_pattern() -> re.Pattern[str]:
    """A unit said in full after a number ("milligrams", "miligramos per kilogram")."""
    words = "|".join(sorted(map(re.escape, UNIT_WORDS), key=len, reverse=True))
    return re.compile(
        rf"(?<=\d) ({words})\b(?: (?:per|por) (?:(square|cubic|cuadrado|cúbico) )?({words})\b)?",
        re.IGNORECASE,
    )


@functools.cache
def _digit_run(language: str) -> re.Pattern[str]:
    word = "(?:" + "|".join(DIGITS[language]) + ")"
    group = rf"{word}(?: {word})*"
    return re.compile(
        rf"(?<!point )(?<!coma )(?<!punto )(?<![\w-])(?:{PLUS[language]} )?{group}(?:, {group})*(?![\w-])",
        re.IGNORECASE,
    )


def _digits(match: re.Match[str], language: str) -> str:
    """Digits read one by one ("five five five, zero one zero zero") as `⟨555-0100⟩`;
    a single digit, or a list of them ("one, two, three"), stays as it was."""
    text = match.group(0)
    plus = text.lower().startswith(PLUS[language] + " ")
    body = text.split(" ", 1)[1] if plus else text
    groups = [g.split() for g in body.split(", ")]
    if max(len(g) for g in groups) < 2:
        return text
    index = {w: str(n) for n, w in enumerate(DIGITS[language])}
    written = "-".join("".join(index[w.lower()] for w in g) for g in groups)
    return f"⟨{'+' if plus else ''}{written}⟩"


def _units(text: str) -> str:
    def unit(match: re.Match[str]) -> str:
        main, power, per = match.groups()
        said = UNIT_WORDS[main.lower()]
        if per:
            power = {"cuadrado": "square", "cúbico": "cubic"}.get((power or "").lower(), power)
            said += f" per {power.lower() + ' ' if power else ''}{UNIT_WORDS[per.lower()]}"
        return f" ⟦{said}⟧"

    return _unit_pattern().sub(unit, text)


def _english(text: str) -> str:
    text = re.sub(r"(\d+) and a half\b", r"\1½", text)
    text = re.sub(r"(\d+) and a quarter\b", r"\1¼", text)
    text = re.sub(r"(\d+) and three quarters\b", r"\1¾", text)
    text = re.sub(r"(\d+) and (?:a|one|1) (?:third|3rd)\b", r"\1⅓", text)
    text = re.sub(r"\b(?:half an?|one half|a half)\b", "½", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:a|one) quarter(?: of)?\b", "¼", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:3|three) quarters(?: of)?\b", "¾", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:a|one|1) (?:third|3rd)(?: of)?\b", "⅓", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:2|two) (?:thirds|3rds)(?: of)?\b", "⅔", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(\d+) over (\d+)\b", r"\1/\2", text)
    text = re.sub(r"(\d) percent\b", r"\1%", text, flags=re.IGNORECASE)
    text = re.sub(r"\bminus (?=\d)", "-", text, flags=re.IGNORECASE)
    text = re.sub(r"(\d) degrees? (C)elsius|(\d) degrees? (F)ahrenheit", _degrees, text)
    text = re.sub(
        r"(?<!\d to )(?<!\d and )\b(\d+) dollars?(?: and (\d+) cents?)?\b",  # not 5-10 dollars
        lambda m: f"${m.group(1)}" + (f".{int(m.group(2)):02d}" if m.group(2) else ""),
        text,
    )
    text = re.sub(r"\b(\d+) cents?\b", lambda m: f"$0.{int(m.group(1)):02d}", text)
    text = re.sub(r"\b(\d\d) (" + "|".join(TENS) + r")\b", _decade, text)
    text = re.sub(
        r"(?<![\w ]\d )\b(" + "|".join(TENS) + r")\b", lambda m: f"’{TENS[m.group(1)]}0s", text
    )
    return text


def _spanish(text: str) -> str:
    text = re.sub(r"(\d+) y media de la", r"\1:30 de la", text)
    text = re.sub(r"(\d+) y cuarto de la", r"\1:15 de la", text)
    text = re.sub(r"(\d+) y (\d+) de la", r"\1:\2 de la", text)
    text = re.sub(r"\b(las?) (\d+) y media\b", r"\1 \2:30", text)
    text = re.sub(r"\b(las?) (\d+) y cuarto\b", r"\1 \2:15", text)
    text = re.sub(r"\b(las?) (\d+) y (\d+)\b", r"\1 \2:\3", text)
    text = re.sub(r"\b(las?) (\d+) en punto\b", r"\1 \2:00", text)
    text = re.sub(r"(\d+(?::\d+)?) de la mañana\b", r"\1 a.m.", text)
    text = re.sub(r"(\d+(?::\d+)?) de la (?:tarde|noche)\b", r"\1 p.m.", text)
    text = re.sub(r"\b(\d+) (\w+) y media\b", r"\1½ \2", text)
    text = re.sub(r"\b(\d+) y medio\b", r"\1½", text)
    text = re.sub(r"\b(?:media|medio|un medio)\b", "½", text)
    text = re.sub(r"(\d) grados? (?:centígrados?|celsius)\b", r"\1 °C", text, flags=re.IGNORECASE)
    text = re.sub(r"(\d) grados? fahrenheit\b", r"\1 °F", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(\d+(?:[.,]\d+)?) dólar(?:es)?\b", r"$\1", text)
    # ordinals and fractions text2num leaves as words, or reads as ordinals
    text = re.sub(r"(?<!\d )\bsegund([oa])\b", lambda m: "2" + "ºª"[m.group(1) == "a"], text)
    text = re.sub(r"\b1 4º", "¼", text)  # "un cuarto"
    text = re.sub(r"\b3 4ᵒˢ", "¾", text)  # "tres cuartos"
    text = re.sub(r"\b1 tercio\b", "⅓", text)
    text = re.sub(r"\b2 tercios\b", "⅔", text)
    return text


def _degrees(match: re.Match[str]) -> str:
    number = match.group(1) or match.group(3)
    return f"{number} °{match.group(2) or match.group(4)}"


def _decade(match: re.Match[str]) -> str:
    return f"{match.group(1)}{TENS[match.group(2)]}0s"


def written(spoken: str, language: str) -> str:
    """The narration's words for one sentence, back in written form."""
    from text_to_num import alpha2digit

    primary = language.split("-")[0].lower()
    if primary not in DIGITS:
        return spoken
    text = re.sub(r"\boh-", "oh ", spoken)
    if primary == "en":  # "mid-nineteen nineties": the number apart from its prefix
        text = _PREFIXED.sub(r"\1 ", text)
        text = re.sub(r"\bsixtieth\b", "60th", text)  # the one ordinal text2num misses
    text = _digit_run(primary).sub(lambda m: _digits(m, primary), text)
    if primary == "es":
        text = re.sub(r"\bpor ciento\b", "%", text, flags=re.IGNORECASE)
        # Forms that agree with what they count, which text2num does not know: "veintiún
        # días", "veintiuna tabletas", "doscientas tabletas".
        text = re.sub(r"\bveintiún\b|\bveintiuna\b", "veintiuno", text, flags=re.IGNORECASE)
        text = re.sub(r"(\w+ient)as\b", r"\1os", text, flags=re.IGNORECASE)
    # "thirty and nine oh five" is two numbers, not 39: text2num joins across "and" (and
    # "y"), which only "hundred and five" (British English) needs.
    joiner = {"en": "and", "es": "y"}[primary]
    text = re.sub(rf"{JOINS[primary]} {joiner} (?=\w)", " \u2063 ", text)
    text = re.sub(r"\b(hundred|thousand)s\b", "\\1 \u2064", text)  # "the eighteen hundreds"
    text = re.sub(r"\btens\b", "\u2065", text)  # "the twenty tens": not "20 10"
    if primary == "es":  # "primer día", "tercer paso": the ordinals text2num knows
        text = re.sub(r"\b(primer|tercer)\b", r"\1o", text, flags=re.IGNORECASE)
    text = alpha2digit(text, primary, threshold=0).replace(" \u2063 ", f" {joiner} ")
    text = re.sub(r"(\d) \u2064", r"\1s", text).replace(" \u2064", "s").replace("\u2065", "tens")
    text = re.sub(r"(\d) %", r"\1%", text)
    text = _spanish(text) if primary == "es" else _english(text)
    return _units(text)
