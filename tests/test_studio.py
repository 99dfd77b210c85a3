"""The studio (`publish serve`), run as a user runs it: real uvicorn on a loopback port in its
own process, driven by Playwright in Debian's Chromium, and probed with raw HTTP requests."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import ARTIFACTS, ROOT

from publish.checks.html import WCAG_TAGS

pytestmark = pytest.mark.browser
HANDOUTS = ROOT / "tests" / "fixtures" / "handout"
HARD = (
    "Notwithstanding the aforementioned considerations, individuals experiencing "
    "persistent gastrointestinal symptomatology should immediately communicate "
    "with their designated healthcare practitioner regarding appropriate "
    "pharmacological interventions."
)
EASY = "If your tummy hurts for days, call your nurse."


@dataclass
class Server:
    url: str
    port: int
    folder: Path
    process: subprocess.Popen[bytes]

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """A raw request: the path goes out exactly as given (no normalizing of '..')."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": f"127.0.0.1:{self.port}"} | (headers or {})
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def csrf(self) -> str:
        _, _, page = self.request("GET", "/")
        marker = b'name="csrf-token" content="'
        start = page.index(marker) + len(marker)
        return page[start : page.index(b'"', start)].decode()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(folder: Path, *args: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "publish", "serve", str(folder), "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process, port
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode() if process.stderr else "")
        time.sleep(0.2)
    process.kill()
    raise AssertionError("the studio did not start within 60 s")


def stop(process: subprocess.Popen[bytes]) -> str:
    process.terminate()
    try:
        _, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    return err.decode()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("studio")
    (folder / "source").mkdir()
    for path in HANDOUTS.iterdir():  # the two handouts and their pictures
        shutil.copy(path, folder / "source" / path.name)
    process, port = start(folder)
    yield Server(f"http://127.0.0.1:{port}", port, folder, process)
    stop(process)


# ---------------------------------------------------------------------------- security


def test_only_its_own_host_names_are_answered(server: Server) -> None:
    """A page on a rebinding domain reaches 127.0.0.1 with its own Host header: refused."""
    status, _, body = server.request("GET", "/", headers={"Host": "attacker.example:8000"})
    assert status == 400 and b"DNS rebinding" in body
    assert server.request("GET", "/", headers={"Host": f"localhost:{server.port}"})[0] == 200


def test_every_post_needs_the_csrf_token(server: Server) -> None:
    body = json.dumps({"text": "x", "base": "y"}).encode()
    json_type = {"Content-Type": "application/json"}
    for path in ("/api/save/handwashing", "/api/feedback/handwashing", "/api/publish/handwashing"):
        assert server.request("POST", path, body, json_type)[0] == 403
        wrong = json_type | {"X-CSRF-Token": "forged"}
        assert server.request("POST", path, body, wrong)[0] == 403
    token = server.csrf()
    other_site = json_type | {"X-CSRF-Token": token, "Origin": "http://attacker.example"}
    assert server.request("POST", "/api/feedback/handwashing", body, other_site)[0] == 403
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert server.request("POST", "/new", b"title=X&language=en", form)[0] == 403
    assert (server.folder / "source" / "handwashing.md").read_text() == (
        HANDOUTS / "handwashing.md"
    ).read_text()


def test_responses_carry_a_policy_with_no_inline_script(server: Server) -> None:
    for path in ("/", "/new", "/edit/handwashing", "/static/studio.js", "/no-such-page"):
        _, headers, _ = server.request("GET", path)
        policy = headers["content-security-policy"]
        scripts = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
        assert "unsafe-inline" not in scripts and "unsafe-eval" not in scripts, (path, policy)
        assert headers["x-content-type-options"] == "nosniff"


