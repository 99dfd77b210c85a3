"""Numbers in Spanish as a listener needs them: "2,5 mg" is "dos coma cinco miligramos",
"Llame al 911" is "llame al nueve uno uno", "5 de marzo de 2026" is "cinco de marzo de dos
mil veintiséis".

The words come from num2words. The decimal sign follows the region: a comma in Spain and
most of Latin America ("2,5"; "1.000" is a thousand), a point in Mexico, Central America,
the Caribbean and the United States ("2.5"; "1,000"). "Uno" agrees with what it counts:
"un miligramo", "una tableta".
"""

from __future__ import annotations

import re

from publish.audio.phones import Rule, phone_rules
from publish.audio.tables import data_rows


def num2words(number: float, **options: str) -> str:
    """num2words, imported on first use: it loads some fifty languages (about 0.1 s), which a
    build of text without figures never needs."""
    from num2words import num2words as spell

    return str(spell(number, **options))


# Regions that write a decimal point (CLDR): Mexico, Central America, the Caribbean, the US.
DECIMAL_POINT = frozenset({"MX", "US", "PR", "DO", "GT", "HN", "NI", "PA", "SV", "CU", "419"})
MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
# Units after a number (publish/data/units-es.tsv): symbol -> (singular, plural, feminine).
UNITS = {row[0]: (row[1], row[2], row[3] == "f") for row in data_rows("units-es.tsv")}
# Nouns a dose is counted in that are feminine: "1 tableta" is "una tableta".
FEMININE = frozenset(
    [
        "tableta",
        "tabletas",
        "pastilla",
        "pastillas",
        "cápsula",
        "cápsulas",
        "gota",
        "gotas",
        "cucharada",
        "cucharadas",
        "cucharadita",
        "cucharaditas",
        "taza",
        "tazas",
        "dosis",
        "vez",
        "veces",
        "hora",
        "horas",
        "semana",
        "semanas",
        "inyección",
        "inyecciones",
        "ampolla",
        "ampollas",
        "sesión",
        "sesiones",
    ]
)
FRACTIONS = {
    ("1", "3"): "un tercio",
    ("2", "3"): "dos tercios",
    ("1", "4"): "un cuarto",
    ("3", "4"): "tres cuartos",
}
DIAL = r"(?:llame|llama|llamar|marque|marca|marcar|al|número)"

_UNIT_NAMES = "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True))
_UNIT = rf"(?:{_UNIT_NAMES})(?:/(?:{_UNIT_NAMES}))?"
_DASH = "[-\u2013\u2014]"
_NOT_NOUNS = re.compile(r"\s+(?:de|del|y|o|e|u|a|al|en|con)\b", re.IGNORECASE)


