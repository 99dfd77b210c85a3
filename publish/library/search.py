"""Full-text search for the library page: a Pagefind index of every article's page, in
`pagefind/`, that any static web server can serve (the search runs in the reader's browser).

Pagefind keeps one index per language, each with its own stemming and word breaking (Chinese
and Japanese are segmented only in their own index), and the browser loads the index of the
page's `lang`. One forced language would stem Spanish with English rules and leave Chinese
unsegmented, so each article is added in its own language, and the library page's script
merges every other language's index into its search (Pagefind's `mergeIndex` with
`language`): one query reaches every article, each read by its own language's rules.

Each article is added as a record of its main text (without the player's controls, the
contents list or the footer), its title and its language, so a result names its language
and the index does not carry each page's embedded images. Indexing is deterministic, and
skipped when no article page changed: the index then stays as it is, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment

# One article's words as Pagefind reads them: its language, its title as metadata (an empty
# element, so the title is not counted twice), and the words.
RECORD = """<!doctype html><html lang="{{ entry.language.lower() }}"><head><meta charset="utf-8">
<title>{{ entry.title }}</title></head><body data-pagefind-body>
<span data-pagefind-meta="title[data-value]" data-value="{{ entry.title }}"></span>
<span data-pagefind-meta="lang[data-value]" data-value="{{ entry.language }}"></span>
<p>{{ text }}</p></body></html>
"""

if TYPE_CHECKING:
    from publish.library.entries import Entry
    from publish.library.shelf import Shelf

ENTRY = "pagefind-entry.json"
STAMP = "publish-index.json"  # in pagefind/: what the index was made from
SKIPPED = ("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui", "pagefind-highlight")
# What is not the article's text: the read-along controls, the lists of links, the chrome.
LEFT_OUT = (
    "//script|//style|//nav|//*[@class='listen']|//*[@class='skip-link']"
    "|//*[contains(concat(' ', @class, ' '), ' backlink ')]"
)
BLOCKS = (
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "div", "section",
    "figcaption", "blockquote", "pre", "header", "footer", "caption", "tr",
)  # fmt: skip


def languages(shelf: Shelf) -> list[str]:
    """The index's languages, as Pagefind names them (lower case): the script merges each."""
    return sorted({e.language.lower() for e in _indexed(shelf, None)})


def files(shelf: Shelf, out_dir: Path) -> dict[str, bytes | None]:
    """The index's files under pagefind/: new bytes when an article page changed since the
    index was made, else None for each (kept as it is)."""
    from publish.library.shelf import SEARCH

    pages = _indexed(shelf, out_dir)
    stamp = _stamp(pages, out_dir)
    folder = out_dir / SEARCH
    try:
        current = (folder / STAMP).read_bytes() == stamp
    except OSError:
        current = False
    if not pages:
        return {}  # nothing to search: no index (the page's search then finds nothing)
    if current:
        return {p.relative_to(out_dir).as_posix(): None for p in folder.rglob("*") if p.is_file()}
    made = _index(pages, out_dir)
    made = {f"{SEARCH}/{name}": data for name, data in made.items()}
    made[f"{SEARCH}/{STAMP}"] = stamp
    return dict(made)


def _indexed(shelf: Shelf, out_dir: Path | None) -> list[Entry]:
    """The entries whose page is indexed: those with a page (that exists, given the folder)."""
    return [
        e
        for e in shelf.entries
        if e.download("page") and (out_dir is None or (out_dir / e.page).is_file())
    ]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _stamp(pages: list[Entry], out_dir: Path) -> bytes:
    """What the index depends on: Pagefind's version, this module, and each page (its
    address, title, language and its file's digest: the same bytes in every build)."""
    from importlib.metadata import version

    rows = []
    for e in pages:
        page = e.download("page")
        digest = page.digest if page is not None and page.digest else _digest(out_dir / e.page)
        rows.append([e.page, e.title, e.language, digest])
    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    data = {"pagefind": version("pagefind-bin-extended"), "indexer": source, "pages": rows}
    return json.dumps(data, ensure_ascii=False, indent=0).encode() + b"\n"


def _index(pages: list[Entry], out_dir: Path) -> dict[str, bytes]:
    """Pagefind's bundle for the pages, by its path in pagefind/. Each page's words go into a
    small page of their own in a temporary site, in the article's language and at its path,
    and Pagefind's command indexes that site in one run (its Python API's service answers
    one record at a time, about 0.1 s each)."""
    import subprocess

    from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]

    from publish.errors import EngineError

    env = Environment(autoescape=True)
    page = env.from_string(RECORD)
    with tempfile.TemporaryDirectory(prefix="publish-pagefind-") as temporary:
        site = Path(temporary) / "site"
        for entry in pages:
            record = site / entry.page
            record.parent.mkdir(parents=True, exist_ok=True)
            record.write_text(
                page.render(entry=entry, text=_text(out_dir / entry.page)), encoding="utf-8"
            )
        target = Path(temporary) / "bundle"
        done = subprocess.run(
            [str(get_executable()), "--site", str(site), "--output-path", str(target)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise EngineError(
                f"the search index could not be made (Pagefind): {done.stderr[-500:]}"
            )
        made = {
            p.relative_to(target).as_posix(): p.read_bytes()
            for p in sorted(target.rglob("*"))
            if p.is_file() and not p.name.startswith(SKIPPED)
        }
    made[ENTRY] = _sorted_entry(made[ENTRY])
    return made


def _sorted_entry(data: bytes) -> bytes:
    """Pagefind's entry file with its languages in order: Pagefind writes them in a hash
    map's order, which differs from run to run (the only part of its bundle that does)."""
    entry = json.loads(data)
    entry["languages"] = dict(sorted(entry["languages"].items()))
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()


def _text(page: Path) -> str:
    """The words of an article page's main content, a space between blocks."""
    from lxml import html

    tree = html.parse(str(page))
    for element in tree.xpath(LEFT_OUT):
        element.drop_tree()
    for element in tree.iter(*BLOCKS):
        element.tail = " " + (element.tail or "")
    found = tree.xpath("//main")
    root = found[0] if found else tree.getroot()
    return " ".join(root.text_content().split())
