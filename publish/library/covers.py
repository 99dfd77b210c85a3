"""The catalogs' covers and thumbnails, taken out of each article's own e-book (so they are
the cover a reader's app shows), once: an article not made again keeps the ones it has."""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from publish.library.shelf import Shelf

THUMBNAIL = (240, 384)  # the largest a thumbnail may be, keeping the cover's shape
OPF = "urn:oasis:names:tc:opendocument:xmlns:container"
PACKAGE = "http://www.idpf.org/2007/opf"


def add(
    shelf: Shelf, out_dir: Path, changed: frozenset[str]
) -> tuple[Shelf, dict[str, bytes | None]]:
    """The shelf with each e-book's cover and thumbnail named, and the files: new bytes for
    an article made this time (or missing its cover), None (keep) for the others."""
    from publish.library.shelf import FOLDER

    files: dict[str, bytes | None] = {}
    found = []
    for entry in shelf.entries:
        epub = entry.download("epub")
        if epub is None:
            found.append(entry)
            continue
        cover, thumbnail = (
            f"{FOLDER}/covers/{entry.slug}.png",
            f"{FOLDER}/covers/{entry.slug}-thumb.png",
        )
        current = (out_dir / cover).is_file() and (out_dir / thumbnail).is_file()
        if current and entry.slug not in changed:
            files[cover] = files[thumbnail] = None
        else:
            made = _cover(out_dir / epub.href)
            if made is None:
                found.append(entry)
                continue
            files[cover], files[thumbnail] = made
        found.append(replace(entry, cover=cover, thumbnail=thumbnail))
    return replace(shelf, entries=tuple(found)), files


def _cover(epub: Path) -> tuple[bytes, bytes] | None:
    """The e-book's cover image as PNG and its thumbnail; None when it has none."""
    from PIL import Image

    try:
        with zipfile.ZipFile(epub) as archive:
            container = etree.fromstring(archive.read("META-INF/container.xml"))
            rootfile = container.find(f".//{{{OPF}}}rootfile")
            if rootfile is None:
                return None
            opf_name = rootfile.get("full-path", "")
            package = etree.fromstring(archive.read(opf_name))
            for item in package.iter(f"{{{PACKAGE}}}item"):
                if "cover-image" in (item.get("properties") or "").split():
                    href = posixpath.join(posixpath.dirname(opf_name), item.get("href", ""))
                    data = archive.read(posixpath.normpath(href))
                    break
            else:
                return None
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return None
    with Image.open(io.BytesIO(data)) as opened:
        image = opened.convert("RGB")
        cover = io.BytesIO()
        image.save(cover, format="PNG", optimize=True)
        image.thumbnail(THUMBNAIL)
        small = io.BytesIO()
        image.save(small, format="PNG", optimize=True)
    return cover.getvalue(), small.getvalue()
