"""Navigation for a listener: a chapter for every `##` and `###` heading in every audio
format, the MP3's chapter frames stored in time order, and the navigation check's findings
(long stretches with no heading, questions in bold where headings belong)."""

from __future__ import annotations

import io
import itertools
import json
import subprocess
from pathlib import Path

import pytest
from conftest import need_command

from publish.assets import CoverImage
from publish.audio.captions import Chapter, Cue
from publish.audio.chapters import audio_chapters, chapter_sections
from publish.audio.tags import tag_mp3
from publish.checks.navigation import WORDS_PER_MINUTE, NavigationCheck, navigation
from publish.cli import main
from publish.model.locator import Locator
from publish.model.walk import reading
from publish.parse.markdown import parse_article

FRONT = "---\ntitle: Caring for a Cast\nlanguage: en-US\n---\n"
NESTED = (
    FRONT + "A cast holds a bone still.\n\n## The first days\n\nRest.\n\n### Swelling\n\n"
    "Some swelling is normal.\n\n#### At night\n\nRaise it.\n\n### Pain\n\nTake your medicine."
    "\n\n## Keeping it dry\n\nCover it.\n"
)


def test_every_heading_down_to_level_three_is_a_chapter() -> None:
    article = parse_article(NESTED, Path("cast.md"))
    assert [s.id for s in chapter_sections(article)] == [
        "the-first-days",
        "swelling",
        "pain",
        "keeping-it-dry",
    ]
    cues = [
        Cue(s.id, step.section_id, 1000 * n, 1000 * n + 500, s.text, s.text)
        for n, (s, step) in enumerate(reading(article))
    ]
    chapters = audio_chapters(article, cues, 60_000)
    assert [c.title for c in chapters] == [
        "Caring for a Cast",
        "The first days",
        "Swelling",
        "Pain",
        "Keeping it dry",
    ]
    # "At night" (####) stays inside the chapter of "Swelling".
    swelling = next(c for c in chapters if c.id == "swelling")
    night = next(c for c in cues if c.id == "at-night-h")
    assert swelling.start_ms < night.start_ms < swelling.end_ms
    assert [c.start_ms for c in chapters] == sorted(c.start_ms for c in chapters)
    assert all(a.end_ms == b.start_ms for a, b in itertools.pairwise(chapters))


def test_one_wrapping_heading_is_unwrapped() -> None:
    """A lone `# Heading` over everything: its `##` and `###` are the chapters."""
    text = FRONT + "# Everything\n\n## One\n\nText.\n\n### One a\n\nText.\n\n## Two\n\nText.\n"
    article = parse_article(text, Path("cast.md"))
    assert [s.id for s in chapter_sections(article)] == ["one", "one-a", "two"]


def _frames(data: bytes) -> list[tuple[str, bytes]]:
    """The ID3v2.4 tag's frames as stored: (frame ID, body), read byte by byte."""

    def syncsafe(b: bytes) -> int:
        return (b[0] << 21) | (b[1] << 14) | (b[2] << 7) | b[3]

    assert data[:3] == b"ID3" and data[3] == 4
    end, at, found = 10 + syncsafe(data[6:10]), 10, []
    while at + 10 <= end and data[at] != 0:
        size = syncsafe(data[at + 4 : at + 8])
        found.append((data[at : at + 4].decode(), data[at + 10 : at + 10 + size]))
        at += 10 + size
    return found


def _silent_mp3() -> bytes:
    import numpy as np

    from publish.audio.master import encode_mp3

    return encode_mp3(np.zeros(22050 * 3, dtype=np.float32), 22050, 64)


def test_chapter_frames_are_stored_in_time_order() -> None:
    """mutagen stores frames by size, then key ("chp10" before "chp2"), which shuffled the
    chapters; ffmpeg and the players built on it list them in stored order."""
    from mutagen.id3 import ID3

    titles = ["A much longer first chapter title", "B", *[f"Part {n}" for n in range(2, 12)]]
    chapters = [Chapter(f"c{n}", t, n * 200, n * 200 + 200) for n, t in enumerate(titles)]
    article = parse_article(FRONT + "Text.\n", Path("cast.md"))
    cover = CoverImage(b"\x89PNG\r\n\x1a\n", "image/png", True)
    data = tag_mp3(_silent_mp3(), article.metadata, chapters, cover)
    frames = _frames(data)
    kinds = [kind for kind, _ in frames]
    first = kinds.index("CTOC")
    assert kinds[first + 1 : first + 1 + len(chapters)] == ["CHAP"] * len(chapters)
    starts = [
        int.from_bytes(body[body.index(b"\0") + 1 :][:4], "big")
        for kind, body in frames
        if kind == "CHAP"
    ]
    assert starts == [c.start_ms for c in chapters]
    tags = ID3(fileobj=io.BytesIO(data))
    assert [str(c.sub_frames["TIT2"]) for c in tags.getall("CHAP")] == titles  # all kept
    assert tags.getall("CTOC")[0].child_element_ids == [f"chp{n}" for n in range(len(titles))]


