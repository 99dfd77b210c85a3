"""Sentence boundaries on the hard cases of clinical prose."""

from __future__ import annotations

import pytest

from publish.parse.sentences import split

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
