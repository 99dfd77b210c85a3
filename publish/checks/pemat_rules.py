"""The PEMAT-P items publish can judge from the text, each answered with its evidence: the
sentences and lines behind the answer. English only (publish.checks.pemat skips the rest)."""

from __future__ import annotations

import re
from collections.abc import Callable

from publish.checks import pemat_words as pw
from publish.checks.pemat_facts import Answer, Evidence, Facts, said, walk_block
from publish.checks.plain import _PASSIVE, glossary_words, plain_words, rare_words
from publish.checks.readability import words
from publish.model.nodes import Section, Sentence

VERY_SHORT_WORDS = 100  # PEMAT's "very short material": chunks, headings, summary are N/A
CHUNK_WORDS = 250  # a section's own text longer than this is not a short chunk
PASSIVE_SHARE = 0.2  # PEMAT's guide: agree when the active voice holds 80% of the time
PLAIN_SHARE = 0.1  # at most this share of sentences with a word that has a plainer one
INDIRECT_SHARE = 0.2  # at most this share of the action sentences about someone else
TABLE_COLUMNS = 5  # a simple table: this many columns at most...
HEADING_WORDS = 5  # ...with headings of this many words at most
SHOWN = 5  # evidence items kept per item


def _heading(section: Section) -> str:
    return section.heading.sentence.text if section.heading else ""


def purpose(f: Facts) -> Answer:
    title = f.article.title
    if pw.PURPOSE_TITLE.search(title.text):
        return Answer("yes", "the title says what the material is for", [said(title)])
    first = f.first_paragraph
    if first is None:
        return Answer("no", "there is no opening paragraph to state the purpose")
    for sentence in first.sentences[:3]:
        if pw.PURPOSE.search(sentence.text):
            return Answer("yes", "the first paragraph says what it is for", [said(sentence)])
    return Answer(
        "no",
        "the first paragraph does not say what the material is for; start with a sentence "
        'such as "This handout tells you how to ..."',
        [said(first.sentences[0])],
    )


def everyday_words(f: Facts) -> Answer:
    swaps = plain_words("en")
    found = []
    for sentence in f.sentences:
        lower = sentence.text.lower()
        # the substring test first: most words are in no sentence, and then no pattern is made
        hits = [w for w in swaps if w in lower and re.search(rf"\b{re.escape(w)}\b", lower)]
        if hits:
            found.append(said(sentence, f'"{hits[0]}" could be "{swaps[hits[0]]}"'))
    share = len(found) / len(f.sentences)
    ok = share <= PLAIN_SHARE
    return Answer(
        "yes" if ok else "no",
        f"{len(found)} of {len(f.sentences)} sentences use a word with a plainer one "
        f"(at most {PLAIN_SHARE:.0%} agrees)",
        found[:SHOWN],
    )


def terms_defined(f: Facts) -> Answer:
    defined = glossary_words(f.article)
    found = []
    for sentence in f.sentences:
        rare = rare_words(sentence, f.article, defined, f.config.rare_word_zipf)
        if rare:
            found.append(said(sentence, f"not in the glossary: {', '.join(rare)}"))
    if not found:
        return Answer("yes", "every rare word is explained in the glossary")
    return Answer(
        "no",
        f"{len(found)} sentences use rare words the glossary does not explain",
        found[:SHOWN],
    )


def active_voice(f: Facts) -> Answer:
    pattern = _PASSIVE["en"]
    found = []
    for sentence in f.sentences:
        match = pattern.search(sentence.text)
        if match:
            found.append(said(sentence, f'passive voice "{match.group(0)}"'))
    share = len(found) / len(f.sentences)
    return Answer(
        "yes" if share <= PASSIVE_SHARE else "no",
        f"{len(found)} of {len(f.sentences)} sentences are passive "
        f"({share:.0%}; at most {PASSIVE_SHARE:.0%} agrees)",
        found[:SHOWN],
    )


def clear_numbers(f: Facts) -> Answer:
    numbered = [s for s in f.sentences if pw.NUMBER.search(s.text)]
    if not numbered:
        return Answer("na", "it has no numbers")
    found = []
    for sentence in numbered:
        match = pw.UNCLEAR_NUMBER.search(sentence.text)
        if match:
            found.append(said(sentence, f'"{match.group(0)}": use a whole number'))
    if found:
        return Answer("no", "percentages, fractions or decimals", found[:SHOWN])
    return Answer("yes", "its numbers are whole numbers", [said(s) for s in numbered[:SHOWN]])


