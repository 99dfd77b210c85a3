"""The studio never loses a word (issue 28): every save keeps the version it replaces, every
path that replaces or discards the editor's text keeps a copy first and the page says where,
and the history lists, compares and restores. Real uvicorn, Playwright in Chromium, axe."""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ARTIFACTS
from test_studio import HANDOUTS, Server, axe, open_page, preview, start, stop

pytestmark = pytest.mark.browser
KEPT = re.compile(r"source/\.[a-z-]+/[\w./-]+\.md")  # a kept copy's name, as the page says it


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("history")
    (folder / "source").mkdir()
    for path in HANDOUTS.iterdir():
        shutil.copy(path, folder / "source" / path.name)
    process, port = start(folder)
    yield Server(f"http://127.0.0.1:{port}", port, folder, process)
    stop(process)


def handout(server: Server, slug: str) -> Path:
    """A handout of its own for one test (a copy of the English fixture)."""
    path = server.folder / "source" / f"{slug}.md"
    shutil.copy(HANDOUTS / "handwashing.md", path)
    return path


def editor(browser: Any, server: Server, slug: str, scheme: str = "light") -> tuple[Any, Any]:
    context, page = open_page(browser, f"{server.url}/edit/{slug}", scheme)
    preview(page).locator(".s").first.wait_for()
    page.locator("#editor[data-watching=true]").wait_for()
    page.locator("#history[data-count]").wait_for(state="attached")
    return context, page


def type_at_end(page: Any, text: str) -> None:
    box = page.locator("#source")
    box.press("Control+End")
    box.press_sequentially(text, delay=1)


def history(server: Server, slug: str) -> list[Path]:
    folder = server.folder / "source" / ".history" / slug
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def kept_in(server: Server, message: str) -> Path:
    """The file a visible message names as the copy it kept."""
    found = KEPT.search(message)
    assert found, message
    path = server.folder / found.group(0)
    assert path.is_file(), message
    return path


def no_violations(page: Any) -> None:
    violations = axe(page)
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


# ---------------------------------------------------------------------------- history


