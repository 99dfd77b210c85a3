"""Narration with real Piper synthesis: timing against the decoded MP3, loudness, tags, cache, engines."""

from __future__ import annotations

import base64
import http.server
import io
import itertools
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile
from conftest import SAMPLE

from publish.audio.master import true_peak_db
from publish.audio.narration import Narration
from publish.audio.speech import Pauses, SpeechText, clause_chunks, normalize, speech_items
from publish.cli import main
from publish.model import walk
from publish.parse.markdown import load_article
from publish.products import Products
from publish.settings import BuildOptions

WINDOW_MS = 5


def decode(path: Path) -> tuple[np.ndarray, int]:
    samples, rate = soundfile.read(path, dtype="float32")
    return samples, rate


def envelope_db(samples: np.ndarray, rate: int) -> np.ndarray:
    hop = rate * WINDOW_MS // 1000
    frames = samples[: samples.size // hop * hop].reshape(-1, hop)
    return 20 * np.log10(np.maximum(np.sqrt((frames.astype(np.float64) ** 2).mean(axis=1)), 1e-9))


def test_timing_map_matches_the_decoded_mp3(narrated: dict[str, Path]) -> None:
    timing = json.loads(narrated["timing"].read_text())
    samples, rate = decode(narrated["mp3"])
    assert abs(timing["duration_ms"] - samples.size * 1000 / rate) <= 20
    hop = rate * WINDOW_MS // 1000
    loud = envelope_db(samples, rate) > -50.0

    def window(ms: float) -> int:
        return max(0, min(loud.size, round(ms * rate / 1000 / hop)))

    def ms(index: int) -> float:
        return index * hop * 1000 / rate

    model_ids = [s.id for s, _ in walk.narrated(load_article(SAMPLE))]  # the glossary's last
    assert [s["id"] for s in timing["sentences"]] == model_ids
    for sentence in timing["sentences"]:
        start, end = sentence["start_ms"], sentence["end_ms"]
        lo, hi = window(start - 150), window(start + 150)
        assert loud[lo:hi].any(), sentence["id"]
        onset = ms(lo + int(np.argmax(loud[lo:hi])))
        assert abs(onset - start) <= 20, (sentence["id"], onset, start)
        lo, hi = window(end - 150), window(end + 150)
        last = ms(lo + int(np.flatnonzero(loud[lo:hi])[-1]) + 1)
        assert abs(last - end) <= 20, (sentence["id"], last, end)
        assert not loud[window(end + 25) : window(end + 150)].any(), sentence["id"]  # then silence


def test_loudness_and_true_peak(narrated: dict[str, Path]) -> None:
    import pyloudnorm

    samples, rate = decode(narrated["mp3"])
    lufs = pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64))
    assert -19.0 <= lufs <= -17.0
    assert true_peak_db(samples) <= -1.5


def test_pauses_follow_the_structure(narrated: dict[str, Path]) -> None:
    timing = json.loads(narrated["timing"].read_text())["sentences"]
    gaps = {}
    for a, b in itertools.pairwise(timing):
        same_paragraph = (
            a["id"].rsplit("-s", 1)[0] == b["id"].rsplit("-s", 1)[0]
            or b["id"] == f"{a['id']}-def"  # a glossary term and its definition
        )
        kind = (
            "sentence"
            if same_paragraph
            else ("section" if a["section"] != b["section"] else "paragraph")
        )
        gaps.setdefault(kind, []).append(b["start_ms"] - a["end_ms"])
    assert max(gaps["sentence"]) < min(gaps["paragraph"]) < min(gaps["section"])


def test_id3_tags_and_chapters(narrated: dict[str, Path]) -> None:
    from mutagen.id3 import ID3
    from mutagen.mp3 import MP3

    info = MP3(narrated["mp3"]).info
    assert info.channels == 1 and info.bitrate == 64000
    tags = ID3(narrated["mp3"])
    assert tags.version == (2, 4, 0)
    assert str(tags["TIT2"]) == "Cell and Gene Therapy for Cancer"
    assert str(tags["TPE1"]) == "Unattributed sample text"
    assert str(tags["TDRC"]) == "2026-11-28"  # the front matter's date
    assert str(tags["TLAN"]) == "eng"
    assert tags.getall("COMM")[0].text[0].startswith("Sample text")
    assert tags.getall("APIC")[0].mime == "image/png"
    timing = json.loads(narrated["timing"].read_text())
    chapters = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
    assert [str(c.sub_frames["TIT2"]) for c in chapters] == [s["title"] for s in timing["sections"]]
    assert [c.start_time for c in chapters] == [s["start_ms"] for s in timing["sections"]]
    toc = tags.getall("CTOC")[0]
    assert len(toc.child_element_ids) == len(chapters) == 6  # the sections and the glossary
    assert str(chapters[-1].sub_frames["TIT2"]) == "Glossary"