def calculations(f: Facts) -> list[Evidence]:
    found = []
    for sentence in f.sentences:
        match = pw.CALCULATION.search(sentence.text)
        if match:
            found.append(said(sentence, f'asks for arithmetic: "{match.group(0)}"'))
    return found


def no_calculations(f: Facts) -> Answer:
    found = calculations(f)
    if found:
        return Answer("no", "it asks the reader to do arithmetic", found[:SHOWN])
    return Answer("yes", "it asks for no arithmetic")


def _own_words(section: Section) -> int:
    total = 0
    for block in section.blocks:
        for step in walk_block(block):
            total += len(words(step.text))
    return total


def chunked(f: Facts) -> Answer:
    if f.words < VERY_SHORT_WORDS:
        return Answer("na", f"it is very short ({f.words} words)")
    headed = [s for s in f.sections if s.heading is not None]
    if len(headed) < 2:
        return Answer("no", "it is not broken into sections with headings")
    sizes = [(s, _own_words(s)) for s in f.sections]
    long = [(s, n) for s, n in sizes if n > CHUNK_WORDS]
    if long:
        return Answer(
            "no",
            f"{len(long)} sections are longer than {CHUNK_WORDS} words",
            [Evidence(f"{n} words", None, s.line) for s, n in long[:SHOWN]],
        )
    section, size = max(sizes, key=lambda pair: pair[1])
    return Answer(
        "yes",
        f"{len(headed)} sections, the longest {size} words",
        [Evidence(f"the longest section, {size} words", None, section.line)],
    )


def informative_headings(f: Facts) -> Answer:
    headed = [s for s in f.sections if s.heading is not None]
    if not headed:
        if f.words < VERY_SHORT_WORDS:
            return Answer("na", f"it is very short ({f.words} words)")
        return Answer("no", "it has no headings")
    vague = [s for s in headed if pw.VAGUE_HEADING.match(_heading(s).strip())]
    if vague:
        return Answer(
            "no",
            "headings that do not say what follows; name the topic",
            [said(s.heading.sentence, "vague heading") for s in vague[:SHOWN] if s.heading],
        )
    return Answer(
        "yes",
        f"{len(headed)} headings, none vague",
        [said(s.heading.sentence) for s in headed[:SHOWN] if s.heading],
    )


def summary(f: Facts) -> Answer:
    for section in f.sections:
        if section.heading and pw.SUMMARY_HEADING.match(_heading(section).strip()):
            return Answer("yes", "a summary section", [said(section.heading.sentence)])
    for callout in f.callouts:
        title = getattr(callout, "title", None)  # a Sentence, or None for no title
        if title is not None and pw.SUMMARY_HEADING.match(title.text.strip()):
            return Answer("yes", "a key-points callout", [Evidence("", callout.id, callout.line)])
    if getattr(f.last_block, "kind", "") == "callout":
        block = f.last_block
        return Answer("yes", "a closing callout", [Evidence("", block.id, block.line)])
    if f.words < VERY_SHORT_WORDS:
        return Answer("na", f"it is very short ({f.words} words)")
    return Answer(
        "no",
        'no summary: add a section "Key points" or end with a callout that sums up',
    )


def visual_cues(f: Facts) -> Answer:
    found = [Evidence(f"{getattr(c, 'type', 'callout')} callout", c.id, c.line) for c in f.callouts]
    found += [Evidence("a list", b.id, b.line) for b in f.lists]
    found += [said(s, "bold text") for s in f.strong]
    if found:
        return Answer("yes", "callouts, lists or bold text mark key points", found[:SHOWN])
    return Answer("no", "no callouts, lists or bold text draw the eye to key points")


def aids_captioned(f: Facts) -> Answer:
    if not f.figures:
        return Answer("na", "it has no pictures")
    bare = [g for g in f.figures if not g.caption]
    if bare:
        return Answer(
            "no",
            f"{len(bare)} of {len(f.figures)} pictures have no caption",
            [Evidence("no caption", g.id, g.line) for g in bare[:SHOWN]],
        )
    return Answer("yes", "every picture has a caption")


def simple_tables(f: Facts) -> Answer:
    if not f.tables:
        return Answer("na", "it has no tables")
    found = []
    for table in f.tables:
        header = [c for row in table.head for c in row]
        columns = max((len(r) for r in (*table.head, *table.body)), default=0)
        longest = max(
            (len(words(" ".join(s.text for s in c.sentences))) for c in header), default=0
        )
        if not header:
            found.append(Evidence("no header row", table.id, table.line))
        elif columns > TABLE_COLUMNS or longest > HEADING_WORDS:
            note = f"{columns} columns, headings up to {longest} words"
            found.append(Evidence(note, table.id, table.line))
    if found:
        return Answer(
            "no",
            f"tables need a header row, at most {TABLE_COLUMNS} columns and headings of "
            f"{HEADING_WORDS} words or fewer",
            found[:SHOWN],
        )
    return Answer("yes", "its tables are small with short headings")


