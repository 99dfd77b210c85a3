"""The language layer: one place decides, per BCP 47 tag, what each stage of a build uses.

Every stage that depends on the language (sentences, syllables, readability, plain
language, numbers, dates, page strings, direction) asks `language(tag)`. Where publish has
nothing of the language's own, the stage says which fallback it uses; a build reports each
such fallback as a `language-fallback` warning and the check report lists them. No stage
falls back to English silently.

Deciding is cheap: nothing heavy is imported here, so the parser can ask at start-up.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from publish.catalogs import catalog_languages
from publish.config.checks import ENGLISH_FORMULAS, SPANISH_FORMULAS

# Written right to left: Arabic, Hebrew, Persian, Urdu, Yiddish, Pashto, Sindhi, Dhivehi,
# Sorani Kurdish, Uyghur, Syriac, N'Ko.
RTL = frozenset(["ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "dv", "ckb", "ug", "syr", "nqo"])
# Languages whose usual script is not Latin, and that script (ISO 15924).
SCRIPTS = {
    "ar": "Arab",
    "fa": "Arab",
    "ur": "Arab",
    "ps": "Arab",
    "he": "Hebr",
    "yi": "Hebr",
    "ru": "Cyrl",
    "uk": "Cyrl",
    "bg": "Cyrl",
    "sr": "Cyrl",
    "el": "Grek",
    "zh": "Hans",
    "ja": "Jpan",
    "ko": "Kore",
    "hi": "Deva",
    "bn": "Beng",
    "th": "Thai",
    "ta": "Taml",
}
# wordfreq 3's languages (wordfreq.available_languages(); a test holds the two equal).
WORDFREQ = frozenset(
    [
        "ar",
        "bg",
        "bn",
        "ca",
        "cs",
        "da",
        "de",
        "el",
        "en",
        "es",
        "fa",
        "fi",
        "fil",
        "fr",
        "he",
        "hi",
        "hu",
        "id",
        "is",
        "it",
        "ja",
        "ko",
        "lt",
        "lv",
        "mk",
        "ms",
        "nb",
        "nl",
        "pl",
        "pt",
        "ro",
        "ru",
        "sh",
        "sk",
        "sl",
        "sv",
        "ta",
        "tr",
        "uk",
        "ur",
        "vi",
        "zh",
    ]
)
# Languages whose words publish can read aloud with its own rules (publish.audio.numbers).
NUMBER_RULES = frozenset({"en", "es"})
# Languages with publish's own sentence rules (publish.parse.segment_rules).
SENTENCE_RULES = frozenset({"en", "es"})
# Readability formulas by language; the first is the gate's unless the project picks another.
FORMULAS = {"en": ENGLISH_FORMULAS, "es": SPANISH_FORMULAS}
# The script publish splits into words (publish.checks.readability.words); text in any other
# is not counted, so the word checks skip it.
WORD_SCRIPT = "Latn"
# Plain-language word swaps and passive-voice patterns publish has (publish.checks.plain).
PLAIN_WORDS = frozenset({"en", "es"})


@dataclass(frozen=True)
class Stage:
    """What one stage uses for a language; `fallback` when it is not the language's own."""

    name: str  # sentences, syllables, readability, plain-language, numbers, dates, strings
    uses: str
    fallback: bool = False

    def note(self, tag: str) -> str:
        return (
            f"{self.name}: {self.uses}"
            if not self.fallback
            else (f"{self.name}: publish has nothing of its own for '{tag}'; {self.uses}")
        )