def test_ffprobe_lists_the_built_chapters_in_time_order(tmp_path: Path) -> None:
    need_command("ffprobe")
    source = tmp_path / "cast.md"
    source.write_text(NESTED)
    out = tmp_path / "out"
    assert (
        main(["build", str(source), "-f", "audio", "--voice", "tones", "-o", str(out), "-q"]) == 0
    )
    mp3 = out / "cast" / "cast.mp3"
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(mp3)],
        capture_output=True,
        text=True,
        check=True,
    )
    chapters = json.loads(done.stdout)["chapters"]
    timing = json.loads((out / "cast" / "cast.timing.json").read_text())
    assert [c["tags"]["title"] for c in chapters] == [s["title"] for s in timing["sections"]]
    assert [c["tags"]["title"] for c in chapters][2:4] == ["Swelling", "Pain"]
    starts = [float(c["start_time"]) for c in chapters]
    assert starts == sorted(starts) and starts[0] == 0
    vtt = (out / "cast" / "cast.chapters.vtt").read_text()
    assert "\nswelling\n" in vtt and "\npain\n" in vtt


def _long(words: int) -> str:
    sentence = "Keep the cast dry and rest with your arm raised on a soft pillow."
    count = len(sentence.split())
    return " ".join([sentence] * (words // count + 1))


def test_a_long_stretch_without_a_heading_is_found() -> None:
    body = f"Intro.\n\n## Living with a cast\n\n{_long(560)}\n\n## Short\n\nThis is short.\n"
    article = parse_article(FRONT + body, Path("cast.md"))
    result = navigation(article, Locator(article))
    assert result.status == "warn"
    [finding] = result.findings
    assert finding.code == "long-stretch"
    assert finding.line == 7  # the heading it follows
    assert finding.text == "Living with a cast"
    assert "about 4 minutes" in finding.message and "### headings" in finding.message


def test_a_long_introduction_is_found_at_its_first_sentence() -> None:
    article = parse_article(FRONT + f"{_long(600)}\n\n## Short\n\nText.\n", Path("cast.md"))
    [finding] = navigation(article, Locator(article)).findings
    assert finding.line == 5 and finding.text.startswith("Keep the cast dry")
    assert "## headings" in finding.message


def test_a_short_article_and_the_glossary_are_never_found() -> None:
    """About 3 minutes at 155 words a minute: 450 words pass. A long glossary is not a
    stretch an author can add headings to."""
    glossary = "".join(f"  - term: word{n}\n    definition: {_long(30)}\n" for n in range(30))
    front = "---\ntitle: Caring for a Cast\nlanguage: en-US\nglossary:\n" + glossary + "---\n"
    article = parse_article(front + f"## One\n\n{_long(400)}\n", Path("cast.md"))
    result = navigation(article, Locator(article))
    assert result.status == "pass", result.summary
    assert WORDS_PER_MINUTE * 3 > 400


def test_bold_questions_are_found_with_the_heading_to_use() -> None:
    body = (
        "These are common questions.\n\n## Common questions\n\n"
        "**How long will I wear the cast?**\n\nMost people wear it for 6 weeks.\n\n"
        "**Can I get it wet?** No. Keep it dry.\n\n**What if it itches?**\n\nDo not scratch.\n"
    )
    article = parse_article(FRONT + body, Path("cast.md"))
    [finding] = navigation(article, Locator(article)).findings
    assert finding.code == "bold-questions"
    assert finding.line == 9 and finding.text == "How long will I wear the cast?"
    assert "3 questions" in finding.message
    assert "'### How long will I wear the cast?'" in finding.message


def test_one_bold_question_or_bold_statements_are_not_a_run() -> None:
    body = "## Questions\n\n**Can I get it wet?**\n\nNo.\n\n**Important.**\n\n**Keep it dry.**\n"
    article = parse_article(FRONT + body, Path("cast.md"))
    assert navigation(article, Locator(article)).findings == []


def test_the_check_is_quick_and_named_navigation() -> None:
    assert NavigationCheck.name == "navigation"
    assert NavigationCheck.quick is True


@pytest.mark.parametrize("rate", [1.0, 0.8])
def test_a_slower_speech_rate_makes_the_stretch_longer(rate: float) -> None:
    """At 0.8 the same 420 words take about 3.4 minutes, past the limit."""
    front = FRONT.replace("language: en-US\n", f"language: en-US\nspeech_rate: {rate}\n")
    article = parse_article(front + f"## One\n\n{_long(420)}\n", Path("cast.md"))
    findings = navigation(article, Locator(article)).findings
    assert len(findings) == (1 if rate < 1 else 0)
