"""Files an article refers to (images): from inside its source folder, or fetched with --allow-remote."""

from __future__ import annotations

import base64
import mimetypes
import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from publish.diagnostics import error
from publish.errors import SourceError
from publish.limits import Limits

IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"}


@dataclass(frozen=True)
class CoverImage:
    """The cover every format uses: the author's image (`cover:`), else one made from the title."""

    data: bytes
    media_type: str  # image/png or image/jpeg
    generated: bool

    @property
    def suffix(self) -> str:
        return ".jpg" if self.media_type == "image/jpeg" else ".png"


def cover_suffix(name: str) -> str:
    """The suffix the cover has in the outputs: the author's JPEG's, else PNG's."""
    return ".jpg" if name.lower().endswith((".jpg", ".jpeg")) else ".png"


def image_pixels(path: Path) -> int | None:
    """Width x height from the file's header (decompression bombs are never decoded)."""
    if path.suffix.lower() == ".svg":
        return 0
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # a big picture is reported as ours, not Pillow's
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except Image.DecompressionBombError as exc:  # Pillow refuses it outright; report its size
        found = re.search(r"\((\d+) pixels\)", str(exc))
        return int(found.group(1)) if found else sys.maxsize
    except (OSError, UnidentifiedImageError):
        return None
    return int(width) * int(height)


def _fetch(url: str, source: Path, limits: Limits) -> tuple[bytes, str]:
    import urllib.error  # only with --allow-remote: ssl and http cost 15 ms at start-up
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "publish"})
    try:
        with urllib.request.urlopen(request, timeout=limits.fetch_seconds) as response:
            data = response.read(limits.image_bytes + 1)
            mime = response.headers.get_content_type()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SourceError(
            "fetch",
            [error("image-fetch", f"could not fetch the image {url}: {reason}", str(source))],
        ) from None
    if len(data) > limits.image_bytes:
        raise SourceError(
            "fetch",
            [
                error(
                    "limit-image-bytes",
                    limits.exceeded(
                        "image_bytes", len(data), f"the image {url} in bytes (at least)"
                    ),
                    str(source),
                )
            ],
        )
    return data, mime


def read_image(source: Path, src: str, limits: Limits | None = None) -> tuple[bytes, str]:
    """The bytes and MIME type of an image named relative to the source file's folder."""
    limits = limits or Limits()
    if urlsplit(src).scheme in ("http", "https"):
        data, mime = _fetch(src, source, limits)
    else:
        folder = source.parent.resolve()
        path = (folder / src).resolve()
        if not path.is_relative_to(folder) or not path.is_file():
            raise SourceError(
                "image",
                [
                    error(
                        "image-outside",
                        f"the image '{src}' is not a file inside the source folder",
                        str(source),
                    )
                ],
            )
        data, mime = path.read_bytes(), mimetypes.guess_type(path.name)[0] or ""
    if mime not in IMAGE_TYPES:
        raise SourceError(
            "image",
            [
                error(
                    "image-type",
                    f"the image '{src}' is not PNG, JPEG, GIF, WebP or SVG",
                    str(source),
                )
            ],
        )
    return data, mime


def data_url(source: Path, src: str, limits: Limits | None = None) -> str:
    data, mime = read_image(source, src, limits)
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
