"""The narration's pace: `speech_rate` from the command line, the front matter or
publish.toml (one rule decides), applied to the voice and the pauses, and keyed in the
manifest so a change narrates again."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from publish.cli import main

TEXT = "---\ntitle: Washing hands\nlanguage: en\n{extra}---\n\nWet your hands. Use soap.\n\nRinse well.\n"


def narrated_ms(folder: Path, slug: str = "leaflet") -> int:
    timing = json.loads((folder / slug / f"{slug}.timing.json").read_text())
    return int(timing["duration_ms"])


def build(source: Path, out: Path, *flags: str) -> int:
    return main(
        ["build", str(source), "-f", "audio", "--voice", "tones", "--out", str(out), "-q", *flags]
    )


def test_speech_rate_from_each_place(tmp_path: Path) -> None:
    source = tmp_path / "leaflet.md"
    source.write_text(TEXT.format(extra=""))
    out = tmp_path / "out"
    assert build(source, out) == 0
    natural = narrated_ms(out)

    assert build(source, out, "--speech-rate", "0.5") == 0  # the flag: re-narrated
    assert narrated_ms(out) > 1.6 * natural  # the lead-in and tail silences stay

    (tmp_path / "publish.toml").write_text("speech_rate = 2.0\n")  # the project file
    assert build(source, out) == 0
    fast = narrated_ms(out)
    assert fast < 0.7 * natural

    source.write_text(TEXT.format(extra="speech_rate: 0.5\n"))  # the front matter beats it
    assert build(source, out) == 0
    assert narrated_ms(out) > 1.6 * natural  # the lead-in and tail silences stay

    assert build(source, out, "--speech-rate", "2") == 0  # and the command line beats both
    assert narrated_ms(out) == fast


def test_pauses_scale_with_the_rate(tmp_path: Path) -> None:
    from publish.audio.narration import at_rate
    from publish.tts import engine_for

    source = tmp_path / "leaflet.md"
    source.write_text(TEXT.format(extra=""))
    out = tmp_path / "out"
    assert build(source, out, "--speech-rate", "0.5") == 0
    cues = json.loads((out / "leaflet" / "leaflet.timing.json").read_text())["sentences"]
    gaps = [b["start_ms"] - a["end_ms"] for a, b in itertools.pairwise(cues)]
    assert min(gaps) >= 2 * 350 - 20  # a sentence pause of 350 ms, at half the pace
    slower = at_rate(engine_for("tones", "en"), 0.5)
    assert len(slower.synthesize("one two")) > 1.9 * len(
        engine_for("tones", "en").synthesize("one two")
    )


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("front", "leaflet.md:4: 'speech_rate' must be a number from 0.5 to 2"),
        ("flag", "publish: --speech-rate must be a number from 0.5 to 2"),
    ],
)
def test_a_rate_out_of_range_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, message: str
) -> None:
    source = tmp_path / "leaflet.md"
    source.write_text(TEXT.format(extra="speech_rate: 3\n" if where == "front" else ""))
    flags = ["--speech-rate", "0.2"] if where == "flag" else []
    assert build(source, tmp_path / "out", *flags) == 2
    assert message in capsys.readouterr().err
