"""The library page (index.html and its filtered pages), its Pagefind search and the sitemap,
on the `library` fixture: axe in light and dark, 320 px, a lang on every card, translations
on one card, filters without JavaScript, search in Chromium over HTTP, every link served."""

from __future__ import annotations

import contextlib
import itertools
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import ARTIFACTS, LIBRARY_BASE
from lxml import etree, html

from publish.checks.html import WCAG_TAGS

pytestmark = pytest.mark.browser

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def parse(path: Path) -> Any:
    return html.parse(str(path)).getroot()


def cards(page: Any) -> list[Any]:
    found: list[Any] = page.xpath("//ul[@class='cards']/li")
    return found


def titles(page: Any) -> set[str]:
    return {a.text_content() for a in page.xpath("//li[@class='card']//h3/a")}


@pytest.fixture(scope="module")
def served(library: Path) -> Iterator[str]:
    """The output folder served by `python -m http.server` on a free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=library,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    root = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(root, timeout=2).close()
                break
            time.sleep(0.05)
        yield root
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_every_card_has_a_lang_and_the_translations_share_one(library: Path) -> None:
    page = parse(library / "index.html")
    found = cards(page)
    assert len(found) == 4  # five articles; the Spanish handout is on its English one's card
    assert all(re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", c.get("lang", "")) for c in found)
    pair = [c for c in found if c.xpath(".//a[@href='lavado-de-manos/lavado-de-manos.html']")]
    assert len(pair) == 1
    card = pair[0]
    assert card.get("lang") == "en-US"
    assert card.xpath(".//a[@href='handwashing/handwashing.html']")
    versions = card.xpath(".//section[@class='version']")
    assert [v.get("lang") for v in versions] == ["en-US", "es-US"]
    spanish = versions[1]
    assert "Cómo lavarse las manos en casa" in spanish.xpath("string(.//h4)")
    assert spanish.xpath(".//a[@href='lavado-de-manos/lavado-de-manos.epub']")
    # the page's own words inside a Spanish section are marked as the page's language
    assert spanish.xpath(".//dl[@lang='en-US']") and spanish.xpath(".//ul[@lang='en-US']")


def test_a_card_shows_the_facts_and_each_format_with_its_size(library: Path) -> None:
    page = parse(library / "index.html")
    card = next(c for c in cards(page) if c.get("id") == "a-blood-thinner")
    facts = {
        dt.text_content(): dd.text_content()
        for dt, dd in zip(card.xpath(".//dt"), card.xpath(".//dd"), strict=True)
    }
    assert facts["Language"] == "English (United States)"
    assert facts["Audience"] == "Patients"
    assert re.fullmatch(r"\d+(\.\d)?", facts["Reading grade"])
    assert re.fullmatch(r"(\d+ min ?)?(\d+ sec)?", facts["Narration"].strip())
    links = card.xpath(".//ul[@class='formats']/li")
    kinds = [li.xpath("string(a/@href)").rsplit("/", 1)[1] for li in links]
    assert kinds == [
        "blood-thinner.html",
        "blood-thinner.pdf",
        "blood-thinner-large-print.pdf",
        "blood-thinner.epub",
        "blood-thinner.mp3",
        "blood-thinner.m4b",
        "blood-thinner-daisy.zip",
        "blood-thinner.brf",
    ]
    for li in links:
        href = li.xpath("string(a/@href)")
        shown = li.xpath("string(span[@class='size'])")
        number, unit = shown.split()
        real = (library / href).stat().st_size
        scale = {"B": 1, "kB": 10**3, "MB": 10**6, "GB": 10**9}[unit]
        assert abs(float(number) * scale - real) <= 0.05 * scale, (href, shown, real)
    assert links[3].xpath("string(a)") == "E-book (EPUB)"
    assert links[3].xpath("string(a/@type)") == "application/epub+zip"


def test_filter_pages_filter_and_mark_the_current_one(library: Path) -> None:
    every = titles(parse(library / "index.html"))
    spanish = parse(library / "index-language-es-us.html")
    assert titles(spanish) == {"Washing Your Hands at Home"}  # the card holding the Spanish one
    current = spanish.xpath("//nav[@class='filters']//a[@aria-current='page']")
    assert [a.get("href") for a in current] == ["index-language-es-us.html"]
    # Every article has an e-book and is for patients: those filters would filter nothing.
    assert not (library / "index-format-epub.html").exists()
    assert not (library / "index-audience-patients.html").exists()
    assert not parse(library / "index.html").xpath("//a[@href='index-format-epub.html']")
    bands = ["index-grade-6.html", "index-grade-7-8.html", "index-grade-9.html"]
    shown = [titles(parse(library / name)) for name in bands if (library / name).exists()]
    assert set().union(*shown) == every
    # a card is in a band when one of its articles' grades is: check each band's cards
    for name, (low, below) in zip(bands, [(0, 7), (7, 9), (9, 99)], strict=True):
        if not (library / name).exists():
            continue
        for card in cards(parse(library / name)):
            grades = [float(dd.text) for dd in card.xpath(".//div[dt='Reading grade']/dd")]
            assert any(low <= g < below for g in grades), (name, grades)
    index = parse(library / "index.html")
    assert index.xpath("//nav[@class='filters']//a[@aria-current='page']/@href") == ["index.html"]


def test_filters_work_with_javascript_disabled(browser: Any, library: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((library / "index.html").as_uri())
    assert page.locator("noscript").count() == 1
    assert page.get_by_role("search").count() == 0  # the search form shows only with script
    page.get_by_role("link", name="Español (Estados Unidos)").click()
    page.wait_for_url("**/index-language-es-us.html")
    cards_shown = page.locator(".cards > li")
    assert cards_shown.count() == 1
    assert "Cómo lavarse las manos en casa" in cards_shown.inner_text()
    page.get_by_role("link", name="Grade 9 and over", exact=True).first.click()
    page.wait_for_url("**/index-grade-9.html")
    assert "Cell and Gene Therapy for Cancer" in page.locator(".cards").inner_text()
    context.close()


def axe(browser: Any, url: str, scheme: str) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme, viewport={"width": 1024, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#search-form:not([hidden])")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"library-index-{scheme}.png"), full_page=True)
    context.close()
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_22_aa_violation(browser: Any, served: str, scheme: str) -> None:
    violations = axe(browser, served + "index.html", scheme)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


def test_reflows_at_320_px_and_has_the_landmarks(browser: Any, served: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(served + "index.html")
    page.wait_for_selector("#search-form:not([hidden])")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("navigation", name="Filters").count() == 1
    assert page.get_by_role("search").count() == 1
    levels = page.evaluate(
        "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
    )
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    context.close()


def search(page: Any, words: str) -> list[str]:
    page.get_by_label("Words to find in the articles").fill(words)
    page.get_by_role("button", name="Search").click()
    # (the page's CSP forbids eval, so wait with a selector rather than a JS function)
    page.wait_for_selector("#search-status:text-matches('^Articles found')")
    found: list[str] = page.locator("#search-results a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return found


def test_search_finds_a_word_from_one_article_body_in_each_language(
    browser: Any, served: str, library: Path
) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(served + "index.html")
    page.wait_for_selector("#search-form:not([hidden])")
    # words of one article's body only (not in its title or description)
    english = "warfarin"
    spanish = "estornudar"
    pages = sorted(library.glob("*/*.html"))
    for word, slug in ((english, "blood-thinner"), (spanish, "lavado-de-manos")):
        holders = [p.parent.name for p in pages if word in p.read_text(encoding="utf-8").lower()]
        assert holders == [slug], (word, holders)
    found = search(page, english)
    assert [urlsplit(urljoin(page.url, h)).path for h in found] == [
        "/blood-thinner/blood-thinner.html"
    ]
    assert page.locator("#search-results li").first.get_attribute("lang") == "en-US"
    found = search(page, spanish)
    assert [urlsplit(urljoin(page.url, h)).path for h in found] == [
        "/lavado-de-manos/lavado-de-manos.html"
    ]
    result = page.locator("#search-results li").first
    assert result.get_attribute("lang") == "es-US"
    assert "Cómo lavarse las manos en casa" in result.inner_text()
    page.locator("#search-results a").first.click()
    page.wait_for_url("**/lavado-de-manos/lavado-de-manos.html")
    assert errors == []
    context.close()


def test_the_index_holds_only_article_pages(library: Path) -> None:
    import gzip
    import json

    urls = set()
    for fragment in (library / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        urls.add(json.loads(data[data.index(b"{") :])["url"])
    assert urls == {f"/{p.parent.name}/{p.name}" for p in library.glob("*/*.html")}
    entry = json.loads((library / "pagefind" / "pagefind-entry.json").read_text())
    assert set(entry["languages"]) == {"en-us", "es-us"}


def local(url: str, served: str) -> str:
    return served + url.removeprefix(LIBRARY_BASE) if url.startswith(LIBRARY_BASE) else url


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_every_link_of_every_index_page_and_the_sitemap_resolves(
    library: Path, served: str
) -> None:
    pages = sorted(library.glob("index*.html"))
    assert len(pages) >= 5  # the index, and its language and grade filters
    urls = set()
    for path in pages:
        root = parse(path)
        for attribute in ("href", "src"):
            for value in root.xpath(f"//@{attribute}"):
                if not value.startswith("#"):
                    urls.add(urljoin(served + path.name, value).split("#")[0])
    sitemap = etree.parse(str(library / "sitemap.xml"))
    urls |= {local(loc.text, served) for loc in sitemap.iter(f"{SITEMAP}loc")}
    urls |= {local(link.get("href"), served) for link in sitemap.iter(f"{XHTML}link")}
    assert all(u.startswith(served) for u in urls), [u for u in urls if not u.startswith(served)]
    broken = [(u, code) for u in sorted(urls) if (code := status(u)) != 200]
    assert broken == []
    assert served + "library/search.js" in urls


def test_sitemap_has_every_page_and_the_translations_alternates(library: Path) -> None:
    tree = etree.parse(str(library / "sitemap.xml"))
    assert tree.getroot().tag == f"{SITEMAP}urlset"
    entries = {u.findtext(f"{SITEMAP}loc"): u for u in tree.getroot()}
    pages = {p.relative_to(library).as_posix() for p in library.glob("*/*.html")}
    pages |= {p.name for p in library.glob("index*.html")}
    assert set(entries) == {LIBRARY_BASE + p for p in pages}
    assert all(
        re.fullmatch(r"\d{4}-\d\d-\d\d", u.findtext(f"{SITEMAP}lastmod")) for u in entries.values()
    )
    english = entries[LIBRARY_BASE + "handwashing/handwashing.html"]
    spanish = entries[LIBRARY_BASE + "lavado-de-manos/lavado-de-manos.html"]
    expected = {
        ("en-US", LIBRARY_BASE + "handwashing/handwashing.html"),
        ("es-US", LIBRARY_BASE + "lavado-de-manos/lavado-de-manos.html"),
    }
    for url in (english, spanish):
        links = url.findall(f"{XHTML}link")
        assert {(a.get("hreflang"), a.get("href")) for a in links} == expected
        assert all(a.get("rel") == "alternate" for a in links)
    alone = entries[LIBRARY_BASE + "blood-thinner/blood-thinner.html"]
    assert alone.findall(f"{XHTML}link") == []
    assert unquote(LIBRARY_BASE + "index.html") in entries


def shelf_of(library: Path) -> Any:
    """The shelf's facts the search index reads, taken back from the built index page."""
    import datetime as dt

    from publish.library import Shelf
    from publish.library.entries import Download, Entry

    found = []
    page = parse(library / "index.html")
    for link in page.xpath("//li[@class='card']//a[@type='text/html']"):
        holder = link.xpath("ancestor::*[self::li or self::section][@lang][1]")[0]
        title = holder.xpath("string((.//h3 | .//h4)[1]/a)")
        href = link.get("href")
        found.append(
            Entry(
                **dict.fromkeys(("source", "identifier", "description", "audience"), ""),
                **dict.fromkeys(("publisher", "license", "captions"), ""),
                slug=href.split("/")[0],
                title=title,
                language=holder.get("lang"),
                grade=None,
                authors=(),
                subjects=(),
                modified=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                downloads=(Download("page", href, "text/html", 0),),
                duration_ms=None,
                chapters=(),
                group=href.split("/")[0],
            )
        )
    return Shelf(tuple(found), "Library", LIBRARY_BASE, "en-US", "")