def _instructions(f: Facts) -> list[tuple[Sentence, str]]:
    return [(s, verb) for s in f.sentences if (verb := pw.imperative(s.text))]


def action_named(f: Facts) -> Answer:
    found = _instructions(f)
    if found:
        return Answer(
            "yes",
            f"{len(found)} sentences tell the reader what to do",
            [said(s, f'"{verb}"') for s, verb in found[:SHOWN]],
        )
    return Answer("no", 'no sentence tells the reader what to do ("Call ...", "Take ...")')


def addresses_reader(f: Facts) -> Answer:
    direct = [s for s in f.sentences if pw.imperative(s.text) or pw.YOU.search(s.text)]
    indirect = [s for s in f.sentences if pw.THIRD_PERSON_ACTION.search(s.text)]
    indirect = [s for s in indirect if not pw.YOU.search(s.text)]
    if not direct:
        return Answer(
            "no",
            'it never speaks to the reader as "you" or tells them what to do',
            [said(s, "about someone else") for s in indirect[:SHOWN]],
        )
    share = len(indirect) / (len(direct) + len(indirect))
    if share > INDIRECT_SHARE:
        return Answer(
            "no",
            f'{len(indirect)} action sentences speak about someone else; say "you"',
            [said(s, "about someone else") for s in indirect[:SHOWN]],
        )
    return Answer(
        "yes",
        f'{len(direct)} sentences speak to the reader ("you" or an instruction)',
        [said(s) for s in direct[:SHOWN]],
    )


def steps(f: Facts) -> Answer:
    numbered = [b for b in f.lists if b.ordered and len(b.items) >= 2]
    if not numbered:
        reason = "the actions are not set out as numbered steps"
        return Answer("no", reason, [said(s) for s, _ in _instructions(f)[:SHOWN]])
    crowded = []
    for block in numbered:
        for item in block.items:
            own = [s for child in item.blocks for s in walk_block(child)]
            verbs = [v for s in own for v in pw.actions_in(s.text)]
            if len(verbs) > 1 and own:
                crowded.append(said(own[0], f"{len(verbs)} actions: {', '.join(verbs)}"))
    if crowded:
        return Answer(
            "no", "some steps ask for more than one action; give each its own step", crowded[:SHOWN]
        )
    return Answer(
        "yes",
        f"{len(numbered)} numbered lists, one action a step",
        [Evidence(f"{len(b.items)} steps", b.id, b.line) for b in numbered[:SHOWN]],
    )


def tangible_tool(f: Facts) -> Answer:
    if f.checklist:
        return Answer(
            "yes",
            f"a checklist of {len(f.checklist)} boxes",
            [Evidence("a checklist item", i.id, i.line) for i in f.checklist[:SHOWN]],
        )
    return Answer("no", "no checklist or other tool the reader can use (- [ ] item)")


def calculation_help(f: Facts) -> Answer:
    if not calculations(f):
        return Answer("na", "it asks for no arithmetic")
    return Answer(None, "it asks for arithmetic: a reviewer judges whether it shows how")


def _pictures(f: Facts) -> Answer:
    if not f.figures:
        return Answer("na", "it has no pictures")
    return Answer(None, f"{len(f.figures)} pictures: a reviewer judges them")


def charts_explained(f: Facts) -> Answer:
    if not f.figures and not f.tables:
        return Answer("na", "it has no charts, tables or diagrams")
    return Answer(None, "it has tables or pictures: a reviewer judges whether it explains them")


RULES: dict[str, Callable[[Facts], Answer]] = {
    "purpose": purpose,
    "everyday-words": everyday_words,
    "terms-defined": terms_defined,
    "active-voice": active_voice,
    "clear-numbers": clear_numbers,
    "no-calculations": no_calculations,
    "chunked": chunked,
    "informative-headings": informative_headings,
    "summary": summary,
    "visual-cues": visual_cues,
    "aids-captioned": aids_captioned,
    "simple-tables": simple_tables,
    "action-named": action_named,
    "addresses-reader": addresses_reader,
    "steps": steps,
    "tangible-tool": tangible_tool,
    "calculation-help": calculation_help,
    # items only a person can answer, but whose "not applicable" publish can see
    "aids-reinforce": _pictures,
    "clear-pictures": _pictures,
    "charts-explained": charts_explained,
}
