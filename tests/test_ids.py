"""IDs are deterministic, unique, valid XML IDs, and local to their section."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SAMPLE

from publish.model.ids import slugify
from publish.model.nodes import Article
from publish.model.walk import Role, reading
from publish.parse.markdown import load_article

NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def all_ids(article: Article) -> dict[str, list[str]]:
    """Sentence IDs by section ID."""
    out: dict[str, list[str]] = {}
    for section in article.walk_sections():
        out[section.id] = [section.id]
    for sentence, step in reading(article):
        if step.role in (Role.HEADING, Role.BODY):
            out[step.section_id].append(sentence.id)
    return out


def test_same_input_same_ids(tmp_path: Path) -> None:
    copy = tmp_path / SAMPLE.name
    copy.write_bytes(SAMPLE.read_bytes())
    assert all_ids(load_article(SAMPLE)) == all_ids(load_article(copy))


def test_ids_are_unique_and_valid_xml_ids() -> None:
    article = load_article(SAMPLE)
    ids = [s.id for s in article.sentences()] + [s.id for s in article.walk_sections()]
    ids += [g.id for g in article.glossary]
    assert len(ids) == len(set(ids))
    assert all(NCNAME.match(i) for i in ids), [i for i in ids if not NCNAME.match(i)]


def test_editing_one_paragraph_keeps_other_sections_ids(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    target = "One major obstacle is the high cost associated with these therapies."
    assert target in text
    edited = text.replace(target, "It costs a lot. It is hard to make. Few clinics offer it.")
    path = tmp_path / SAMPLE.name
    path.write_text(edited, encoding="utf-8")
    before, after = all_ids(load_article(SAMPLE)), all_ids(load_article(path))
    assert before.keys() == after.keys()
    for section_id in before:
        if section_id != "overcoming-challenges":
            assert before[section_id] == after[section_id]
    assert before["overcoming-challenges"] != after["overcoming-challenges"]


def test_inserting_a_section_keeps_the_others(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    edited = text.replace(
        "## Overcoming Challenges", "## Costs\n\nNew text here.\n\n## Overcoming Challenges"
    )
    path = tmp_path / SAMPLE.name
    path.write_text(edited, encoding="utf-8")
    before, after = all_ids(load_article(SAMPLE)), all_ids(load_article(path))
    assert set(after) - set(before) == {"costs"}
    assert all(after[k] == v for k, v in before.items())


def test_slugify() -> None:
    assert slugify("Understanding Cell & Gene Therapy:") == "understanding-cell-gene-therapy"
    assert slugify("Thérapie génique") == "therapie-genique"
    assert slugify("2024 results") == "s-2024-results"
    assert slugify("???") == "section"
