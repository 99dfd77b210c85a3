"""An automated PEMAT-P estimate: understandability and actionability as the tool scores them
(items agreed ÷ items that apply, "not applicable" left out), each item with its evidence.

The items are AHRQ's (publish.config.pemat cites the source). publish answers the ones it can
judge from the text (publish.checks.pemat_rules); the rest are listed for a reviewer, whose
answers in the front matter (`pemat:`) complete the score, and override publish's own.
Like readability, the check is skipped, never passed, where it cannot apply."""

from __future__ import annotations

from typing import Any

from publish.checks import CheckResult, Status, Subject, skipped
from publish.checks.pemat_facts import Answer, Facts, gather
from publish.checks.pemat_rules import RULES
from publish.config.checks import CheckConfig
from publish.config.pemat import ACTIONABILITY, ITEMS, SOURCE, UNDERSTANDABILITY, Item
from publish.diagnostics import Diagnostic, Severity
from publish.model.locator import Locator
from publish.model.nodes import Article

NAME, TITLE = "pemat", "PEMAT-P estimate"
LANGUAGES = ("en",)  # the heuristics (instructions, passive voice, number words) are English
MIN_WORDS = 40  # fewer than this, and there is too little to judge
MIN_SENTENCES = 3


def _answers(article: Article, facts: Facts) -> list[tuple[Item, Answer, str]]:
    """Every item with its answer and who gave it: "reviewer", "publish", or "" (nobody yet)."""
    given = article.metadata.pemat
    out = []
    for item in ITEMS:
        rule = RULES.get(item.id)
        answer = rule(facts) if rule else Answer(None, "a reviewer answers this item")
        if item.id in given:
            mine = f"; publish's estimate was {answer.answer}" if answer.answer else ""
            out.append((item, Answer(given[item.id], f"a reviewer's answer{mine}"), "reviewer"))
        else:
            out.append((item, answer, "publish" if answer.answer else ""))
    return out


def score(answers: list[tuple[Item, Answer, str]], domain: str) -> int | None:
    """The domain's percentage, PEMAT's way: yes ÷ (yes + no), rounded; None if none apply."""
    own = [a.answer for item, a, _ in answers if item.domain == domain]
    applicable = [a for a in own if a in ("yes", "no")]
    return round(100 * applicable.count("yes") / len(applicable)) if applicable else None


def _findings(answers: list[tuple[Item, Answer, str]], locate: Locator) -> list[Diagnostic]:
    """Each item's evidence, one finding a line: a "no" is a warning, the rest are notes."""
    found = []
    for item, answer, by in answers:
        code = f"pemat-{item.id}"
        state = answer.answer or "for a reviewer"
        head = f"PEMAT item {item.number} ({item.id}): {state}"
        severity = Severity.WARNING if answer.answer == "no" else Severity.INFO
        if by == "reviewer" or not answer.evidence:
            found.append(locate(code, f"{head}; {answer.reason}", severity))
            continue
        for evidence in answer.evidence:
            note = f"; {evidence.note}" if evidence.note else ""
            found.append(
                locate(
                    code,
                    f"{head}; {answer.reason}{note}",
                    severity,
                    evidence.node_id,
                    evidence.line,
                )
            )
    return found


def _metrics(
    answers: list[tuple[Item, Answer, str]], threshold: int, locate: Locator
) -> dict[str, Any]:
    return {
        "source": SOURCE,
        "threshold": threshold,
        "understandability": score(answers, UNDERSTANDABILITY),
        "actionability": score(answers, ACTIONABILITY),
        "for_reviewer": [item.id for item, a, _ in answers if a.answer is None],
        "items": [
            {
                "number": item.number,
                "id": item.id,
                "domain": item.domain,
                "text": item.text,
                "answer": a.answer,
                "by": by,
                "automated": item.automated,
                "reason": a.reason,
                "evidence": [
                    {
                        "line": e.line or locate.lines.get(e.node_id or "", None),
                        "id": e.node_id,
                        "note": e.note,
                        "text": locate.texts.get(e.node_id or "", ""),
                    }
                    for e in a.evidence
                ],
            }
            for item, a, by in answers
        ],
    }


def cannot_apply(article: Article, facts: Facts) -> str:
    """Why the estimate cannot be made for this article, or ""."""
    tag = article.metadata.language
    if tag.split("-")[0].lower() not in LANGUAGES:
        return (
            f"not checked: the PEMAT-P estimate reads English only, and this article is in "
            f"'{tag}'; a reviewer can score it with the tool by hand"
        )
    if facts.words < MIN_WORDS or len(facts.sentences) < MIN_SENTENCES:
        return (
            f"not checked: {facts.words} words in {len(facts.sentences)} sentences is too "
            f"little to judge (at least {MIN_WORDS} words and {MIN_SENTENCES} sentences)"
        )
    return ""


def pemat(article: Article, config: CheckConfig, locate: Locator) -> CheckResult:
    facts = gather(article, config)
    why = cannot_apply(article, facts)
    if why:
        return skipped(NAME, TITLE, why)
    answers = _answers(article, facts)
    metrics = _metrics(answers, config.pemat_threshold, locate)
    findings = _findings(answers, locate)
    under, action = metrics["understandability"], metrics["actionability"]
    pending = len(metrics["for_reviewer"])
    scores = f"understandability {under}%, actionability {action}%"
    rest = f"; {pending} items for a reviewer ('pemat:' in the front matter)" if pending else ""
    low = [
        f"{name} {value}%"
        for name, value in (("understandability", under), ("actionability", action))
        if value is not None and value < config.pemat_threshold
    ]
    if low:
        failing = [item.id for item, a, _ in answers if a.answer == "no"]
        message = (
            f"the PEMAT-P estimate is below {config.pemat_threshold}%: {', '.join(low)}; "
            f"the items answered no: {', '.join(failing)}"
        )
        findings.insert(0, locate("pemat-score", message, Severity.ERROR))
        summary = f"{scores}, below {config.pemat_threshold}%{rest}"
        return CheckResult(NAME, TITLE, Status.FAIL, summary, findings, metrics)
    summary = f"{scores}, at or above {config.pemat_threshold}%{rest}"
    return CheckResult(NAME, TITLE, Status.PASS, summary, findings, metrics)


class PematCheck:
    name = NAME
    title = TITLE
    quick = True

    def run(self, subject: Subject) -> CheckResult:
        return pemat(subject.article, subject.config, subject.locate)
