"""A reader's recording narrates every format (issue 32): `narration: FILE` (or --narration)
is aligned to the sentences (publish.align) and becomes the MP3, the timing map, the
captions, the read-along page, the EPUB's media overlays, DAISY and M4B, credited to the
narrator; its long pauses are capped; a sentence the reader left out, a recording of another
text, and a file that is not a usable recording are each reported at their line.

The "recordings" are made here from the offline voice's own reading, slowed, quieter, with
room noise and a long hesitation, so that their sentences are known."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
import soundfile
from conftest import need_command

from publish.cli import main

SOURCE = """\
---
title: Caring for a Cast
language: en
narration: reading.wav
contributors:
  - {name: Ann Lee, role: narrator}
---

## Day one

Keep the cast clean and dry. Rest with it raised on two pillows.

## Warning signs

Call us if your fingers turn blue. Call us if the cast feels too tight.
"""
NARRATION_LINE = 4
LEFT_OUT = "warning-signs-p1-s1"  # "Call us if your fingers turn blue."
PAUSED_AFTER = "day-one-p1-s1"  # the reader hesitates 3 s after it
RATE = 44_100


def _reading(folder: Path, text: str) -> tuple[np.ndarray, dict[str, tuple[int, int]]]:
    """The offline voice's reading of `text`, at RATE, and each sentence's span (ms)."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "voice.md"
    source.write_text(text.replace("narration: reading.wav\n", ""), encoding="utf-8")
    out = folder / "voice-out"
    assert main(["build", str(source), "-f", "audio", "--out", str(out), "-q"]) == 0
    samples, rate = soundfile.read(out / "voice" / "voice.mp3", dtype="float32")
    timing = json.loads((out / "voice" / "voice.timing.json").read_text(encoding="utf-8"))
    spans = {s["id"]: (s["start_ms"], s["end_ms"]) for s in timing["sentences"]}
    from publish.tts.samples import resample

    return resample(samples, rate, RATE), spans


