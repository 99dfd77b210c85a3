"""Parser-to-model fixtures, in markdown-it-py's style: title, input, expected outline."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.model.serialize import outline
from publish.parse.markdown import load_article

FIXTURES = Path(__file__).parent / "fixtures" / "model.md"
FRONT = "---\ntitle: Test article\nlanguage: en\n---\n"


def read_fixtures(path: Path) -> list[tuple[str, str, str]]:
    cases = []
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title = lines[i]
        assert lines[i + 1] == ".", f"{path}:{i + 2}: expected '.'"
        parts: list[list[str]] = [[], []]
        i += 2
        for part in parts:
            while lines[i] != ".":
                part.append(lines[i])
                i += 1
            i += 1
        cases.append((title, "\n".join(parts[0]) + "\n", "\n".join(parts[1]) + "\n"))
    return cases


CASES = read_fixtures(FIXTURES)


@pytest.mark.parametrize(("title", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_fixture(title: str, source: str, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "case.md"
    path.write_text(FRONT + source, encoding="utf-8")
    assert outline(load_article(path)) == expected


def test_fixture_file_has_cases() -> None:
    assert len(CASES) >= 7
