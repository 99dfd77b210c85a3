"""Plain-language findings for each sentence: rare words, long sentences, passive voice, plainer words."""

from __future__ import annotations

import dataclasses
import functools
import re

from publish.checks.readability import words
from publish.diagnostics import Diagnostic, Severity
from publish.model.locator import Locator
from publish.model.nodes import CONTAINERS, Article, Inline, Sentence, Span, Term, iter_inlines
from publish.parse.inlines import plain_text

RARE_ZIPF = 3.0  # wordfreq's Zipf scale: 3 is about once per million words
RARE_WORDS = "rare words not in the glossary: "  # how a rare-word finding starts
LONG_SENTENCE = 20
_BE = r"(?:am|is|are|was|were|be|been|being)"
_IRREGULAR = (
    "done given taken made seen known shown grown written driven found held kept left lost "
    "paid put said sent set told thought brought bought caught taught built chosen "
    "forgotten frozen hidden ridden risen shaken spoken stolen sworn torn worn woken"
)
_ADVERB = r"(?:\w+ly|often|also|not|never|always|usually|then|now|still|being|further)"
# Spanish: a form of "ser" and a participle ("fue tratado", "son administradas").
_SER = r"(?:es|son|fue|fueron|será|serán|sea|sean|era|eran|sido|ser)"
_PARTICIPLES_ES = "hecho hecha dicho dicha puesto puesta escrito escrita visto vista abierto"
_PASSIVE = {
    "en": re.compile(
        rf"\b{_BE}\s+(?:{_ADVERB}\s+)?(\w{{3,}}ed|{'|'.join(_IRREGULAR.split())})\b",
        re.IGNORECASE,
    ),
    "es": re.compile(
        rf"\b{_SER}\s+(?:\w+mente\s+)?(\w{{2,}}(?:ad|id)(?:o|a|os|as)|"
        rf"{'|'.join(_PARTICIPLES_ES.split())})\b",
        re.IGNORECASE,
    ),
}
_PLAIN_WORDS = {"en": "data/plain-words.tsv", "es": "data/plain-words-es.tsv"}


@functools.lru_cache(maxsize=4)
def plain_words(language: str = "en") -> dict[str, str]:
    """Words and phrases with plainer ones, for a primary language; empty if none."""
    from publish.checks.style import word_pairs

    name = _PLAIN_WORDS.get(language)
    return word_pairs(name) if name else {}


_CLITICS = re.compile(r"(?:selo|sela|selos|selas|nos|les|los|las|se|le|lo|la|me|te)$")
_UNACCENT = str.maketrans("áéíóú", "aeiou")


def _zipf(word: str, language: str) -> float | None:
    """wordfreq's Zipf frequency in the article's language; None where it has no list.

    A Spanish verb with its pronouns attached ("lávese", "tómela", "pregúntele") is as
    common as the verb: the form without them ("lave", "tome", "pregunte") is looked up too."""
    from publish.checks.wordstore import store
    from publish.language import WORDFREQ

    primary = language.split("-")[0].lower()
    if primary not in WORDFREQ:
        return None
    found = store(primary).zipf(word)
    bare = _CLITICS.sub("", word.lower()) if primary == "es" else word.lower()
    if bare != word.lower() and len(bare) >= 3:
        found = max(found, store(primary).zipf(bare.translate(_UNACCENT)))
    return found


def glossary_example(word: str) -> str:
    """A glossary entry for `word` as one line of YAML that parses (a flow mapping in a list),
    to paste under `glossary:`; the word is quoted when YAML would read it as something else."""
    import json

    import yaml

    line = f"- {{term: {word}, definition: ...}}"
    try:
        plain = yaml.safe_load(line) == [{"term": word, "definition": "..."}]
    except yaml.YAMLError:
        plain = False
    return line if plain else f"- {{term: {json.dumps(word, ensure_ascii=False)}, definition: ...}}"


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

    from publish.checks.style import split_point

    primary = article.metadata.language.split("-")[0].lower()
    tokens = words(sentence.text)
    if len(tokens) > long_words:
        where = split_point(sentence, primary)
        how = f'split it into two after "{where}"' if where else "split it into two or three"
        add("long-sentence", f"{len(tokens)} words (aim for {long_words} or fewer); {how}")
    rare = rare_words(sentence, article, defined, rare_zipf)
    if rare:
        add(
            "rare-word",
            f"{RARE_WORDS}{', '.join(rare)}; use a common word, or explain it in the front "
            f"matter's glossary: {glossary_example(rare[0])}",
        )
    pattern = _PASSIVE.get(primary)
    passive = pattern.search(sentence.text) if pattern else None
    if passive:
        add("passive", f'passive voice "{passive.group(0)}"; say who does what')
    lower = sentence.text.lower()
    for word, plain in plain_words(primary).items():
        # the substring test first: most words are in no sentence, and then no pattern is made
        if word in lower and re.search(rf"\b{re.escape(word)}\b", lower):
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
    language = article.metadata.language

    def rare(word: str) -> bool:
        frequency = _zipf(word, language)
        return frequency is not None and frequency < rare_zipf

    return sorted(
        {
            w
            for w in words(outside_spans(sentence))  # [la vacuna]{lang=es} is not rare English
            if not w.isdigit() and w.lower() not in defined and w.lower() not in marked and rare(w)
        },
        key=str.lower,
    )
