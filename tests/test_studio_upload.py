"""The studio's doors: a Word document imported from the browser (a real .docx, a hostile one,
one too large), request bodies counted as they stream (chunked ones too), and the access token
of `--host 0.0.0.0` that works once, printed with an address another machine can open."""

from __future__ import annotations

import html
import http.client
import ipaddress
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import docx_fixtures as word
import pytest
from test_import_container import with_part
from test_studio import HANDOUTS, Server, axe, free_port, open_page, start, stop

from publish.imports import container

pytestmark = pytest.mark.browser
MiB = 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("studio-upload")
    (folder / "source").mkdir()
    for path in HANDOUTS.iterdir():
        shutil.copy(path, folder / "source" / path.name)
    process, port = start(folder)
    yield Server(f"http://127.0.0.1:{port}", port, folder, process)
    stop(process)


@pytest.fixture(scope="module")
def words(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of Word documents: a handout with a tracked change (a line in the report)."""
    folder = tmp_path_factory.mktemp("words")
    word.everything(folder / "everything.docx")
    word.handout(folder / "handout.docx")
    return folder


def multipart(token: str | None, name: str, data: bytes) -> tuple[bytes, str]:
    """A form as a browser sends it: the CSRF field, then the file."""
    boundary = uuid.uuid4().hex
    parts = []
    if token is not None:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{token}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: {DOCX}\r\n\r\n".encode()
    )
    body = b"".join([*parts, data, f"\r\n--{boundary}--\r\n".encode()])
    return body, f"multipart/form-data; boundary={boundary}"


def upload(server: Server, name: str, data: bytes, token: str | None = "") -> tuple[int, str]:
    body, kind = multipart(server.csrf() if token == "" else token, name, data)
    status, _, page = server.request("POST", "/import", body, {"Content-Type": kind})
    return status, page.decode()


def main_of(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def chunked(port: int, path: str, headers: dict[str, str], parts: Iterator[bytes]) -> Any:
    """A request whose body has no Content-Length: sent in chunks, as a stream is."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    sent = {"Host": f"127.0.0.1:{port}"} | headers
    connection.request("POST", path, body=parts, headers=sent, encode_chunked=True)
    response = connection.getresponse()
    response.data = response.read()
    connection.close()
    return response


def command_line_says(folder: Path, name: str, data: bytes) -> str:
    """What `publish import NAME` prints for this file, run where the file is."""
    (folder / name).write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-m", "publish", "import", name, "--out", "out"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert not (folder / "out").exists()
    return done.stderr.strip()


# ------------------------------------------------------------------------------ upload


def test_a_word_document_becomes_a_handout_with_its_report(server: Server, words: Path) -> None:
    status, page = upload(server, "everything.docx", (words / "everything.docx").read_bytes())
    assert status == 200, main_of(page)
    source = server.folder / "source" / "everything.md"
    assert source.is_file() and "Take your tablets with food." in source.read_text()
    shown = main_of(page)
    # Each thing that did not come through, with its paragraph, as the command line says it.
    report = re.findall(r"<li>(.*?)</li>", shown[shown.index('id="import-report"') :])
    assert any(line.startswith("paragraph 16 (") and "tracked change" in line for line in report), (
        report
    )
    assert '<a class="button button-primary" id="open-editor" href="/edit/everything">' in shown
    assert server.request("GET", "/edit/everything")[0] == 200
    assert "/tmp" not in shown and "publish-import-" not in shown  # no temporary path shown


def test_a_name_already_taken_is_refused_and_nothing_is_replaced(
    server: Server, words: Path
) -> None:
    data = (words / "handout.docx").read_bytes()
    assert upload(server, "Taken name.docx", data)[0] == 200
    source = server.folder / "source" / "taken-name.md"
    source.write_text(source.read_text() + "\nThe nurse's own edit.\n")
    before = listing(server.folder)
    status, page = upload(server, "Taken name.docx", data)
    assert status == 409
    assert "already a handout with that name" in page and 'href="/edit/taken-name"' in page
    assert "--force" not in page  # the studio never replaces a handout
    assert "The nurse's own edit." in source.read_text()
    assert listing(server.folder) == before


def test_a_folder_in_the_uploaded_name_is_dropped(server: Server, words: Path) -> None:
    data = (words / "handout.docx").read_bytes()
    status, _ = upload(server, "..\\..\\../../Escape attempt.docx", data)
    assert status == 200
    assert (server.folder / "source" / "escape-attempt.md").is_file()
    assert not (server.folder / "escape-attempt.md").exists()


def test_a_file_that_is_not_a_docx_gets_the_command_lines_refusal(
    server: Server, tmp_path: Path
) -> None:
    before = listing(server.folder)
    for name, data in [
        ("notes.docx", b"These are my notes, typed in a text editor.\n"),
        ("archive.docx", _zip_without_a_document(tmp_path / "archive.zip")),
    ]:
        said = command_line_says(tmp_path, name, data)
        assert said.count("\n") == 0 and said.startswith(f"{name}: "), said
        status, page = upload(server, name, data)
        assert status == 422, main_of(page)
        assert f'<p class="problem" id="import-refusal">{html.escape(said)}</p>' in page
        assert "Traceback" not in page
    assert listing(server.folder) == before


def _zip_without_a_document(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    return path.read_bytes()


def test_a_zip_bomb_gets_the_command_lines_refusal_and_writes_nothing(
    server: Server, words: Path, tmp_path: Path
) -> None:
    """The lying-header bomb of tests/test_import_container.py: 3 MB that inflates past the
    safe reader's limit while its headers say 4 KB."""
    rng = random.Random(27)
    body = b"".join(rng.randbytes(4) + bytes(796) for _ in range(50))
    size = container.MAX_UNPACKED + 16 * MiB
    bomb = with_part(
        tmp_path / "scan.docx", words / "handout.docx", "word/media/scan.tiff", size, 4096, body
    )
    data = bomb.read_bytes()
    (tmp_path / "run").mkdir()
    said = command_line_says(tmp_path / "run", "scan.docx", data)
    assert "zip bomb" in said
    before = listing(server.folder)
    status, page = upload(server, "scan.docx", data)
    assert status == 422
    assert f'<p class="problem" id="import-refusal">{html.escape(said)}</p>' in page
    assert listing(server.folder) == before


def test_an_upload_without_the_csrf_token_is_refused(server: Server, words: Path) -> None:
    before = listing(server.folder)
    data = (words / "handout.docx").read_bytes()
    assert upload(server, "forged.docx", data, token=None)[0] == 403
    assert upload(server, "forged.docx", data, token="forged")[0] == 403
    body, kind = multipart(server.csrf(), "forged.docx", data)
    other_site = {"Content-Type": kind, "Origin": "http://attacker.example"}
    assert server.request("POST", "/import", body, other_site)[0] == 403
    assert listing(server.folder) == before


# ------------------------------------------------------------------------------- limits


def test_an_upload_over_the_limit_gets_413(server: Server) -> None:
    before = listing(server.folder)
    big = bytes(33 * MiB)  # the limit is 32 MiB
    status, page = upload(server, "big.docx", big)
    assert status == 413 and "too large" in page and "Traceback" not in page
    body, kind = multipart(server.csrf(), "big.docx", big)

    def parts() -> Iterator[bytes]:
        for start_at in range(0, len(body), MiB):
            yield body[start_at : start_at + MiB]

    response = chunked(server.port, "/import", {"Content-Type": kind}, parts())
    assert response.status == 413 and b"too large" in response.data
    assert listing(server.folder) == before


def test_a_chunked_body_over_the_limit_gets_413_and_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    shutil.copy(HANDOUTS / "handwashing.md", tmp_path / "source")
    process, port = start(tmp_path)
    studio = Server(f"http://127.0.0.1:{port}", port, tmp_path, process)
    try:
        headers = {"Content-Type": "application/json", "X-CSRF-Token": studio.csrf()}

        def seven_mib() -> Iterator[bytes]:
            yield b'{"base": "x", "text": "'
            for _ in range(7 * 16):
                yield b"a" * (64 * 1024)
            yield b'"}'

        for path in ("/api/save/handwashing", "/api/feedback/handwashing"):
            response = chunked(port, path, headers, seven_mib())
            assert response.status == 413, (path, response.status, response.data[:200])
            assert b"limited to" in response.data
        # The studio goes on answering, on a new connection.
        assert studio.request("GET", "/")[0] == 200
        assert (tmp_path / "source" / "handwashing.md").read_text() == (
            HANDOUTS / "handwashing.md"
        ).read_text()
    finally:
        err = stop(process)
    assert "Traceback" not in err and "Exception" not in err, err


# -------------------------------------------------------------------------------- token


def test_the_access_token_works_once_at_an_address_another_machine_can_open(
    tmp_path: Path,
) -> None:
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
        while "Press Ctrl+C" not in printed:
            line = process.stderr.readline().decode()
            assert line, f"the studio stopped: {printed}"
            printed += line
        address = re.search(r"http://\S+\?token=\S+", printed)
        assert address, printed
        url = urlsplit(address.group(0))
        assert url.hostname not in ("0.0.0.0", "::", "127.0.0.1", "localhost"), printed
        token = url.query.removeprefix("token=")
        if url.hostname == "<this machine's address>":  # no network: it says how to find it
            assert "find it" in printed and "ipconfig" in printed
            host = "127.0.0.1"
        else:  # an address of this machine, which it answers on
            assert not ipaddress.ip_address(url.hostname or "").is_unspecified
            host = url.hostname or ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex((host, port)) == 0:
                    break
            time.sleep(0.2)

        def get(path: str, cookie: str = "") -> tuple[int, dict[str, str], bytes]:
            connection = http.client.HTTPConnection(host, port, timeout=30)
            connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = connection.getresponse()
            data = response.read()
            connection.close()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data

        assert get("/")[0] == 401
        status, headers, _ = get(f"/?token={token}")
        assert status == 303 and headers["location"] == "/"
        cookie = headers["set-cookie"].split(";")[0]
        assert "HttpOnly" in headers["set-cookie"] and token not in cookie
        assert get("/", cookie)[0] == 200
        # The same address again, from another browser: refused, and it says why.
        status, _, body = get(f"/?token={token}")
        assert status == 403
        assert b"works only once" in body and b"start it again" in body
        assert get(f"/?token={token}&again=1")[0] == 403
        assert get("/", f"publish-studio={token}")[0] == 401  # the token is not a cookie
        assert get(f"/edit/x?token={token}", cookie)[0] == 303  # the signed-in browser goes on
        assert get("/", cookie)[0] == 200
    finally:
        process.terminate()
        process.communicate(timeout=20)


# ------------------------------------------------------------------------------ browser


def test_a_word_document_becomes_a_handout_from_the_browser_alone(
    server: Server, browser: Any, words: Path, tmp_path: Path
) -> None:
    document = tmp_path / "Wash your hands.docx"
    shutil.copy(words / "handout.docx", document)
    context, page = open_page(browser, server.url)
    page.get_by_label("Word document (.docx)").set_input_files(document)
    page.get_by_role("button", name="Import the document").click()
    page.wait_for_url("**/import")
    assert "Imported" in page.locator("h1").inner_text()
    page.get_by_role("link", name="Open it in the editor").click()
    page.wait_for_url("**/edit/wash-your-hands")
    page.frame_locator("#preview").locator(".s").first.wait_for()
    assert "title:" in page.locator("#source").input_value()
    context.close()
    assert (server.folder / "source" / "wash-your-hands.md").is_file()


def test_the_form_says_it_is_importing_while_the_server_works(
    server: Server, browser: Any, words: Path, tmp_path: Path
) -> None:
    document = tmp_path / "Slow import.docx"
    shutil.copy(words / "handout.docx", document)
    context, page = open_page(browser, server.url)
    page.get_by_label("Word document (.docx)").set_input_files(document)
    # The page as it is the moment the form is sent (the submit handler has run; the
    # navigation to the report comes later).
    shown = page.evaluate(
        """() => {
            const button = document.getElementById('import-button');
            button.click();
            const state = document.getElementById('import-state');
            return [state.textContent, state.querySelectorAll('progress').length,
                    state.getAttribute('role'), button.getAttribute('aria-disabled')];
        }"""
    )
    assert shown[0].startswith("Importing Slow import.docx"), shown
    assert shown[1:] == [1, "status", "true"], shown
    page.wait_for_url("**/import")
    assert "Imported" in page.locator("h1").inner_text()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_import_page_passes_axe(
    server: Server, browser: Any, words: Path, tmp_path: Path, scheme: str
) -> None:
    notes = tmp_path / f"Report {scheme}.docx"
    shutil.copy(words / "everything.docx", notes)
    text = tmp_path / "notes.docx"
    text.write_text("These are my notes.\n")
    big = tmp_path / "big.docx"
    big.write_bytes(bytes(33 * MiB))
    found: dict[str, Any] = {}

    def submit(state: str, document: Path | None, prepare: str = "") -> None:
        context, page = open_page(browser, server.url, scheme)
        if prepare:
            page.evaluate(prepare)
        if document is not None:
            page.get_by_label("Word document (.docx)").set_input_files(document)
        page.get_by_role("button", name="Import the document").click()
        page.wait_for_url("**/import")
        page.locator("h1").wait_for()
        found[state] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in axe(page)]
        found[state + " heading"] = page.locator("h1").inner_text()
        context.close()

    context, page = open_page(browser, server.url, scheme)
    found["library"] = [v["id"] for v in axe(page)]
    context.close()
    submit("imported", notes)
    submit("name taken", notes)
    submit("refused", text)
    no_check = "document.getElementById('import-form').dataset.limit = ''"
    submit("too large", big, no_check)
    submit("no file", None, "document.getElementById('import-file').required = false")
    assert found["imported heading"].startswith("Imported")
    assert found["name taken heading"].startswith("Not imported: the name is taken")
    assert found["refused heading"].startswith("Could not import")
    assert found["too large heading"] == "The file is too large"
    assert found["no file heading"] == "No Word document was sent"
    assert all(not v for k, v in found.items() if not k.endswith("heading")), found


def test_a_file_over_the_limit_is_refused_before_it_is_sent(
    server: Server, browser: Any, tmp_path: Path
) -> None:
    big = tmp_path / "big.docx"
    big.write_bytes(bytes(33 * MiB))
    context, page = open_page(browser, server.url)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if r.method == "POST" else None)
    page.get_by_label("Word document (.docx)").set_input_files(big)
    page.get_by_role("button", name="Import the document").click()
    state = page.locator("#import-state")
    state.get_by_text("larger than 32 MB").wait_for()
    assert requests == [] and page.url.rstrip("/") == server.url
    context.close()
