"""The author's cover image, checked when the source is read: it must exist beside the source
and be a JPEG or PNG a reader can see; the rules retailers usually ask for are warnings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from publish.diagnostics import Diagnostic, error, warning
from publish.errors import SourceError
from publish.limits import Limits

LONG_SIDE = 1600  # pixels, the cover's long side
ASPECT = 1.6  # height / width
ASPECT_TOLERANCE = 0.1


@dataclass(frozen=True)
class CoverFacts:
    format: str  # JPEG or PNG
    mode: str  # Pillow's: RGB, RGBA, L, P, CMYK...
    width: int
    height: int

    @property
    def rules(self) -> list[tuple[str, bool, str]]:
        """(rule, passed, what the cover is) for each rule a retailer usually asks for."""
        long = max(self.width, self.height)
        ratio = self.height / self.width if self.width else 0.0
        return [
            ("cover is JPEG or PNG", self.format in ("JPEG", "PNG"), self.format),
            ("cover is RGB colour", self.mode in ("RGB", "RGBA", "P", "L"), self.mode),
            (f"cover long side ≥ {LONG_SIDE} px", long >= LONG_SIDE, f"{long} px"),
            (
                f"cover height ≈ {ASPECT:g} × width (± {ASPECT_TOLERANCE:g})",
                abs(ratio - ASPECT) <= ASPECT_TOLERANCE,
                f"{self.width} × {self.height} px, {ratio:.2f}",
            ),
        ]


def cover_facts(path: Path) -> CoverFacts:
    from PIL import Image

    with Image.open(path) as picture:
        return CoverFacts(str(picture.format), picture.mode, *picture.size)


def check_cover(source: Path, name: str, line: int, limits: Limits) -> list[Diagnostic]:
    """Warnings for each rule the cover does not meet; SourceError when it cannot be used."""
    file = str(source)
    folder = source.parent.resolve()
    path = (source.parent / name).resolve()

    def refuse(code: str, message: str) -> SourceError:
        return SourceError("cover", [error(code, message, file, line)])

    if not path.is_relative_to(folder) or not path.is_file():
        raise refuse(
            "cover-missing",
            f"the cover '{name}' does not exist beside this file; check the name, or remove "
            "'cover' to use the generated one",
        )
    size = path.stat().st_size
    if size > limits.image_bytes:
        raise refuse("limit-image-bytes", limits.exceeded("image_bytes", size, "the cover's size"))
    try:
        facts = cover_facts(path)
    except OSError:
        raise refuse(
            "cover-unreadable", f"the cover '{name}' is not an image; export it as JPEG or PNG"
        ) from None
    if facts.width * facts.height > limits.image_pixels:
        raise refuse(
            "limit-image-pixels",
            limits.exceeded("image_pixels", facts.width * facts.height, "the cover's pixels"),
        )
    if facts.format not in ("JPEG", "PNG"):
        raise refuse(
            "cover-format",
            f"the cover '{name}' is {facts.format}, not JPEG or PNG; export it again",
        )
    from publish.assets import cover_suffix

    named = "JPEG" if cover_suffix(name) == ".jpg" else "PNG"
    if facts.format != named:  # every format names the file, and the e-book types it, by name
        right = ".jpg" if facts.format == "JPEG" else ".png"
        raise refuse(
            "cover-format",
            f"the cover '{name}' is a {facts.format} image; rename it to end in {right}",
        )
    return [
        warning(
            "cover-rule",
            f"the cover does not meet the rule '{rule}' ({found}); retailers and library "
            "platforms may reject or shrink it",
            file,
            line,
        )
        for rule, passed, found in facts.rules
        if not passed
    ]
