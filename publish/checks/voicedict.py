"""What the offline voices know how to say: espeak-ng's dictionary for a language, asked
word by word.

Piper and eSpeak NG both turn text into phonemes with espeak-ng. For each word espeak-ng
either finds it (or its stem, once it strips a suffix or prefix) in the language's
dictionary, or falls back to its spelling-to-sound rules: a guess. A word it thinks cannot
be pronounced at all it spells out letter by letter. Its translation trace (`-X`) says
which happened, line by line:

    Found: 'harness' [hA@nI2s]        the dictionary has it (here the stem of "harnessed")
    Flags:  el  $u+ $strend           the dictionary has it, with flags only
    Translate 'chimeric'              the rules translate it
    Unpronouncable? 'xkcd'            then, with no Translate line, it is spelled out

All the words go to one run of espeak-ng, each a clause of its own followed by a clause
"1". That clause's lines (`Found: '_1' [w'02n]`, then "one" in IPA) end the word's part of
the trace, and the line before them is how espeak-ng says the word, in IPA. A word can look up
'_1' itself (the Roman numeral "xxi"), but not followed by exactly those lines; should the
parts still not come out one per word, each word is asked in a run of its own.
"""

from __future__ import annotations

import functools
import logging
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

log = logging.getLogger(__name__)

PROGRAM = "espeak-ng"
TIMEOUT = 60  # seconds for one run over every word of an article
SENTINEL = "1"  # every dictionary reads numbers
_FOUND = re.compile(r"^Found: '(.+?)' \[")
_FLAGS = re.compile(r"^Flags:\s+(\S+)")
_TRANSLATE = re.compile(r"^Translate '")
_NO_VOICE = "voice does not exist"


class Lookup(Enum):
    KNOWN = "known"  # in the dictionary, or its stem is
    GUESSED = "guessed"  # said by spelling-to-sound rules
    SPELLED = "spelled"  # spelled out letter by letter


@dataclass(frozen=True)
class Answer:
    lookup: Lookup
    ipa: str  # how the voice says it


class EspeakMissingError(Exception):
    """espeak-ng is not installed."""


class EspeakFailedError(Exception):
    """espeak-ng ran but gave no answer that can be read."""


class VoiceDictionary:
    """espeak-ng's dictionary for one voice; answers are cached per word, as written."""

    def __init__(self, program: str, voice: str, sentinel: list[str]) -> None:
        self.program = program
        self.voice = voice
        self.sentinel = sentinel  # the trace of the clause "1" with this voice
        self._answers: dict[str, Answer] = {}

    def ask(self, words: Iterable[str]) -> dict[str, Answer]:
        """Each word's answer, asking espeak-ng (once, for all of them) about the new ones."""
        wanted = list(dict.fromkeys(words))
        new = [w for w in wanted if w not in self._answers]
        if new:
            self._answers.update(zip(new, self._ask(new), strict=True))
        return {w: self._answers[w] for w in wanted}

    def _ask(self, words: list[str]) -> list[Answer]:
        # A comma or a line break inside a word would split its clause: the caller splits
        # text into words, so none has one, but make sure.
        safe = [" ".join(w.replace(",", " ").split()) for w in words]
        lines = _trace(self.program, self.voice, "".join(f"{w},\n{SENTINEL},\n" for w in safe))
        parts = _split(lines, self.sentinel)
        if len(parts) != len(words):
            log.debug("espeak-ng's trace has %d parts for %d words", len(parts), len(words))
            parts = [_trace(self.program, self.voice, f"{w},\n") for w in safe]
        return [_answer(part) for part in parts]


def _run(program: str, voice: str, text: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            [program, "-q", "-X", "--ipa", "-v", voice],
            input=text.encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=TIMEOUT,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EspeakFailedError(f"espeak-ng could not be run: {exc}") from exc


def _trace(program: str, voice: str, text: str) -> list[str]:
    done = _run(program, voice, text)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise EspeakFailedError(f"espeak-ng -v {voice} failed: {message or done.returncode}")
    output = done.stdout.decode("utf-8", "replace").splitlines()
    return [line.rstrip() for line in output if line.strip()]


def _split(lines: list[str], sentinel: list[str]) -> list[list[str]]:
    """The trace cut at each run of the sentinel's lines; [] when it does not end in one."""
    parts: list[list[str]] = [[]]
    size, at = len(sentinel), 0
    while at < len(lines):
        if lines[at : at + size] == sentinel:
            parts.append([])
            at += size
        else:
            parts[-1].append(lines[at])
            at += 1
    return parts[:-1] if not parts[-1] else []


def _is_trace(line: str) -> bool:
    return line[0].isdigit() or line[0].isspace() or line.split(" ", 1)[0].endswith((":", "?"))


def _answer(part: list[str]) -> Answer:
    """One word's part of the trace: what the dictionary said, and the IPA line that ends it."""
    ipa = part[-1] if part and not _is_trace(part[-1]) and not _TRANSLATE.match(part[-1]) else ""
    keys = [m.group(1) for line in part for m in (_FOUND.match(line) or _FLAGS.match(line),) if m]
    # Letters ('x', '_a') are what a spelled word is looked up as; anything longer is a
    # word, a stem or a reading such as '_roman'.
    if any(len(k.removeprefix("_")) > 1 for k in keys):
        return Answer(Lookup.KNOWN, ipa)
    if any(_TRANSLATE.match(line) for line in part):
        return Answer(Lookup.GUESSED, ipa)
    return Answer(Lookup.SPELLED, ipa)


def program() -> str:
    found = shutil.which(PROGRAM)
    if found is None:
        raise EspeakMissingError(PROGRAM)
    return found


def _voices(language: str) -> list[str]:
    """espeak-ng voices to try for a BCP 47 tag: the tag itself ("en-us", "pt-br"), then its
    language ("es" for es-US). Every voice of a language reads the same dictionary."""
    parts = language.replace("_", "-").lower().split("-")
    tried = ["-".join(parts[:2])] if len(parts) > 1 else []
    return [*tried, parts[0]]


@functools.lru_cache(maxsize=8)
def dictionary(language: str) -> VoiceDictionary | None:
    """The dictionary espeak-ng reads for `language`; None when it has no voice for it.

    Raises EspeakMissingError when espeak-ng is not installed."""
    path = program()
    for voice in _voices(language):
        try:
            sentinel = _trace(path, voice, f"{SENTINEL},\n")
        except EspeakFailedError as failed:
            if _NO_VOICE in str(failed):
                continue
            raise
        if not sentinel:
            raise EspeakFailedError(f"espeak-ng -v {voice} says nothing for '{SENTINEL}'")
        return VoiceDictionary(path, voice, sentinel)
    return None