@dataclass(frozen=True)
class Language:
    tag: str  # as the front matter wrote it
    primary: str  # "es" of "es-US"
    region: str  # "US", or ""
    script: str  # "Latn", "Arab", "Hans"...
    direction: str  # "ltr" or "rtl"
    stages: tuple[Stage, ...]

    def stage(self, name: str) -> Stage:
        return next(s for s in self.stages if s.name == name)

    @property
    def fallbacks(self) -> tuple[Stage, ...]:
        return tuple(s for s in self.stages if s.fallback)

    @property
    def splits_words(self) -> bool:
        """Whether publish can count this language's words (its script is Latin)."""
        return self.script == WORD_SCRIPT

    @property
    def formulas(self) -> tuple[str, ...]:
        """The readability formulas for this language; empty when it has none."""
        return FORMULAS.get(self.primary, ())

    @property
    def long_word_syllables(self) -> int:
        """Syllables that make a word long: 3 in English (SMOG's polysyllables); Spanish
        words run longer, so 4 (the usual "palabras largas" threshold)."""
        return 4 if self.primary == "es" else 3


@functools.lru_cache(maxsize=64)
def language(tag: str) -> Language:
    """What each stage uses for a BCP 47 tag ("en", "es-US", "zh-Hans", "ar")."""
    parts = (tag or "en").replace("_", "-").split("-")
    primary = parts[0].lower()
    region = next((p.upper() for p in parts[1:] if len(p) in (2, 3) and p.isalnum()), "")
    script = _script(tag, primary)
    direction = "rtl" if primary in RTL or script in ("Arab", "Hebr") else "ltr"
    return Language(tag, primary, region, script, direction, _stages(tag, primary))


def _script(tag: str, primary: str) -> str:
    """The tag's script subtag ("zh-Hant"), else the language's usual script."""
    parts = (tag or "en").replace("_", "-").split("-")[1:]
    written = next((p.title() for p in parts if len(p) == 4 and p.isalpha()), "")
    return written or SCRIPTS.get(primary, "Latn")


def _stages(tag: str, primary: str) -> tuple[Stage, ...]:
    stages = []
    if primary in SENTENCE_RULES:
        stages.append(Stage("sentences", f"sentencex with publish's {primary} rules"))
    else:
        stages.append(
            Stage(
                "sentences",
                "sentencex's rules for it with publish's language-neutral ones "
                "(lists, ellipses, parentheses)",
                fallback=True,
            )
        )
    syllables = {"en": "the CMU Pronouncing Dictionary, then Pyphen", "es": "pylabeador"}
    if primary in syllables:
        stages.append(Stage("syllables", syllables[primary]))
    if primary in FORMULAS:
        names = {
            "en": "SMOG, Flesch–Kincaid, Gunning fog, Coleman–Liau, Dale–Chall",
            "es": "Szigriszt-Pazos on the INFLESZ scale, Fernández-Huerta",
        }
        stages.append(Stage("readability", names[primary]))
    else:
        stages.append(
            Stage(
                "readability",
                "no readability formula, so the reading grade is not checked (the "
                "readability check is skipped, not passed)",
                fallback=True,
            )
        )
    if _script(tag, primary) != WORD_SCRIPT:
        stages.append(
            Stage(
                "plain-language",
                "publish splits words only in the Latin script, so rare words and long "
                "sentences are not checked (the plain-language check is skipped, not passed)",
                fallback=True,
            )
        )
    elif primary in PLAIN_WORDS:
        stages.append(Stage("plain-language", f"wordfreq's {primary} list, plainer words, passive"))
    elif primary in WORDFREQ:
        stages.append(
            Stage(
                "plain-language",
                f"wordfreq's {primary} list for rare words; no list of plainer words and no "
                "passive-voice check",
                fallback=True,
            )
        )
    else:
        stages.append(
            Stage(
                "plain-language",
                "no word-frequency list, so rare words are not found; long sentences only",
                fallback=True,
            )
        )
    if primary in NUMBER_RULES:
        stages.append(Stage("numbers", f"publish's {primary} rules with num2words"))
    else:
        stages.append(
            Stage(
                "numbers",
                "the voice reads numbers as it sees fit (no phone, dose or date rules)",
                fallback=True,
            )
        )
    if primary in catalog_languages():
        stages.append(Stage("strings", f"the {primary} catalog"))
    else:
        stages.append(Stage("strings", "the English page strings", fallback=True))
    return tuple(stages)
