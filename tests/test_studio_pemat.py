"""The studio's PEMAT-P reviewer form (issue 31): the items that need a person, answered in
Chromium and saved into the front matter's `pemat:` with every other byte of the file kept,
the replaced version in the history, stale forms and bad answers refused, and axe."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from test_studio import HANDOUTS, Server, axe, open_page, preview, start, stop

pytestmark = pytest.mark.browser

FRONT = """---
title: Washing Your Hands at Home
language: en-US
audience: patients
reading_grade: 8
# answered by the clinic's nurse educator
pemat:
  visual-aids: no  # a picture of the sink would help
  summary: yes
date: 2026-11-01
publisher: "Northside Clinic"   # who prints it
---
"""
# The fixture handout's body (its picture is copied beside it), byte for byte.
BODY = (HANDOUTS / "handwashing.md").read_text().split("\n---\n", 1)[1]
PLAIN_FRONT = FRONT.replace(
    "# answered by the clinic's nurse educator\npemat:\n"
    "  visual-aids: no  # a picture of the sink would help\n  summary: yes\n",
    "",
)
FORM_ITEMS = [
    "no-distractions",
    "logical-order",
    "summary",
    "visual-aids",
    "aids-reinforce",
    "clear-pictures",
    "charts-explained",
    "aids-for-action",
]


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("pemat")
    source = folder / "source"
    source.mkdir()
    for path in HANDOUTS.iterdir():
        shutil.copy(path, source / path.name)
    for name in ("review", "stale", "refused", "plain", "editor"):
        (source / f"{name}.md").write_text(FRONT + BODY)
    (source / "plain.md").write_text(PLAIN_FRONT + BODY)
    (source / "windows.md").write_bytes((PLAIN_FRONT + BODY).replace("\n", "\r\n").encode())
    process, port = start(folder)
    yield Server(f"http://127.0.0.1:{port}", port, folder, process)
    stop(process)


def estimate(path: Path) -> tuple[int, int]:
    """Understandability and actionability, from the check itself on the file as saved."""
    from publish.checks.pemat import pemat
    from publish.config.checks import CheckConfig
    from publish.model.locator import Locator
    from publish.parse.markdown import load_article

    article = load_article(path)
    result = pemat(article, CheckConfig().updated(article.metadata.checks), Locator(article))
    return result.metrics["understandability"], result.metrics["actionability"]


def shown(page: Any) -> tuple[int, int]:
    def percent(name: str) -> int:
        return int(page.locator(f"#pemat-{name}").inner_text().rstrip("%"))

    return percent("understandability"), percent("actionability")


def focused(page: Any, name: str) -> None:
    """Wait until the page's script has moved the focus to `name` (it runs after the DOM)."""
    page.wait_for_function(f"() => document.activeElement.id === {name!r}")


def history(studio: Server, slug: str) -> list[Path]:
    folder = studio.folder / "source" / ".history" / slug
    return sorted(folder.glob("*-replaced.md")) if folder.is_dir() else []


