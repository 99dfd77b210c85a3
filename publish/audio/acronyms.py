"""Acronyms as a listener needs them: COVID and NICU as words, HIV and CDC letter by letter.

Each acronym is said as the language's acronym table says (publish/data/acronyms-<lang>.tsv;
a glossary term's `say:` is applied before this and wins). An acronym of two to five
capitals in neither is spelled out, and `read_acronyms` reports it to its caller: the
narration's unknown-acronym finding comes from there. Longer runs of capitals ("WARNING")
are read as words, and so is shouting: a run of words in capitals with a function word in
it ("DO NOT TAKE WITH FOOD") is read as the words it is.
"""

from __future__ import annotations

import re

from publish.audio.tables import Tables, tables

# A word of letters (an apostrophe's "s" is not part of it): "CDC", "NSAIDs", "mRNA", "I".
_WORD = re.compile(r"(?<![\w\u2019'])[A-Za-z]+(?![\w])")
SPELLED_AT_MOST = 5  # letters: a longer unknown run of capitals is read as a word


def _capitals(word: str) -> bool:
    return word.isupper()


def _stem(word: str, known: Tables) -> tuple[str, str]:
    """(the acronym, a plural "s" after it): "CTs" is ("CT", "s"), "NSAIDs" ("NSAID", "s")."""
    if word not in known.acronyms and word.endswith("s") and word[:-1] in known.acronyms:
        return word[:-1], "s"
    if word.endswith("s") and len(word) > 2 and word[:-1].isupper() and not word.isupper():
        return word[:-1], "s"
    return word, ""


def _shouted(words: list[re.Match[str]], text: str, known: Tables) -> set[int]:
    """The indexes of the words in a shouted run: two or more words in capitals side by
    side (nothing but spaces and punctuation between), one of them a function word that is
    not also an acronym ("DO NOT", but not "US FDA")."""
    shouted: set[int] = set()
    run: list[int] = []

    def close() -> None:
        if len(run) >= 2 and any(
            len(word) > 1 and word.lower() in known.function_words and word not in known.acronyms
            for word in (words[i].group(0) for i in run)
        ):
            shouted.update(run)
        run.clear()

    for index, match in enumerate(words):
        if not _capitals(match.group(0)):
            close()
            continue
        if run and re.search(r"[^\W\d_]|\d", text[words[run[-1]].end() : match.start()]):
            close()
        run.append(index)
    close()
    return shouted


def _letters(acronym: str) -> str:
    return " ".join(acronym.upper())


def read_acronyms(text: str, language: str, unknown: list[str] | None = None) -> str:
    """Each acronym in `text` as its table says; one in no table is spelled out and added
    to `unknown` (when given), once per occurrence, as written."""
    known = tables(language)
    words = list(_WORD.finditer(text))
    shouted = _shouted(words, text, known)
    out: list[str] = []
    at = 0
    for index, match in enumerate(words):
        word = match.group(0)
        out.append(text[at : match.start()])
        at = match.end()
        out.append(_say(word, index in shouted, known, unknown))
    out.append(text[at:])
    return "".join(out)


def _say(word: str, shouting: bool, known: Tables, unknown: list[str] | None) -> str:
    acronym, plural = _stem(word, known)
    if shouting and word.lower() in known.function_words:
        return word.lower()
    said = known.acronyms.get(acronym)
    if said is not None:
        if said:
            return said + plural
        return _letters(acronym) + ("'s" if plural else "")
    if len(acronym) < 2 or not acronym.isupper():
        return word
    if shouting or len(acronym) > SPELLED_AT_MOST:
        return word.lower() if shouting else word
    if unknown is not None:
        unknown.append(acronym)
    return _letters(acronym) + ("'s" if plural else "")
