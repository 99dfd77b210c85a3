"""Plain-language findings for each sentence: rare words, long sentences, passive voice, plainer words."""

from __future__ import annotations

import dataclasses
import functools
import re
from importlib.resources import files

from publish.checks.readability import words
from publish.diagnostics import Diagnostic, Severity
from publish.model.locator import Locator
from publish.model.nodes import CONTAINERS, Article, Inline, Sentence, Span, Term, iter_inlines
from publish.parse.inlines import plain_text

RARE_ZIPF = 3.0  # wordfreq's Zipf scale: 3 is about once per million words
LONG_SENTENCE = 20
_BE = r"(?:am|is|are|was|were|be|been|being)"
_IRREGULAR = (
    "done given taken made seen known shown grown written driven found held kept left lost "
    "paid put said sent set told thought brought bought caught taught built chosen "
    "forgotten frozen hidden ridden risen shaken spoken stolen sworn torn worn woken"
)
_ADVERB = r"(?:\w+ly|often|also|not|never|always|usually|then|now|still|being|further)"
_PASSIVE = re.compile(
    rf"\b{_BE}\s+(?:{_ADVERB}\s+)?(\w{{3,}}ed|{'|'.join(_IRREGULAR.split())})\b", re.IGNORECASE
)


@functools.lru_cache(maxsize=1)
def plain_words() -> dict[str, str]:
    text = files("publish").joinpath("data/plain-words.tsv").read_text(encoding="utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {word.lower(): plain for word, plain in pairs}


def _zipf(word: str, language: str) -> float:
    from publish.checks.wordstore import store

    return store(language).zipf(word)


def glossary_words(article: Article) -> set[str]:
    """Words the article defines: every word of every glossary term and its forms."""
    defined: set[str] = set()
    for entry in article.glossary:
        for form in (entry.term, *entry.forms):
            defined.update(w.lower() for w in words(form))
            defined.add(form.lower())
    return defined


def sentence_findings(
    sentence: Sentence,
    article: Article,
    defined: set[str],
    locate: Locator,
    *,
    long_words: int = LONG_SENTENCE,
    rare_zipf: float = RARE_ZIPF,
) -> tuple[list[Diagnostic], list[str]]:
    """The sentence's findings, and its rare words (for the readability report's reasons).

    `defined` is glossary_words(article), computed once by the caller.
    """
    found: list[Diagnostic] = []

    def add(code: str, message: str) -> None:
        found.append(locate(code, message, Severity.WARNING, sentence.id))

    tokens = words(sentence.text)
    if len(tokens) > long_words:
        add("long-sentence", f"{len(tokens)} words (aim for {long_words} or fewer); split it")
    rare = rare_words(sentence, article, defined, rare_zipf)
    if rare:
        add("rare-word", f"rare words not in the glossary: {', '.join(rare)}")
    passive = _PASSIVE.search(sentence.text)
    if passive:
        add("passive", f'passive voice "{passive.group(0)}"; say who does what')
    lower = sentence.text.lower()
    for word, plain in plain_words().items():
        if re.search(rf"\b{re.escape(word)}\b", lower):
            add("plain-word", f'"{word}" could be "{plain}"')
    return found, rare


def outside_spans(sentence: Sentence) -> str:
    """What the sentence says in the article's own language: its text as a reader reads it
    (`plain_text`), without the spans marked as another language."""

    def own(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return tuple(
            dataclasses.replace(n, children=own(n.children)) if isinstance(n, CONTAINERS) else n
            for n in nodes
            if not (isinstance(n, Span) and n.lang)
        )

    return plain_text(own(sentence.inlines))


def rare_words(
    sentence: Sentence, article: Article, defined: set[str], rare_zipf: float = RARE_ZIPF
) -> list[str]:
    """Words of the sentence rarer than `rare_zipf` that the glossary does not explain."""
    marked = {
        w.lower()
        for node in iter_inlines(sentence.inlines)
        if isinstance(node, Term)
        for w in words("".join(getattr(c, "text", "") for c in node.children))
    }
    return sorted(
        {
            w
            for w in words(outside_spans(sentence))  # [la vacuna]{lang=es} is not rare English
            if not w.isdigit()
            and w.lower() not in defined
            and w.lower() not in marked
            and _zipf(w, article.metadata.language) < rare_zipf
        },
        key=str.lower,
    )