def test_paths_are_confined_to_the_project(server: Server, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: Secret\nlanguage: en\n---\nSecret text.\n")
    (server.folder / "source" / "escape.md").symlink_to(outside)
    built = server.folder / "build" / "handwashing"
    built.mkdir(parents=True, exist_ok=True)
    (built / "link.txt").symlink_to(outside)
    probes = [
        "/edit/..%2f..%2fetc%2fpasswd",
        "/edit/escape",
        "/api/source/escape",
        "/api/source/%2e%2e%2fsecret",
        "/files/handwashing/../../source/handwashing.md",
        "/files/handwashing/%2e%2e/%2e%2e/source/handwashing.md",
        "/files/handwashing/..%2f..%2fsource%2fhandwashing.md",
        "/files/handwashing//etc/passwd",
        "/files/handwashing/%2fetc%2fpasswd",
        "/files/handwashing/link.txt",
        "/files/..%2fsource/handwashing.md",
        "/pages/handwashing/..%2f..%2fsecret.pdf/1.png",
    ]
    for path in probes:
        status, _, body = server.request("GET", path)
        assert status == 404, (path, status)
        assert b"Secret" not in body and b"root:" not in body
    (server.folder / "source" / "escape.md").unlink()


def test_requests_are_size_limited(server: Server) -> None:
    token = server.csrf()
    headers = {"Content-Type": "application/json", "X-CSRF-Token": token}
    big = json.dumps({"text": "a" * (7 * 1024 * 1024), "base": "x"}).encode()
    status, _, body = server.request("POST", "/api/save/handwashing", big, headers)
    assert status == 413 and b"limited" in body
    source = (server.folder / "source" / "handwashing.md").read_text()
    assert source == (HANDOUTS / "handwashing.md").read_text()


def test_another_interface_needs_the_printed_token(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    port = free_port()
    command = [sys.executable, "-m", "publish", "serve", str(tmp_path), "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--host", "0.0.0.0"],
        stderr=subprocess.PIPE,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stderr is not None
        printed = ""
        while "?token=" not in printed:
            line = process.stderr.readline().decode()
            assert line, "the studio printed no address"
            printed += line
        assert "warning: listening on 0.0.0.0" in printed
        token = printed.split("?token=")[1].split()[0]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

        def get(path: str, headers: dict[str, str] | None = None) -> Any:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            response.body = response.read()
            return response

        assert get("/").status == 401
        assert get("/?token=wrong").status == 401
        signed_in = get(f"/?token={token}")
        assert signed_in.status == 303 and signed_in.getheader("location") == "/"
        cookie = signed_in.getheader("set-cookie") or ""
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        page = get("/", {"Cookie": cookie.split(";")[0]})
        assert page.status == 200 and b"Library" in page.body
    finally:
        process.terminate()
        process.communicate(timeout=20)


# --------------------------------------------------------------------------- the editor


def open_page(browser: Any, url: str, scheme: str = "light") -> tuple[Any, Any]:
    context = browser.new_context(
        color_scheme=scheme, viewport={"width": 1400, "height": 1000}, accept_downloads=True
    )
    page = context.new_page()
    page.goto(url)
    return context, page


def preview(page: Any) -> Any:
    return page.frame_locator("#preview")


def grade(page: Any) -> float:
    return float(page.locator("#grade").inner_text())


def test_write_fix_save_and_publish_a_handout(server: Server, browser: Any, tmp_path: Path) -> None:
    from publish.checks.epub import check_epub
    from publish.checks.pdf import check_pdf
    from publish.model.locator import Locator
    from publish.parse.markdown import load_article

    context, page = open_page(browser, f"{server.url}/new")
    page.get_by_label("Title").fill("Stomach pain after treatment")
    page.get_by_label("Target reading grade").fill("7")
    page.get_by_label("Authors (optional)").fill("Ana Ruiz, Ben Okafor")
    page.get_by_label("Publisher (optional)").fill("Riverside Clinic")
    page.get_by_role("button", name="Create the handout").click()
    page.wait_for_url("**/edit/stomach-pain-after-treatment?new=1")
    source = server.folder / "source" / "stomach-pain-after-treatment.md"
    front = source.read_text()
    assert "title: Stomach pain after treatment" in front and "- Ben Okafor" in front
    page.locator("#doc-title", has_text="Stomach pain after treatment").wait_for()

    # Type a hard sentence: it is marked, with its reason, on hover and on focus.
    editor = page.locator("#source")
    editor.press("Control+End")
    editor.press_sequentially(f"\n{HARD}\n", delay=1)
    marked = preview(page).locator(".pub-mark", has_text="Notwithstanding")
    marked.wait_for(timeout=20_000)
    hard_grade = grade(page)
    marked.hover()
    tip = preview(page).locator("#pub-tip")
    tip.wait_for(state="visible")
    assert "grade" in tip.inner_text() and "words" in tip.inner_text()
    detail = page.locator("#sentence-detail")
    assert "Notwithstanding" in detail.inner_text()
    assert any(w in detail.inner_text() for w in ("rare words", "could be", "talks about"))
    first = page.locator("#hardest button").first
    assert "Notwithstanding" in first.inner_text()
    first.click()
    selected = page.evaluate(
        "() => { const t = document.getElementById('source'); "
        "return t.value.slice(t.selectionStart, t.selectionEnd); }"
    )
    assert selected.startswith("Notwithstanding")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "studio-editor-hard.png"), full_page=True)

    # Fix it: the mark goes and the grade drops.
    text = editor.input_value().replace(HARD, EASY)
    editor.fill(text)
    preview(page).locator(".s", has_text="tummy").wait_for()
    page.wait_for_function(
        f"() => parseFloat(document.getElementById('grade').textContent) < {hard_grade}"
    )
    assert grade(page) < hard_grade
    assert preview(page).locator(".pub-mark", has_text="tummy").count() == 0

    # Save (atomically), then publish every format with progress, and download.
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator("#save-state", has_text=re.compile(r"^Saved")).wait_for()
    assert EASY in source.read_text() and HARD not in source.read_text()
    assert oct(source.stat().st_mode & 0o777) == "0o644"
    page.get_by_role("button", name="Publish every format").click()
    page.locator("#publish-step", has_text="Making").wait_for(timeout=60_000)
    link = page.locator("#published-link")
    link.wait_for(timeout=240_000)
    log = page.locator("#publish-log").inner_text()
    assert "Finished" in page.locator("#publish-step").inner_text(), log
    link.click()
    page.wait_for_url("**/published/stomach-pain-after-treatment")
    assert page.locator(".pages img").count() >= 2  # both PDF editions, as page images
    image = page.locator(".pages img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    assert page.evaluate("(img) => img.naturalWidth", image.element_handle()) > 400
    assert page.get_by_role("link", name="the full check report").count() == 1
    folder = tmp_path / "downloads"
    folder.mkdir()
    for name in ("stomach-pain-after-treatment.pdf", "stomach-pain-after-treatment.epub"):
        with page.expect_download() as download:
            page.get_by_role("link", name=name, exact=True).click()
        download.value.save_as(folder / name)
    # The read-along page plays its narration under its own policy: no violation, no error.
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.get_by_role("link", name="Open the web page with its read-along player").click()
    page.wait_for_url("**/files/stomach-pain-after-treatment/stomach-pain-after-treatment.html")
    audio = page.locator("audio")
    page.wait_for_function("(a) => a.readyState >= 1 && a.duration > 1", arg=audio.element_handle())
    assert problems == []
    context.close()

    article = load_article(source)
    locate = Locator(article)
    pdf = folder / "stomach-pain-after-treatment.pdf"
    assert check_pdf(pdf, article.metadata.language, article.metadata.title, locate) == []
    epub = folder / "stomach-pain-after-treatment.epub"
    assert zipfile.is_zipfile(epub)
    problems = [d for d in check_epub(epub, locate) if d.severity.value == "error"]
    assert problems == []


def test_edits_on_disk_reach_the_page_and_a_stale_save_is_refused(
    server: Server, browser: Any
) -> None:
    path = server.folder / "source" / "lavado-de-manos.md"
    context, page = open_page(browser, f"{server.url}/edit/lavado-de-manos")
    editor = page.locator("#source")
    preview(page).locator(".s").first.wait_for()
    page.locator("#editor[data-watching=true]").wait_for()  # the page follows the folder

    # Edited elsewhere while the page has no unsaved work: the page shows the new text.
    path.write_text(path.read_text() + "\nUna oración nueva del otro editor.\n")
    page.wait_for_function(
        "() => document.getElementById('source').value.includes('del otro editor')",
        timeout=15_000,
    )

    # Unsaved work here, and another edit on disk: nothing is overwritten, both are kept.
    editor.press("Control+End")
    editor.press_sequentially("\nMi cambio sin guardar.\n", delay=1)
    path.write_text(path.read_text() + "\nOtro cambio en el disco.\n")
    page.locator("#conflict").wait_for(state="visible", timeout=15_000)
    assert "Mi cambio sin guardar" in editor.input_value()
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator("#conflict-message", has_text="was not overwritten").wait_for()
    on_disk = path.read_text()
    assert "Otro cambio en el disco" in on_disk and "Mi cambio sin guardar" not in on_disk
    kept = list((server.folder / "source" / ".studio-conflicts").glob("lavado-de-manos-*.md"))
    assert kept and "Mi cambio sin guardar" in kept[0].read_text()
    # The writer chooses: keep their version, knowingly.
    page.get_by_role("button", name="Keep my version and save it").click()
    page.locator("#save-state", has_text=re.compile(r"^Saved")).wait_for()
    assert "Mi cambio sin guardar" in path.read_text()
    context.close()

    # The API refuses a save against a stale base with 409, and keeps the text.
    token = server.csrf()
    body = json.dumps({"text": "stale", "base": "0" * 64}).encode()
    headers = {"Content-Type": "application/json", "X-CSRF-Token": token}
    status, _, data = server.request("POST", "/api/save/lavado-de-manos", body, headers)
    assert status == 409 and json.loads(data)["kept"].startswith("source/.studio-conflicts/")
    assert path.read_text() != "stale"


def test_a_broken_source_shows_its_line_and_keeps_the_preview(server: Server, browser: Any) -> None:
    context, page = open_page(browser, f"{server.url}/edit/handwashing")
    preview(page).locator(".s").first.wait_for()
    editor = page.locator("#source")
    editor.fill(editor.input_value().replace("language: en-US", "language: english!"))
    page.locator("#errors").wait_for(state="visible")
    assert "source/handwashing.md:" in page.locator("#error-list").inner_text()
    assert "BCP 47" in page.locator("#error-list").inner_text()
    assert preview(page).locator(".s").count() > 0
    context.close()


def test_the_new_handout_form_reports_every_problem_on_its_field(
    server: Server, browser: Any
) -> None:
    context, page = open_page(browser, f"{server.url}/new")
    page.get_by_label("Title").fill("")
    page.get_by_label("Language").fill("english")
    page.get_by_label("Date (optional)").fill("")
    page.get_by_role("button", name="Create the handout").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    assert page.get_by_label("Title").get_attribute("aria-invalid") == "true"
    assert "BCP 47" in page.locator("#error-language").inner_text()
    context.close()


# ---------------------------------------------------------------------------- accessibility


def axe(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_studio_page_passes_axe(server: Server, browser: Any, scheme: str) -> None:
    paths = ["/", "/new", "/edit/handwashing", "/published/handwashing"]
    paths.append("/published/stomach-pain-after-treatment")  # published by the test above
    found = {}
    for path in paths:
        context, page = open_page(browser, f"{server.url}{path}", scheme)
        if path.startswith("/edit"):
            preview(page).locator(".s").first.wait_for()
            page.locator("#formulas tr").first.wait_for()
        violations = axe(page)
        found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        context.close()
    context, page = open_page(browser, f"{server.url}/new", scheme)
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Create the handout").click()
    page.locator("#error-summary").wait_for()
    found["/new (errors)"] = [v["id"] for v in axe(page)]
    context.close()
    assert all(not v for v in found.values()), found


def test_the_editor_works_from_the_keyboard(server: Server, browser: Any) -> None:
    context, page = open_page(browser, f"{server.url}/edit/handwashing")
    preview(page).locator(".s").first.wait_for()
    editor = page.locator("#source")
    editor.fill(editor.input_value() + f"\n{HARD}\n")
    marked = preview(page).locator(".pub-mark", has_text="Notwithstanding")
    marked.wait_for(timeout=20_000)
    marked.focus()
    assert "Notwithstanding" in page.locator("#sentence-detail").inner_text()
    marked.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "source"
    # Buttons and checkboxes are at least 24 by 24 CSS pixels (WCAG 2.2 target size).
    for control in page.locator("button:visible, input[type=checkbox]").all():
        box = control.bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24
    # Switching an assessment off removes its marks.
    for box in page.locator(".toggles input").all():
        box.uncheck()
    assert preview(page).locator(".pub-mark").count() == 0
    context.close()


def test_publishing_streams_each_step_and_each_narrated_sentence(server: Server) -> None:
    # Text never narrated before, so no sentence comes from the narration cache.
    import uuid

    unique = uuid.uuid4().hex[:8]
    source = (HANDOUTS / "handwashing.md").read_text()
    source = source.replace("## When to wash", f"Batch {' '.join(unique)}.\n\n## When to wash")
    (server.folder / "source" / "fresh-handout.md").write_text(source)
    token = server.csrf()
    headers = {"Content-Type": "application/json", "X-CSRF-Token": token}
    status, _, body = server.request("POST", "/api/publish/fresh-handout", b"{}", headers)
    assert status == 202
    events_url = json.loads(body)["events"]
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
    connection.request("GET", events_url, headers={"Host": f"127.0.0.1:{server.port}"})
    response = connection.getresponse()
    assert response.getheader("content-type", "").startswith("text/event-stream")
    events = []
    for raw in response:
        line = raw.decode().strip()
        if line.startswith("data: "):
            events.append(json.loads(line[6:]))
            if events[-1]["event"] == "done":
                break
    connection.close()
    steps = [e["what"] for e in events if e["event"] == "step"]
    assert {"html", "pdf", "epub", "audio"} <= set(steps), steps
    # One event per sentence synthesized (sentences heard before come from the cache).
    narrated = [e for e in events if e["event"] == "progress"]
    assert narrated and narrated[-1]["done"] == narrated[-1]["total"] == len(narrated)
    assert [e["done"] for e in narrated] == sorted(e["done"] for e in narrated)
    assert events[-1] == {"event": "done", "code": 0, "outcome": "passed"}, events[-12:]
    page = "/pages/fresh-handout/fresh-handout.pdf"
    status, headers, data = server.request("GET", f"{page}/1.png")
    assert status == 200 and headers["content-type"] == "image/png"
    assert data.startswith(b"\x89PNG")
    assert server.request("GET", f"{page}/99.png")[0] == 404
