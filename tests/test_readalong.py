"""The read-along page in real headless Chromium, served over loopback HTTP like a clinic's site."""

from __future__ import annotations

import functools
import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ARTIFACTS, chromium

from publish.checks.html import WCAG_TAGS

pytestmark = pytest.mark.browser
SLUG = "cell-and-gene-therapy"


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with byte ranges, as every real web server serves them: media needs them to seek."""

    def send_head(self) -> Any:
        header = self.headers.get("Range", "")
        path = Path(self.translate_path(self.path))
        if not header.startswith("bytes=") or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first, _, last = header[6:].partition("-")
        start = int(first) if first else max(0, size - int(last))
        end = min(int(last), size - 1) if first and last else size - 1
        handle = path.open("rb")
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self._remaining = end - start + 1
        return handle

    def copyfile(self, source: Any, outputfile: Any) -> None:
        remaining = getattr(self, "_remaining", None)
        if remaining is None:
            super().copyfile(source, outputfile)
            return
        outputfile.write(source.read(remaining))

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(narrated: dict[str, Path]) -> Iterator[str]:
    handler = functools.partial(RangeHandler, directory=str(narrated["out"] / SLUG))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/{SLUG}.html"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium("--autoplay-policy=no-user-gesture-required") as launched:
        yield launched


def wait_for(page: Any, expression: str, timeout: float = 10.0) -> Any:
    """Poll with evaluate: the page's CSP forbids the eval that wait_for_function uses."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {expression}")


def open_page(browser: Any, url: str, **options: Any) -> tuple[Any, Any]:
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(url)
    if options.get("java_script_enabled", True):
        wait_for(page, "document.getElementById('narration').readyState >= 1")
        page.evaluate("document.getElementById('narration').muted = true")
    return context, page


def timing(narrated: dict[str, Path]) -> list[dict[str, Any]]:
    sentences: list[dict[str, Any]] = json.loads(narrated["timing"].read_text())["sentences"]
    return sentences


def expected_at(cues: list[dict[str, Any]], t: float) -> str:
    return [c["id"] for c in cues if c["start_ms"] <= t * 1000][-1]


def test_highlight_follows_the_audio(browser: Any, site: str, narrated: dict[str, Path]) -> None:
    cues = timing(narrated)
    context, page = open_page(browser, site)
    for t in (0.8, 12.3, 47.0, 120.5, cues[-1]["start_ms"] / 1000 + 0.5):
        page.evaluate(f"document.getElementById('narration').currentTime = {t}")
        expected = expected_at(cues, t)
        wait_for(
            page,
            f"document.querySelector('.reading') && (document.querySelector('.reading') || {{}}).id === '{expected}'",
        )
        assert page.evaluate("document.querySelectorAll('.reading').length") == 1
    page.evaluate("document.getElementById('narration').play()")
    wait_for(page, "document.getElementById('narration').currentTime > 0.6")
    playing = page.evaluate("document.getElementById('narration').currentTime")
    current = page.evaluate("document.querySelector('.reading').id")
    assert current == expected_at(cues, playing) or current == expected_at(cues, playing + 0.3)
    context.close()


def test_keyboard_alone_operates_the_player(
    browser: Any, site: str, narrated: dict[str, Path]
) -> None:
    cues = timing(narrated)
    context, page = open_page(browser, site)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "ra-prev":
            break
    assert page.evaluate("document.activeElement.id") == "ra-prev"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "ra-play"
    page.keyboard.press("Enter")
    wait_for(page, "!document.getElementById('narration').paused")
    wait_for(page, "document.getElementById('ra-play').getAttribute('aria-pressed') === 'true'")
    page.keyboard.press("k")
    wait_for(page, "document.getElementById('narration').paused")
    page.evaluate(
        f"document.getElementById('narration').currentTime = {cues[5]['start_ms'] / 1000 + 0.1}"
    )
    wait_for(page, f"(document.querySelector('.reading') || {{}}).id === '{cues[5]['id']}'")
    page.keyboard.press("ArrowRight")
    wait_for(page, f"(document.querySelector('.reading') || {{}}).id === '{cues[6]['id']}'")
    page.keyboard.press("ArrowLeft")
    wait_for(page, f"(document.querySelector('.reading') || {{}}).id === '{cues[5]['id']}'")
    page.keyboard.press("Tab")  # next sentence button
    page.keyboard.press("Tab")  # speed
    assert page.evaluate("document.activeElement.id") == "ra-speed"
    page.keyboard.press("ArrowDown")
    wait_for(page, "document.getElementById('narration').playbackRate === 1.25")
    page.keyboard.press("Tab")  # focus leaves the player: no trap
    assert (
        page.evaluate("document.getElementById('player').contains(document.activeElement)") is False
    )
    context.close()


def test_clicking_a_sentence_plays_from_there(
    browser: Any, site: str, narrated: dict[str, Path]
) -> None:
    cue = timing(narrated)[10]
    context, page = open_page(browser, site)
    page.click(f"#{cue['id']}")
    wait_for(page, "!document.getElementById('narration').paused")
    start = page.evaluate("document.getElementById('narration').currentTime")
    assert abs(start - cue["start_ms"] / 1000) < 0.5
    assert page.evaluate("document.querySelector('.reading').id") == cue["id"]
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_with_the_player(browser: Any, site: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme, bypass_csp=True)  # axe is injected by eval
    page = context.new_page()
    page.goto(site)
    page.evaluate("document.getElementById('narration').currentTime = 30")
    wait_for(page, "document.querySelector('.reading') !== null")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"readalong-{scheme}.png"), full_page=False)
    context.close()
    violations = results.response["violations"]
    assert violations == [], [(v["id"], v["nodes"][0]["target"]) for v in violations]


def _contrast(page: Any) -> float:
    return float(
        page.evaluate("""() => {
      const el = document.querySelector('.reading');
      const parse = c => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
      const lum = rgb => { const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const s = getComputedStyle(el);
      const a = lum(parse(s.color)), b = lum(parse(s.backgroundColor));
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }""")
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_highlight_contrast(browser: Any, site: str, scheme: str) -> None:
    context, page = open_page(browser, site, color_scheme=scheme)
    page.evaluate("document.getElementById('narration').currentTime = 30")
    wait_for(page, "document.querySelector('.reading') !== null")
    assert _contrast(page) >= 7.0
    context.close()


def test_targets_are_at_least_24px(browser: Any, site: str) -> None:
    context, page = open_page(browser, site)
    for selector in ("#ra-prev", "#ra-play", "#ra-next", "#ra-speed"):
        box = page.locator(selector).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, selector
    context.close()


def test_no_horizontal_scroll_at_320px(browser: Any, site: str) -> None:
    context, page = open_page(browser, site, viewport={"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_without_javascript_the_page_reads_and_plays(browser: Any, site: str) -> None:
    context, page = open_page(browser, site, java_script_enabled=False)
    assert page.locator("#player").is_hidden()
    assert page.locator("audio#narration[controls]").count() == 1
    assert page.locator("audio track[kind=captions]").count() == 1
    assert page.locator("span.s").count() > 30
    assert page.locator(".downloads a[href$='.epub']").count() == 1
    assert page.locator(".downloads a[href$='.pdf']").count() >= 1
    context.close()


def test_the_page_makes_no_outside_requests(browser: Any, site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site)
    wait_for(page, "document.getElementById('narration').readyState >= 1")
    page.evaluate("document.getElementById('narration').textTracks[0].mode = 'showing'")
    context.close()
    origin = site.rsplit("/", 1)[0]
    assert requests and all(url.startswith(origin) for url in requests), requests
