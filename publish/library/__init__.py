"""`--library`: one site, e-book catalogs and a podcast for every article of a batch.

Made once after the articles by a finisher (publish/batch.py), from what each article left
in its summary, into the output folder beside the article folders:

- `index.html` (and its further pages and filtered pages): a card per article with its
  formats, filters that work without JavaScript, and full-text search (Pagefind) in
  `pagefind/`;
- `catalog.xml` (OPDS 1.2) and `catalog.json` (OPDS 2.0), `podcast.xml` (and one feed per
  language when there are several) and `sitemap.xml`: these need absolute addresses, so they
  are written only with a base URL;
- `library/`: the covers, their thumbnails, the podcast's image and each narration's chapters
  (JSON chapters).

Each file is written only when its bytes change, so a rebuild with nothing new leaves every
file as it was; a file the library wrote before and no longer makes is removed.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

from publish.batch import Batch, summarize, write_atomically
from publish.library.entries import Entry, collect, offered
from publish.library.shelf import FOLDER, OWNED_PATTERNS, SEARCH, STATE, Shelf
from publish.settings import BuildOptions

log = logging.getLogger(__name__)


class LibraryFinisher:
    name = "library"
    help = "the library: index.html, OPDS catalogs, podcast feed and sitemap (--library)"
    partial = True  # an article that failed is left out, and said so

    def __init__(self) -> None:
        self.notes: list[str] = []

    def wanted(self, options: BuildOptions) -> bool:
        return options.library

    def finish(self, batch: Batch, out_dir: Path) -> list[Path]:
        from publish import registry
        from publish.templates import environment

        options = batch.options
        for item in batch.articles:
            if item.error is not None:
                self.notes.append(
                    f"library: {item.source} is left out, since its build failed (above)"
                )
        for item in batch.done:
            if not item.files and item.slug:  # `check --no-build`: what is on disk
                summarize(item, out_dir / item.slug)
        env = environment(options.templates)
        writers = [registry.load(registry.FORMATS, n)(options, env) for n in options.formats]
        found = collect(batch.articles, offered(writers, options.press))
        _check_identifiers(found)
        shelf = _shelf(found, options)
        if not shelf.base_url:
            self.notes.append(
                "library: wrote the index only; the catalogs, the podcast feed and the sitemap "
                "need absolute links: give --base-url URL (or base_url in publish.toml)"
            )
        key = _key(shelf, batch)
        if _current(out_dir, key):
            return []  # nothing it is made from changed, and every file it made is there
        files = self.files(shelf, batch, out_dir)
        files[STATE] = _state(key, files)
        return _sync(out_dir, files)

    def files(self, shelf: Shelf, batch: Batch, out_dir: Path) -> dict[str, bytes | None]:
        """Every library file, by its path in the output folder: its bytes, or None for a
        file that is current and kept as it is (an unchanged article's cover)."""
        from publish.library import covers, site

        shelf, made = covers.add(shelf, out_dir, batch.changed)
        files = dict(made)
        files |= site.files(shelf, batch.options)
        if shelf.base_url:
            from publish.library import catalog, podcast, sitemap

            files |= catalog.files(shelf)
            files |= podcast.files(shelf, out_dir)
            files |= sitemap.files(shelf)
        return files


def _shelf(found: list[Entry], options: BuildOptions) -> Shelf:
    languages = Counter(e.language for e in found)
    publishers = Counter(e.publisher for e in found if e.publisher)
    language = min(languages, key=lambda tag: (-languages[tag], tag)) if languages else "en"
    publisher = min(publishers, key=lambda p: (-publishers[p], p)) if publishers else ""
    return Shelf(
        tuple(found),
        options.library_title or publisher or "Library",
        options.base_url,
        language,
        publisher,
    )


def _key(shelf: Shelf, batch: Batch) -> str:
    """A digest of everything the library is made from: publish's version and the library's
    code, the templates, the shelf, and every article file's digest (a changed e-book has a
    new cover though its entry reads the same)."""
    import hashlib

    from publish.templates import default_templates_dir
    from publish.version import __version__

    digest = hashlib.sha256(__version__.encode())
    code = sorted(Path(__file__).parent.glob("*.py"))
    for root in (batch.options.templates, default_templates_dir()):
        if root is not None and root.is_dir():
            code += sorted(p for p in root.rglob("*") if p.is_file())
    for path in code:
        digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(repr(shelf).encode())
    for item in batch.done:
        digest.update("".join(f"{item.slug}/{f.name}:{f.digest}\n" for f in item.files).encode())
    return digest.hexdigest()


def _current(out_dir: Path, key: str) -> bool:
    import json

    try:
        state = json.loads((out_dir / STATE).read_text(encoding="utf-8"))
        return bool(
            state["key"] == key and all((out_dir / name).is_file() for name in state["files"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _state(key: str, files: dict[str, bytes | None]) -> bytes:
    import json

    made = {"schema": "publish-library/1", "key": key, "files": sorted([*files, STATE])}
    return (json.dumps(made, indent=0) + "\n").encode()


def _check_identifiers(found: list[Entry]) -> None:
    """Two articles with one identifier would be one book to every catalog and app."""
    from publish.diagnostics import error
    from publish.errors import SourceError

    seen: dict[str, Entry] = {}
    problems = []
    for entry in found:
        first = seen.setdefault(entry.identifier, entry)
        if first is not entry:
            problems.append(
                error(
                    "library-duplicate-identifier",
                    f"{entry.source} and {first.source} have the same identifier "
                    f"'{entry.identifier}'; give each its own 'identifier' in the front matter",
                    entry.source,
                    1,
                )
            )
    if problems:
        raise SourceError("two articles share an identifier", problems)


def _sync(out_dir: Path, files: dict[str, bytes | None]) -> list[Path]:
    """Write each file whose bytes differ; remove the library's files it no longer makes.
    Returns the files written."""
    written = []
    for name, data in sorted(files.items()):
        path = out_dir / name
        if data is None:
            continue
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            pass
        written.append(write_atomically(path, data))
    keep = {out_dir / name for name in files}
    stale = [p for pattern in OWNED_PATTERNS for p in out_dir.glob(pattern)]
    for folder in (out_dir / FOLDER, out_dir / SEARCH):
        if folder.is_dir():
            stale += [p for p in folder.rglob("*") if p.is_file()]
    for path in stale:
        if path not in keep:
            path.unlink()
    for folder in (out_dir / FOLDER, out_dir / SEARCH):
        if folder.is_dir():
            for sub in sorted(folder.rglob("*"), reverse=True):
                if sub.is_dir() and not any(sub.iterdir()):
                    sub.rmdir()
            folder.chmod(0o755)
    return written
