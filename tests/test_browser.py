"""The HTML in real headless Chromium: axe-core on WCAG 2.2 A/AA, and a 320 px viewport."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import ARTIFACTS, SAMPLE
from pages import rich_source

from publish.checks.html import WCAG_TAGS
from publish.cli import main

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("browser")
    rich = rich_source(folder)
    out = folder / "build"
    assert main(["build", str(SAMPLE), str(rich), "--out", str(out), "-q"]) == 0
    return {
        "sample": out / "cell-and-gene-therapy" / "cell-and-gene-therapy.html",
        "rich": out / "every-block" / "every-block.html",
    }


def axe_violations(browser: Any, page_path: Path, scheme: str) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme, viewport={"width": 1024, "height": 900})
    page = context.new_page()
    page.goto(page_path.as_uri())
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{page_path.stem}-{scheme}.png"), full_page=True)
    context.close()
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["sample", "rich"])
def test_axe_wcag22_aa_has_no_violations(
    browser: Any, pages: dict[str, Path], name: str, scheme: str
) -> None:
    violations = axe_violations(browser, pages[name], scheme)
    summary = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert violations == [], summary


def test_axe_catches_a_broken_page(browser: Any, tmp_path: Path) -> None:
    """The axe harness is live: a page with known failures reports them."""
    broken = tmp_path / "broken.html"
    broken.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body>"
        "<img src='a.png'><p style='color:#aaa;background:#fff'>faint</p></body></html>"
    )
    ids = {v["id"] for v in axe_violations(browser, broken, "light")}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= ids


@pytest.mark.parametrize("name", ["sample", "rich"])
def test_no_horizontal_scroll_at_320px(browser: Any, pages: dict[str, Path], name: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(pages[name].as_uri())
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert scroll_width <= 320


def test_skip_link_is_first_and_moves_focus(browser: Any, pages: dict[str, Path]) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(pages["sample"].as_uri())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    target = page.evaluate("location.hash")
    context.close()
    assert focused == "#main"
    assert target == "#main"
