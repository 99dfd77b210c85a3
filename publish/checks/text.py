"""Checks on the text itself: readability (gated), plain language, and source accessibility."""

from __future__ import annotations

from typing import Any

from publish.checks import CheckResult, Status, Subject
from publish.checks.plain import glossary_words, outside_spans, rare_words, sentence_findings
from publish.checks.readability import (
    GRADE_BANDS,
    Scores,
    dale_chall_grade,
    ease_grade,
    score,
    spoken_words,
    syllables,
    words,
)
from publish.checks.style import (
    DENSE,
    DENSE_MIN_WORDS,
    acronyms,
    density,
    diversity,
    explained_acronyms,
    person_phrases,
)
from publish.config.checks import GRADE_FORMULAS, CheckConfig
from publish.diagnostics import Diagnostic, Severity
from publish.language import language
from publish.model.locator import Locator
from publish.model.nodes import Article, Link, Paragraph, Sentence, Span, Table, iter_inlines
from publish.model.walk import Role, images, reading, walk

VAGUE_LINKS = frozenset(
    {
        "click here",
        "here",
        "read more",
        "more",
        "link",
        "this",
        "this link",
        "click",
        "learn more",
        "go",
        "see here",
    }
)
FORMULA_NAMES = {
    "smog": "SMOG",
    "flesch_kincaid": "Flesch–Kincaid grade",
    "flesch_reading_ease": "Flesch reading ease",
    "gunning_fog": "Gunning fog",
    "coleman_liau": "Coleman–Liau",
    "dale_chall": "Dale–Chall",
    "fernandez_huerta": "Fernández-Huerta",
    "inflesz": "Szigriszt-Pazos (INFLESZ)",
}


def body_sentences(article: Article) -> list[Sentence]:
    """Sentences of running text: headings and the title are not sentences a reader parses."""
    return [s for s, step in reading(article) if step.role in (Role.BODY, Role.NOTE)]


def grade_of(scores: Scores, formula: str) -> float:
    value = scores.grade(formula)
    if formula == "dale_chall":
        return dale_chall_grade(value)
    if formula in GRADE_BANDS:
        return ease_grade(formula, value)
    return value


def _rounded(scores: Scores, formulas: tuple[str, ...]) -> dict[str, Any]:
    return {name: round(getattr(scores, name), 1) for name in formulas} | {
        "words": scores.words,
        "sentences": scores.sentences,
    }


