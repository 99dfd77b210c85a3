"""Atkinson Hyperlegible (OFL-1.1), installed from PyPI, designed for low-vision readers."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from publish.errors import EngineError

FONT_FAMILY = "Atkinson Hyperlegible"


@functools.lru_cache(maxsize=1)
def _faces() -> tuple[tuple[str, int, str, Path], ...]:
    try:
        import fontpkg_atkinson_hyperlegible as package
    except ImportError:  # pragma: no cover - a dependency of the project
        raise EngineError(
            "the font package 'fontpkg-atkinson-hyperlegible' is not installed; "
            "run: pip install fontpkg-atkinson-hyperlegible"
        ) from None
    files = Path(package.ROOT) / "files"
    faces = []
    for weight, style, name in (
        (400, "normal", "Regular"),
        (700, "normal", "Bold"),
        (400, "italic", "Italic"),
        (700, "italic", "BoldItalic"),
    ):
        path = files / f"AtkinsonHyperlegible-{name}.ttf"
        if path.is_file():
            faces.append((path.as_uri(), weight, style, path))
    if not faces:
        raise EngineError(
            f"no Atkinson Hyperlegible fonts in {files}; reinstall fontpkg-atkinson-hyperlegible"
        )
    return tuple(faces)


def font_faces() -> list[dict[str, Any]]:
    """The four faces: url, weight, style and path of each file."""
    return [
        {"url": url, "weight": weight, "style": style, "path": path}
        for url, weight, style, path in _faces()
    ]


@functools.lru_cache(maxsize=1)
def web_fonts() -> tuple[dict[str, Any], ...]:
    """The four faces as WOFF2 data URLs, for the standalone HTML page's @font-face rules.

    Converting a TTF to WOFF2 takes about a second, so each result is kept in the user's
    cache folder, named by a hash of its source file; later builds only read it."""
    import base64
    import hashlib
    import os

    from publish.cache import cache_folder

    faces = []
    for _, weight, style, path in _faces():
        data = path.read_bytes()
        cached = (
            cache_folder() / "fonts" / f"{path.stem}-{hashlib.sha256(data).hexdigest()[:16]}.woff2"
        )
        if not cached.is_file():
            import io

            from fontTools.ttLib import TTFont

            font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # the same bytes every time
            font.flavor = "woff2"
            buffer = io.BytesIO()
            font.save(buffer)
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(buffer.getvalue())
            os.replace(temporary, cached)
        url = "data:font/woff2;base64," + base64.b64encode(cached.read_bytes()).decode()
        faces.append({"url": url, "weight": weight, "style": style})
    return tuple(faces)


def font_file(style: str, weight: int) -> Path:
    for _, face_weight, face_style, path in _faces():
        if (face_style, face_weight) == (style, weight):
            return path
    raise EngineError(
        f"no Atkinson Hyperlegible {style} {weight} face; reinstall fontpkg-atkinson-hyperlegible"
    )