def test_a_current_index_is_kept_and_indexing_again_gives_the_same_bytes(
    library: Path, tmp_path: Path
) -> None:
    import shutil

    from publish.library import search

    copy = tmp_path / "out"
    shutil.copytree(library, copy)
    shelf = shelf_of(copy)
    assert len(shelf.entries) == 5
    kept = search.files(shelf, copy)
    assert kept and set(kept.values()) == {None}  # nothing changed: every file kept
    assert set(kept) == {p.relative_to(library).as_posix() for p in library.glob("pagefind/**/*.*")}
    for _ in range(2):
        (copy / "pagefind" / search.STAMP).unlink()
        made = search.files(shelf, copy)
        assert set(made) == set(kept)
        for name, data in made.items():
            assert data == (library / name).read_bytes(), name
        (copy / "pagefind" / search.STAMP).write_bytes(made[f"pagefind/{search.STAMP}"] or b"")


def many(count: int) -> Any:
    """A shelf of `count` synthetic articles (no files behind them), every other one a
    Spanish translation of the one before."""
    import datetime as dt

    from publish.library import Shelf
    from publish.library.entries import ORDER, Download, Entry

    entries = []
    for n in range(count):
        slug = f"article-{n:04d}"
        entries.append(
            Entry(
                **dict.fromkeys(("source", "description", "publisher", "license", "captions"), ""),
                slug=slug,
                identifier=f"urn:uuid:{n}",
                title=f"Article {n}",
                language=("en-US", "es-US")[n % 2],
                audience="patients",
                grade=float(5 + n % 6),
                authors=(),
                subjects=(),
                modified=dt.datetime(2026, 1, 1 + n % 28, tzinfo=dt.UTC),
                downloads=tuple(
                    Download(kind, f"{slug}/{slug}.{kind}", "application/octet-stream", 2_400_000)
                    for kind in ORDER
                    if kind != "braille" or n % 8 < 2  # a braille edition on one card in four
                ),
                duration_ms=754_000,
                chapters=(),
                group=f"article-{n - n % 2:04d}",
            )
        )
    return Shelf(tuple(entries), "Library", LIBRARY_BASE, "en-US", "")


