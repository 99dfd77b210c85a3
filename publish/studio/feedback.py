"""Live feedback on a draft: the same parse and the same checks as `publish check`, turned
into marks on each sentence of the preview and a panel of grades and the hardest sentences."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publish.diagnostics import Diagnostic
from publish.errors import PublishError

# Each finding code belongs to one of SHeLL's assessments (and the source's accessibility),
# which the author switches on and off.
ASSESSMENTS = {
    "grade": "Reading grade",
    "complex": "Complex language",
    "passive": "Passive voice",
    "structure": "Long sentences and paragraphs",
    "density": "Lexical density",
    "person": "Person-centred language",
    "speech": "Words the voice guesses",
    "access": "Accessibility",
}
KIND = {
    "hard-sentence": "grade",
    "rare-word": "complex",
    "plain-word": "complex",
    "acronym": "complex",
    "passive": "passive",
    "long-sentence": "structure",
    "long-paragraph": "structure",
    "dense-sentence": "density",
    "person-centred": "person",
    "voice-guess": "speech",
}
# The quick checks whose findings are marked on their sentences in the preview; the other
# findings are listed under the panel's "Other findings".
MARKED = ("plain-language", "source", "pronunciation")
HARDEST = 5
VERY_HARD = 4  # grades above the target at which a sentence is marked very hard
# How each formula's score reads: a school grade, an ease score from 0 to 100 (higher is
# easier), or a score of its own (Dale–Chall's, which maps to a grade band).
EASE = ("flesch_reading_ease", "fernandez_huerta", "inflesz")
OWN_SCORE = ("dale_chall",)


@dataclass
class Feedback:
    ok: bool
    errors: list[str] = field(default_factory=list)  # file:line: what is wrong
    preview: str = ""
    marks: dict[str, dict[str, Any]] = field(default_factory=dict)
    panel: dict[str, Any] = field(default_factory=dict)
    glossary: list[dict[str, Any]] = field(default_factory=list)  # the front matter's terms

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "errors": self.errors,
            "preview": self.preview,
            "marks": self.marks,
            "panel": self.panel,
            "glossary": self.glossary,
        }


def feedback(text: str, path: Path, templates: Path | None = None) -> Feedback:
    """Parse `text` as the source at `path`, check it, and render its preview."""
    from publish.checks.runner import quick_checks
    from publish.config.checks import CheckConfig
    from publish.parse.markdown import parse_article

    try:
        article = parse_article(text, path)
    except PublishError as exc:
        return Feedback(False, shown_lines(exc, path.parent.parent))
    config = CheckConfig().updated(article.metadata.checks)
    results = {r.name: r for r in quick_checks(article, config)}
    return Feedback(
        True,
        preview=_preview(article, path, templates),
        marks=_marks(article, results),
        panel=_panel(article, results),
        glossary=entries_of(article.metadata.glossary),
    )


def entries_of(glossary: Any) -> list[dict[str, Any]]:
    """The front matter's terms as the glossary editor lists them."""
    return [
        {
            "term": entry.term,
            "definition": entry.definition,
            "expansion": entry.expansion,
            "forms": list(entry.forms),
            "say": entry.say,
            "ipa": entry.ipa,
            "line": entry.line,
        }
        for entry in glossary
    ]


def shown_lines(exc: PublishError, folder: Path) -> list[str]:
    """The error's lines with paths relative to the project folder, as the author sees them."""
    prefix = f"{folder}/"
    return [line.replace(prefix, "") for line in exc.lines()]


@functools.lru_cache(maxsize=4)
def _writer(templates: Path | None, folder: Path) -> Any:
    """The page writer and its templates, made once, not on every keystroke."""
    from publish.formats.html import HtmlWriter
    from publish.settings import BuildOptions
    from publish.templates import environment

    return HtmlWriter(BuildOptions(out_dir=folder, templates=templates), environment(templates))


def _preview(article: Any, path: Path, templates: Path | None) -> str:
    from publish.products import Products

    writer = _writer(templates, path.parent)
    products = Products(article, writer.options, writer.env, frozenset())
    return str(writer.render(article, products))


def _issue(finding: Diagnostic) -> dict[str, Any]:
    return {
        "kind": KIND.get(finding.code, "access"),
        "code": finding.code,
        "message": finding.message,
        "terms": terms_to_add(finding),
    }


