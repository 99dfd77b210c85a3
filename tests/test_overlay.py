"""The narrated EPUB: media overlays checked against the content, the timing map and the decoded MP3."""

from __future__ import annotations

import io
import itertools
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import soundfile
from test_epub import NS, epubcheck_messages, metas, opf

SMIL = {"s": "http://www.w3.org/ns/SMIL", "epub": "http://www.idpf.org/2007/ops"}
SLUG = "cell-and-gene-therapy"


def seconds(clock: str) -> float:
    match = re.fullmatch(r"(\d+):(\d{2}):(\d{2}(?:\.\d+)?)", clock)
    assert match, clock
    h, m, s = match.groups()
    return int(h) * 3600 + int(m) * 60 + float(s)


def test_epubcheck_with_narration(narrated: dict[str, Path]) -> None:
    assert epubcheck_messages(narrated["epub"]) == []


def test_every_sentence_has_exactly_one_par(narrated: dict[str, Path]) -> None:
    with zipfile.ZipFile(narrated["epub"]) as z:
        content = ET.fromstring(z.read(f"EPUB/{SLUG}.xhtml"))
        smil = ET.fromstring(z.read(f"EPUB/{SLUG}.smil"))
    sentence_ids = [
        e.get("id")
        for e in content.iter("{http://www.w3.org/1999/xhtml}span")
        if e.get("class") == "s"
    ]
    targets = [t.get("src") for t in smil.iterfind(".//s:par/s:text", SMIL)]
    assert targets == [f"{SLUG}.xhtml#{i}" for i in sentence_ids]
    assert len(set(targets)) == len(targets)


def test_clips_increase_and_match_the_timing_map(narrated: dict[str, Path]) -> None:
    timing = json.loads(narrated["timing"].read_text())
    with zipfile.ZipFile(narrated["epub"]) as z:
        smil = ET.fromstring(z.read(f"EPUB/{SLUG}.smil"))
    audio = list(smil.iterfind(".//s:par/s:audio", SMIL))
    assert {a.get("src") for a in audio} == {f"audio/{SLUG}.mp3"}
    begins = [seconds(a.get("clipBegin")) for a in audio]
    ends = [seconds(a.get("clipEnd")) for a in audio]
    assert all(b < e for b, e in zip(begins, ends, strict=True))
    assert all(e <= b2 for e, b2 in zip(ends, begins[1:], strict=False))
    assert all(b1 < b2 for b1, b2 in itertools.pairwise(begins))
    body = [s for s in timing["sentences"] if s["section"] != "glossary"]  # glossary.smil's
    for begin, sentence in zip(begins, body, strict=True):
        assert abs(begin * 1000 - sentence["start_ms"]) <= 1


def test_durations_agree_with_the_decoded_mp3(narrated: dict[str, Path]) -> None:
    root = opf(narrated["epub"])
    total = [
        m
        for m in root.iterfind("opf:metadata/opf:meta[@property='media:duration']", NS)
        if not m.get("refines")
    ]
    parts = [
        m
        for m in root.iterfind("opf:metadata/opf:meta[@property='media:duration']", NS)
        if m.get("refines")
    ]
    assert len(total) == 1 and len(parts) == 2  # the article's overlay and the glossary's
    assert abs(sum(seconds(p.text or "") for p in parts) - seconds(total[0].text or "")) <= 1.0
    with zipfile.ZipFile(narrated["epub"]) as z:
        samples, rate = soundfile.read(io.BytesIO(z.read(f"EPUB/audio/{SLUG}.mp3")))
        smils = [ET.fromstring(z.read(f"EPUB/{n}.smil")) for n in (SLUG, "glossary")]
    decoded = len(samples) / rate
    assert abs(seconds(total[0].text or "") - decoded) <= 1.0
    last_end = max(
        seconds(a.get("clipEnd")) for smil in smils for a in smil.iterfind(".//s:audio", SMIL)
    )
    assert last_end <= decoded + 0.02


def test_overlay_wiring_and_metadata(narrated: dict[str, Path]) -> None:
    root = opf(narrated["epub"])
    items = {i.get("id"): i for i in root.iterfind(".//opf:item", NS)}
    assert items["content"].get("media-overlay") == "overlay"
    assert items["overlay"].get("media-type") == "application/smil+xml"
    assert items["narration"].get("media-type") == "audio/mpeg"
    assert items["lexicon"].get("media-type") == "application/pls+xml"
    active = metas(root, "media:active-class")
    assert active == ["-epub-media-overlay-active"]
    with zipfile.ZipFile(narrated["epub"]) as z:
        css = z.read("EPUB/style.css").decode()
        content = ET.fromstring(z.read(f"EPUB/{SLUG}.xhtml"))
    assert f".{active[0]}" in css
    links = [
        link
        for link in content.iter("{http://www.w3.org/1999/xhtml}link")
        if link.get("rel") == "pronunciation"
    ]
    assert links and links[0].get("href") == f"{SLUG}.pls"
    features = set(metas(root, "schema:accessibilityFeature"))
    assert {"synchronizedAudioText", "ttsMarkup"} <= features
    assert "auditory" in metas(root, "schema:accessMode")
    assert "synchronized" in metas(root, "schema:accessibilitySummary")[0]
