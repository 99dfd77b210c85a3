"""Sentence boundaries on the hard cases of clinical prose."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from publish.parse.sentences import TooManySentencesError, boundaries, segmenter, split

CASES = [
    ("Dr. Lee will see you. Bring your card.", ["Dr. Lee will see you.", "Bring your card."]),
    (
        "Take it daily, e.g. after meals. Do not skip it.",
        ["Take it daily, e.g. after meals.", "Do not skip it."],
    ),
    ("Use one, i.e. the small one. Then rest.", ["Use one, i.e. the small one.", "Then rest."]),
    ("Made in the U.S. It works.", ["Made in the U.S.", "It works."]),
    (
        "The U.S. Food and Drug Administration agreed.",
        ["The U.S. Food and Drug Administration agreed."],
    ),
    ("Ask Jane Doe, M.D. She knows.", ["Ask Jane Doe, M.D.", "She knows."]),
    ("A Ph.D. student helped.", ["A Ph.D. student helped."]),
    ("Take 2.5 mg. Then 0.5 mg.", ["Take 2.5 mg.", "Then 0.5 mg."]),
    (
        "It treats acute lymphoblastic leukemia (ALL). It also treats lymphoma.",
        ["It treats acute lymphoblastic leukemia (ALL).", "It also treats lymphoma."],
    ),
    ('She said, "It helps." Then she left.', ['She said, "It helps."', "Then she left."]),
    ("\u201cWill it hurt?\u201d he asked. No.", ["\u201cWill it hurt?\u201d he asked.", "No."]),
    ("Really? Yes! Good.", ["Really?", "Yes!", "Good."]),
    ("Wait\u2026 Then go.", ["Wait\u2026", "Then go."]),
    ("J. R. Smith wrote it.", ["J. R. Smith wrote it."]),
    ("no final stop", ["no final stop"]),
    ("   ", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_split(text: str, expected: list[str]) -> None:
    assert split(text) == expected


# ---------------------------------------------------------------- published and handout cases

FIXTURES = Path(__file__).parent / "fixtures" / "sentences"


def cases(name: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))["cases"]
    return found


def test_the_english_golden_rules() -> None:
    """The Pragmatic Segmenter's 48 English Golden Rules, compared exactly (goal >= 46)."""
    golden = cases("golden-en.json")
    failing = [c["rule"] for c in golden if split(c["text"], "en") != c["sentences"]]
    assert len(golden) == 48
    assert not failing, f"{48 - len(failing)}/48; failing rules {failing}"


def test_the_spanish_golden_rules() -> None:
    """The Pragmatic Segmenter's Spanish golden rules and contributed cases, 29 in all, as
    pySBD tests its Spanish (pySBD passes 29, sentencex alone 28)."""
    golden = cases("golden-es.json")
    failing = [c["text"][:40] for c in golden if split(c["text"], "es") != c["sentences"]]
    assert len(golden) == 29
    assert not failing, f"{29 - len(failing)}/29; failing {failing}"


@pytest.mark.parametrize(
    ("language", "case"),
    [("en", c) for c in cases("handouts-en.json")] + [("es", c) for c in cases("handouts-es.json")],
    ids=lambda v: v["text"][:40] if isinstance(v, dict) else v,
)
def test_handout_sentences(language: str, case: dict[str, Any]) -> None:
    assert split(case["text"], language) == case["sentences"]


def test_there_are_enough_handout_cases() -> None:
    assert len(cases("handouts-en.json")) >= 40
    assert len(cases("handouts-es.json")) >= 20


# ---------------------------------------------------------------- spans, limits, languages

PIECES = st.sampled_from(
    [
        "Take",
        "vitamin",
        "D.",
        "No.",
        "5",
        "a.m.",
        "U.S.",
        "tsp.",
        "(5 mL)",
        "etc.",
        "1.",
        "2.",
        "a)",
        "b)",
        "\u2022",
        "...",
        ". . .",
        "\u2026",
        "?",
        "!",
        '"Yes."',
        "(See",
        "this.)",
        "\u00bfQu\u00e9?",
        "\u00a1Hola!",
        "Dr.",
        "J.",
        "e.g.",
        "www.x.org.",
        "\ufffc",
        "Call",
        "911.",
        "It",
        "helps",
        "the",
        "\u201cQuote.\u201d",
        "7.5.",
        ":",
    ]
)
TEXTS = st.lists(st.tuples(PIECES, st.sampled_from([" ", "  ", "\n", "", "\t"])), max_size=40).map(
    lambda parts: "".join(p + s for p, s in parts)
)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["en", "es", "fr", "zz"]))
def test_spans_tile_the_text(text: str, language: str) -> None:
    """In order, no overlaps, trimmed, and nothing but whitespace between or around them."""
    spans = boundaries(text, language)
    position = 0
    for start, end in spans:
        assert position <= start < end <= len(text)
        assert text[position:start].strip() == ""
        assert not text[start].isspace() and not text[end - 1].isspace()
        position = end
    assert text[position:].strip() == ""


def test_the_count_limit_stops_while_splitting() -> None:
    text = "One. Two. Three. Four. Five."
    assert len(segmenter("en").boundaries(text, most=5)) == 5
    with pytest.raises(TooManySentencesError):
        segmenter("en").boundaries(text, most=4)
    with pytest.raises(TooManySentencesError):  # a hostile paragraph stops at the limit
        segmenter("en").boundaries("No. " * 250_000, most=100)


def test_a_language_without_rules_names_its_fallback() -> None:
    assert segmenter("en-US").fallback is None and segmenter("es-MX").fallback is None
    note = segmenter("fr").fallback
    assert note is not None and "'fr'" in note and "sentencex" in note
    assert split("Bonjour. \u00c7a va? Oui.", "fr") == ["Bonjour.", "\u00c7a va?", "Oui."]


# ---------------------------------------------------------------- ID stability

SNAPSHOT = FIXTURES / "sample-ids.tsv"


def snapshot() -> str:
    """The sample articles' sentence IDs and texts, as sample-ids.tsv holds them."""
    from publish.parse.markdown import load_article

    header = [
        line for line in SNAPSHOT.read_text(encoding="utf-8").splitlines() if line[:2] == "# "
    ]
    lines = list(header)
    for source in sorted((ROOT / "source").glob("*.md")):
        lines.append(f"## {source.name}")
        lines += [f"{s.id}\t{s.text}" for s in load_article(source).sentences()]
    return "\n".join(lines) + "\n"


def test_the_sample_sentence_ids_are_stable() -> None:
    """The sentencex layer moved no boundary in the sample articles; later rule changes must
    show their moves here."""
    assert snapshot() == SNAPSHOT.read_text(encoding="utf-8")
