"""Which checks gate a build, and their thresholds: front matter `checks:` over pyproject's
`[tool.publish.checks]` over the defaults."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from publish.checks.readability import FORMULAS

CHECK_NAMES = ("source", "readability", "plain-language", "html", "epub", "pdf", "audio")
GRADE_FORMULAS = tuple(f for f in FORMULAS if f != "flesch_reading_ease")


@dataclass(frozen=True)
class CheckConfig:
    gates: tuple[str, ...] = ("source", "readability", "html", "epub", "pdf", "audio")
    formula: str = "smog"  # the readability gate's formula; SMOG is the one advised for health text
    long_sentence_words: int = 20
    rare_word_zipf: float = 3.0
    strict: bool = False  # warnings fail too


def validate(values: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Typed values and the problems found, for the front matter and for pyproject."""
    known = {f.name for f in fields(CheckConfig)}
    out: dict[str, Any] = {}
    problems = []
    for key, value in values.items():
        if key not in known:
            problems.append(f"unknown checks key '{key}'; known keys are: {', '.join(sorted(known))}")
        elif key == "gates":
            names = value if isinstance(value, list) else [value]
            bad = [n for n in names if n not in CHECK_NAMES]
            if bad:
                problems.append(f"unknown check(s) {', '.join(map(str, bad))}; choose from "
                                f"{', '.join(CHECK_NAMES)}")
            else:
                out[key] = tuple(names)
        elif key == "formula":
            if value not in GRADE_FORMULAS:
                problems.append(f"'formula' must be one of {', '.join(GRADE_FORMULAS)}")
            else:
                out[key] = value
        elif key == "long_sentence_words":
            if not isinstance(value, int) or isinstance(value, bool) or value < 5:
                problems.append("'long_sentence_words' must be a whole number of at least 5")
            else:
                out[key] = value
        elif key == "rare_word_zipf":
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 8:
                problems.append("'rare_word_zipf' must be a number from 0 to 8")
            else:
                out[key] = float(value)
        elif key == "strict":
            if not isinstance(value, bool):
                problems.append("'strict' must be true or false")
            else:
                out[key] = value
    return out, problems


def pyproject_settings(start: Path) -> dict[str, Any]:
    """[tool.publish.checks] from the nearest pyproject.toml at or above `start`."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError):
                return {}
            settings = data.get("tool", {}).get("publish", {}).get("checks", {})
            return settings if isinstance(settings, dict) else {}
    return {}


def resolve(front_matter: dict[str, Any], project: dict[str, Any], strict: bool) -> CheckConfig:
    config = CheckConfig()
    project_values, _ = validate(project)
    config = replace(config, **project_values)
    config = replace(config, **front_matter)
    return replace(config, strict=True) if strict else config
