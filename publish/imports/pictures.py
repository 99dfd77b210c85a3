"""The pictures of a Word document, made into files the web, PDFs and e-books can show.

PNG, JPEG, GIF, WebP and SVG are kept; TIFF and BMP become PNG. Word's own vector formats
(EMF, WMF) become PNG through LibreOffice when it is installed; otherwise a visible
placeholder with the picture's description is left at its place. A picture over the image
limits is scaled down to fit them, with a note, rather than refusing the whole document."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publish.limits import Limits

PICTURES = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/svg+xml": "svg",
}
CONVERTIBLE = {"image/tiff": "png", "image/bmp": "png", "image/x-ms-bmp": "png"}
VECTOR = {"image/x-emf": "emf", "image/emf": "emf", "image/x-wmf": "wmf", "image/wmf": "wmf"}
# The attribute that marks a picture left out, for the Markdown writer's placeholder.
PLACEHOLDER = "data-placeholder"
CONVERT_SECONDS = 60


class PictureError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Pictures:
    """mammoth's image converter: each picture saved under its content's hash."""

    folder: str
    limits: Limits
    files: dict[str, bytes] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)  # content types that cannot be shown
    notes: list[str] = field(default_factory=list)  # what was done to a picture

    def __call__(self, image: Any) -> dict[str, str]:
        try:
            with image.open() as stream:
                data = stream.read()
        except KeyError:  # named by the document, absent from the package: its notes say so
            return {"src": ""}
        kind = str(image.content_type or "")
        if kind in VECTOR:
            converted = to_png(data, VECTOR[kind])
            if converted is None:
                return {"src": "", PLACEHOLDER: VECTOR[kind].upper()}
            self.notes.append(f"a picture in {VECTOR[kind].upper()} became PNG (LibreOffice)")
            data, kind = converted, "image/png"
        ext = PICTURES.get(kind) or CONVERTIBLE.get(kind)
        if ext is None:
            self.dropped.append(kind or "an unknown format")
            return {"src": ""}
        if ext != "svg":
            data = self._fitted(data, convert=kind in CONVERTIBLE)
        elif len(data) > self.limits.image_bytes:
            raise PictureError(
                self.limits.exceeded("image_bytes", len(data), "an SVG picture's size in bytes")
            )
        name = f"{hashlib.sha256(data).hexdigest()[:16]}.{ext}"
        self.files[name] = data
        return {"src": f"{self.folder}/{name}"}

    def _fitted(self, data: bytes, convert: bool) -> bytes:
        """The picture as it is, or scaled down until it fits the pixel and byte limits."""
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as picture:
                width, height = picture.size
                fits = width * height <= self.limits.image_pixels
                if fits and len(data) <= self.limits.image_bytes and not convert:
                    return data
                kind = picture.format if picture.format in ("JPEG", "PNG") else "PNG"
                picture.load()
                scale = min(1.0, (self.limits.image_pixels / (width * height)) ** 0.5)
                for _ in range(12):
                    size = (max(1, int(width * scale)), max(1, int(height * scale)))
                    out = io.BytesIO()
                    shown = picture if size == picture.size else picture.resize(size)
                    if kind == "JPEG" and shown.mode not in ("RGB", "L"):
                        shown = shown.convert("RGB")
                    shown.save(out, format=kind)
                    if len(out.getvalue()) <= self.limits.image_bytes:
                        break
                    scale *= 0.7
                else:
                    raise PictureError("a picture cannot be made small enough; replace it in Word")
        except Image.DecompressionBombError:
            raise PictureError(
                "a picture has too many pixels to open safely; replace it in Word with a "
                "smaller one"
            ) from None
        except (UnidentifiedImageError, OSError) as exc:
            raise PictureError(f"a picture cannot be read ({exc}); replace it in Word") from None
        if size != (width, height):
            self.notes.append(
                f"a picture of {width} x {height} pixels ({len(data):,} bytes) was scaled down "
                f"to {size[0]} x {size[1]} ({len(out.getvalue()):,} bytes) to fit the limits "
                f"image_pixels={self.limits.image_pixels} and "
                f"image_bytes={self.limits.image_bytes}"
            )
        return out.getvalue()


def to_png(data: bytes, ext: str) -> bytes | None:
    """An EMF or WMF picture as PNG, by LibreOffice in headless mode; None without it."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return None
    with tempfile.TemporaryDirectory(prefix="publish-picture-") as folder:
        source = Path(folder) / f"picture.{ext}"
        source.write_bytes(data)
        env = {**os.environ, "HOME": folder}  # its own profile: no lock shared with a user's
        try:
            subprocess.run(
                [office, "--headless", "--convert-to", "png", "--outdir", folder, str(source)],
                capture_output=True,
                timeout=CONVERT_SECONDS,
                env=env,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        made = Path(folder) / "picture.png"
        return made.read_bytes() if made.is_file() else None
