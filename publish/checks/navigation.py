"""Navigation: can a listener find their way through the narration?

A listener moves by chapter, and the narration makes a chapter of each `##` and `###`
heading (publish.audio.chapters). Two things leave a listener lost:

* a long stretch with no heading: about 3 minutes of listening with nothing to skip to. The
  time is estimated from the words the voice will say (numbers and units spelled out, as
  the narration says them) at about 155 words a minute, a voice's pace with its pauses,
  and the front matter's `speech_rate`. The estimate needs only the text, so the finding is
  the same in a build without narration and in the studio; and at a 3-minute threshold an
  error of a tenth changes nothing an author should do;
* questions set in bold where headings belong ("**What is CAR-T?**"), common in
  question-and-answer articles: a listener cannot jump from one question to the next.
"""

from __future__ import annotations

from dataclasses import dataclass

from publish.checks import CheckResult, Subject
from publish.diagnostics import Diagnostic, Severity
from publish.model.locator import Locator
from publish.model.nodes import Article, Inline, Paragraph, SoftBreak, Strong, Text
from publish.model.walk import NOTES_ID, TITLE_ID

NAME, TITLE = "navigation", "Navigation by heading"
WORDS_PER_MINUTE = 155  # a narrating voice's pace, pauses included
LONGEST_MS = 180_000  # about 3 minutes of listening between headings
QUESTIONS = 2  # bold questions in one section that make a run


@dataclass(frozen=True)
class Stretch:
    """A chapter of the narration as the text foretells it: where it starts, its words."""

    chapter: str
    first_id: str  # the sentence it starts with (its heading, or the introduction's first)
    words: int
    headings: int  # headings inside it that are not chapters (#### and deeper)

    def minutes(self, rate: float) -> float:
        return self.words / (WORDS_PER_MINUTE * rate)


def stretches(article: Article) -> list[Stretch]:
    """The narration's chapters with their spoken words, in order; the footnotes, the
    glossary and the closing block left out (no heading can be added to them)."""
    from publish.audio.chapters import chapter_of
    from publish.audio.speech import Pauses, SpeechText, speech_items

    chapter = chapter_of(article)
    speech = SpeechText(article.glossary, False, article.metadata.language)
    items = speech_items(article, speech, Pauses())
    glossary = article.glossary_section.id if article.glossary_section else None
    closing = article.closing.id if article.closing else None
    found: list[Stretch] = []
    for item in items:
        own = chapter[item.section_id]
        if own in (NOTES_ID, glossary) or item.section_id == closing:
            continue
        words = len(item.text.split())
        if found and found[-1].chapter == own:
            last = found[-1]
            inner = last.headings + (1 if item.heading else 0)
            # The introduction is found at its first sentence, not at the title.
            first = item.id if last.first_id == article.title.id else last.first_id
            found[-1] = Stretch(own, first, last.words + words, inner)
        else:
            found.append(Stretch(own, item.id, words, 0))
    return found


def long_stretches(article: Article, locate: Locator) -> tuple[list[Diagnostic], float]:
    """A finding for each stretch longer than about 3 minutes; the longest, in minutes."""
    rate = article.metadata.speech_rate or 1.0
    findings = []
    longest = 0.0
    for stretch in stretches(article):
        minutes = stretch.minutes(rate)
        longest = max(longest, minutes)
        if minutes * 60_000 <= LONGEST_MS:
            continue
        marker = "##" if stretch.chapter == TITLE_ID else "###"
        deeper = (
            "; its deeper headings (####) are not chapters: make them ###"
            if stretch.headings
            else ""
        )
        findings.append(
            locate(
                "long-stretch",
                f"about {minutes:.0f} minutes of narration ({stretch.words} words) follow here "
                "with no heading to skip to: the MP3, the audiobook and the DAISY book let a "
                f"listener jump only from heading to heading. Add {marker} headings where the topic "
                f"changes, every 2 or 3 minutes of listening (300 to 450 words){deeper}",
                Severity.WARNING,
                stretch.first_id,
            )
        )
    return findings, longest


def _bold(inlines: tuple[Inline, ...]) -> bool:
    """Whether all of a sentence is bold."""
    rest = [
        i
        for i in inlines
        if not isinstance(i, SoftBreak) and not (isinstance(i, Text) and not i.text.strip())
    ]
    return bool(rest) and all(isinstance(i, Strong) for i in rest)


def question(paragraph: Paragraph) -> str:
    """The bold question a paragraph is, or opens with ("**What is CAR-T?** It is..."); ""
    if it is not one."""
    bold = []
    for sentence in paragraph.sentences:
        if not _bold(sentence.inlines):
            break
        bold.append(sentence.text.strip())
    text = " ".join(bold)
    return text if text.endswith("?") else ""


def bold_questions(article: Article, locate: Locator) -> list[Diagnostic]:
    """A finding for each section with a run of questions in bold paragraphs, not headings."""
    findings = []
    for section in article.walk_sections():
        questions = [
            (block, text)
            for block in section.blocks
            if isinstance(block, Paragraph)
            for text in [question(block)]
            if text
        ]
        if len(questions) < QUESTIONS:
            continue
        first, text = questions[0]
        marker = "#" * (section.level + 1 if section.heading is not None else 2)
        findings.append(
            locate(
                "bold-questions",
                f"{len(questions)} questions in this section are set in bold, not as "
                "headings, so a listener cannot jump from one to the next (the narration "
                f"makes a chapter of each heading). Make each a heading: write '{marker} "
                f"{text}' on a line of its own instead of '**{text}**'",
                Severity.WARNING,
                first.sentences[0].id,
            )
        )
    return findings


def navigation(article: Article, locate: Locator) -> CheckResult:
    findings, longest = long_stretches(article, locate)
    findings += bold_questions(article, locate)
    return CheckResult.from_findings(
        NAME,
        TITLE,
        findings,
        f"a listener can skip by heading: the longest stretch without one is about "
        f"{longest:.1f} minutes, and no questions are set in bold where headings belong",
        {"longest_minutes": round(longest, 1), "words_per_minute": WORDS_PER_MINUTE},
    )


class NavigationCheck:
    name = NAME
    title = TITLE
    quick = True

    def run(self, subject: Subject) -> CheckResult:
        return navigation(subject.article, subject.locate)