def terms_to_add(finding: Diagnostic) -> list[dict[str, str]]:
    """The glossary entries a finding suggests, for its "Add to glossary" buttons: each rare
    word of a rare-word finding; the word (and its `say:`, when the voice's is known) of a
    pronunciation finding, read from the YAML example the finding ends with."""
    import yaml

    from publish.checks.plain import RARE_WORDS

    if finding.code == "rare-word" and finding.message.startswith(RARE_WORDS):
        listed = finding.message[len(RARE_WORDS) :].split(";", 1)[0]
        return [{"term": word.strip()} for word in listed.split(",") if word.strip()]
    if finding.code == "voice-guess" and "\n  - term:" in finding.message:
        example = finding.message.split("\n  - term:", 1)[1]
        try:
            entry = yaml.safe_load("  - term:" + example)[0]
        except (yaml.YAMLError, IndexError, KeyError, TypeError):
            return []
        if not isinstance(entry, dict) or not isinstance(entry.get("term"), str):
            return []
        say = entry.get("say")
        known = isinstance(say, str) and say != "..."
        return [{"term": entry["term"]} | ({"say": say} if known else {})]
    return []


def _marks(article: Any, results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """For each sentence with something to say: its issues, its line and how hard it is
    (1: worth a look; 2: hard)."""
    marks: dict[str, dict[str, Any]] = {}

    def mark(node_id: str | None, line: int | None) -> dict[str, Any]:
        return marks.setdefault(node_id or "", {"issues": [], "line": line, "grade": None})

    readability = results.get("readability")
    target = article.metadata.reading_grade
    for sentence in readability.metrics.get("sentences", []) if readability else []:
        if sentence["grade"] > target:
            entry = mark(sentence["id"], sentence["line"])
            entry["grade"] = sentence["grade"]
            entry["issues"].append(
                {
                    "kind": "grade",
                    "code": "hard-sentence",
                    "message": f"grade {sentence['grade']:.0f} (target {target:g}): "
                    + "; ".join(sentence["reasons"]),
                }
            )
    for name in MARKED:
        result = results.get(name)
        for finding in result.findings if result else []:
            if finding.node_id:
                mark(finding.node_id, finding.line)["issues"].append(_issue(finding))
    marks.pop("", None)
    for entry in marks.values():
        very = entry["grade"] is not None and entry["grade"] > target + VERY_HARD
        entry["level"] = 2 if very or len(entry["issues"]) >= 3 else 1
    return marks


def _pemat(result: Any) -> dict[str, Any] | None:
    """The PEMAT-P estimate as the panel shows it: the two scores and the items waiting."""
    if result is None:
        return None
    metrics = result.metrics
    return {
        "status": result.status.value,
        "summary": result.summary,
        "understandability": metrics.get("understandability"),
        "actionability": metrics.get("actionability"),
        "threshold": metrics.get("threshold"),
        "waiting": len(metrics.get("for_reviewer", [])),
    }


def _panel(article: Any, results: dict[str, Any]) -> dict[str, Any]:
    from publish.model.locator import Locator

    readability = results.get("readability")
    plain = results.get("plain-language")
    metrics = readability.metrics if readability else {}
    texts = Locator(article).texts
    formulas = metrics.get("formulas") or {}
    grades = metrics.get("grades", {})
    scores = metrics.get("article", {})
    return {
        "title": article.metadata.title,
        "language": article.metadata.language,
        "target": article.metadata.reading_grade,
        "grade": metrics.get("grade"),
        "formula": metrics.get("formula_name"),
        "status": readability.status.value if readability else "skip",
        "summary": readability.summary if readability else "",
        "formulas": [
            {
                "key": key,
                "name": label,
                "score": scores.get(key),
                "grade": grades.get(key),
                "scale": "ease" if key in EASE else "score" if key in OWN_SCORE else "grade",
            }
            for key, label in formulas.items()
        ],
        "words": scores.get("words", 0),
        "sentences": scores.get("sentences", 0),
        "hardest": [
            {
                "id": s["id"],
                "line": s["line"],
                "grade": s["grade"],
                "reasons": s["reasons"],
                "text": texts.get(s["id"], ""),
                "above": s["grade"] > article.metadata.reading_grade,
            }
            for s in metrics.get("hardest", [])[:HARDEST]
        ],
        "plain": plain.metrics if plain else {},
        "pemat": _pemat(results.get("pemat")),
        "checks": {
            r.name: {"status": r.status.value, "summary": r.summary} for r in results.values()
        },
        "findings": [
            f.as_dict() | {"kind": KIND.get(f.code, "access")}
            for r in results.values()
            for f in r.findings
            if not f.node_id or r.name not in (*MARKED, "readability")
        ],
    }