def _recording(
    folder: Path, text: str, *, leave_out: str = "", hesitate_after: str = "", repeat: str = ""
) -> np.ndarray:
    """A reader's take: 8 % slower, 6 dB quieter, with room noise at -55 dB, 3 s of
    hesitation after one sentence, one sentence left out, one read twice, if asked."""
    from scipy.signal import resample_poly

    samples, spans = _reading(folder, text)
    ms = RATE / 1000
    parts = []
    position = 0
    for sentence_id, (start, end) in spans.items():
        if sentence_id == leave_out:
            parts.append(samples[position : int(start * ms)])
            position = int(end * ms)
        if sentence_id == repeat:  # read, a breath, and read again
            parts.append(samples[position : int(end * ms)])
            parts.append(np.zeros(RATE // 2, dtype=np.float32))
            parts.append(samples[int(start * ms) : int(end * ms)])
            position = int(end * ms)
        if sentence_id == hesitate_after:
            parts.append(samples[position : int(end * ms)])
            parts.append(np.zeros(3 * RATE, dtype=np.float32))
            position = int(end * ms)
    parts.append(samples[position:])
    joined = np.concatenate(parts) * 0.5
    slower = resample_poly(joined, 25, 23).astype(np.float32)  # 8 % longer, a lower pitch
    noise = np.random.default_rng(7).normal(0, 10 ** (-55 / 20), slower.size)
    return (slower + noise).astype(np.float32)


def _project(folder: Path, **take: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    soundfile.write(folder / "reading.wav", _recording(folder / "voice", SOURCE, **take), RATE)
    (folder / "cast.md").write_text(SOURCE, encoding="utf-8")
    return folder / "cast.md"


def _checks(folder: Path) -> dict[str, dict[str, object]]:
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return {c["name"]: c for c in report["checks"]}


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    need_command("ffmpeg")
    folder = tmp_path_factory.mktemp("recorded")
    source = _project(folder, hesitate_after=PAUSED_AFTER)
    formats = "html,epub,audio,daisy,m4b"
    code = main(["check", str(source), "-f", formats, "--out", str(folder / "out"), "-q"])
    return folder / "out" / "cast", code


def test_every_audio_product_comes_from_the_recording(recorded: tuple[Path, int]) -> None:
    folder, code = recorded
    checks = _checks(folder)
    assert code == 0, {n: (c["status"], c["summary"]) for n, c in checks.items()}
    for name in ("audio", "epub", "html", "fidelity", "daisy"):
        assert checks[name]["status"] in ("pass", "warn"), (name, checks[name])
    timing = json.loads((folder / "cast.timing.json").read_text(encoding="utf-8"))
    assert timing["voice"] == "recording:reading.wav"
    assert timing["recording"]["narrator"] == "Ann Lee"
    assert timing["recording"]["skipped"] == []
    ids = [s["id"] for s in timing["sentences"]]
    assert ids == [
        "title",
        "day-one-h",
        "day-one-p1-s1",
        "day-one-p1-s2",
        "warning-signs-h",
        "warning-signs-p1-s1",
        "warning-signs-p1-s2",
    ]
    assert all(s["confidence"] >= 0.5 for s in timing["sentences"]), timing["sentences"]
    captions = (folder / "cast.vtt").read_text(encoding="utf-8")
    assert all(f"\n{i}\n" in captions for i in ids)
    page = (folder / "cast.html").read_text(encoding="utf-8")
    assert "<audio" in page and '"id": "day-one-p1-s2"' in page  # the read-along player


def test_the_narrator_is_credited_and_no_synthetic_voice_is_claimed(
    recorded: tuple[Path, int],
) -> None:
    from mutagen.mp4 import MP4

    folder, _ = recorded
    with zipfile.ZipFile(folder / "cast.epub") as book:
        opf = book.read(next(n for n in book.namelist() if n.endswith(".opf"))).decode()
        smil = [n for n in book.namelist() if n.endswith(".smil")]
    assert '<meta property="media:narrator">Ann Lee</meta>' in opf
    assert "A human narration, read by Ann Lee," in opf
    assert "synthetic" not in opf.lower()
    assert smil
    tags = MP4(folder / "cast.m4b").tags
    assert tags is not None and tags["\xa9nrt"] == ["Ann Lee"]
    ncc = (folder / "cast-daisy" / "ncc.html").read_text(encoding="utf-8")
    assert 'name="ncc:narrator" content="Ann Lee"' in ncc


def test_a_long_hesitation_is_capped_at_the_sentence_pause(recorded: tuple[Path, int]) -> None:
    """The reader paused 3 s; the narration keeps at most the configured 350 ms after a
    sentence (plus the room kept at each cut)."""
    folder, _ = recorded
    timing = json.loads((folder / "cast.timing.json").read_text(encoding="utf-8"))
    by_id = {s["id"]: s for s in timing["sentences"]}
    gap = by_id["day-one-p1-s2"]["start_ms"] - by_id[PAUSED_AFTER]["end_ms"]
    assert 100 <= gap <= 350 + 60 + 150 + 120, gap


def test_a_sentence_the_reader_left_out_fails_the_audio_gate_at_its_line(
    tmp_path: Path,
) -> None:
    need_command("ffmpeg")
    source = _project(tmp_path, leave_out=LEFT_OUT)
    out = tmp_path / "out"
    assert main(["check", str(source), "-f", "html,audio", "--out", str(out), "-q"]) == 1
    folder = out / "cast"
    timing = json.loads((folder / "cast.timing.json").read_text(encoding="utf-8"))
    assert timing["recording"]["skipped"] == [LEFT_OUT]
    assert LEFT_OUT not in {s["id"] for s in timing["sentences"]}
    audio = _checks(folder)["audio"]
    assert audio["status"] == "fail"
    [finding] = [f for f in audio["findings"] if f["code"] == "recording-skipped"]
    assert finding["line"] == 15 and finding["node_id"] == LEFT_OUT
    assert finding["text"] == "Call us if your fingers turn blue."
    assert "the reader left this sentence out of reading.wav" in finding["message"]


def test_a_recording_of_another_text_is_refused_with_its_share(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    need_command("ffmpeg")
    other = (
        "---\ntitle: Washing Your Hands\nlanguage: en\n---\n\n"
        "Wet your hands with clean running water. Turn off the tap and apply soap. "
        "Lather your hands by rubbing them together with the soap. Scrub for at least "
        "twenty seconds. Rinse your hands well under clean running water. Dry your hands "
        "with a clean towel or let them air dry.\n"
    )
    soundfile.write(tmp_path / "reading.wav", _recording(tmp_path / "voice", other), RATE)
    source = tmp_path / "cast.md"
    source.write_text(SOURCE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(source), "-f", "audio", "--out", str(out), "-q"]) == 2
    err = capsys.readouterr().err
    assert f"{source}:{NARRATION_LINE}:" in err
    assert "of the sentences were found in the recording 'reading.wav', fewer than half" in err
    assert not (out / "cast" / "cast.mp3").exists()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("not sound"), "is not a recording publish can read"),
        (lambda p: p.write_bytes(b""), "the recording 'reading.wav' is empty"),
        (lambda p: None, "the recording 'reading.wav' does not exist beside this file"),
    ],
    ids=["not-audio", "empty", "missing"],
)
def test_a_file_that_is_not_a_usable_recording_is_an_error_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, message: str
) -> None:
    source = tmp_path / "cast.md"
    source.write_text(SOURCE, encoding="utf-8")
    make(tmp_path / "reading.wav")  # type: ignore[operator]
    assert main(["build", str(source), "-f", "html", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{source}:{NARRATION_LINE}:" in err and message in err
    assert not (tmp_path / "out" / "cast").exists()


def test_limits_and_a_low_sample_rate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "cast.md"
    source.write_text(SOURCE, encoding="utf-8")
    tone = np.sin(np.arange(8000 * 3) * 0.2).astype(np.float32) * 0.3
    soundfile.write(tmp_path / "reading.wav", tone, 8000)
    out = str(tmp_path / "out")
    limit = ["--limit", "recording_seconds=2"]
    assert main(["build", str(source), "-f", "html", "--out", out, *limit]) == 2
    err = capsys.readouterr().err
    assert f"{source}:{NARRATION_LINE}:" in err and "over the recording_seconds limit" in err
    assert main(["build", str(source), "-f", "html", "--out", out, "--no-checks"]) == 0
    err = capsys.readouterr().err
    assert f"{source}:{NARRATION_LINE}: warning: the recording is sampled at 8000 Hz" in err


def test_the_narration_flag_takes_one_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "cast.md"
    source.write_text(SOURCE, encoding="utf-8")
    soundfile.write(tmp_path / "take.wav", np.zeros(RATE, dtype=np.float32), RATE)
    other = tmp_path / "other.md"
    other.write_text(SOURCE, encoding="utf-8")
    two = ["build", str(source), str(other), "--narration", str(tmp_path / "take.wav")]
    assert main(two) == 2
    assert "--narration reads one article" in capsys.readouterr().err
    (tmp_path / "notes.txt").write_text("x")
    bad = ["build", str(source), "--narration", str(tmp_path / "notes.txt")]
    assert main(bad) == 2
    assert "publish: --narration" in capsys.readouterr().err
    missing = ["build", str(source), "--narration", str(tmp_path / "nothing.wav")]
    assert main(missing) == 2
    assert "nothing.wav: no such file" in capsys.readouterr().err
    soundfile.write(tmp_path / "low.wav", np.zeros(8000, dtype=np.float32), 8000)
    source.write_text(SOURCE.replace("narration: reading.wav\n", ""), encoding="utf-8")
    low = ["build", str(source), "-f", "html", "--narration", str(tmp_path / "low.wav")]
    assert main([*low, "--out", str(tmp_path / "out"), "--no-checks"]) == 0
    assert "warning: the recording is sampled at 8000 Hz" in capsys.readouterr().err


def test_a_new_take_makes_the_narration_again(tmp_path: Path) -> None:
    need_command("ffmpeg")
    source = _project(tmp_path)
    out = tmp_path / "out"
    args = ["build", str(source), "-f", "audio", "--out", str(out), "-q"]
    assert main(args) == 0
    mp3 = out / "cast" / "cast.mp3"
    first = mp3.read_bytes()
    assert main(args) == 0 and mp3.read_bytes() == first  # unchanged: not made again
    take, rate = soundfile.read(tmp_path / "reading.wav", dtype="float32")
    soundfile.write(tmp_path / "reading.wav", take * 0.8, rate)  # a new take, same words
    assert main(args) == 0
    assert mp3.read_bytes() != first


def test_a_repeated_sentence_is_doubtful_and_an_unnamed_reader_is_not_invented(
    tmp_path: Path,
) -> None:
    need_command("ffmpeg")
    source = _project(tmp_path, repeat="day-one-p1-s2")
    source.write_text(SOURCE.replace("contributors:\n  - {name: Ann Lee, role: narrator}\n", ""))
    out = tmp_path / "out"
    assert main(["check", str(source), "-f", "epub,audio", "--out", str(out), "-q"]) == 0
    folder = out / "cast"
    timing = json.loads((folder / "cast.timing.json").read_text(encoding="utf-8"))
    assert timing["recording"]["doubtful"] == ["day-one-p1-s2"], timing["recording"]
    findings = {f["code"]: f for f in _checks(folder)["audio"]["findings"]}
    assert findings["recording-doubtful"]["node_id"] == "day-one-p1-s2"
    assert "credited to no one" in findings["recording-narrator"]["message"]
    with zipfile.ZipFile(folder / "cast.epub") as book:
        opf = book.read(next(n for n in book.namelist() if n.endswith(".opf"))).decode()
    assert "media:narrator" not in opf and "A human narration of the whole text" in opf


def test_the_recording_keeps_its_high_frequencies(tmp_path: Path) -> None:
    """Decoded at the output's rate (ACX: 44.1 kHz), not the reference voice's 22.05 kHz."""
    need_command("ffmpeg")
    source = _project(tmp_path)
    take, rate = soundfile.read(tmp_path / "reading.wav", dtype="float32")
    tone = 0.05 * np.sin(2 * np.pi * 15_000 * np.arange(take.size) / rate)
    soundfile.write(tmp_path / "reading.wav", (take + tone).astype(np.float32), rate)
    out = tmp_path / "out"
    args = ["build", str(source), "-f", "audio", "--audio-profile", "acx", "--out", str(out)]
    assert main([*args, "-q"]) == 0
    made, made_rate = soundfile.read(out / "cast" / "cast.mp3", dtype="float32")
    spectrum = np.abs(np.fft.rfft(made[: made_rate * 4]))
    freqs = np.fft.rfftfreq(min(made.size, made_rate * 4), 1 / made_rate)
    near = spectrum[(freqs > 14_900) & (freqs < 15_100)].max()
    assert made_rate == 44_100 and near > 0.05 * spectrum.max()
