"""The OPDS catalogs, both versions, from one `Catalog` (publish.library.opds)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from publish.library import opds, opds1, opds2

if TYPE_CHECKING:
    from publish.library.shelf import Shelf


def files(shelf: Shelf) -> dict[str, bytes | None]:
    """Every page of both catalogs, by file name."""
    made = opds.build(shelf)
    return opds1.files(made) | opds2.files(made)
