"""The fidelity check: every format says what the source says.

Each built output is read back *from its file* (the page's DOM, the PDF's text layer, the
e-book's content documents, the narration's words turned back into writing, the DAISY text
through its SMIL references, the braille in braille cells) and compared with the document
model, sentence by sentence. A critical token (a dose with its unit, a range, a phone
number, a date, a time, a percentage, a step number, a negation) must be in every format
that carries its sentence, unchanged; a sentence a format should carry must be there.
Each finding names the format and file, the sentence with its line, the token the source
has and what the format has instead.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from publish.checks import CheckResult, Subject, skipped
from publish.diagnostics import Diagnostic, Severity
from publish.model.walk import Role, narrated, step_numbers

if TYPE_CHECKING:  # imported on use: see Check.quick
    from publish.checks.fidelity.readers import Carried, Expected
    from publish.checks.fidelity.tokens import Reader, Token

NAME, TITLE = "fidelity", "Same words in every format"


@functools.cache
def reader_for(language: str, spoken: bool = False) -> Reader:
    from publish.checks.fidelity.tokens import Reader, SpokenReader

    return SpokenReader(language) if spoken else Reader(language)


@dataclass(frozen=True)
class Source:
    """The model's sentences as every format should say them, the glossary's last (the page,
    the e-book, the narration and the DAISY book read it as its own section)."""

    order: list[Expected]
    roles: dict[str, Role]
    steps: dict[str, str]
    tokens: dict[str, list[Token]]

    @staticmethod
    def of(subject: Subject) -> Source:
        from publish.checks.fidelity.readers import Expected

        article = subject.article
        steps = step_numbers(article)
        reader = reader_for(article.metadata.language)
        order, roles, tokens = [], {}, {}
        for sentence, step in narrated(article):
            if not sentence.text.strip():
                continue
            shown = (
                f"{steps[sentence.id]}. {sentence.text}" if sentence.id in steps else sentence.text
            )
            order.append(Expected(sentence.id, shown))
            roles[sentence.id] = step.role
            tokens[sentence.id] = reader.tokens(shown, step=sentence.id in steps)
        return Source(order, roles, steps, tokens)

    def ids(self, *leave_out: Role) -> list[str]:
        return [e.id for e in self.order if self.roles[e.id] not in leave_out]


def _formats(
    subject: Subject, source: Source
) -> list[tuple[str, Callable[[], Carried], list[str]]]:
    """(file, how to read it, the sentence IDs it must carry) for each format built."""
    from publish.checks.fidelity import readers

    folder, names = subject.folder, subject.names
    language = subject.article.metadata.language
    found: list[tuple[str, Callable[[], Carried], list[str]]] = []
    every = source.ids()
    if (folder / names.html).is_file():
        found.append(
            (names.html, lambda: readers.page(folder / names.html, every, source.steps), every)
        )
    prose = source.ids(Role.IMAGE)  # an image's description is its /Alt, not page text
    order = [e for e in source.order if source.roles[e.id] is not Role.IMAGE]
    for name in names.pdfs():
        if (folder / name).is_file():
            read = functools.partial(readers.pdf, folder / name, order, source.steps)
            found.append((name, read, prose))
    if (folder / names.epub).is_file():
        found.append(
            (names.epub, lambda: readers.epub(folder / names.epub, every, source.steps), every)
        )
    if (folder / names.timing).is_file():
        found.append(
            (names.timing, lambda: readers.narration(folder / names.timing, language), every)
        )
    daisy = folder / names.daisy
    if (daisy / "ncc.html").is_file():
        found.append(
            (
                f"{names.daisy}/content.html",
                lambda: readers.daisy(daisy, every, source.steps),
                every,
            )
        )
    return found


def _agree(expected: list[Token], got: list[Token]) -> tuple[list[Token], list[Token]]:
    """The expected tokens not found, and the tokens found that no expected one matched."""
    unused = list(got)
    missing = []
    for token in expected:
        match = next((t for t in unused if token.agrees(t)), None)
        if match is None:
            missing.append(token)
        else:
            unused.remove(match)
    return missing, unused


def _message(carried: Carried, token: Token, extra: list[Token], sentence_id: str) -> str:
    from publish.checks.fidelity.tokens import KIND_WORDS

    what = f"{KIND_WORDS.get(token.kind, 'the token')} '{token.text.strip()}'"
    where = f"{carried.format} ({carried.file})"
    if sentence_id in carried.spoken:
        return (
            f"{where} does not say {what} as the source has it: it says "
            f"\u201c{carried.spoken[sentence_id]}\u201d; fix how it is read, or write it so "
            "it reads unambiguously"
        )
    alike = [t for t in extra if (t.kind == "negation") == (token.kind == "negation")]
    if alike:
        instead = ", ".join(f"'{t.text.strip()}'" for t in alike[:3])
        return f"{where} has {instead} where the source has {what}; build it again"
    return f"{where} leaves out {what}; build it again"


def _left_out(subject: Subject) -> set[str]:
    """The sentences a reader's recording left out, from the timing map (none for a voice)."""
    import json

    try:
        timing = json.loads((subject.folder / subject.names.timing).read_text(encoding="utf-8"))
        return {str(i) for i in timing.get("recording", {}).get("skipped", [])}
    except (OSError, ValueError, AttributeError):
        return set()