def counted(number: int, noun: str) -> str:
    """'1 word', '3 words': the number with its noun, singular for one."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def why_hard(sentence: Sentence, rare: set[str], tag: str = "en") -> list[str]:
    """Its length and long words as read aloud (the formulas' counts); its rare written words."""
    lang = language(tag)
    said = spoken_words(sentence.text, tag)
    reasons = [counted(len(said), "word")]
    long = lang.long_word_syllables
    poly = [w for w in said if syllables(w, lang.primary) >= long]
    if poly:
        reasons.append(f"{counted(len(poly), 'word')} of {long}+ syllables ({', '.join(poly[:4])})")
    hard = sorted({w for w in words(sentence.text) if w.lower() in rare})
    if hard:
        reasons.append(f"rare: {', '.join(hard)}")
    return reasons


def reading_grade(article: Article, config: CheckConfig) -> float | None:
    """The article's reading grade by the formula its check uses; None where no formula
    fits its language (the readability check then says it is skipped)."""
    lang = language(article.metadata.language)
    if not lang.formulas:
        return None
    formula = config.formula if config.formula in lang.formulas else lang.formulas[0]
    sentences = [s.text for s in body_sentences(article)]
    return (
        round(grade_of(score(sentences, article.metadata.language), formula), 1)
        if sentences
        else None
    )


def readability(article: Article, config: CheckConfig, locate: Locator) -> CheckResult:
    tag = article.metadata.language
    lang = language(tag)
    if not lang.formulas:
        note = lang.stage("readability").note(tag)
        return CheckResult(
            "readability",
            "Readability",
            Status.SKIP,
            f"not checked: {note}",
            [],
            {"language": tag, "formula": None},
        )
    # The project's formula when it is one for this language; else the language's own.
    formula = config.formula if config.formula in lang.formulas else lang.formulas[0]
    primary = lang.primary
    hard_words = rare(article, config)
    sentences = body_sentences(article)
    by_top: dict[str, list[Sentence]] = {}
    for sentence, step in reading(article):
        if step.role is Role.BODY:
            by_top.setdefault(step.top_id, []).append(sentence)
    overall = score([s.text for s in sentences], tag)
    target = article.metadata.reading_grade
    grade = grade_of(overall, formula)
    sections = []
    for section in article.sections:
        own = by_top.get(section.id, [])
        if not own:
            continue
        scores = score([s.text for s in own], tag)
        title = section.heading.sentence.text if section.heading else article.metadata.title
        sections.append(
            {
                "id": section.id,
                "title": title,
                "line": section.line,
                "grade": round(grade_of(scores, formula), 1),
            }
            | _rounded(scores, lang.formulas)
        )
    # A sentence's own grade: Flesch–Kincaid in English (SMOG needs 30 sentences), the
    # gate's formula elsewhere.
    per_formula = "flesch_kincaid" if primary == "en" else formula
    per_sentence: list[dict[str, Any]] = []
    for sentence in sentences:
        scores = score([sentence.text], tag)
        per_sentence.append(
            {
                "id": sentence.id,
                "line": sentence.line,
                "words": scores.words,
                "grade": round(grade_of(scores, per_formula), 1),
                "reasons": why_hard(sentence, hard_words, tag),
            }
        )
    hardest = sorted(per_sentence, key=lambda s: -s["grade"])[:10]
    findings = [
        locate(
            "hard-sentence",
            f"grade {s['grade']:.0f}: {'; '.join(s['reasons'])}",
            Severity.WARNING,
            s["id"],
        )
        for s in hardest
        if s["grade"] > target
    ]
    metrics = {
        "language": tag,
        "formula": formula,
        "formula_name": FORMULA_NAMES[formula],
        "formulas": {name: FORMULA_NAMES[name] for name in lang.formulas},
        "target_grade": target,
        "grade": round(grade, 1),
        "article": _rounded(overall, lang.formulas),
        # every formula's reading as a school grade (ease scores through their bands)
        "grades": {
            name: round(grade_of(overall, name), 1)
            for name in lang.formulas
            if name in GRADE_FORMULAS
        },
        "sections": sections,
        "sentences": per_sentence,
        "hardest": hardest,
    }
    name = FORMULA_NAMES[formula]
    if grade > target:
        summary = (
            f"{name} grade {grade:.1f} is above the target of {target:g}; "
            f"start with the {len(findings)} hardest sentences"
        )
        status = Status.FAIL
        # The gate's own finding is an error; the sentences are hints toward passing it.
        findings.insert(
            0,
            locate(
                "reading-grade",
                f"the article reads at {name} grade {grade:.1f}, above the target of "
                f"{target:g} ('reading_grade' in the front matter); shorten the sentences "
                "and use the plainer words the findings below suggest",
                Severity.ERROR,
            ),
        )
    else:
        summary = f"{name} grade {grade:.1f} meets the target of {target:g}"
        status = Status.PASS
    return CheckResult("readability", "Readability", status, summary, findings, metrics)


def plain_language(
    article: Article, config: CheckConfig, locate: Locator
) -> tuple[CheckResult, set[str]]:
    """SHeLL's assessments beyond the grade: complex language (rare words, plainer words,
    acronyms), passive voice, structure (long sentences and paragraphs), lexical density and
    person-centred language; and the rare words found."""
    tag = article.metadata.language
    lang = language(tag)
    if not lang.splits_words:
        note = lang.stage("plain-language").note(tag)
        return CheckResult(
            "plain-language", "Plain language", Status.SKIP, f"not checked: {note}"
        ), set()
    primary = lang.primary
    findings: list[Diagnostic] = []
    rare_found: set[str] = set()
    defined = glossary_words(article)
    sentences = body_sentences(article)
    explained = explained_acronyms(s.text for s in sentences)
    seen: set[str] = set()
    about_reader = article.metadata.audience != "professionals"
    tokens: list[str] = []
    complex_words = 0
    for sentence in sentences:
        found, sentence_rare = sentence_findings(
            sentence,
            article,
            defined,
            locate,
            long_words=config.long_sentence_words,
            rare_zipf=config.rare_word_zipf,
        )
        findings += found
        rare_found.update(w.lower() for w in sentence_rare)
        own = words(sentence.text)
        tokens += own
        complex_words += len(sentence_rare) + sum(f.code == "plain-word" for f in found)

        notes: list[tuple[str, str]] = []
        for acronym in acronyms(outside_spans(sentence)):
            if acronym in seen or acronym in explained or acronym.lower() in defined:
                continue
            seen.add(acronym)
            complex_words += 1
            spell_out = (
                f'"{acronym}" is not spelled out; write it in full the first time, followed '
                f'by "({acronym})", or add it to the glossary'
            )
            notes.append(("acronym", spell_out))
        for phrase, better in person_phrases(sentence.text, primary) if about_reader else ():
            notes.append(("person-centred", f'"{phrase}" talks about the reader; write "{better}"'))
        share = density(own, primary)
        if share is not None and len(own) >= DENSE_MIN_WORDS and share > DENSE:
            dense = (
                f"{share:.0%} of its words carry meaning (aim for {DENSE:.0%} or less); give "
                "each idea its own sentence"
            )
            notes.append(("dense-sentence", dense))
        findings += [locate(code, text, Severity.WARNING, sentence.id) for code, text in notes]
    findings += _long_paragraphs(article, config, locate)
    counts: dict[str, Any] = {}
    for f in findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    overall = density(tokens, primary)
    metrics = {
        "counts": counts,
        "words": len(tokens),
        "complex_share": round(complex_words / len(tokens), 3) if tokens else 0.0,
        "lexical_density": round(overall, 3) if overall is not None else None,
        "lexical_diversity": round(diversity(tokens), 3),
    }
    result = CheckResult.from_findings(
        "plain-language",
        "Plain language",
        findings,
        "no long sentences or paragraphs, rare words, acronyms or passive voice",
        metrics,
    )
    return result, rare_found


def _long_paragraphs(article: Article, config: CheckConfig, locate: Locator) -> list[Diagnostic]:
    found = []
    for step in walk(article):
        block = step.node
        if not isinstance(block, Paragraph) or step.role is not Role.BODY:
            continue
        count = len(block.sentences)
        size = sum(len(words(s.text)) for s in block.sentences)
        if count > config.long_paragraph_sentences or size > config.long_paragraph_words:
            found.append(
                locate(
                    "long-paragraph",
                    f"this paragraph has {count} sentences and {size} words (aim for "
                    f"{config.long_paragraph_sentences} sentences and "
                    f"{config.long_paragraph_words} words or fewer); break it where the "
                    "topic changes, or make the steps a list",
                    Severity.WARNING,
                    block.sentences[0].id,
                )
            )
    return found


def rare(article: Article, config: CheckConfig) -> set[str]:
    """Every rare word of the running text, lower-cased, for the readability report's reasons."""
    defined = glossary_words(article)
    return {
        w.lower()
        for sentence in body_sentences(article)
        for w in rare_words(sentence, article, defined, config.rare_word_zipf)
    }


# Unicode Script values that never need a language: Latin (the article's own), Common
# (digits, punctuation, symbols such as µ ½ ² ° ± ×, emoji), Inherited (combining marks)
# and Unknown.
_NEUTRAL_SCRIPTS = frozenset({"Latn", "Zyyy", "Zinh", "Zzzz"})


def _foreign_scripts(text: str) -> set[str]:
    """Names of the scripts in `text` other than Latin and the script-neutral ones.

    By the Unicode Script property (Scripts.txt, through fontTools), not by character names,
    which call µ "MICRO SIGN" and ½ "VULGAR FRACTION ONE HALF"."""
    found = {c for c in text if not c.isascii()}
    if not found:
        return set()
    from fontTools import unicodedata as ucd

    codes = {ucd.script(c) for c in found} - _NEUTRAL_SCRIPTS
    return {str(ucd.script_name(code)).replace("_", " ") for code in codes}


def source(article: Article, locate: Locator) -> CheckResult:
    findings: list[Diagnostic] = []
    for use in images(article):
        if not use.image.alt.strip():
            findings.append(
                locate(
                    "image-alt",
                    f"the image '{use.image.src}' has no alt text; "
                    "describe it in the brackets: ![what it shows](...)",
                    Severity.ERROR,
                    use.node_id,
                    use.line,
                )
            )
    latin = article.metadata.language.split("-")[0] in ("en", "fr", "de", "es", "it", "nl", "pt")
    for sentence in article.sentences():
        for node in iter_inlines(sentence.inlines):
            if isinstance(node, Link):
                text = " ".join(
                    "".join(getattr(c, "text", "") for c in iter_inlines(node.children)).split()
                )
                if text.lower().strip(".!") in VAGUE_LINKS:
                    findings.append(
                        locate(
                            "link-text",
                            f'the link text "{text}" does not say '
                            "where it goes; use words that name the destination",
                            Severity.ERROR,
                            sentence.id,
                        )
                    )
            if isinstance(node, Span) and node.dir and not node.lang:
                findings.append(
                    locate(
                        "span-lang",
                        "a span sets dir but no lang; add lang=... so screen readers switch voice",
                        Severity.ERROR,
                        sentence.id,
                    )
                )
        if latin:
            foreign = _foreign_scripts(outside_spans(sentence))
            if foreign:
                findings.append(
                    locate(
                        "foreign-no-lang",
                        f"text in the {', '.join(sorted(foreign))} script has no language set; "
                        "mark it [text]{lang=xx}, with the language's code",
                        Severity.ERROR,
                        sentence.id,
                    )
                )
    for step in walk(article):
        block = step.node
        if isinstance(block, Table):
            header = [c for row in block.head for c in row]
            if not header or not any(c.sentences for c in header):
                findings.append(
                    locate(
                        "table-headers",
                        "this table has no header row; give every column a heading",
                        Severity.ERROR,
                        block.id,
                    )
                )
    for warning in article.warnings:
        if warning.code in (
            "heading-jump",
            "heading-deep",
            "raw-html",
            "image-remote",
            "image-alt",
            "language-fallback",  # what publish lacks for the language, and what it used
            "cover-rule",  # the author's cover misses a rule retailers usually ask for
        ):
            if warning.code == "image-alt":
                continue  # reported above as an error
            findings.append(
                locate(
                    warning.code, warning.message, Severity.WARNING, warning.node_id, warning.line
                )
            )
    return CheckResult.from_findings(
        "source",
        "Source accessibility",
        findings,
        "images have alt text; links, headings, languages and tables are fine",
    )


class SourceCheck:
    name = "source"
    title = "Source accessibility"
    quick = True

    def run(self, subject: Subject) -> CheckResult:
        return source(subject.article, subject.locate)


class ReadabilityCheck:
    name = "readability"
    title = "Readability"
    quick = True

    def run(self, subject: Subject) -> CheckResult:
        return readability(subject.article, subject.config, subject.locate)


class PlainLanguageCheck:
    name = "plain-language"
    title = "Plain language"
    quick = True

    def run(self, subject: Subject) -> CheckResult:
        return plain_language(subject.article, subject.config, subject.locate)[0]