def test_every_save_keeps_the_version_it_replaces_and_a_restore_is_undoable(
    server: Server, browser: Any
) -> None:
    path = handout(server, "restore-me")
    original = path.read_text()
    context, page = editor(browser, server, "restore-me")
    assert page.locator("#history-empty").is_visible()

    # A save keeps the version it replaced; a save of the same text keeps nothing.
    type_at_end(page, "\nVersion two of the words.\n")
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator("#save-state", has_text=re.compile("^Saved")).wait_for()
    copies = history(server, "restore-me")
    assert len(copies) == 1 and copies[0].read_text() == original
    assert oct(copies[0].stat().st_mode & 0o777) == "0o644"
    assert oct(copies[0].parent.stat().st_mode & 0o777) == "0o755"
    assert oct((server.folder / "source" / ".history").stat().st_mode & 0o777) == "0o755"
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_timeout(500)
    assert len(history(server, "restore-me")) == 1
    rows = page.locator("#history-list tr")
    rows.first.wait_for()
    assert rows.count() == 1 and f"{len(original.encode())} bytes" in rows.first.inner_text()

    # Compare: the diff shows what the editor added since that version.
    page.get_by_role("button", name=re.compile("^Compare")).first.click()
    diff = page.locator("#history-diff")
    diff.wait_for(state="visible")
    assert "Version two of the words." in page.locator("#diff-lines").inner_text()
    assert "0 lines removed, 2 lines added." in page.locator("#diff-summary").inner_text()
    no_violations(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#history").screenshot(path=str(ARTIFACTS / "studio-history-diff.png"))

    # Restore it, with unsaved words in the editor: both texts it replaces are kept.
    type_at_end(page, "Words not saved yet.")
    page.locator("#diff-restore").click()
    note = page.locator("#save-note")
    note.wait_for(state="visible")
    page.wait_for_function("() => !document.getElementById('source').value.includes('Version two')")
    assert path.read_text() == original
    assert page.locator("#source").input_value() == original
    message = note.inner_text()
    assert "Restored the version of" in message
    assert "Version two of the words." in kept_in(server, message).read_text()
    unsaved = message.split("Your unsaved text is kept in ")[1]
    assert "Words not saved yet." in kept_in(server, unsaved).read_text()
    page.locator("#history-list tr").nth(2).wait_for()
    assert page.locator("#history-list tr").count() == 3
    no_violations(page)
    page.screenshot(path=str(ARTIFACTS / "studio-history-restored.png"), full_page=True)

    # Undo the restore: restore the version it replaced.
    row = page.locator("#history-list tr", has_text="replaced by a later save").first
    row.get_by_role("button", name=re.compile("^Restore")).click()
    page.wait_for_function(
        "() => document.getElementById('source').value.includes('Version two of the words.')"
    )
    assert "Version two of the words." in path.read_text()
    assert "Words not saved yet." not in path.read_text()
    assert page.locator("#save-state").inner_text().startswith("Saved")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_history_panel_passes_axe(server: Server, browser: Any, scheme: str) -> None:
    path = handout(server, f"axe-{scheme}")
    path.write_text(path.read_text() + "\nAn older line.\n")
    context, page = editor(browser, server, f"axe-{scheme}", scheme)
    editor_box = page.locator("#source")
    editor_box.fill(editor_box.input_value().replace("An older line.", "A newer line."))
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator("#history-list tr").first.wait_for()
    page.get_by_role("button", name=re.compile("^Compare")).first.click()
    page.locator("#diff-lines .diff-removed").first.wait_for()
    assert "An older line." in page.locator("#diff-lines .diff-removed").first.inner_text()
    no_violations(page)
    context.close()


# ------------------------------------------------------------------------- loss paths


def test_keep_mine_keeps_the_other_tabs_saved_edit_first(server: Server, browser: Any) -> None:
    path = handout(server, "two-tabs")
    context_a, tab_a = editor(browser, server, "two-tabs")
    context_b, tab_b = editor(browser, server, "two-tabs")
    type_at_end(tab_b, "\nFrom tab B, not saved yet.\n")
    type_at_end(tab_a, "\nFrom tab A, saved first.\n")
    tab_a.get_by_role("button", name="Save", exact=True).click()
    tab_a.locator("#save-state", has_text=re.compile("^Saved")).wait_for()
    assert "From tab A" in path.read_text()

    # Tab B hears of the save and asks; nothing is lost while it does.
    tab_b.locator("#conflict").wait_for(state="visible", timeout=15_000)
    no_violations(tab_b)
    tab_b.get_by_role("button", name="Keep my version and save it").click()
    note = tab_b.locator("#save-note")
    note.wait_for(state="visible")
    on_disk = path.read_text()
    assert "From tab B" in on_disk and "From tab A" not in on_disk
    other = kept_in(server, note.inner_text())
    assert "From tab A, saved first." in other.read_text()
    assert other.parent == server.folder / "source" / ".history" / "two-tabs"
    no_violations(tab_b)
    context_a.close()
    context_b.close()


def test_show_disk_keeps_the_unsaved_text_first(server: Server, browser: Any) -> None:
    path = handout(server, "show-disk")
    context, page = editor(browser, server, "show-disk")
    type_at_end(page, "\nMy unsaved sentence about soap.\n")
    path.write_text(path.read_text() + "\nAn edit made in another program.\n")
    page.locator("#conflict").wait_for(state="visible", timeout=15_000)
    page.get_by_role("button", name="Show the version on disk").click()
    note = page.locator("#save-note")
    note.wait_for(state="visible")
    assert "another program" in page.locator("#source").input_value()
    assert "My unsaved sentence" not in page.locator("#source").input_value()
    assert "My unsaved sentence about soap." in kept_in(server, note.inner_text()).read_text()
    page.locator("#history-list tr", has_text="set aside").wait_for()
    no_violations(page)
    context.close()


def test_two_stale_saves_in_the_same_second_keep_both_texts(server: Server, browser: Any) -> None:
    path = handout(server, "same-second")
    tabs = [editor(browser, server, "same-second") for _ in range(2)]
    for number, (_, page) in enumerate(tabs):
        type_at_end(page, f"\nText of tab {number}.\n")
    path.write_text(path.read_text() + "\nChanged on disk.\n")
    for _, page in tabs:
        page.locator("#conflict").wait_for(state="visible", timeout=15_000)
    time.sleep(1.02 - time.time() % 1)  # just after a second starts: both saves fall in it
    for _, page in tabs:
        page.get_by_role("button", name="Save", exact=True).click()
    messages = []
    for _, page in tabs:
        page.locator("#conflict-message", has_text="was not overwritten").wait_for()
        messages.append(page.locator("#conflict-message").inner_text())
    kept = [kept_in(server, message) for message in messages]
    assert kept[0] != kept[1], messages
    for number, copy in enumerate(kept):
        assert f"Text of tab {number}." in copy.read_text()
    assert "Changed on disk." in path.read_text() and "Text of tab" not in path.read_text()
    no_violations(tabs[0][1])
    for context, _ in tabs:
        context.close()

    # The same through the API, back to back: two names, two texts.
    headers = {"Content-Type": "application/json", "X-CSRF-Token": server.csrf()}
    names = []
    for text in ("first stale text", "second stale text"):
        body = json.dumps({"text": text, "base": "0" * 64}).encode()
        status, _, data = server.request("POST", "/api/save/same-second", body, headers)
        assert status == 409
        names.append(json.loads(data)["kept"])
    assert names[0] != names[1]
    assert [(server.folder / n).read_text() for n in names] == [
        "first stale text",
        "second stale text",
    ]


def test_a_file_deleted_while_editing_is_kept_and_made_again(server: Server, browser: Any) -> None:
    path = handout(server, "deleted-file")
    context, page = editor(browser, server, "deleted-file")
    type_at_end(page, "\nWords typed before the delete.\n")
    text = page.locator("#source").input_value()
    path.unlink()
    note = page.locator("#save-note", has_text="was deleted")
    note.wait_for(state="visible", timeout=15_000)
    assert kept_in(server, note.inner_text()).read_text() == text
    assert page.locator("#source").input_value() == text
    no_violations(page)

    page.get_by_role("button", name="Save", exact=True).click()
    page.locator("#save-note", has_text="Saving made it again").wait_for()
    assert path.read_text() == text
    assert oct(path.stat().st_mode & 0o777) == "0o644"
    no_violations(page)
    context.close()


def test_history_names_are_confined_and_need_the_token(server: Server) -> None:
    handout(server, "confined")
    json_type = {"Content-Type": "application/json"}
    body = json.dumps({"text": "x", "why": "unsaved"}).encode()
    assert server.request("POST", "/api/history/confined/keep", body, json_type)[0] == 403
    headers = json_type | {"X-CSRF-Token": server.csrf()}
    for version in ("..%2f..%2fconfined", "20261203T101253.255476Z-1-replaced", "x"):
        request = json.dumps({"version": version, "base": "", "text": ""}).encode()
        status, _, _ = server.request("POST", "/api/history/confined/restore", request, headers)
        assert status == 404
    assert server.request("GET", "/api/history/..%2fconfined")[0] == 404
    bad = json.dumps({"text": "x", "why": "../../etc"}).encode()
    assert server.request("POST", "/api/history/confined/keep", bad, headers)[0] == 400
