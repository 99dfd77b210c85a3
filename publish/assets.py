"""Files an article refers to (images), read only from inside its source folder."""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path

from publish.diagnostics import error
from publish.errors import SourceError

IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"}
MAX_IMAGE_BYTES = 10 * 1024 * 1024


def read_image(source: Path, src: str) -> tuple[bytes, str]:
    """The bytes and MIME type of an image named relative to the source file's folder."""
    folder = source.parent.resolve()
    path = (folder / src).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        raise SourceError("image", [error("image-outside", f"the image '{src}' is not a file inside "
                                          "the source folder", str(source))])
    mime = mimetypes.guess_type(path.name)[0] or ""
    if mime not in IMAGE_TYPES:
        raise SourceError("image", [error("image-type", f"the image '{src}' is not PNG, JPEG, GIF, "
                                          "WebP or SVG", str(source))])
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        raise SourceError("image", [error("image-too-large", f"the image '{src}' is {size:,} bytes, "
                                          f"over the limit of {MAX_IMAGE_BYTES:,}; make it smaller",
                                          str(source))])
    return path.read_bytes(), mime


def data_url(source: Path, src: str) -> str:
    data, mime = read_image(source, src)
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
