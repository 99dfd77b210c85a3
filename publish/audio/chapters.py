"""The narration's chapters: one flat list in time order, a chapter for every heading down to
`###`, then the footnotes and the glossary. The closing block (contact and footer) has no
heading: it ends the chapter before it.

Every audio format takes the same list: the MP3's CHAP frames, the M4B's chapter atoms, the
WebVTT chapters and the DAISY book's SMIL files (its NCC keeps every heading at its level).
The list is flat because players read it flat: ffmpeg, and the players built on it, list an
MP3's CHAP frames in the order they are stored and ignore a CTOC tree; MP4 chapters and
WebVTT chapters in browsers have no nesting; taggers such as tone (atldotnet) cannot tell a
nested table of contents from a flat one. Nested CTOC frames would give a listener nothing.
"""

from __future__ import annotations

from publish.audio.captions import Chapter, Cue
from publish.model.nodes import Article, Section
from publish.model.walk import NOTES_ID, TITLE_ID, reading
from publish.strings import strings_for


def _top_sections(article: Article) -> list[Section]:
    """The top-level sections, unless one heading wraps them all (a lone `# Heading` over the
    whole text), and then the ones inside it."""
    level = [s for s in article.sections if s.heading is not None]
    while len(level) == 1 and level[0].sections:
        wrapper = level[0]
        inner = [c for c in wrapper.sections if c.heading is not None]
        if wrapper.blocks:  # text of its own before its first section: a chapter of its own
            return [wrapper, *inner]
        level = inner
    return level


def chapter_sections(article: Article) -> list[Section]:
    """The sections that start a chapter, in reading order: each top-level section (`##`)
    and each headed section one level inside it (`###`). Deeper headings stay in their
    chapter, and in the DAISY book's NCC."""
    top = _top_sections(article)
    starts = {s.id for s in top}
    found: list[Section] = []
    for section in top:
        found.append(section)
        found += [c for c in section.sections if c.heading is not None and c.id not in starts]
    return found


def chapter_titles(article: Article) -> dict[str, str]:
    """Each chapter's ID and title: the title's (it opens the first, with the introduction),
    each chapter section's heading, the footnotes' and the glossary's."""
    titles = {
        TITLE_ID: article.metadata.title,
        NOTES_ID: strings_for(article.metadata.language)["notes"],
    }
    for section in chapter_sections(article):
        assert section.heading is not None
        titles[section.id] = section.heading.sentence.text
    glossary = article.glossary_section
    if glossary is not None:
        titles[glossary.id] = glossary.heading.text
    return titles


def chapter_of(article: Article) -> dict[str, str]:
    """The chapter each section's sentences are heard in, by section ID (a step's
    `section_id`): its own if it starts one, else its parent's; the title's for a section
    without a heading. The closing block's is the chapter of the sentence read before it."""
    titles = chapter_titles(article)
    found = {TITLE_ID: TITLE_ID, NOTES_ID: NOTES_ID}
    if article.glossary_section is not None:
        found[article.glossary_section.id] = article.glossary_section.id

    def assign(section: Section, chapter: str) -> None:
        own = section.id if section.id in titles else chapter
        found[section.id] = own
        for child in section.sections:
            assign(child, own)

    for section in article.sections:
        assign(section, TITLE_ID)
    if article.closing is not None:
        last = TITLE_ID
        for _, step in reading(article):
            last = step.section_id
        found[article.closing.id] = found[last]
    return found


def audio_chapters(article: Article, cues: list[Cue], duration_ms: int) -> list[Chapter]:
    """The chapters of the narration, in time order: each starts at its first sentence (the
    first at 0) and ends where the next starts (the last at the end)."""
    titles = chapter_titles(article)
    chapter = chapter_of(article)
    starts: list[tuple[str, int]] = []
    for cue in cues:
        own = chapter[cue.section_id]
        if not starts or starts[-1][0] != own:
            starts.append((own, 0 if not starts else cue.start_ms))
    ends = [start for _, start in starts[1:]] + [duration_ms]
    return [Chapter(c, titles[c], start, end) for (c, start), end in zip(starts, ends, strict=True)]