def test_pages_hold_50_cards_with_previous_and_next(tmp_path: Path) -> None:
    from publish.library import site
    from publish.settings import BuildOptions

    made = site.files(many(240), BuildOptions(out_dir=tmp_path))  # 120 cards
    names = sorted(n for n in made if n.startswith("index") and "-" not in n.removeprefix("index"))
    assert names == ["index.html"]
    assert {"index-2.html", "index-3.html"} <= set(made) and "index-4.html" not in made
    counts = []
    for name in ("index.html", "index-2.html", "index-3.html"):
        page = html.fromstring(made[name] or b"")
        counts.append(len(page.xpath("//ul[@class='cards']/li")))
        assert page.xpath("//nav[@class='pagination']//a[@aria-current='page']/@href") == [name]
    assert counts == [50, 50, 20]
    second = html.fromstring(made["index-2.html"] or b"")
    assert second.xpath("//a[@rel='prev']/@href") == ["index.html"]
    assert second.xpath("//a[@rel='next']/@href") == ["index-3.html"]
    assert second.xpath("string(//p[@class='summary'])") == "Articles 51 to 100 of 120"
    # Braille is on 30 cards (one page); every card has a Spanish version and an e-book, so
    # those filters would filter nothing and have no pages.
    assert "index-format-braille.html" in made and "index-format-braille-2.html" not in made
    braille = html.fromstring(made["index-format-braille.html"] or b"")
    assert len(braille.xpath("//ul[@class='cards']/li")) == 30
    assert not {"index-language-es-us.html", "index-format-epub.html"} & set(made)
    card = html.fromstring(made["index.html"] or b"").xpath("//ul[@class='cards']/li")[0]
    assert card.xpath("string(.//li[1]/span[@class='size'])") == "2.4 MB"
    assert card.xpath("string(.//time)") == "12 min 34 sec"
    assert card.xpath("string(.//time/@datetime)") == "PT0H12M34S"


def test_a_large_sitemap_is_an_index_of_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    from publish.library import sitemap

    monkeypatch.setattr(sitemap, "LIMIT", 4)
    shelf = many(6)
    pages = ["index.html", "index-format-braille.html"]
    made = sitemap.files(shelf, pages)  # 6 article pages and the index pages: more than 4
    root = etree.fromstring(made["sitemap.xml"] or b"")
    assert root.tag == f"{SITEMAP}sitemapindex"
    parts = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert parts == [f"{LIBRARY_BASE}sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    urls = []
    for n in range(1, len(parts) + 1):
        part = etree.fromstring(made[f"sitemap-{n}.xml"] or b"")
        assert part.tag == f"{SITEMAP}urlset" and 0 < len(part) <= 4
        urls += [loc.text for loc in part.iter(f"{SITEMAP}loc")]
    assert len(urls) == len(set(urls)) > 6
    assert f"{LIBRARY_BASE}article-0005/article-0005.page" in urls
