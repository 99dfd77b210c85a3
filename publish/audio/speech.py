"""What is spoken: the model's sentences, normalized for a speech engine.

Each sentence keeps its ID; the pause after it follows the structure
(sentence < paragraph < section).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from publish.audio.acronyms import read_acronyms
from publish.audio.callouts import spoken_marks
from publish.audio.numbers import reader_for
from publish.audio.reading import before_numbers
from publish.config.metadata import GlossaryEntry
from publish.model.nodes import (
    CONTAINERS,
    Article,
    Code,
    Image,
    Inline,
    LineBreak,
    Link,
    Sentence,
    SoftBreak,
    Term,
    Text,
)
from publish.model.walk import Role, narrated, reading, step_numbers
from publish.strings import strings_for


@dataclass(frozen=True)
class Pauses:
    """Silence after a sentence, in milliseconds, by what follows it."""

    sentence: int = 350
    paragraph: int = 750
    section: int = 1300
    heading: int = 650


@dataclass(frozen=True)
class SpeechItem:
    id: str  # the sentence ID
    section_id: str
    text: str  # what the engine is asked to say
    pause_ms: int  # silence after it
    heading: bool = False


# Symbols read before the numbers (they need the digits) and after them, by language:
# (pattern, {language: words}); a language not listed reads them in English.
BEFORE_NUMBERS = [
    (
        re.compile(r"(?<![\d.,])(-?1)\s*°\s*C\b"),
        {"en": r"\1 degree Celsius", "es": r"\1 grado centígrado"},
    ),
    (
        re.compile(r"(?<![\d.,])(-?1)\s*°\s*F\b"),
        {"en": r"\1 degree Fahrenheit", "es": r"\1 grado Fahrenheit"},
    ),
    (re.compile(r"(\d)\s*°\s*C\b"), {"en": r"\1 degrees Celsius", "es": r"\1 grados centígrados"}),
    (
        re.compile(r"(\d)\s*°\s*F\b"),
        {"en": r"\1 degrees Fahrenheit", "es": r"\1 grados Fahrenheit"},
    ),
    (re.compile("(\\d)\\s*[x\u00d7]\\s*(\\d)"), {"en": r"\1 times \2", "es": r"\1 por \2"}),
]
SYMBOLS = [
    (re.compile(r"\s*&\s*"), {"en": " and ", "es": " y "}),
    (re.compile(r"©"), {"en": " copyright ", "es": " derechos de autor "}),
    (re.compile(r"°"), {"en": " degrees ", "es": " grados "}),
    (re.compile(r"%"), {"en": " percent", "es": " por ciento"}),
    (re.compile(r"±"), {"en": " plus or minus ", "es": " más o menos "}),
    (re.compile(r"≥"), {"en": " at least ", "es": " al menos "}),
    (re.compile(r"≤"), {"en": " at most ", "es": " como mucho "}),
    (re.compile("\\s*[\u2013\u2014]\\s*"), {"en": ", ", "es": ", "}),
    (re.compile(r"\s*→\s*"), {"en": " to ", "es": " a "}),
]
LINK_WORDS = {"en": ("link", "dot"), "es": ("enlace", "punto")}


def _words(table: dict[str, str], language: str) -> str:
    return table.get(language.split("-")[0].lower(), table["en"])


_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)
# A glossary's `say:` (or `ipa`) is kept as written: SpeechText wraps it in these marks,
# and normalize sets it aside, as one private-use character, while its rules run.
KEEP_OPEN, KEEP_CLOSE = "\ue000", "\ue001"
_KEPT = re.compile(f"{KEEP_OPEN}(.*?){KEEP_CLOSE}", re.DOTALL)
_STAND_IN = 0xE100


def speak_url(url: str, language: str = "en") -> str:
    """A link is read as 'link: its site', never character by character."""
    host = urlsplit(url if "://" in url else f"https://{url}").hostname or url
    host = host.removeprefix("www.")
    link, dot = LINK_WORDS.get(language.split("-")[0].lower(), LINK_WORDS["en"])
    return f"{link}: " + f" {dot} ".join(host.split("."))


def _url_words(match: re.Match[str], language: str = "en") -> str:
    url = match.group(0)
    bare = url.rstrip(".,;:)")
    return speak_url(bare, language) + url[len(bare) :]


def normalize(text: str, language: str = "en-US", unknown: list[str] | None = None) -> str:
    """Numbers, dates, units, symbols, URLs, abbreviations and acronyms, as a listener
    needs them; each acronym that no table knows is added to `unknown`, when given.

    The rules run by class, in order: web addresses; the word rules of `reading.py`
    (silent signs, abbreviations, Roman numerals, multipliers, letter-number codes);
    degrees and dimensions; the numbers (`numbers.py`, for the languages it has rules for;
    in any other the digits are left to the voice); symbols; acronyms (`acronyms.py`)."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(1))
        return chr(_STAND_IN + len(kept) - 1)

    text = _KEPT.sub(keep, text)
    text = _URL.sub(lambda m: _url_words(m, language), text)
    text = before_numbers(text, language)
    for pattern, words in BEFORE_NUMBERS:
        text = pattern.sub(_words(words, language), text)
    reader = reader_for(language)
    if reader is not None:
        text = reader.read(text)
    for pattern, words in SYMBOLS:
        text = pattern.sub(_words(words, language), text)
    text = read_acronyms(text, language, unknown)
    if kept:
        stand_ins = f"[{chr(_STAND_IN)}-{chr(_STAND_IN + len(kept) - 1)}]"
        text = re.sub(stand_ins, lambda m: kept[ord(m.group(0)) - _STAND_IN], text)
    return " ".join(text.split())


