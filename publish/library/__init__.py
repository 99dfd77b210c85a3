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
file as it was; a file the library wrote before (as its manifest, `library/manifest.json`,
records) and no longer makes is removed, and no other file is ever touched.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Any

from publish.batch import Batch, summarize, write_atomically
from publish.library.entries import Entry, collect, offered
from publish.library.shelf import FOLDER, SEARCH, STATE, Shelf
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
        _check_names(found)
        _check_identifiers(found)
        previous = _previous(out_dir)
        if not found:
            self.notes.append("library: no article was built, so the library is left as it was")
            return []
        shelf = _shelf(found, options)
        if not shelf.base_url:
            self.notes.append(
                "library: wrote the index only; the catalogs, the podcast feed and the sitemap "
                "need absolute links: give --base-url URL (or base_url in publish.toml)"
            )
        self.notes += _dropped(previous, found, shelf, out_dir)
        key = _key(shelf, batch)
        if previous.get("key") == key and all(
            (out_dir / name).is_file() for name in previous.get("files", [])
        ):
            return []  # nothing it is made from changed, and every file it made is there
        files = self.files(shelf, batch, out_dir)
        files[STATE] = _state(key, files, shelf)
        return _sync(out_dir, files, previous.get("files", []))

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
            pages = [n for n in files if n.startswith("index") and n.endswith(".html")]
            files |= sitemap.files(shelf, pages)
        return files


def _shelf(found: list[Entry], options: BuildOptions) -> Shelf:
    languages = Counter(e.language for e in found)
    publishers = Counter(e.publisher for e in found if e.publisher)
    language = min(languages, key=lambda tag: (-languages[tag], tag)) if languages else "en"
    publisher = min(publishers, key=lambda p: (-publishers[p], p)) if publishers else ""
    return Shelf(
        tuple(found),
        options.library_title or options.brand.name or publisher or "Library",
        options.base_url,
        language,
        publisher,
        options.brand,
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


def _previous(out_dir: Path) -> dict[str, Any]:
    """What the last library recorded (library/manifest.json), or {} when there is none."""
    import json

    try:
        state = json.loads((out_dir / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _dropped(
    previous: dict[str, Any], found: list[Entry], shelf: Shelf, out_dir: Path
) -> list[str]:
    """Lines naming what the last library held that this one will not: articles whose
    folders are still there but which this build did not include, and the feeds, when there
    is no base URL now. Readers' apps drop what a feed drops."""
    notes = []
    listed = {e.slug for e in found}
    missing = [
        slug
        for slug in previous.get("articles", [])
        if slug not in listed and (out_dir / slug).is_dir()
    ]
    if missing:
        shown = ", ".join(missing[:5]) + (
            f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        )
        notes.append(
            f"library: {len(missing)} article(s) in the last library are not in this build and "
            f"leave it: {shown}; build every source together to keep them"
        )
    feeds = [n for n in previous.get("files", []) if n.startswith(("catalog", "podcast"))]
    if feeds and not shelf.base_url:
        notes.append(
            "library: the catalogs and podcast feeds of the last library are removed, since "
            "this build has no base URL"
        )
    return notes


def _state(key: str, files: dict[str, bytes | None], shelf: Shelf) -> bytes:
    import json

    made = {
        "schema": "publish-library/1",
        "key": key,
        "articles": [e.slug for e in shelf.entries],
        "files": sorted([*files, STATE]),
    }
    return (json.dumps(made, indent=0) + "\n").encode()


def _check_identifiers(found: list[Entry]) -> None:
    """Two articles with one identifier would be one book to every catalog and app."""
    from publish.diagnostics import error
    from publish.errors import SourceError

    seen: dict[str, Entry] = {}
    problems = []
    for entry in found:
        first = seen.setdefault(entry.identifier.casefold(), entry)  # DOIs, URNs: any case
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


def _check_names(found: list[Entry]) -> None:
    """An article whose folder would be one of the library's own folders."""
    from publish.diagnostics import error
    from publish.errors import SourceError

    problems = [
        error(
            "library-reserved-name",
            f"this article would be written into {e.slug}/, which the library uses for its "
            f"own files; rename the source (for example to {e.slug}-handout.md)",
            e.source,
            1,
        )
        for e in found
        if e.slug in (FOLDER, SEARCH)
    ]
    if problems:
        raise SourceError("an article's name is taken by the library", problems)


def _sync(out_dir: Path, files: dict[str, bytes | None], before: list[str]) -> list[Path]:
    """Write each file whose bytes differ, the manifest last (so a build stopped half-way is
    never taken for a finished one); remove the files the last library made (and only
    those: `before`, from its manifest) that this one does not. Returns the files written."""
    written = []
    for name, data in sorted(files.items(), key=lambda item: (item[0] == STATE, item[0])):
        path = out_dir / name
        if data is None:
            continue
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            pass
        written.append(write_atomically(path, data))
        for parent in path.relative_to(out_dir).parents:  # whatever the umask said
            (out_dir / parent).chmod(0o755)
    for name in before:
        if name not in files and ".." not in name.split("/"):
            (out_dir / name).unlink(missing_ok=True)
    for folder in (out_dir / FOLDER, out_dir / SEARCH):
        if folder.is_dir():
            for sub in sorted(folder.rglob("*"), reverse=True):
                if sub.is_dir() and not any(sub.iterdir()):
                    sub.rmdir()
    return written