def test_captions_use_sentence_ids(narrated: dict[str, Path]) -> None:
    vtt = narrated["vtt"].read_text()
    assert vtt.startswith("WEBVTT")
    cue_ids = [block.split("\n")[0] for block in vtt.strip().split("\n\n")[1:]]
    assert cue_ids == [s.id for s, _ in walk.narrated(load_article(SAMPLE))]
    chapters = narrated["chapters"].read_text().strip().split("\n\n")[1:]
    assert [c.split("\n")[0] for c in chapters][1] == "understanding-cell-and-gene-therapy"


def test_lexicon_in_the_speech_text() -> None:
    article = load_article(SAMPLE)
    texts = {
        i.id: i.text for i in speech_items(article, SpeechText(article.glossary, False), Pauses())
    }
    assert (
        "the use of car tee cell therapy" in texts["cell-and-gene-therapy-in-cancer-research-p1-s2"]
    )
    assert "(A. L. L.)" in texts["cell-and-gene-therapy-in-cancer-research-p1-s4"]
    assert "CAR-T" not in " ".join(texts.values())


def test_pls_lexicon(narrated: dict[str, Path]) -> None:
    import xml.etree.ElementTree as ET

    root = ET.parse(narrated["pls"]).getroot()
    ns = {"p": "http://www.w3.org/2005/01/pronunciation-lexicon"}
    aliases = {
        lx.findtext("p:grapheme", namespaces=ns): lx.findtext("p:alias", namespaces=ns)
        for lx in root.findall("p:lexeme", ns)
    }
    assert aliases["CAR-T"] == "car tee" and aliases["ALL"] == "A. L. L."


def test_normalization() -> None:
    assert normalize("Take 2.5 mg at 37 °C.") == (
        "Take two point five milligrams at thirty-seven degrees Celsius."
    )
    assert normalize("See https://www.nhs.uk/conditions/cancer/.") == "See link: nhs dot uk."
    assert normalize("DNA & RNA, 50% on 2026-03-04") == (
        "D N A and R N A, fifty percent on March fourth, twenty twenty-six"
    )
    assert normalize("It takes 2–8 weeks — or more.") == "It takes two to eight weeks, or more."
    assert normalize("Llame al 911.", "fr") == "Llame al 911."  # no rules: digits left as they are
    long = ", ".join(["word word word word word"] * 20) + "."
    assert all(len(c.split()) <= 45 for c in clause_chunks(long))


SMALL = "---\ntitle: Cache test\nlanguage: en-US\n---\nFirst sentence here. Second one is here.\n\nA third, in a new paragraph.\n"


def narrate(source: Path, cache: Path) -> Narration:
    options = BuildOptions(cache.parent, cache_dir=cache, quiet=True)
    return Products.standalone(load_article(source), options).narration()


def stats(narration: Narration) -> tuple[int, int]:
    return narration.stats.synthesized, narration.stats.cached


def test_cache_synthesizes_only_what_changed(tmp_path: Path) -> None:
    source, cache = tmp_path / "small.md", tmp_path / "cache"
    source.write_text(SMALL)
    assert stats(narrate(source, cache)) == (4, 0)  # title and three sentences
    assert stats(narrate(source, cache)) == (0, 4)
    source.write_text(SMALL.replace("Second one is here.", "Second one changed."))
    assert stats(narrate(source, cache)) == (1, 3)
    source.write_text(
        SMALL.replace("First sentence here. ", "Inserted first. First sentence here. ")
    )
    assert stats(narrate(source, cache)) == (1, 4)
    source.write_text(SMALL.replace("First sentence here. ", ""))
    assert stats(narrate(source, cache)) == (0, 3)