class SpeechText:
    """Turns sentences into speech text, applying the article's pronunciation lexicon."""

    def __init__(
        self, glossary: tuple[GlossaryEntry, ...], phonemes: bool, language: str = "en-US"
    ) -> None:
        self.language = language
        self.entries = {g.id: g for g in glossary}
        self.phonemes = phonemes
        self.aliases = [
            (g, re.compile(rf"(?<![\w-]){re.escape(g.term)}(?![\w-])"))
            for g in sorted(glossary, key=lambda g: -len(g.term))
            if g.say or g.ipa
        ]

    def _term(self, entry: GlossaryEntry | None, spoken: str) -> str:
        """The term as the glossary says it, kept from the normalizer's rules."""
        if entry is None:
            return spoken
        if self.phonemes and entry.ipa:
            return f"{KEEP_OPEN}[[ {entry.ipa} ]]{KEEP_CLOSE}"
        return f"{KEEP_OPEN}{entry.say}{KEEP_CLOSE}" if entry.say else spoken

    def _inline(self, node: Inline) -> str:
        if isinstance(node, (Text, Code)):
            return node.text
        if isinstance(node, (SoftBreak, LineBreak)):
            return " "
        if isinstance(node, Image):
            return node.alt
        if isinstance(node, Term):
            spoken = self._inlines(node.children)
            entry = self.entries.get(node.term_id)
            # The alias is for the term as defined; other forms ("T-cell") are read as written.
            return (
                self._term(entry, spoken)
                if entry and spoken.lower() == entry.term.lower()
                else spoken
            )
        if isinstance(node, Link):
            label = self._inlines(node.children)
            return speak_url(label) if _URL.fullmatch(label.strip()) else label
        if isinstance(node, CONTAINERS):
            return self._inlines(node.children)
        return ""  # note references are not read mid-sentence

    def _inlines(self, nodes: tuple[Inline, ...]) -> str:
        return "".join(self._inline(n) for n in nodes)

    def written(self, sentence: Sentence, marked: bool = True) -> str:
        """The sentence's text with the glossary's pronunciations in it, not yet normalized."""
        text = self._inlines(sentence.inlines)
        if not marked:  # headings and titles are not term-marked; apply the lexicon here
            for entry, pattern in self.aliases:
                text = pattern.sub(self._term(entry, entry.term).replace("\\", "\\\\"), text)
        return text

    def sentence(self, sentence: Sentence, marked: bool = True) -> str:
        return normalize(self.written(sentence, marked), self.language)


