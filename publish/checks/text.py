"""Checks on the text itself: readability (gated), plain language, and source accessibility."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from publish.checks import CheckResult, Finding, Status
from publish.checks.config import CheckConfig
from publish.checks.plain import glossary_words, sentence_findings
from publish.checks.readability import Scores, dale_chall_grade, score, syllables, words
from publish.model.nodes import (
    Article,
    Link,
    Section,
    Sentence,
    Span,
    Table,
    block_sentences,
    iter_blocks,
    iter_images,
    iter_inlines,
)

VAGUE_LINKS = frozenset({"click here", "here", "read more", "more", "link", "this", "this link",
                         "click", "learn more", "go", "see here"})
FORMULA_NAMES = {"smog": "SMOG", "flesch_kincaid": "Flesch–Kincaid grade",
                 "flesch_reading_ease": "Flesch reading ease", "gunning_fog": "Gunning fog",
                 "coleman_liau": "Coleman–Liau", "dale_chall": "Dale–Chall"}


def body_sentences(article: Article) -> list[Sentence]:
    """Sentences of running text: headings and the title are not sentences a reader parses."""
    out: list[Sentence] = []
    for section in article.walk_sections():
        out.extend(block_sentences(section.blocks))
    for note in article.footnotes:
        out.extend(block_sentences(note.blocks))
    return out


def grade_of(scores: Scores, formula: str) -> float:
    value = scores.grade(formula)
    return dale_chall_grade(value) if formula == "dale_chall" else value


def _rounded(scores: Scores) -> dict[str, Any]:
    return {name: round(getattr(scores, name), 1) for name in FORMULA_NAMES} | {
        "words": scores.words, "sentences": scores.sentences}


def _section_sentences(section: Section) -> list[Sentence]:
    out = list(block_sentences(section.blocks))
    for child in section.sections:
        out += _section_sentences(child)
    return out


def why_hard(sentence: Sentence, rare: set[str]) -> list[str]:
    tokens = words(sentence.text)
    reasons = [f"{len(tokens)} words"]
    poly = [w for w in tokens if syllables(w) >= 3]
    if poly:
        reasons.append(f"{len(poly)} words of 3+ syllables ({', '.join(poly[:4])})")
    hard = sorted({w for w in tokens if w.lower() in rare})
    if hard:
        reasons.append(f"rare: {', '.join(hard)}")
    return reasons


def readability(article: Article, config: CheckConfig, rare_words: set[str]) -> CheckResult:
    sentences = body_sentences(article)
    overall = score([s.text for s in sentences])
    target = article.metadata.reading_grade
    grade = grade_of(overall, config.formula)
    sections = []
    for section in article.sections:
        own = _section_sentences(section)
        if not own:
            continue
        scores = score([s.text for s in own])
        title = section.heading.sentence.text if section.heading else article.metadata.title
        sections.append({"id": section.id, "title": title, "line": section.line,
                         "grade": round(grade_of(scores, config.formula), 1)} | _rounded(scores))
    per_sentence: list[dict[str, Any]] = []
    for sentence in sentences:
        scores = score([sentence.text])
        per_sentence.append({"id": sentence.id, "line": sentence.line, "words": scores.words,
                             "grade": round(scores.flesch_kincaid, 1),
                             "reasons": why_hard(sentence, rare_words)})
    hardest = sorted(per_sentence, key=lambda s: -s["grade"])[:10]
    findings = [Finding(f"grade {s['grade']:.0f}: {'; '.join(s['reasons'])}", "warning", s["id"], s["line"],
                        "hard-sentence") for s in hardest if s["grade"] > target]
    metrics = {
        "formula": config.formula, "formula_name": FORMULA_NAMES[config.formula], "target_grade": target, "grade": round(grade, 1),
        "article": _rounded(overall), "sections": sections, "sentences": per_sentence,
        "hardest": hardest,
    }
    name = FORMULA_NAMES[config.formula]
    if grade > target:
        summary = (f"{name} grade {grade:.1f} is above the target of {target:g}; "
                   f"start with the {len(findings)} hardest sentences")
        status = Status.FAIL
    else:
        summary = f"{name} grade {grade:.1f} meets the target of {target:g}"
        status = Status.PASS
    return CheckResult("readability", "Readability", status, summary, findings, metrics)


def plain_language(article: Article, config: CheckConfig) -> tuple[CheckResult, set[str]]:
    findings: list[Finding] = []
    rare: set[str] = set()
    defined = glossary_words(article)
    for sentence in body_sentences(article):
        found, sentence_rare = sentence_findings(sentence, article, defined,
                                                 long_words=config.long_sentence_words,
                                                 rare_zipf=config.rare_word_zipf)
        findings += found
        rare.update(w.lower() for w in sentence_rare)
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    result = CheckResult.from_findings("plain-language", "Plain language", findings,
                                       "no long sentences, rare words or passive voice", counts)
    return result, rare


_NON_LATIN = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")


def _script(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split(" ")[0]


def source(article: Article) -> CheckResult:
    findings: list[Finding] = []
    for image in iter_images(article):
        if not image.alt.strip():
            findings.append(Finding(f"the image '{image.src}' has no alt text; describe it in the "
                                    "brackets: ![what it shows](...)", "error", None, None, "image-alt"))
    latin = article.metadata.language.split("-")[0] in ("en", "fr", "de", "es", "it", "nl", "pt")
    for sentence in article.sentences():
        for node in iter_inlines(sentence.inlines):
            if isinstance(node, Link):
                text = " ".join("".join(getattr(c, "text", "") for c in iter_inlines(node.children)).split())
                if text.lower().strip(".!") in VAGUE_LINKS:
                    findings.append(Finding(f"the link text \"{text}\" does not say where it goes; "
                                            "use words that name the destination", "error",
                                            sentence.id, sentence.line, "link-text"))
            if isinstance(node, Span) and node.dir and not node.lang:
                findings.append(Finding("a span sets dir but no lang; add lang=... so screen readers "
                                        "switch voice", "error", sentence.id, sentence.line, "span-lang"))
        if latin:
            foreign = {_script(c) for c in _outside_spans(sentence) if _NON_LATIN.match(c)}
            if foreign:
                findings.append(Finding(f"text in {', '.join(sorted(foreign)).title()} script has no "
                                        "language set; mark it [text]{lang=xx}", "error",
                                        sentence.id, sentence.line, "foreign-no-lang"))
    for section in article.walk_sections():
        for block in iter_blocks(section.blocks):
            if isinstance(block, Table):
                header = [c for row in block.head for c in row]
                if not header or not any(c.sentences for c in header):
                    findings.append(Finding("this table has no header row; give every column a "
                                            "heading", "error", block.id, block.line, "table-headers"))
    for warning in article.warnings:
        if warning.code in ("heading-jump", "heading-deep", "raw-html", "image-remote", "image-alt"):
            if warning.code == "image-alt":
                continue  # reported above as an error
            findings.append(Finding(warning.message, "warning", warning.node_id, warning.line, warning.code))
    return CheckResult.from_findings("source", "Source accessibility", findings,
                                     "images have alt text; links, headings, languages and tables are fine")


def _outside_spans(sentence: Sentence) -> str:
    """Sentence text outside language-marked spans."""
    out: list[str] = []

    def walk(nodes: tuple[Any, ...]) -> None:
        for node in nodes:
            if isinstance(node, Span) and node.lang:
                continue
            if hasattr(node, "children"):
                walk(node.children)
            elif hasattr(node, "text"):
                out.append(node.text)

    walk(sentence.inlines)
    return "".join(out)
