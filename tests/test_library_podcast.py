"""The library's podcast (issue 30): podcast.xml and one feed per language, read by real
podcast clients' parsers (gPodder's podcastparser, feedparser), checked against the files
on disk; the JSON chapters; the show's image; paging and byte-identical output."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import feedparser
import podcastparser
import pytest
from lxml import etree
from mutagen.mp3 import MP3
from PIL import Image

from publish.library import Shelf
from publish.library.entries import Download, Entry
from tests.conftest import LIBRARY_BASE

FEEDS = ("podcast.xml", "podcast-en.xml", "podcast-es.xml")
# The Podcasting 2.0 namespace for podcast:guid (podcast-namespace, docs/tags/guid.md).
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
ATOM = "http://www.w3.org/2005/Atom"


def local(library: Path, url: str) -> Path:
    """The file an absolute library URL stands for (it must be under LIBRARY_BASE)."""
    assert url.startswith(LIBRARY_BASE), url
    return library / unquote(url.removeprefix(LIBRARY_BASE))


def narrations(library: Path) -> dict[str, str]:
    """Each narrated article's MP3 (relative to the output folder) -> its page's language."""
    found = {}
    for mp3 in sorted(library.glob("*/*.mp3")):
        page = mp3.with_suffix(".html").read_text(encoding="utf-8")
        match = re.search(r'<html lang="([^"]+)"', page)
        assert match, mp3
        found[mp3.relative_to(library).as_posix()] = match.group(1)
    return found


def podcast(library: Path, name: str) -> dict[str, Any]:
    with (library / name).open("rb") as stream:
        parsed: dict[str, Any] = podcastparser.parse(LIBRARY_BASE + name, stream)
    return parsed


def vtt_chapters(path: Path) -> list[tuple[str, float]]:
    """(title, start in seconds) of each cue of a chapters WebVTT file."""
    found = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if "-->" in line:
            h, m, s = line.split("-->")[0].strip().split(":")
            found.append((lines[index + 1], int(h) * 3600 + int(m) * 60 + float(s)))
    return found


def test_every_narration_is_an_episode_podcastparser_reads(library: Path) -> None:
    narrated = narrations(library)
    assert len({lang.split("-")[0] for lang in narrated.values()}) == 2, narrated
    guids: dict[str, str] = {}
    for name in FEEDS:
        feed = podcast(library, name)
        wanted = {
            mp3
            for mp3, lang in narrated.items()
            if name == "podcast.xml" or lang.split("-")[0] == name[8:10]
        }
        assert len(feed["episodes"]) == len(wanted), name
        assert feed["explicit"] is False
        assert feed["itunes_categories"] == [["Health & Fitness", "Medicine"]]
        assert local(library, feed["cover_url"]).is_file()
        assert local(library, feed["link"]).is_file()
        seen = set()
        for episode in feed["episodes"]:
            (enclosure,) = episode["enclosures"]
            mp3 = local(library, enclosure["url"])
            seen.add(mp3.relative_to(library).as_posix())
            assert enclosure["mime_type"] == "audio/mpeg"
            assert enclosure["file_size"] == mp3.stat().st_size
            assert abs(episode["total_time"] - MP3(mp3).info.length) <= 1, mp3
            assert local(library, episode["link"]).is_file()
            assert local(library, episode["episode_art_url"]).is_file()
            assert episode["description"]
            assert episode["published"] > 0
            # a stable guid: the article's own identifier, the same in every feed
            assert episode["guid"].startswith(("urn:", "doi:"))
            assert guids.setdefault(enclosure["url"], episode["guid"]) == episode["guid"]
            # the chapters written into the feed are the narration's
            expected = vtt_chapters(mp3.with_suffix(".chapters.vtt"))
            assert [c["title"] for c in episode["chapters"]] == [t for t, _ in expected]
            assert [c["start"] for c in episode["chapters"]] == [int(s) for _, s in expected]
        assert seen == wanted, name
        dates = [e["published"] for e in feed["episodes"]]
        assert dates == sorted(dates, reverse=True), "newest first"
    assert len(set(guids.values())) == len(narrated)


def test_feedparser_reads_each_feed_with_its_transcripts_and_chapters(library: Path) -> None:
    narrated = narrations(library)
    feed_guids = set()
    for name in FEEDS:
        parsed = feedparser.parse((library / name).read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == "rss20"
        channel = parsed.feed
        self_link = next(link["href"] for link in channel.links if link["rel"] == "self")
        assert self_link == LIBRARY_BASE + name
        expected_guid = uuid.uuid5(GUID_NAMESPACE, LIBRARY_BASE.split("://")[1] + name)
        assert channel.podcast_guid == str(expected_guid)
        feed_guids.add(channel.podcast_guid)
        assert channel.author and channel.title and channel.subtitle
        if name != "podcast.xml":
            assert channel.language.split("-")[0] == name[8:10]
        assert len(parsed.entries) == len(
            [1 for lang in narrated.values() if name == "podcast.xml" or lang[:2] == name[8:10]]
        )
        newest = max(entry.published_parsed for entry in parsed.entries)
        assert channel.updated_parsed == newest  # the newest episode's date, not the clock
        for entry in parsed.entries:
            enclosure = next(link for link in entry.links if link["rel"] == "enclosure")
            mp3 = local(library, enclosure["href"])
            assert int(enclosure["length"]) == mp3.stat().st_size
            assert entry.id and not entry.guidislink
            transcript = entry.podcast_transcript
            assert transcript["type"] == "text/vtt"
            assert local(library, transcript["url"]) == mp3.with_suffix(".vtt")
            assert mp3.with_suffix(".vtt").read_text(encoding="utf-8").startswith("WEBVTT")
            assert transcript["language"] == narrated[mp3.relative_to(library).as_posix()]
            chapters = entry.podcast_chapters
            assert chapters["type"] == "application/json+chapters"
            document = json.loads(local(library, chapters["url"]).read_text(encoding="utf-8"))
            assert document["version"] == "1.2.0"
            starts = [c["startTime"] for c in document["chapters"]]
            assert starts == sorted(starts) and starts[0] == 0
            expected = vtt_chapters(mp3.with_suffix(".chapters.vtt"))
            assert [c["title"] for c in document["chapters"]] == [t for t, _ in expected]
            assert starts == pytest.approx([s for _, s in expected], abs=0.001)
            simple = [c["title"] for c in entry.psc_chapters["chapters"]]
            assert simple == [t for t, _ in expected]
    assert len(feed_guids) == len(FEEDS), "each feed has its own podcast:guid"


def test_the_show_image_is_a_square_png_apple_accepts(library: Path) -> None:
    feed = podcast(library, "podcast.xml")
    path = local(library, feed["cover_url"])
    with Image.open(path) as image:
        assert image.format == "PNG"
        width, height = image.size
        assert width == height and 1400 <= width <= 3000
        colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 16)}
    assert (255, 255, 255) in colours, "the title, in white"
    assert len(colours) > 2, "lettering, not a flat square"


# --- paging, order and determinism, on a synthetic shelf ------------------------------


def entry(n: int) -> Entry:
    slug = f"handout-{n:03d}"
    return Entry(
        slug=slug,
        source=f"{slug}.md",
        identifier=f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, slug)}",
        title=f"Handout {n % 7} & more",  # several titles share a date and a title
        description="",
        language="en-US",
        audience="patients",
        grade=None,
        authors=(),
        publisher="Northside Clinic",
        subjects=(),
        license="",
        modified=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=n // 3),
        downloads=(
            Download("page", f"{slug}/{slug}.html", "text/html", 1000),
            Download("mp3", f"{slug}/{slug}.mp3", "audio/mpeg", 100_000 + n),
        ),
        duration_ms=60_000 + n,
        chapters=((f"Handout {n}", 0), ("Next steps", 30_500)),
        captions=f"{slug}/{slug}.vtt",
        group=slug,
    )


def shelf(count: int) -> Shelf:
    return Shelf(
        tuple(entry(n) for n in range(count)), "Northside Clinic", LIBRARY_BASE, "en-US", ""
    )


def test_a_long_feed_is_paged_newest_first_and_the_same_every_time(tmp_path: Path) -> None:
    from publish.library import podcast as writer

    big = shelf(650)
    made = writer.files(big, tmp_path)
    again = writer.files(big, tmp_path)
    assert made == again, "byte-identical output"
    pages = sorted(name for name in made if name.startswith("podcast"))
    assert pages == ["podcast-2.xml", "podcast-3.xml", "podcast.xml"]
    assert len([n for n in made if n.startswith("library/chapters/")]) == 650
    for name, data in made.items():
        assert data is not None
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)

    expected = sorted(big.entries, key=lambda e: (-e.modified.timestamp(), e.title, e.slug))
    page: str | None = "podcast.xml"
    order: list[str] = []
    counts = []
    while page is not None:
        feed = podcast(tmp_path, page)
        counts.append(len(feed["episodes"]))
        order += [e["guid"] for e in feed["episodes"]]
        assert feed["paged_feed_first"] == LIBRARY_BASE + "podcast.xml"
        root = etree.parse(str(tmp_path / page)).getroot()
        links = {
            link.get("rel"): link.get("href") for link in root.iterfind(f"channel/{{{ATOM}}}link")
        }
        assert links["self"] == LIBRARY_BASE + page
        assert links["last"] == LIBRARY_BASE + "podcast-3.xml"
        # every page is one podcast: the first page's guid, not its own
        assert root.findtext("channel/{https://podcastindex.org/namespace/1.0}guid") == str(
            uuid.uuid5(GUID_NAMESPACE, "library.example/handouts/podcast.xml")
        )
        following = feed.get("paged_feed_next")
        assert ("previous" in links) == (page != "podcast.xml")
        page = local(tmp_path, following).name if following else None
    assert counts == [300, 300, 50]
    assert order == [e.identifier for e in expected]


def test_one_language_makes_one_feed_and_an_empty_shelf_a_valid_feed(tmp_path: Path) -> None:
    from publish.library import podcast as writer

    made = writer.files(shelf(3), tmp_path)
    assert sorted(n for n in made if n.endswith(".xml")) == ["podcast.xml"]
    assert writer.files(shelf(3), tmp_path)["library/podcast.png"] == made["library/podcast.png"]

    empty = writer.files(shelf(0), tmp_path)["podcast.xml"]
    assert empty is not None
    parsed = podcastparser.parse(LIBRARY_BASE + "podcast.xml", io.BytesIO(empty))
    assert parsed["episodes"] == [] and parsed["title"] == "Northside Clinic"