def unknown_acronyms(article: Article) -> list[tuple[Sentence, str]]:
    """(sentence, acronym) for each acronym the narration spells out because neither the
    language's acronym table nor the glossary's `say:` (or `ipa`) says how to read it, in
    reading order, once per sentence: "HCT" in "Ask about HCT." gives (that sentence, "HCT")."""
    speech = SpeechText(article.glossary, False, article.metadata.language)
    found: list[tuple[Sentence, str]] = []
    for sentence, step in reading(article):
        unknown: list[str] = []
        marked = step.role not in (Role.TITLE, Role.HEADING)
        normalize(speech.written(sentence, marked), speech.language, unknown)
        found += [(sentence, acronym) for acronym in dict.fromkeys(unknown)]
    return found


def speech_items(article: Article, speech: SpeechText, pauses: Pauses) -> list[SpeechItem]:
    """Every sentence to narrate, in reading order and then the glossary's, with the pause
    that follows it."""
    raw: list[
        tuple[Sentence, str, str, bool, bool]
    ] = []  # sentence, section, group, heading, marked
    strings = strings_for(article.metadata.language)
    image = strings["image"]
    numbers = step_numbers(article)
    marks = spoken_marks(article, strings)  # callouts' labels, checklists' questions
    for sentence, step in narrated(article):
        heading = step.role in (Role.TITLE, Role.HEADING)
        if step.role is Role.IMAGE:  # "Image: a nurse checks a drip." before its caption
            sentence = replace(sentence, inlines=(Text(f"{image}: "), *sentence.inlines))
        elif sentence.id in numbers:  # a numbered step is heard with its number: "Four. ..."
            sentence = replace(
                sentence, inlines=(Text(f"{numbers[sentence.id]}. "), *sentence.inlines)
            )
        if sentence.id in marks:  # "Warning. ..." and "... Done?"
            before, after = marks[sentence.id]
            sentence = replace(sentence, inlines=(Text(before), *sentence.inlines, Text(after)))
        # The body's terms are marked; elsewhere the lexicon applies by pattern (`sentence`).
        marked = step.role not in (Role.TITLE, Role.HEADING, Role.GLOSSARY, Role.CLOSING)
        raw.append((sentence, step.section_id, step.group, heading, marked))
    items = []
    for index, (sentence, section_id, group_key, heading, marked) in enumerate(raw):
        following = raw[index + 1] if index + 1 < len(raw) else None
        if heading:
            pause = pauses.heading
        elif following is None or following[1] != section_id or following[3]:
            pause = pauses.section
        elif following[2] != group_key:
            pause = pauses.paragraph
        else:
            pause = pauses.sentence
        text = speech.sentence(sentence, marked)
        if text.strip():
            items.append(SpeechItem(sentence.id, section_id, text, pause, heading))
    return items


def clause_chunks(text: str, max_words: int = 45) -> list[str]:
    """A very long sentence split at clause boundaries, so the engine never gets a wall of text."""
    if len(text.split()) <= max_words:
        return [text]
    parts = re.split(r"(?<=[,;:])\s+", text)
    chunks: list[str] = []
    current: list[str] = []
    for part in parts:
        words = part.split()
        while len(words) > max_words:  # a clause with no punctuation at all
            if current:
                chunks.append(" ".join(current))
                current = []
            chunks.append(" ".join(words[:max_words]))
            words = words[max_words:]
        if current and len(current) + len(words) > max_words:
            chunks.append(" ".join(current))
            current = []
        current += words
    if current:
        chunks.append(" ".join(current))
    return chunks