def post(
    studio: Server, slug: str, fields: list[tuple[str, str]], token: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    """The form as a script would send it: the page's token and digest, then `fields`."""
    _, _, body = studio.request("GET", f"/pemat/{slug}")
    digest = re.search(rb'name="base" value="([0-9a-f]+)"', body)
    assert digest is not None
    sent = [("csrf", token if token is not None else studio.csrf()), ("base", digest[1].decode())]
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    return studio.request("POST", f"/pemat/{slug}", urlencode(sent + fields).encode(), form)


# ------------------------------------------------------------------------------ the form


def test_answers_are_saved_into_the_front_matter_and_nothing_else(
    studio: Server, browser: Any
) -> None:
    path = studio.folder / "source" / "review.md"
    before = path.read_bytes()
    context, page = open_page(browser, f"{studio.url}/pemat/review")
    # The items that need a person (and the one a reviewer answered), each its own group.
    groups = page.locator("fieldset.pemat-item")
    assert [g.get_attribute("id") for g in groups.all()] == [f"item-{i}" for i in FORM_ITEMS]
    logical = page.get_by_role("group", name=re.compile(r"^Item 10 .*order that makes sense"))
    assert logical.get_by_role("radio").count() == 3  # the tool allows no "not applicable"
    pictures = page.get_by_role("group", name=re.compile(r"^Item 16 "))
    assert pictures.get_by_label("Not applicable (it has no pictures)").count() == 1
    # Filled in from the front matter; the estimate is the check's own.
    assert page.locator("#answer-visual-aids-no").is_checked()
    assert page.locator("#answer-summary-yes").is_checked()
    assert page.locator("#answer-no-distractions-none").is_checked()
    first = shown(page)
    assert first == estimate(path)
    assert page.locator("#pemat-waiting").inner_text() == "6"
    # Answer three items, change one, clear one.
    page.get_by_role("group", name=re.compile(r"^Item 2 ")).get_by_label("Yes", exact=True).check()
    logical.get_by_label("Yes", exact=True).check()
    page.locator("#answer-visual-aids-yes").check()
    pictures.get_by_label("Not applicable (it has no pictures)").check()
    page.locator("#answer-summary-none").check()
    page.get_by_role("button", name="Save the answers").click()
    page.locator("#saved-note", has_text="Saved the answers").wait_for()
    focused(page, "saved-note")
    # Only the answers' lines changed: the comment after a changed answer is still there.
    expected = before.decode().replace(
        "  visual-aids: no  # a picture of the sink would help\n  summary: yes\n",
        "  visual-aids: yes  # a picture of the sink would help\n"
        "  no-distractions: yes\n  logical-order: yes\n  aids-reinforce: na\n",
    )
    assert path.read_text() == expected
    assert path.read_bytes().endswith(BODY.encode())
    # The version it replaced is in the history, byte for byte, and the page says where.
    kept = history(studio, "review")
    assert len(kept) == 1 and kept[0].read_bytes() == before
    where = kept[0].relative_to(studio.folder).as_posix()
    assert where in page.locator("#saved-note").inner_text()
    # The estimate moved with the answers: two more yes, one more "not applicable".
    assert shown(page) == estimate(path) != first
    assert shown(page)[0] > first[0]
    assert page.locator("#pemat-waiting").inner_text() == "3"
    assert page.locator("#answer-aids-reinforce-na").is_checked()
    # Saving the same answers again writes nothing and keeps no copy.
    page.get_by_role("button", name="Save the answers").click()
    page.locator("#saved-note", has_text="Nothing to save").wait_for()
    assert path.read_text() == expected and len(history(studio, "review")) == 1
    context.close()


def test_the_editor_shows_the_estimate_and_saves_before_the_form(
    studio: Server, browser: Any
) -> None:
    path = studio.folder / "source" / "editor.md"
    context, page = open_page(browser, f"{studio.url}/edit/editor")
    preview(page).locator(".s").first.wait_for()
    under, action = estimate(path)
    line = page.locator("#pemat-line")
    line.filter(has_text=f"Understandability {under}%, actionability {action}%").wait_for()
    assert "6 items wait for a reviewer" in line.inner_text()
    # Unsaved text is saved first: the form works on the file.
    source = page.locator("#source")
    source.fill(source.input_value() + "\nAsk us if you are not sure.\n")
    page.get_by_role("link", name="Answer the items that need a reviewer").click()
    page.wait_for_url(f"{studio.url}/pemat/editor")
    assert path.read_text().endswith("\nAsk us if you are not sure.\n")
    page.get_by_role("group", name=re.compile(r"^Item 2 ")).get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save the answers").click()
    page.locator("#saved-note").wait_for()
    page.get_by_role("link", name="Back to the editor").click()
    assert "  no-distractions: no\n" in page.locator("#source").input_value()
    line.filter(has_text=f"Understandability {estimate(path)[0]}%").wait_for()
    assert estimate(path)[0] < under  # one more "no"
    context.close()


def test_a_form_older_than_the_file_is_refused_and_keeps_the_answers(
    studio: Server, browser: Any
) -> None:
    path = studio.folder / "source" / "stale.md"
    context, page = open_page(browser, f"{studio.url}/pemat/stale")
    page.locator("#answer-logical-order-yes").check()
    changed = path.read_text().replace("Clean hands stop germs", "Clean hands stop most germs")
    path.write_text(changed)  # another editor saves meanwhile
    page.get_by_role("button", name="Save the answers").click()
    alert = page.locator("#pemat-alert")
    alert.wait_for()
    assert "changed on disk" in alert.inner_text()
    focused(page, "pemat-alert")
    assert path.read_text() == changed  # nothing overwritten
    kept = list((studio.folder / "source" / ".studio-conflicts").glob("stale-*.md"))
    assert len(kept) == 1 and "  logical-order: yes\n" in kept[0].read_text()
    assert kept[0].relative_to(studio.folder).as_posix() in alert.inner_text()
    # The answer is still in the form, now over the file as it is: saving again works.
    assert page.locator("#answer-logical-order-yes").is_checked()
    page.get_by_role("button", name="Save the answers").click()
    page.locator("#saved-note", has_text="Saved the answers").wait_for()
    text = path.read_text()
    assert "stop most germs" in text and "  logical-order: yes\n" in text
    context.close()


def test_bad_answers_are_refused_and_nothing_is_written(studio: Server) -> None:
    path = studio.folder / "source" / "refused.md"
    before = path.read_bytes()
    cases = {
        "unknown PEMAT item 'visual-aid'; did you mean 'visual-aids'?": [
            ("answer-visual-aid", "yes")
        ],
        "the PEMAT item 'steps' must be answered yes, no or na": [("answer-steps", "maybe")],
        "the PEMAT item 'logical-order' cannot be 'na'": [("answer-logical-order", "na")],
        "'title' is not a field of this form": [("title", "Something else")],
        "the PEMAT item 'summary' is answered twice": [
            ("answer-summary", "yes"),
            ("answer-summary", "no"),
        ],
        "unknown PEMAT item 'nothing'": [("answer-nothing", "")],
    }
    for message, fields in cases.items():
        # One good answer beside each bad one: it is not saved either.
        status, _, body = post(studio, "refused", [("answer-no-distractions", "yes"), *fields])
        assert status == 400, message
        page = body.decode()
        assert "Nothing was saved" in page and message.replace("'", "&#39;") in page, message
    assert path.read_bytes() == before
    assert history(studio, "refused") == []
    status, _, _ = post(studio, "refused", [("answer-steps", "yes")], token="forged")
    assert status == 403
    status, _, _ = post(studio, "refused", [("answer-steps", "yes")])
    assert status == 303 and "  steps: yes\n" in path.read_text()  # a known item may be sent
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    sent = urlencode({"csrf": studio.csrf(), "base": "0" * 64, "answer-steps": "no"}).encode()
    assert studio.request("POST", "/pemat/no-such-handout", sent, form)[0] == 404
    assert studio.request("GET", "/pemat/..%2f..%2fetc%2fpasswd")[0] == 404


def test_a_new_block_and_the_files_own_line_endings(studio: Server, browser: Any) -> None:
    # Without JavaScript: a plain form, posted and answered by the server.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{studio.url}/pemat/plain")
    page.locator("#answer-clear-pictures-yes").check()
    page.locator("#answer-visual-aids-no").check()
    page.get_by_role("button", name="Save the answers").click()
    page.locator("#saved-note", has_text="Saved the answers").wait_for()
    context.close()
    block = "pemat:\n  visual-aids: no\n  clear-pictures: yes\n"
    plain = PLAIN_FRONT.replace("   # who prints it\n---\n", f"   # who prints it\n{block}---\n")
    assert (studio.folder / "source" / "plain.md").read_text() == plain + BODY
    # A file with Windows line endings keeps them, every line.
    path = studio.folder / "source" / "windows.md"
    before = path.read_bytes()
    assert post(studio, "windows", [("answer-logical-order", "yes")])[0] == 303
    new_block = "pemat:\n  logical-order: yes\n".replace("\n", "\r\n").encode()
    assert path.read_bytes() == before.replace(b"---\r\nClean", new_block + b"---\r\nClean")
    assert history(studio, "windows")[0].read_bytes() == before


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_form_passes_axe(studio: Server, browser: Any, scheme: str) -> None:
    found = {}
    context, page = open_page(browser, f"{studio.url}/pemat/review", scheme)
    found["form"] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in axe(page)]
    page.get_by_role("button", name="Save the answers").click()
    page.locator("#saved-note").wait_for()
    found["saved"] = [v["id"] for v in axe(page)]
    context.close()
    # A refusal, as the browser shows it: an answer no radio button offers.
    context, page = open_page(browser, f"{studio.url}/pemat/refused", scheme)
    page.locator("#answer-visual-aids-yes").evaluate("(radio) => { radio.value = 'maybe'; }")
    page.locator("#answer-visual-aids-yes").check()
    page.get_by_role("button", name="Save the answers").click()
    page.locator("#error-summary", has_text="must be answered yes, no or na").wait_for()
    focused(page, "error-summary")
    found["refused"] = [v["id"] for v in axe(page)]
    context.close()
    context, page = open_page(browser, f"{studio.url}/edit/review", scheme)
    preview(page).locator(".s").first.wait_for()
    page.locator("#pemat-line", has_text="Understandability").wait_for()
    found["editor"] = [v["id"] for v in axe(page)]
    context.close()
    assert all(not v for v in found.values()), found


def test_a_pemat_written_on_one_line_is_written_anew_and_a_broken_file_is_left(
    tmp_path: Path,
) -> None:
    from publish.studio.pemat import with_answers

    path = tmp_path / "source" / "flow.md"
    text = PLAIN_FRONT.replace("date:", "pemat: {visual-aids: yes, summary: no}\ndate:") + BODY
    new, problems = with_answers(text, path, {"summary": "", "logical-order": "no"})
    assert problems == []
    block = "pemat:\n  visual-aids: yes\n  logical-order: no\n"
    assert new == PLAIN_FRONT.replace("date:", f"{block}date:") + BODY
    # Nothing to change: the text comes back as it was.
    assert with_answers(new, path, {"visual-aids": "yes"}) == (new, [])
    broken = text.replace("reading_grade: 8", "reading_grade: eight")
    same, problems = with_answers(broken, path, {"summary": "yes"})
    assert same == broken
    assert problems[0] == "Fix the front matter in the editor first:"
    assert any("reading_grade" in p and "flow.md:" in p for p in problems[1:]), problems
