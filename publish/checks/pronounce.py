"""Words the voice cannot say: each word of the narration that the offline voices (Piper and
eSpeak NG, which both read text through espeak-ng) would have to guess, with a glossary
entry that tells them how to say it.

A word is known when the glossary says how to say it (its `say:` or `ipa:` replaces it
before the voice reads the sentence), when it is common (wordfreq's Zipf frequency of at
least KNOWN_ZIPF: espeak-ng's spelling-to-sound rules are made on everyday words, and its
dictionary holds the everyday words that break them), or when espeak-ng's dictionary for
the language has it. Anything else espeak-ng says by its rules, or spells out: a guess.
Drug names are the usual case.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from publish.checks import CheckResult, Status, Subject, skipped
from publish.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from publish.checks.voicedict import Answer, VoiceDictionary
    from publish.config.metadata import GlossaryEntry
    from publish.model.nodes import Article

NAME = "pronunciation"
TITLE = "Pronunciation"
CODE = "voice-guess"
# wordfreq's Zipf scale: 3 is once per million words, where the plain-language check stops
# calling a word rare. Below it, about one word in five that espeak-ng says by its rules
# comes out differently from the CMU dictionary's pronunciation; above 3.5, about one in 15.
KNOWN_ZIPF = 3.0
SHOWN = 8  # words named in the summary
# A word as espeak-ng splits text: letters, with apostrophes inside ("patient's"). A run
# of letters and digits ("Cas9", "HbA1c") is a code, which the normalizer reads.
_RUN = re.compile(r"\w+(?:['’]\w+)*")
_PHONEMES = re.compile(r"\[\[.*?\]\]")  # an `ipa:` entry, passed to Piper as phonemes
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


@dataclass
class Heard:
    """A word of the narration: where it is first read, and how often."""

    word: str  # as first written
    sentence_id: str
    count: int = 0


def narrated(article: Article) -> list[tuple[str, str]]:
    """(sentence ID, what the voice is given) for every sentence it reads, as the narration
    makes them: title, headings, body and alt text, numbers read out, glossary `say:`s in."""
    from publish.audio.speech import Pauses, SpeechText, speech_items

    speech = SpeechText(article.glossary, True, article.metadata.language)
    return [
        (item.id, _PHONEMES.sub(" ", item.text)) for item in speech_items(article, speech, Pauses())
    ]


def words_of(text: str) -> Iterator[str]:
    for run in _RUN.findall(text):
        if not any(c.isdigit() or c == "_" for c in run) and len(run) > 1:
            yield run


def heard_words(article: Article) -> dict[str, Heard]:
    """Every word of the narration, lower-cased, with its first sentence and its count."""
    heard: dict[str, Heard] = {}
    for sentence_id, text in narrated(article):
        for word in words_of(text):
            entry = heard.setdefault(word.lower(), Heard(word, sentence_id))
            entry.count += 1
    return heard


def said_words(glossary: tuple[GlossaryEntry, ...]) -> set[str]:
    """The words of every `say:`: respellings the author chose, never to be flagged."""
    return {w.lower() for entry in glossary for w in words_of(entry.say)}


def common(word: str, language: str) -> bool:
    from publish.checks.wordstore import store

    words = store(language)
    bare = _POSSESSIVE.sub("", word)
    return max(words.zipf(word), words.zipf(bare)) >= KNOWN_ZIPF


def pronunciation(subject: Subject) -> CheckResult:
    from publish.checks import voicedict
    from publish.language import WORDFREQ, language

    article = subject.article
    tag = article.metadata.language
    primary = tag.split("-")[0].lower()
    if not language(tag).splits_words:
        return skipped(NAME, TITLE, f"not checked: publish cannot split '{tag}' into words")
    if primary not in WORDFREQ:
        return skipped(
            NAME,
            TITLE,
            f"not checked: publish has no word frequencies for '{tag}', so it cannot tell "
            "everyday words from the ones the voice would guess",
        )
    try:
        voice = voicedict.dictionary(tag)
    except voicedict.EspeakMissingError:
        return _unavailable(
            "eSpeak NG is not installed, so publish cannot tell which words the offline "
            "voices would guess; install the Debian package espeak-ng (./run install does)"
        )
    except voicedict.EspeakFailedError as failed:
        return _failed(subject, str(failed))
    if voice is None:
        return skipped(
            NAME,
            TITLE,
            f"not checked: eSpeak NG has no dictionary for '{tag}', so the offline voices "
            "cannot speak it",
        )
    heard = heard_words(article)
    chosen = said_words(article.glossary)
    unsure = [
        h.word for key, h in heard.items() if key not in chosen and not common(h.word, primary)
    ]
    # The words of the glossary's terms without a `say:` go in the same run: a finding
    # about one of them shows how the voice says its whole term.
    bare_terms = [w for e in article.glossary if not (e.say or e.ipa) for w in words_of(e.term)]
    try:
        answers = voice.ask([*unsure, *bare_terms])
    except voicedict.EspeakFailedError as failed:
        return _failed(subject, str(failed))
    guessed = [heard[w.lower()] for w in unsure if answers[w].lookup is not voicedict.Lookup.KNOWN]
    advice = Advice(article, voice)
    findings = [
        subject.locate(CODE, advice.message(h, answers[h.word]), Severity.WARNING, h.sentence_id)
        for h in guessed
    ]
    findings += _spelled_acronyms(subject)
    metrics = {
        "voice": f"espeak-ng {voice.voice}",
        "words": sum(h.count for h in heard.values()),
        "distinct": len(heard),
        "asked": len(unsure),
        "guessed": [h.word for h in guessed],
    }
    result = CheckResult.from_findings(
        NAME,
        TITLE,
        findings,
        f"the voice knows all {len(heard)} distinct words, or the glossary says how to say them",
        metrics,
    )
    if guessed:
        shown = ", ".join(h.word for h in guessed[:SHOWN])
        more = f" and {len(guessed) - SHOWN} more" if len(guessed) > SHOWN else ""
        result.summary = (
            f"the voice would guess how to say {len(guessed)} word(s): {shown}{more}; "
            "give each a `say:` in the glossary"
        )
    return result


def _spelled_acronyms(subject: Subject) -> list[Diagnostic]:
    """An acronym neither publish's table nor the glossary says how to read is spelled out
    letter by letter: say so once, where it is first read, with the entry that fixes it."""
    from publish.audio.speech import unknown_acronyms

    found: dict[str, Diagnostic] = {}
    for sentence, acronym in unknown_acronyms(subject.article):
        if acronym in found:
            continue
        message = (
            f"the narration spells '{acronym}' out letter by letter ({' '.join(acronym)}), "
            "since publish's list of acronyms does not have it; if it is said as a word, "
            f"add it to the glossary with a `say:`, for example:\n  - term: {acronym}\n"
            f"    definition: ...\n    say: {acronym.lower()}"
        )
        found[acronym] = subject.locate("acronym-spelled", message, Severity.WARNING, sentence.id)
    return list(found.values())


def _unavailable(why: str) -> CheckResult:
    """A check that checked nothing: a skip, but in CI (CI=true) a failure."""
    if os.environ.get("CI", "").lower() == "true":
        return CheckResult(NAME, TITLE, Status.FAIL, f"not checked: {why}")
    return skipped(NAME, TITLE, f"not checked: {why}")


def _failed(subject: Subject, why: str) -> CheckResult:
    finding = subject.locate("voice-dictionary", f"could not ask eSpeak NG: {why}")
    return CheckResult.from_findings(NAME, TITLE, [finding], "")


class Advice:
    """What to tell the author about a guessed word: what the voice would say, and the
    glossary entry that fixes it, as YAML that can be pasted under `glossary:`."""

    def __init__(self, article: Article, voice: VoiceDictionary) -> None:
        self.voice = voice
        self.english = article.metadata.language.split("-")[0].lower() == "en"
        self.entries = article.glossary

    def sounds(self, words: list[str]) -> str:
        """How the voice says these words now, respelled (English) or in IPA."""
        from publish.checks.respell import respell_words

        answers = self.voice.ask(words)
        ipa = [answers[w].ipa for w in words]
        return respell_words(" ".join(ipa)) if self.english else " ".join(ipa)

    def message(self, heard: Heard, answer: Answer) -> str:
        from publish.checks.voicedict import Lookup

        word = heard.word
        spelled = answer.lookup is Lookup.SPELLED
        what = (
            f"the voice will spell out '{word}' letter by letter"
            if spelled
            else f"the voice will guess how to say '{word}'"
        )
        said = self.sounds([word])
        if said:
            what += f' (it would say "{said}")' if self.english else f" (it would say [{said}])"
        if heard.count > 1:
            what += f"; it is read {heard.count} times"
        term, form = self._entries(heard.word)
        if term is not None and not (term.say or term.ipa):
            say = self.sounds(list(words_of(term.term))) if self.english else ""
            return (
                f"{what}. The glossary's entry '{term.term}' (line {term.line}) has no "
                f"`say:`; add one that spells how it is said, for example:\n"
                f"    say: {_scalar(say or '...')}"
            )
        if term is not None:
            what += (
                f". The `say:` of the glossary's entry '{term.term}' (line {term.line}) is "
                f"read only where the text writes '{term.term}'"
            )
        elif form is not None:
            what += (
                f". The glossary's entry '{form.term}' (line {form.line}) has it among its "
                "`forms`, which are read as written; take it out of them"
            )
        respelling = said if self.english else ""
        how = (
            "a `say:` that spells how it is said (this one spells what the voice says now: "
            "correct it, in lower case, since capitals are read as letters)"
            if respelling
            else "a `say:` that spells how it is said"
        )
        return (
            f"{what}. Add it to the glossary with {how}, for example:\n"
            f"  - term: {_scalar(word)}\n"
            f"    definition: ...\n"
            f"    say: {_scalar(respelling or '...')}"
        )

    def _entries(self, word: str) -> tuple[GlossaryEntry | None, GlossaryEntry | None]:
        """The glossary entry whose term has this word, and the one whose forms have it."""
        key = word.lower()
        term = form = None
        for entry in self.entries:
            if term is None and key in (w.lower() for w in words_of(entry.term)):
                term = entry
            if form is None and any(key in (w.lower() for w in words_of(f)) for f in entry.forms):
                form = entry
        return term, form


def _scalar(value: str) -> str:
    """`value` as a YAML scalar: plain when YAML reads it back as that string ("no" is a
    boolean, "- x" a list), else double-quoted (a JSON string is valid YAML)."""
    import yaml

    try:
        plain = yaml.safe_load(f"k: {value}") == {"k": value}
    except yaml.YAMLError:
        plain = False
    return value if plain else json.dumps(value, ensure_ascii=False)


class PronunciationCheck:
    name = NAME
    title = TITLE
    quick = True

    def run(self, subject: Subject) -> CheckResult:
        return pronunciation(subject)
