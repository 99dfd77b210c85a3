"""The studio's glossary editor, file names from any script, and the small fixes of issue 28,
tried as a nurse would: real uvicorn on a loopback port, Playwright in Chromium, axe."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_studio import HANDOUTS, HARD, Server, axe, open_page, preview, start, stop

pytestmark = pytest.mark.browser

FRONT = """---
title: {title}
language: en-US
audience: patients
reading_grade: {grade}
publisher: "Northside Clinic"  # who prints it
date: 2026-11-01
---
"""
BODY = """Clean hands stop germs. Wash them with soap and water.

## When to wash

Wash your hands before you eat. Dry them on a clean towel.
"""
# A table whose third row has a rare word: its finding points at that row's line (14).
TABLE = """Your medicines are in this table.

| Medicine | What to do |
| --- | --- |
| Warfarin | Take it at 6 p.m. |
| Vitamin K | Eat phytonadione only when told. |
"""
TABLE_ROW = 14
# Sentences above a target of 2, one of them with exactly one word of three syllables.
COUNTS = "Rub your hands together for a while.\n\nDry them well on a towel.\n"
LONG_NAMES = [
    "stomach-pain-after-treatment-large-print-press.pdf",
    "stomach-pain-after-treatment.daisy.zip",
    "stomach-pain-after-treatment-braille-grade-two.brf",
    "stomach-pain-after-treatment.manifest.json",
    "stomach-pain-after-treatment.epub",
    "stomach-pain-after-treatment-captions-en-US.vtt",
]


def handout(title: str, body: str = BODY, grade: int = 8) -> str:
    return FRONT.format(title=title, grade=grade) + body


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("glossary")
    source = folder / "source"
    source.mkdir()
    for path in HANDOUTS.iterdir():
        shutil.copy(path, source / path.name)
    for name in ("terms", "rare", "bad", "conflict"):
        (source / f"{name}.md").write_text(handout(f"Clean hands ({name})"))
    (source / "rare.md").write_text(handout("Rare words", BODY + f"\n{HARD}\n"))
    (source / "table.md").write_text(handout("A table", TABLE))
    (source / "counts.md").write_text(handout("Counts", COUNTS, grade=2))
    (source / "stomach-pain-after-treatment.md").write_text(handout("Stomach pain"))
    built = folder / "build" / "stomach-pain-after-treatment"
    built.mkdir(parents=True)
    for name in LONG_NAMES:
        (built / name).write_bytes(b"x")
    process, port = start(folder)
    yield Server(f"http://127.0.0.1:{port}", port, folder, process)
    stop(process)


def front_and_body(path: Path) -> tuple[dict[str, Any], str, str]:
    """The front matter (parsed), its text, and the body, as the file holds them."""
    text = path.read_text()
    assert text.startswith("---\n")
    front, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(front), front, body


def editor(studio: Server, browser: Any, slug: str, scheme: str = "light") -> tuple[Any, Any]:
    context, page = open_page(browser, f"{studio.url}/edit/{slug}", scheme)
    preview(page).locator(".s").first.wait_for()
    page.locator("#glossary-terms li").first.wait_for()
    return context, page


def fill_term(page: Any, **fields: str) -> None:
    for name, value in fields.items():
        page.locator(f"#glossary-{name}").fill(value)


def violations(page: Any) -> list[tuple[str, list[Any]]]:
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in axe(page)]


# ------------------------------------------------------------------------ the glossary


def test_add_edit_and_remove_a_term_without_writing_yaml(studio: Server, browser: Any) -> None:
    path = studio.folder / "source" / "terms.md"
    before = path.read_text()
    _, front_before, body_before = front_and_body(path)
    context, page = editor(studio, browser, "terms")
    assert "No terms yet" in page.locator("#glossary-terms").inner_text()

    # Add: every field, none of it YAML; "yes" and "1.5" would be read as other types by hand.
    fill_term(
        page,
        term="Sanitizer",
        definition="A gel that kills germs: rub it in until dry.",
        expansion="",
        forms="sanitizers, hand gel",
        say="san i tie zer",
    )
    page.get_by_role("button", name="Add the term").click()
    page.locator("#glossary-status", has_text="Added 'Sanitizer'").wait_for()
    front, front_text, body = front_and_body(path)
    assert front["glossary"] == [
        {
            "term": "Sanitizer",
            "definition": "A gel that kills germs: rub it in until dry.",
            "forms": ["sanitizers", "hand gel"],
            "say": "san i tie zer",
        }
    ]
    assert body == body_before
    assert front_text.startswith(front_before)  # every other line as it was, comment and all
    assert page.locator("#source").input_value() == path.read_text()
    assert page.locator("#save-state").inner_text() == "Saved"
    page.get_by_role("button", name="Edit Sanitizer").wait_for()
    fill_term(page, term="yes", definition="1.5")
    page.get_by_role("button", name="Add the term").click()
    page.get_by_role("button", name="Edit yes").wait_for()
    assert front_and_body(path)[0]["glossary"][1] == {"term": "yes", "definition": "1.5"}
    found = violations(page)
    assert found == [], found

    # Edit: the form holds the term; the change replaces it, in its place.
    page.get_by_role("button", name="Edit Sanitizer").click()
    assert page.locator("#glossary-term").input_value() == "Sanitizer"
    assert page.locator("#glossary-forms").input_value() == "sanitizers, hand gel"
    assert page.evaluate("() => document.activeElement.id") == "glossary-term"
    found = violations(page)
    fill_term(page, term="Hand sanitizer", expansion="", forms="")
    page.get_by_role("button", name="Save the term").click()
    page.locator("#glossary-status", has_text="Saved the term 'Hand sanitizer'").wait_for()
    glossary = front_and_body(path)[0]["glossary"]
    assert [e["term"] for e in glossary] == ["Hand sanitizer", "yes"]
    assert glossary[0] == {
        "term": "Hand sanitizer",
        "definition": "A gel that kills germs: rub it in until dry.",
        "say": "san i tie zer",
    }
    assert front_and_body(path)[2] == body_before

    # Remove both: the file is again exactly what it was.
    page.get_by_role("button", name="Remove yes").click()
    page.locator("#glossary-status", has_text="Removed 'yes'").wait_for()
    page.get_by_role("button", name="Remove Hand sanitizer").click()
    page.locator("#glossary-status", has_text="Removed 'Hand sanitizer'").wait_for()
    assert path.read_text() == before
    page.locator("#glossary-terms", has_text="No terms yet").wait_for()
    # and a removed term can be put back
    page.get_by_role("button", name="Put “Hand sanitizer” back").click()
    page.get_by_role("button", name="Edit Hand sanitizer").wait_for()
    assert front_and_body(path)[0]["glossary"][0]["term"] == "Hand sanitizer"
    context.close()
    assert found == [], found


def test_a_bad_entry_is_shown_on_its_field(studio: Server, browser: Any) -> None:
    path = studio.folder / "source" / "bad.md"
    before = path.read_text()
    found = {}
    for scheme in ("light", "dark"):
        context, page = editor(studio, browser, "bad", scheme)
        fill_term(page, term="germs", definition="", say="123")
        page.get_by_role("button", name="Add the term").click()
        summary = page.locator("#glossary-summary")
        summary.wait_for()
        assert page.evaluate("() => document.activeElement.id") == "glossary-summary"
        assert page.locator("#glossary-definition").get_attribute("aria-invalid") == "true"
        assert page.locator("#glossary-say").get_attribute("aria-invalid") == "true"
        assert page.locator("#glossary-term").get_attribute("aria-invalid") is None
        assert "Fill this in" in page.locator("#glossary-error-definition").inner_text()
        # the front matter's own check: a `say:` with no letters cannot be spoken
        assert "no letters" in page.locator("#glossary-error-say").inner_text()
        described = page.locator("#glossary-say").get_attribute("aria-describedby") or ""
        assert "glossary-error-say" in described
        summary.get_by_role("link", name=re.compile("^Say it as")).click()
        assert page.evaluate("() => document.activeElement.id") == "glossary-say"
        found[scheme] = violations(page)
        context.close()
    assert path.read_text() == before
    assert found == {"light": [], "dark": []}, found


def test_a_term_already_there_is_refused_at_its_field(studio: Server, browser: Any) -> None:
    context, page = editor(studio, browser, "handwashing")  # its glossary has "germs"
    fill_term(page, term="Germs", definition="Small living things.")
    page.get_by_role("button", name="Add the term").click()
    page.locator("#glossary-error-term", has_text="already in the glossary").wait_for()
    assert front_and_body(studio.folder / "source" / "handwashing.md")[0]["glossary"] == [
        {"term": "germs", "definition": "Tiny living things that can make you sick."}
    ]
    context.close()


def test_add_to_glossary_from_a_rare_word_hint(studio: Server, browser: Any) -> None:
    context, page = editor(studio, browser, "rare")
    marked = preview(page).locator(".pub-mark", has_text="Notwithstanding")
    marked.wait_for(timeout=20_000)
    marked.hover()
    detail = page.locator("#sentence-detail")
    hint = detail.locator("li", has_text="rare words not in the glossary")
    hint.wait_for()
    # The hint's own example is YAML that parses to the entry it shows.
    example = hint.inner_text().split("front matter's glossary: ", 1)[1]
    example = example.split("Add to glossary")[0].strip()
    parsed = yaml.safe_load(example)
    assert isinstance(parsed, list) and parsed[0]["definition"] == "..."
    button = hint.get_by_role("button", name=re.compile("^Add to glossary: ")).first
    word = (button.inner_text()).split(": ", 1)[1].strip()
    assert word.lower() in hint.inner_text().lower() and parsed[0]["term"] == word
    button.click()
    assert page.locator("#glossary-term").input_value() == word
    assert page.evaluate("() => document.activeElement.id") == "glossary-definition"
    found = violations(page)
    page.locator("#glossary-definition").fill("A plain word for it.")
    page.get_by_role("button", name="Add the term").click()
    page.get_by_role("button", name=f"Edit {word}").wait_for()
    glossary = front_and_body(studio.folder / "source" / "rare.md")[0]["glossary"]
    assert glossary == [{"term": word, "definition": "A plain word for it."}]
    context.close()
    assert found == [], found


def test_a_term_saved_against_a_changed_file_is_kept_and_not_lost(
    studio: Server, browser: Any
) -> None:
    path = studio.folder / "source" / "conflict.md"
    context, page = editor(studio, browser, "conflict")
    page.locator("#editor[data-watching=true]").wait_for()
    editor_box = page.locator("#source")
    editor_box.press("Control+End")
    editor_box.press_sequentially("\nMy unsaved line.\n", delay=1)
    path.write_text(path.read_text() + "\nA line from another editor.\n")
    page.locator("#conflict").wait_for(state="visible", timeout=15_000)
    fill_term(page, term="Towel", definition="A cloth to dry your hands.")
    page.get_by_role("button", name="Add the term").click()
    alert = page.locator("#glossary-alert")
    alert.wait_for()
    message = alert.inner_text()
    assert "not saved" in message and "still in the form" in message
    assert page.locator("#glossary-term").input_value() == "Towel"
    assert page.locator("#glossary-definition").input_value() == "A cloth to dry your hands."
    on_disk = path.read_text()
    assert "Towel" not in on_disk and "another editor" in on_disk
    kept = re.search(r"kept in (\S+?), and", message)
    assert kept, message
    copy = (studio.folder / kept.group(1)).read_text()
    assert "term: Towel" in copy and "My unsaved line." in copy
    found = violations(page)
    context.close()
    assert found == [], found


def test_the_glossary_api_keeps_its_guards(studio: Server) -> None:
    body = json.dumps(
        {"text": "x", "base": "y", "action": "add", "entry": {"term": "a", "definition": "b"}}
    ).encode()
    json_type = {"Content-Type": "application/json"}
    assert studio.request("POST", "/api/glossary/terms", body, json_type)[0] == 403
    token = {"X-CSRF-Token": studio.csrf()} | json_type
    for slug in ("..%2f..%2fetc%2fpasswd", "no-such-handout"):
        status, _, _ = studio.request("POST", f"/api/glossary/{slug}", body, token)
        assert status in (404, 422), (slug, status)
    status, _, data = studio.request("POST", "/api/glossary/terms", body, token)
    assert status == 422 and json.loads(data)["problems"]  # "x" has no front matter
    _, headers, _ = studio.request("GET", "/edit/terms")
    scripts = next(p for p in headers["content-security-policy"].split(";") if "script-src" in p)
    assert "unsafe-inline" not in scripts


# ---------------------------------------------------------------- file names from any script


def create(page: Any, title: str, language: str = "zh-CN") -> None:
    page.get_by_label("Title").fill(title)
    page.get_by_label("Language").fill(language)
    page.get_by_role("button", name="Create the handout").click()


def test_titles_in_any_script_become_distinct_file_names(studio: Server, browser: Any) -> None:
    source = studio.folder / "source"
    context, page = open_page(browser, f"{studio.url}/new")
    create(page, "洗手的方法")
    page.wait_for_url(re.compile(r".*/edit/xi-shou-de-fang-fa\?.*"))
    assert "source/xi-shou-de-fang-fa.md" in page.locator("#new-note").inner_text()
    page.goto(f"{studio.url}/new")
    create(page, "糖尿病饮食")
    page.wait_for_url(re.compile(r".*/edit/tang-niao-bing-yin-shi\?.*"))
    first, second = source / "xi-shou-de-fang-fa.md", source / "tang-niao-bing-yin-shi.md"
    assert front_and_body(first)[0]["title"] == "洗手的方法"
    assert front_and_body(second)[0]["title"] == "糖尿病饮食"

    # Arabic and Cyrillic too; a title with no letters at all gets a short stable hash.
    page.goto(f"{studio.url}/new")
    create(page, "كيف تغسل يديك", "ar")
    page.wait_for_url(re.compile(r".*/edit/kyf-tghsl-ydyk\?.*"))
    page.goto(f"{studio.url}/new")
    create(page, "🧼🙌", "en")
    page.wait_for_url(re.compile(r".*/edit/handout-[0-9a-f]{8}\?.*"))
    hashed = page.url.split("/edit/")[1].split("?")[0]
    assert f"source/{hashed}.md" in page.locator("#new-note").inner_text()

    # Another title with the same letters gets a name of its own, and the page says which.
    page.goto(f"{studio.url}/new")
    create(page, "洗手的方法!")
    page.wait_for_url(re.compile(r".*/edit/xi-shou-de-fang-fa-[0-9a-f]{8}\?.*"))
    third = page.url.split("/edit/")[1].split("?")[0]
    note = page.locator("#new-note").inner_text()
    assert f"source/{third}.md" in note and "another handout" in note
    assert front_and_body(first)[0]["title"] == "洗手的方法"  # untouched

    # The same title again is refused at its field, and nothing is overwritten.
    page.goto(f"{studio.url}/new")
    create(page, "洗手的方法")
    page.locator("#error-summary").wait_for()
    assert page.get_by_label("Title").get_attribute("aria-invalid") == "true"
    assert "xi-shou-de-fang-fa.md" in page.locator("#error-title").inner_text()
    context.close()
    assert len(list(source.glob("xi-shou-de-fang-fa*.md"))) == 2


def test_a_title_over_200_characters_is_refused_at_its_field(studio: Server, browser: Any) -> None:
    context, page = open_page(browser, f"{studio.url}/new")
    title = "Washing your hands " * 11  # 209 characters
    create(page, title.strip(), "en-US")
    page.locator("#error-summary").wait_for()
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    assert page.get_by_label("Title").get_attribute("aria-invalid") == "true"
    assert "200 characters" in page.locator("#error-title").inner_text()
    assert page.get_by_label("Title").input_value() == title.strip()  # nothing typed is lost
    found = violations(page)
    context.close()
    assert not list((studio.folder / "source").glob("washing-your-hands*"))
    assert found == [], found


# ------------------------------------------------------------------------- small fixes


def test_a_table_cells_finding_points_at_its_own_row(studio: Server, browser: Any) -> None:
    token = studio.csrf()
    text = (studio.folder / "source" / "table.md").read_text()
    assert text.split("\n")[TABLE_ROW - 1].startswith("| Vitamin K")
    headers = {"Content-Type": "application/json", "X-CSRF-Token": token}
    body = json.dumps({"text": text}).encode()
    status, _, data = studio.request("POST", "/api/feedback/table", body, headers)
    assert status == 200
    marks = json.loads(data)["marks"]
    rare = {k: v for k, v in marks.items() if any(i["code"] == "rare-word" for i in v["issues"])}
    cell = next(k for k in rare if "-r3c2" in k)
    assert rare[cell]["line"] == TABLE_ROW
    context, page = editor(studio, browser, "table")
    marked = preview(page).locator(f"#{cell}")
    marked.wait_for()
    marked.hover()
    page.get_by_role("button", name=f"Find it in the source (line {TABLE_ROW})").click()
    selected = page.evaluate(
        "() => { const t = document.getElementById('source'); "
        "return t.value.slice(t.selectionStart, t.selectionEnd); }"
    )
    assert "phytonadione" in selected
    context.close()


def test_one_word_is_one_word(studio: Server, browser: Any) -> None:
    context, page = editor(studio, browser, "counts")
    page.locator("#hardest button").first.wait_for()
    hardest = page.locator("#hardest").inner_text()
    assert "1 word of 3+ syllables (together)" in hardest, hardest
    text = page.locator("#main").inner_text()
    assert not re.search(r"\b1 words\b", text), text
    context.close()


def test_the_five_hardest_sentences_even_within_the_target(studio: Server, browser: Any) -> None:
    context, page = editor(studio, browser, "handwashing")  # grade 5, target 8
    page.locator("#hardest button").nth(4).wait_for()
    items = page.locator("#hardest li")
    assert items.count() == 5
    assert all("within the target" in t for t in items.all_inner_texts())
    assert "It meets the target" in page.locator("#grade-text").inner_text()
    context.close()


def test_reading_ease_is_shown_on_its_own_scale(studio: Server, browser: Any) -> None:
    context, page = editor(studio, browser, "handwashing")
    page.locator("#formulas tr").first.wait_for()
    ease = page.locator("#formulas tr", has_text="Flesch reading ease").locator("td")
    score, grade = ease.nth(0).inner_text(), ease.nth(1).inner_text()
    assert re.fullmatch(r"\d+(\.\d)? of 100 \(ease: higher is easier\)", score), score
    assert grade == "not a grade scale"
    smog = page.locator("#formulas tr", has_text="SMOG").locator("td")
    assert smog.nth(0).inner_text().startswith("grade ")
    assert re.fullmatch(r"\d+(\.\d)?", smog.nth(1).inner_text())
    dale = page.locator("#formulas tr", has_text="Dale").locator("td")
    assert "not a grade" in dale.nth(0).inner_text()
    context.close()


def test_the_results_file_list_fits_320_pixels(studio: Server, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{studio.url}/published/stomach-pain-after-treatment")
    files = page.locator(".files li")
    assert files.count() == len(LONG_NAMES)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, width
    for item in files.all():
        box = item.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320, box
    found = violations(page)
    context.close()
    assert found == [], found