class FakeGoogle(http.server.BaseHTTPRequestHandler):
    """Answers gTTS's batchexecute POST the way Google does, with a short MP3 tone."""

    bodies: list[str] = []  # noqa: RUF012

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        FakeGoogle.bodies.append(self.rfile.read(length).decode())
        import lameenc

        tone = (0.3 * np.sin(np.arange(12000) * 2 * np.pi * 220 / 24000) * 32767).astype("<i2")
        encoder = lameenc.Encoder()
        encoder.set_in_sample_rate(24000)
        encoder.set_channels(1)
        encoder.set_bit_rate(32)
        mp3 = bytes(encoder.encode(tone.tobytes()) + encoder.flush())
        line = (
            ')]}\'\n[["wrb.fr","jQ1olc","[\\"' + base64.b64encode(mp3).decode() + '\\"]",null]]\n'
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(line.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_google(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), FakeGoogle)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/_/TranslateWebserverUi/data/batchexecute"
    monkeypatch.setenv("PUBLISH_GTTS_ENDPOINT", url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    FakeGoogle.bodies = []
    yield url
    server.shutdown()


def test_gtts_against_a_loopback_fake(fake_google: str, tmp_path: Path) -> None:
    source = tmp_path / "small.md"
    source.write_text(SMALL)
    out = tmp_path / "build"
    assert (
        main(["build", str(source), "-f", "audio", "--voice", "gtts:en", "--out", str(out), "-q"])
        == 0
    )
    assert len(FakeGoogle.bodies) == 4
    assert any("Second%20one%20is%20here" in b for b in FakeGoogle.bodies)
    samples, rate = decode(out / "small" / "small.mp3")
    assert rate == 24000 and samples.size > rate
    assert json.loads((out / "small" / "small.timing.json").read_text())["voice"] == "gtts:en@com"


def test_gtts_offline_is_one_clear_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PUBLISH_GTTS_ENDPOINT", "http://127.0.0.1:9/unreachable")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("PUBLISH_CACHE", str(tmp_path / "cache"))  # no narration from another test
    source = tmp_path / "small.md"
    source.write_text(SMALL)
    out = tmp_path / "build"
    assert main(["build", str(source), "-f", "audio", "--voice", "gtts:en", "--out", str(out)]) == 3
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    assert err.startswith("publish: gTTS could not reach Google's text-to-speech service")
    assert not (out / "small").exists()
    # With the fallback, the offline voice narrates instead.
    assert (
        main(
            [
                "build",
                str(source),
                "-f",
                "audio",
                "--voice",
                "gtts:en",
                "--voice-fallback",
                "--out",
                str(out),
                "-q",
            ]
        )
        == 0
    )
    assert json.loads((out / "small" / "small.timing.json").read_text())["voice"].startswith(
        "piper:"
    )


def test_language_without_a_voice_names_what_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "km.md"  # Khmer: no Piper voice, no eSpeak NG voice; gTTS has one
    source.write_text("---\ntitle: Hello\nlanguage: km\n---\nHello.\n")
    assert main(["build", str(source), "-f", "audio", "--out", str(tmp_path / "b")]) == 3
    err = capsys.readouterr().err
    assert "no offline voice speaks 'km'" in err and "piper-voice" in err and "gtts:km" in err


def test_acx_profile(tmp_path: Path) -> None:
    source = tmp_path / "small.md"
    source.write_text(SMALL)
    out = tmp_path / "build"
    assert (
        main(
            ["build", str(source), "-f", "audio", "--audio-profile", "acx", "--out", str(out), "-q"]
        )
        == 0
    )
    from mutagen.mp3 import MP3, BitrateMode

    mp3 = out / "small" / "small.mp3"
    info = MP3(mp3).info
    assert info.sample_rate == 44100 and info.bitrate == 192000
    assert info.bitrate_mode in (BitrateMode.CBR, BitrateMode.UNKNOWN)
    samples, rate = decode(mp3)
    rms = 20 * np.log10(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))
    assert -23.0 <= rms <= -18.0
    assert 20 * np.log10(np.max(np.abs(samples))) <= -3.0
    timing = json.loads((out / "small" / "small.timing.json").read_text())
    head = timing["sentences"][0]["start_ms"]
    tail = timing["duration_ms"] - timing["sentences"][-1]["end_ms"]
    assert 500 <= head <= 1100 and 1000 <= tail <= 5000
    level = envelope_db(samples, rate)
    head_floor = level[60 // WINDOW_MS : 400 // WINDOW_MS]  # after the decoder delay
    assert head_floor.max() <= -60.0 and head_floor.min() > -90.0  # room tone, not digital silence


def test_audio_writer_files(narrated: dict[str, Path]) -> None:
    for name in ("mp3", "timing", "vtt", "chapters", "pls"):
        assert narrated[name].is_file(), name
    assert io.BytesIO(narrated["mp3"].read_bytes()).read(3) == b"ID3"


def test_parallel_workers_give_the_same_samples(tmp_path: Path) -> None:
    from publish.audio.synth import AudioCache, synthesize_all
    from publish.tts import engine_for

    engine = engine_for("piper", "en-US")
    texts = ["One short line.", "Another short line.", "A third one.", "And a fourth."]
    serial = synthesize_all(engine, texts, AudioCache(tmp_path / "serial"), workers=1)
    parallel = synthesize_all(engine, texts, AudioCache(tmp_path / "parallel"), workers=2)
    # Thread counts change float summation order, so equal to rounding, not to the bit.
    assert all(
        a.shape == b.shape and np.allclose(a, b, atol=1e-4)
        for a, b in zip(serial, parallel, strict=True)
    )


def test_pauses_are_configurable(tmp_path: Path) -> None:
    source = tmp_path / "small.md"
    source.write_text(SMALL)
    out = tmp_path / "build"
    assert (
        main(
            [
                "build",
                str(source),
                "-f",
                "audio",
                "--out",
                str(out),
                "-q",
                "--pauses",
                "200,900,1500",
            ]
        )
        == 0
    )
    cues = json.loads((out / "small" / "small.timing.json").read_text())["sentences"]
    same_paragraph = cues[2]["start_ms"] - cues[1]["end_ms"]  # "First ..." then "Second ..."
    new_paragraph = cues[3]["start_ms"] - cues[2]["end_ms"]
    assert 150 <= same_paragraph <= 260 and 850 <= new_paragraph <= 960
    assert (
        main(
            ["build", str(source), "-f", "audio", "--out", str(out), "-q", "--pauses", "900,200,1"]
        )
        == 2
    )