class SpanishNumberReader:
    """Writes out every number in a Spanish sentence."""

    def __init__(self, region: str = "") -> None:
        point = region.upper() in DECIMAL_POINT
        self.group = "," if point else "."
        # Either sign may be a decimal one ("2,5 mL" is written in the US too); a sign
        # followed by three digits is the region's thousands sign: "1.500" in Spain.
        number = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
        self.rules: list[Rule] = [
            *phone_rules(self._digits, self._digit_words, DIAL, _UNIT),
            # dates: 2026-03-05, 05/03/2026 (day first), 5 de marzo de 2026
            (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), self._iso_date),
            (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), self._slash_date),
            # un mes de un año: 2024-03 es "marzo de dos mil veinticuatro", no un intervalo
            (
                re.compile(r"\b(1[89]\d\d|20\d\d)-(0[1-9]|1[0-2])\b(?!-\d)"),
                lambda m: (
                    f"{MONTHS[int(m.group(2)) - 1]} de {num2words(int(m.group(1)), lang='es')}"
                ),
            ),
            (
                re.compile(
                    rf"\b(\d{{1,2}})\s+de\s+({'|'.join(MONTHS)})(\s+de\s+(\d{{4}}))?\b",
                    re.IGNORECASE,
                ),
                self._written_date,
            ),
            # times: 10:30, 8 a. m., 14:00 h
            (
                re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s?([ap])\.\s?m\.", re.IGNORECASE),
                self._clock_ampm,
            ),
            (re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)(?:\s?h\b)?"), self._clock),
            # ranges: 2-8 semanas, 10–20 mg
            (
                re.compile(rf"(?<![\w.,/])({number}){_DASH}({number})(?:\s?({_UNIT})\b|\s?(%))?"),
                self._range,
            ),
            # fractions: ½, 1 ½ tazas, 1/2, 1 1/2, 3/4
            # una unidad sin número: "su peso en kg"
            (
                re.compile(rf"\b(en) ({_UNIT})(?![\w/])"),
                lambda m: f"{m.group(1)} {self._unit(m.group(2), plural=True)[0]}",
            ),
            # presión arterial: 130/80 mmHg, "ciento treinta sobre ochenta"
            (
                re.compile(rf"(?<![\w/.,])(\d{{2,3}})/(\d{{2,3}})(?![\w/])(?:\s?({_UNIT})\b)?"),
                self._pressure,
            ),
            (re.compile(r"(?<![\w/])(\d+)?\s?½(\s+\w+)?"), self._half),
            (re.compile(r"(?<![\w/.,])(\d+)\s1/2(?![\w/])(\s+\w+)?"), self._half),
            (re.compile(r"(?<![\w/.,])1/2(?![\w/])(\s+\w+)?"), lambda m: self._half(m, True)),
            (re.compile(r"(?<![\w/.,])(?<!\d\s)([123])/([34])(?![\w/])"), self._slash),
            # ordinals: 1.º, 2.ª, 3º, 1er, 1ra, 2do, 3er, 4to
            (re.compile(r"\b(\d+)\.?([ºª°])(?=(\s+\w)?)"), self._ordinal),
            (re.compile(r"\b(\d+)\.?(er|ra|ro|do|da|to|ta|vo|va|no|na|mo|ma)\b"), self._suffixed),
            # decades written the English way: los 1990s
            (re.compile(r"\b((?:1\d|20)\d0)['’]?s\b"), lambda m: self._number(m.group(1))),
            # percentages, money and quantities with units
            (re.compile(rf"(?<![\w.,])(-?(?:{number}))\s?%"), self._percent),
            (re.compile(rf"\$\s?({number})"), self._money),
            (re.compile(rf"(?<![\w.,])(-?(?:{number}))\s?({_UNIT})(?![\w])"), self._quantity),
            # a number before a noun it counts: "1 tableta", "21 días"
            (re.compile(rf"(?<![\w.,])({number})(?=\s+(\w+))"), self._counted),
            # everything else: a cardinal
            (
                re.compile(rf"(?<![\w.,])(-?(?:{number}))(?![\w])"),
                lambda m: self._number(m.group(1)),
            ),
        ]

    def read(self, text: str) -> str:
        for pattern, speak in self.rules:
            text = pattern.sub(speak, text)
        return text

    # ------------------------------------------------------------ words
    def _cardinal(self, value: int, feminine: bool = False) -> str:
        said = str(num2words(value, lang="es"))
        if said.endswith("uno"):  # "uno" agrees: "un miligramo", "una tableta", "veintiún días"
            stem = said[:-3]
            said = stem + ("una" if feminine else "ún" if stem.endswith("veinti") else "un")
        if feminine:
            said = said.replace("ientos", "ientas")  # "doscientas tabletas"
        return said

    def _number(self, raw: str, feminine: bool = False, counts: bool = False) -> str:
        negative = raw.startswith("-")
        whole, mark, fraction = self._split(raw.lstrip("-"))
        if counts and not fraction:  # "un miligramo", but "uno coma cinco miligramos"
            said = self._cardinal(int(whole), feminine)
        else:
            said = str(num2words(int(whole), lang="es"))
        if fraction:
            said += f" {'coma' if mark == ',' else 'punto'} " + self._decimals(fraction)
        return f"menos {said}" if negative else said

    def _split(self, digits: str) -> tuple[str, str, str]:
        """(whole, decimal sign, fraction): "1.500,25" -> ("1500", ",", "25"); "1.500" in
        Spain is a thousand five hundred, in Mexico one point five hundred."""
        at = max(digits.rfind("."), digits.rfind(","))
        if at < 0:
            return digits, "", ""
        mark, tail = digits[at], digits[at + 1 :]
        if mark == self.group and len(tail) == 3:
            return digits.replace(self.group, ""), "", ""
        whole = digits[:at].replace(".", "").replace(",", "")
        return whole, mark, tail

    def _decimals(self, fraction: str) -> str:
        """ "5" -> "cinco", "25" -> "veinticinco", "05" -> "cero cinco", as Spanish says them."""
        if fraction.startswith("0") or len(fraction) > 2:
            return self._digit_words(fraction)
        return str(num2words(int(fraction), lang="es"))

    def _digit_words(self, digits: str) -> str:
        return " ".join(str(num2words(int(d), lang="es")) for d in digits)

    def _digits(self, match: re.Match[str]) -> str:
        groups = re.findall(r"\d+", match.group(0))
        lead = "más " if match.group(0).startswith("+") else ""
        return lead + ", ".join(self._digit_words(g) for g in groups)

    def _unit(self, unit: str, plural: bool) -> tuple[str, bool]:
        main, _, per = unit.partition("/")
        singular, many, feminine = UNITS[main]
        said = many if plural else singular
        if per:
            said += " por " + UNITS[per][0]
        return said, feminine

    # ------------------------------------------------------------ rules
    def _date(self, match: re.Match[str], year: int, month: int, day: int) -> str:
        if not 1 <= month <= 12 or not 1 <= day <= 31:
            return match.group(0)
        day_words = "primero" if day == 1 else self._cardinal(day)
        return f"{day_words} de {MONTHS[month - 1]} de {num2words(year, lang='es')}"

    def _iso_date(self, match: re.Match[str]) -> str:
        year, month, day = (int(g) for g in match.groups())
        return self._date(match, year, month, day)

    def _slash_date(self, match: re.Match[str]) -> str:
        day, month, year = (int(g) for g in match.groups())
        return self._date(match, year, month, day)

    def _written_date(self, match: re.Match[str]) -> str:
        day, month, year = int(match.group(1)), match.group(2), match.group(4)
        said = f"{'primero' if day == 1 else self._cardinal(day)} de {month}"
        return said + (f" de {num2words(int(year), lang='es')}" if year else "")

    def _clock_words(self, hour: int, minute: int) -> str:
        said = "una" if hour == 1 else str(num2words(hour, lang="es"))  # "la una"
        if minute == 0:
            return said
        if minute == 15:
            return f"{said} y cuarto"
        if minute == 30:
            return f"{said} y media"
        return f"{said} y {num2words(minute, lang='es')}"

    def _clock_ampm(self, match: re.Match[str]) -> str:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if not 1 <= hour <= 12:
            return match.group(0)
        part = "de la mañana" if match.group(3).lower() == "a" else "de la tarde"
        return f"{self._clock_words(hour, minute)} {part}"

    def _clock(self, match: re.Match[str]) -> str:
        hour, minute = int(match.group(1)), int(match.group(2))
        said = self._clock_words(hour, minute)
        return f"{said} en punto" if minute == 0 else said

    def _range(self, match: re.Match[str]) -> str:
        low, high, unit, percent = match.groups()
        if unit:
            name, feminine = self._unit(unit, plural=True)
            return (
                f"{self._number(low, feminine, True)} a {self._number(high, feminine, True)} {name}"
            )
        said = f"{self._number(low)} {self._to(match)} {self._number(high)}"
        return said + (" por ciento" if percent else "")

    def _pressure(self, match: re.Match[str]) -> str:
        """A blood pressure (the top above the bottom, in their ranges); else as written."""
        top, bottom, unit = match.groups()
        if not (60 <= int(top) <= 300 and 30 <= int(bottom) <= 200 and int(top) > int(bottom)):
            return match.group(0)
        said = f"{self._number(top)} sobre {self._number(bottom)}"
        return f"{said} {self._unit(unit, plural=True)[0]}" if unit else said

    @staticmethod
    def _to(match: re.Match[str]) -> str:
        """ "de 2 a 8", but "entre 2 y 8"."""
        return "y" if match.string[: match.start()].rstrip().lower().endswith("entre") else "a"

    def _half(self, match: re.Match[str], alone: bool = False) -> str:
        whole = None if alone else match.group(1)
        following = (match.group(1) if alone else match.group(2)) or ""
        noun = following.strip().lower()
        feminine = noun in FEMININE
        half = "media" if feminine else "medio"
        if whole and noun:  # "1 ½ tazas" is "una taza y media", "2 ½ tazas" "dos tazas y media"
            if int(whole) == 1 and noun.endswith("s"):
                noun = noun[:-2] if noun.endswith(("nes", "ces")) else noun[:-1]
            return f"{self._cardinal(int(whole), feminine)} {noun} y {half}"
        if whole:
            return f"{self._cardinal(int(whole))} y medio"
        return f"{half}{following}" if noun else "un medio"

    def _ordinal(self, match: re.Match[str]) -> str:
        said = str(num2words(int(match.group(1)), lang="es", to="ordinal"))
        if match.group(2) == "ª":
            return said[:-1] + "a"
        following = match.group(3)
        if (
            following
            and said.endswith(("primero", "tercero"))
            and not _NOT_NOUNS.match(match.string, match.end())
        ):
            return said[:-1]  # before a noun: "primer paso", "tercer día"; "1.º de mayo"
        return said

    def _suffixed(self, match: re.Match[str]) -> str:
        """ "1er día" primer día, "1ra vez" primera vez, "2do" segundo, "3er" tercer."""
        said = str(num2words(int(match.group(1)), lang="es", to="ordinal"))
        suffix = match.group(2)
        if suffix.endswith("a"):
            return said[:-1] + "a"
        if suffix == "er" and said.endswith(("primero", "tercero")):
            return said[:-1]
        return said

    @staticmethod
    def _slash(match: re.Match[str]) -> str:
        """1/3 un tercio, 2/3 dos tercios, 1/4 un cuarto, 3/4 tres cuartos."""
        top, bottom = match.groups()
        return FRACTIONS.get((top, bottom), match.group(0))

    def _percent(self, match: re.Match[str]) -> str:
        return f"{self._number(match.group(1))} por ciento"

    def _money(self, match: re.Match[str]) -> str:
        raw = match.group(1)
        one = raw in ("1",)
        return f"{self._number(raw, counts=True)} {'dólar' if one else 'dólares'}"

    def _quantity(self, match: re.Match[str]) -> str:
        raw, unit = match.group(1), match.group(2)
        plural = raw.lstrip("-") != "1"
        name, feminine = self._unit(unit, plural)
        return f"{self._number(raw, feminine, True)} {name}"

    def _counted(self, match: re.Match[str]) -> str:
        raw, noun = match.group(1), match.group(2)
        return self._number(raw, noun.lower() in FEMININE, counts=True)
