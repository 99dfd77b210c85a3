"""The editor's Insert buttons (callouts and checklists, issue 31), tried as a writer would:
real uvicorn on a loopback port, Playwright in Chromium, the mouse and the keyboard, Ctrl+Z,
the preview's own rendering of what was inserted, and axe."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from test_studio import HANDOUTS, Server, axe, open_page, preview, start, stop

pytestmark = pytest.mark.browser

FRONT = """---
title: Getting ready
language: en-US
audience: patients
reading_grade: 8
date: 2026-11-01
---
"""
BODY = "Wash your hands before you eat.\n\nDry them on a clean towel.\n"
LIST = "Bring these things.\n\n- your card\n* your medicines\n1. a list of questions\n- [x] your glasses\nwater\n"
KINDS = {
    "Note": "NOTE",
    "Tip": "TIP",
    "Important": "IMPORTANT",
    "Warning": "WARNING",
    "Caution": "CAUTION",
}


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("callouts")
    source = folder / "source"
    source.mkdir()
    for path in HANDOUTS.iterdir():
        shutil.copy(path, source / path.name)
    (source / "ready.md").write_text(FRONT + BODY)
    process, port = start(folder)
    yield Server(f"http://127.0.0.1:{port}", port, folder, process)
    stop(process)


def editor(studio: Server, browser: Any, scheme: str = "light") -> tuple[Any, Any]:
    context, page = open_page(browser, f"{studio.url}/edit/ready", scheme)
    preview(page).locator(".s").first.wait_for()
    return context, page


def put(page: Any, text: str, start: int, end: int | None = None) -> None:
    """The source holds `text`, with `start`..`end` selected (a caret when `end` is None)."""
    page.locator("#source").fill(text)
    page.evaluate(
        "([a, b]) => { const s = document.getElementById('source'); s.focus(); "
        "s.setSelectionRange(a, b); }",
        [start, start if end is None else end],
    )


def state(page: Any) -> tuple[str, int, int, str]:
    """The source's text, its selection, and the focused element's id."""
    value, start, end, focused = page.evaluate(
        "() => { const s = document.getElementById('source'); "
        "return [s.value, s.selectionStart, s.selectionEnd, document.activeElement.id]; }"
    )
    return str(value), int(start), int(end), str(focused)


def button(page: Any, name: str) -> Any:
    return page.get_by_role("group", name="Insert").get_by_role("button", name=name, exact=True)


def test_each_button_inserts_its_block_at_the_cursor(studio: Server, browser: Any) -> None:
    context, page = editor(studio, browser)
    text = FRONT + BODY
    after_wash = text.index("eat.") + len("eat.")
    for label, marker in KINDS.items():
        put(page, text, after_wash)
        button(page, label).click()
        block = f"\n\n> [!{marker}]\n> "
        expected = text[:after_wash] + block + text[after_wash:]
        caret = after_wash + len(block)
        assert state(page) == (expected, caret, caret, "source"), label
        line = expected[:caret].count("\n")  # the marker's line, counted from 1
        page.locator("#status", has_text=f"{label} callout inserted at line {line}").wait_for()
        page.keyboard.type("Call us first.")
        assert page.locator("#source").input_value() == (
            text[:after_wash] + block + "Call us first." + text[after_wash:]
        )
        assert page.locator("#save-state").inner_text() == "Unsaved changes"
        shown = preview(page).locator(f"section.callout-{marker.lower()}[role=note]")
        shown.filter(has_text="Call us first.").wait_for()
        assert shown.locator(".callout-label").inner_text() == label
    # A checklist item at the end of the text, ready for its first words.
    put(page, text, len(text))
    button(page, "Checklist").click()
    expected = text + "\n- [ ] \n"
    assert state(page) == (expected, len(expected) - 1, len(expected) - 1, "source")
    page.locator("#status", has_text="Checklist item inserted at line").wait_for()
    page.keyboard.type("Bring your card")
    box = preview(page).locator("li.task-open", has_text="Bring your card")
    box.wait_for()
    assert box.locator("input[type=checkbox]").is_disabled()
    context.close()


def test_selected_lines_go_inside_the_block(studio: Server, browser: Any) -> None:
    context, page = editor(studio, browser)
    text = FRONT + BODY
    # From inside the first line to inside the last: the whole lines go in.
    put(page, text, len(FRONT) + 3, text.index("clean towel"))
    button(page, "Warning").click()
    wrapped = "> [!WARNING]\n> Wash your hands before you eat.\n>\n> Dry them on a clean towel."
    caret = len(FRONT) + len(wrapped)
    assert state(page) == (FRONT + wrapped + "\n", caret, caret, "source")
    page.locator("#status", has_text="Warning callout made of 2 selected lines").wait_for()
    shown = preview(page).locator("section.callout-warning")
    shown.filter(has_text="clean towel").wait_for()
    assert "Wash your hands" in shown.inner_text()
    # A list and a line: each becomes a checklist item, its own marker kept, a box ticked kept.
    text = FRONT + LIST
    first = text.index("- your card")
    put(page, text, first, len(text))  # the selection ends at the start of the line after
    button(page, "Checklist").click()
    items = "- [ ] your card\n* [ ] your medicines\n1. [ ] a list of questions\n"
    items += "- [x] your glasses\n- [ ] water"
    assert state(page)[0] == text[:first] + items + "\n"
    assert state(page)[1] == first + len(items)
    page.locator("#status", has_text="5 selected lines made into checklist items").wait_for()
    preview(page).locator("li.task-done", has_text="your glasses").wait_for()
    assert preview(page).locator("li.task-open").count() == 4
    # A caret in the front matter: the block goes where the text starts, not into the YAML.
    put(page, FRONT + BODY, 5)
    button(page, "Tip").click()
    expected = FRONT + "> [!TIP]\n> \n\n" + BODY
    caret = len(FRONT) + len("> [!TIP]\n> ")
    assert state(page) == (expected, caret, caret, "source")
    page.locator("#status", has_text="The cursor was in the front matter").wait_for()
    context.close()


def test_the_buttons_work_from_the_keyboard_and_undo_with_ctrl_z(
    studio: Server, browser: Any
) -> None:
    context, page = editor(studio, browser)
    text = FRONT + BODY
    source = page.locator("#source")
    put(page, text, len(text))
    # Shift+Tab from the source reaches the last button; Enter presses it.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.id") == "insert-checklist"
    page.keyboard.press("Enter")
    assert state(page)[3] == "source"
    assert source.input_value() == text + "\n- [ ] \n"
    page.keyboard.type("Bring water")
    # Two steps back is Caution; Space presses it too. The selection is the one the source kept.
    page.keyboard.press("Control+End")
    page.keyboard.press("Shift+ArrowUp")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.id") == "insert-caution"
    page.keyboard.press("Space")
    wrapped = text + "\n> [!CAUTION]\n> - [ ] Bring water\n"
    assert state(page)[0] == wrapped
    assert state(page)[3] == "source"
    # Ctrl+Z takes each insert out again, one at a time, like any edit typed in the source.
    page.keyboard.press("Control+z")
    assert source.input_value() == text + "\n- [ ] Bring water\n"
    seen: list[str] = []
    while source.input_value() != text and len(seen) < 20:  # the typing, then the item
        page.keyboard.press("Control+z")
        seen.append(source.input_value())
    assert seen[-2:] == [text + "\n- [ ] \n", text]
    page.keyboard.press("Control+Shift+z")
    assert source.input_value() == text + "\n- [ ] \n"
    # Each button is a real button with its words on it, at least 24 by 24 pixels.
    for control in page.get_by_role("group", name="Insert").get_by_role("button").all():
        assert control.evaluate("(b) => b.type") == "button"
        box = control.bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24
    names = page.get_by_role("group", name="Insert").get_by_role("button").all_inner_texts()
    assert names == [*KINDS, "Checklist"]
    context.close()


def test_without_javascript_the_buttons_stay_hidden(studio: Server, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{studio.url}/edit/ready")
    assert page.locator("#source").is_visible()
    assert page.locator("#source").input_value() == (studio.folder / "source/ready.md").read_text()
    assert page.locator("#insert").is_hidden()
    assert page.get_by_role("button", name="Warning").count() == 0  # hidden: not in the tree
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_editor_with_its_buttons_passes_axe(studio: Server, browser: Any, scheme: str) -> None:
    context, page = editor(studio, browser, scheme)
    page.locator("#formulas tr").first.wait_for()
    assert button(page, "Caution").is_visible()
    put(page, FRONT + BODY, len(FRONT + BODY))
    button(page, "Important").click()
    page.keyboard.type("Keep this sheet.")
    preview(page).locator("section.callout-important").wait_for()
    found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in axe(page)]
    assert not found, found
    context.close()
