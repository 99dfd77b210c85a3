"""English IPA, as espeak-ng writes it, respelled the way a glossary's `say:` is written:
"tˈɪzeɪdʒənlˌɛkluːsəl" -> "tih-zay-jun-lek-loo-sul".

The respelling is all lower case: a syllable in capitals ("LEK") is an acronym to the
narration's normalizer and to espeak-ng, which spell it out letter by letter. Syllables
take as many consonants from the one before as English lets a syllable begin with.
"""

# ruff: noqa: RUF001, RUF002, RUF003 (IPA letters are this module's subject)

from __future__ import annotations

import re

# Longest first, so "eɪ" is one vowel, not "e" then "ɪ".
VOWELS = {
    "eɪ": "ay",
    "aɪ": "y",
    "ɔɪ": "oy",
    "aʊ": "ow",
    "oʊ": "oh",
    "əʊ": "oh",
    "iː": "ee",
    "uː": "oo",
    "ɑː": "ah",
    "ɔː": "aw",
    "oː": "aw",
    "ɜː": "er",
    "ɪə": "eer",
    "iə": "ee-uh",
    "eə": "air",
    "ʊə": "oor",
    "i": "ee",
    "u": "oo",
    "ɪ": "ih",
    "ᵻ": "ih",
    "ɛ": "eh",
    "e": "eh",
    "æ": "a",
    "a": "a",
    "ɑ": "ah",
    "ɒ": "o",
    "ɔ": "aw",
    "o": "oh",
    "ʊ": "uu",
    "ʌ": "uh",
    "ə": "uh",
    "ɐ": "uh",
    "ɚ": "er",
    "ɜ": "er",
}
# A short vowel before a consonant of its own syllable is written without its "h".
CLOSED = {"ih": "i", "eh": "e", "uh": "u", "ah": "o"}
# The vowel and an r after it, in one syllable.
WITH_R = {"ah": "ar", "aw": "or", "eh": "air", "ih": "eer", "ee": "eer", "uh": "er", "oo": "oor"}
CONSONANTS = {
    "tʃ": "ch",
    "dʒ": "j",
    "θ": "th",
    "ð": "th",
    "ʃ": "sh",
    "ʒ": "zh",
    "ŋ": "ng",
    "j": "y",
    "ɹ": "r",
    "ɾ": "t",
    "ɡ": "g",
    "x": "kh",
    "ç": "h",
    "ɬ": "l",
    "ʍ": "wh",
    "ʔ": "",
}
# Consonants that can begin an English syllable together.
ONSETS = frozenset(
    [
        ("p", "l"),
        ("b", "l"),
        ("k", "l"),
        ("ɡ", "l"),
        ("f", "l"),
        ("s", "l"),
        ("p", "ɹ"),
        ("b", "ɹ"),
        ("t", "ɹ"),
        ("d", "ɹ"),
        ("k", "ɹ"),
        ("ɡ", "ɹ"),
        ("f", "ɹ"),
        ("θ", "ɹ"),
        ("ʃ", "ɹ"),
        ("s", "p"),
        ("s", "t"),
        ("s", "k"),
        ("s", "m"),
        ("s", "n"),
        ("s", "w"),
        ("t", "w"),
        ("d", "w"),
        ("k", "w"),
        ("ɡ", "w"),
        ("s", "p", "l"),
        ("s", "p", "ɹ"),
        ("s", "t", "ɹ"),
        ("s", "k", "ɹ"),
        ("s", "k", "w"),
    ]
)
_TOKEN = re.compile(
    "|".join(re.escape(s) for s in sorted([*VOWELS, *CONSONANTS], key=len, reverse=True)) + "|."
)


def _onset_size(cluster: list[str]) -> int:
    """How many of the consonants between two vowels begin the second syllable."""
    for size in range(min(len(cluster), 3), 1, -1):
        tail = tuple(cluster[-size:])
        if tail in ONSETS or (size == 2 and tail[1] == "j" and tail[0] not in ("ɹ", "j")):
            return size
    return 1 if cluster else 0


def _spell(onset: list[str], vowel: str, coda: list[str]) -> str:
    said = VOWELS[vowel]
    if coda and coda[0] == "ɹ" and said in WITH_R:
        said, coda = WITH_R[said], coda[1:]
    elif coda and said in CLOSED:
        said = CLOSED[said]
    if said == "y" and not onset:
        said = "eye"
    consonants = [CONSONANTS.get(c, c if c.isascii() and c.isalpha() else "") for c in onset]
    closing = [CONSONANTS.get(c, c if c.isascii() and c.isalpha() else "") for c in coda]
    return "".join(consonants) + said + "".join(closing)


def respell(ipa: str) -> str:
    """One word of IPA as hyphenated lower-case syllables; "" when it has no vowel."""
    sounds = [
        t
        for t in _TOKEN.findall(ipa.replace("ˈ", "").replace("ˌ", "").replace("\u0329", ""))
        if t in VOWELS or t in CONSONANTS or (t.isascii() and t.isalpha())
    ]
    nuclei = [i for i, s in enumerate(sounds) if s in VOWELS]
    if not nuclei:
        return ""
    syllables = []
    start = 0
    for index, at in enumerate(nuclei):
        following = nuclei[index + 1] if index + 1 < len(nuclei) else len(sounds)
        between = sounds[at + 1 : following]
        keep = len(between) if following == len(sounds) else len(between) - _onset_size(between)
        syllables.append(_spell(sounds[start:at], sounds[at], between[:keep]))
        start = at + 1 + keep
    return "-".join(s for s in syllables if s)


def respell_words(ipa: str) -> str:
    """Several words of IPA (as espeak-ng says a phrase), each respelled."""
    return " ".join(filter(None, (respell(word) for word in ipa.split())))