def _marks(subject: Subject) -> dict[str, str]:
    """The words the narration says before a sentence of its own accord ("Warning. ",
    "Checklist. "), by sentence ID: not the writer's, so a step number follows them."""
    from publish.audio.callouts import spoken_marks
    from publish.strings import strings_for

    strings = strings_for(subject.article.metadata.language)
    found = spoken_marks(subject.article, strings).items()
    return {sentence_id: before.strip() for sentence_id, (before, _) in found if before.strip()}


def compare(
    carried: Carried, ids: list[str], source: Source, subject: Subject
) -> tuple[list[Diagnostic], int]:
    """Findings for one format, and how many tokens were compared."""
    spoken = bool(carried.spoken)
    reader = reader_for(subject.article.metadata.language, spoken)
    marks = _marks(subject) if spoken else {}
    findings: list[Diagnostic] = []
    compared = 0
    left_out = _left_out(subject)
    for sentence_id in ids:
        if sentence_id not in carried.texts:
            advice = (
                "the reader left it out of the recording (the audio check names it); record "
                "it, or narrate with a voice"
                if sentence_id in left_out
                else "build it again"
            )
            findings.append(
                subject.locate(
                    "fidelity-missing",
                    f"{carried.format} ({carried.file}) does not have this sentence; {advice}",
                    Severity.ERROR,
                    sentence_id,
                )
            )
            continue
        expected = source.tokens[sentence_id]
        if not expected:
            continue
        compared += len(expected)
        text = carried.texts[sentence_id]
        lead = marks.get(sentence_id, "")
        if lead and text.startswith(lead):  # "Tip. one. Eat..." is step one, said after "Tip."
            text = text[len(lead) :]
        got = reader.tokens(text, step=sentence_id in source.steps)
        missing, extra = _agree(expected, got)
        for token in missing:
            findings.append(
                subject.locate(
                    "fidelity-token",
                    _message(carried, token, extra, sentence_id),
                    Severity.ERROR,
                    sentence_id,
                )
            )
    return findings, compared


def fidelity_check(subject: Subject) -> CheckResult:
    from publish.checks.fidelity.readers import UnreadableError

    source = Source.of(subject)
    formats = _formats(subject, source)
    braille = _braille(subject)
    if not formats and braille is None:
        return skipped(NAME, TITLE, "no format was built to compare with the source")
    findings: list[Diagnostic] = []
    metrics: dict[str, Any] = {"formats": {}, "sentences": len(source.order)}
    metrics["tokens"] = sum(len(t) for t in source.tokens.values())
    for file, read, ids in formats:
        try:
            carried = read()
        except UnreadableError as exc:
            findings.append(
                subject.locate("fidelity-unreadable", f"{exc}; build it again", Severity.ERROR)
            )
            metrics["formats"][file] = {"readable": False}
            continue
        found, compared = compare(carried, ids, source, subject)
        findings += found
        metrics["formats"][file] = {
            "format": carried.format,
            "sentences": len(ids),
            "tokens_compared": compared,
            "findings": len(found),
        }
    if braille is not None:
        found, about = braille
        findings += found
        metrics["formats"][about.pop("file")] = about
    checked = ", ".join(metrics["formats"])
    return CheckResult.from_findings(
        NAME,
        TITLE,
        findings,
        f"{metrics['tokens']} critical tokens in {len(source.order)} sentences say the same in "
        f"{len(metrics['formats'])} files: {checked}",
        metrics,
    )


def _braille(subject: Subject) -> tuple[list[Diagnostic], dict[str, Any]] | None:
    """The braille, compared in braille cells with the source translated by the same tables
    (an ambiguous read-back never fails correct braille); None if no braille was built."""
    from publish.checks.braille_compare import UnreadableBrailleError, compare

    names = subject.names
    if not (subject.folder / f"{names.brf}.json").is_file():
        return None
    about: dict[str, Any] = {"file": names.brf, "format": "the braille"}
    try:
        comparison = compare(subject.article, subject.folder, names)
    except UnreadableBrailleError as exc:
        about["readable"] = False
        return [subject.locate("fidelity-unreadable", f"{exc}; build it again")], about
    findings = []
    for difference in comparison.differences:
        has = (
            f"'{difference.read_back}' (braille {difference.found})"
            if difference.found
            else "nothing"
        )
        source = (
            f"where the source has '{difference.print_words}' (braille {difference.expected})"
            if difference.print_words
            else "that the source does not have"
        )
        findings.append(
            subject.locate(
                "fidelity-braille",
                f"the braille ({names.brf}) has {has} {source}; build it again",
                Severity.ERROR,
                difference.node_id,
            )
        )
    about.update(words=comparison.words, findings=len(findings))
    return findings, about


class FidelityCheck:
    name = NAME
    title = TITLE
    quick = False

    def run(self, subject: Subject) -> CheckResult:
        return fidelity_check(subject)
