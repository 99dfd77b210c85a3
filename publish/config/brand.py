"""The house style, once for the whole project: the `[brand]` table of publish.toml.

    [brand]
    name = "Riverside Clinic"
    logo = "brand/logo.png"          # PNG or JPEG inside the project folder
    logo_alt = "Riverside Clinic"    # required with a logo
    color = "#0b3d91"                # the accent on light pages (4.5:1 on white)
    color_dark = "#a8c8ff"           # on dark pages; by default the nearest passing shade
    contact = "Nurse line 555-0142"  # every article's contact line, unless it has its own
    footer = "PT-112"                # every article's footer line, unless it has its own
    website = "https://clinic.example/"

The accent is text and borders: it must have 4.5:1 against the page it is on (WCAG 2.2
SC 1.4.3, which also covers 3:1 for borders, SC 1.4.11). A colour that fails is refused at its
line with the ratio it has and the nearest shade of it that passes.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publish.config import colors
from publish.config.fields import FieldCheck, Value, check_mapping, one_line, text, url
from publish.diagnostics import Diagnostic, error
from publish.limits import Limits

if TYPE_CHECKING:
    from publish.config.metadata import Metadata

LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


@dataclass(frozen=True)
class Logo:
    """The logo's bytes, read once when the project file is (never again from its path)."""

    data: bytes = field(repr=False)
    media_type: str
    width: int
    height: int
    digest: str  # sha256 of `data`: in the repr, so that every key made from it changes

    @property
    def suffix(self) -> str:
        return ".jpg" if self.media_type == "image/jpeg" else ".png"

    @property
    def file_name(self) -> str:
        """Its name beside the outputs that keep it as a file (the e-book, the library)."""
        return f"brand-logo{self.suffix}"

    @property
    def data_url(self) -> str:
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(frozen=True)
class Brand:
    name: str = ""
    logo: Logo | None = None
    logo_alt: str = ""
    color: str = ""  # #rrggbb on light surfaces; "" for the templates' own
    color_dark: str = ""  # #rrggbb on dark surfaces; "" for the templates' own
    contact: str = ""
    footer: str = ""
    website: str = ""

    def __bool__(self) -> bool:
        return any((self.name, self.logo, self.color, self.contact, self.footer, self.website))

    @property
    def shown(self) -> bool:
        """Whether it has a block to show (a name or a logo): the contact and footer lines
        alone are the closing block's."""
        return bool(self.name or self.logo)

    def defaults(self, meta: Metadata) -> Metadata:
        """The article's metadata with the brand's name as its publisher and the brand's
        contact and footer lines, where its front matter has none (the front matter wins, as
        for every setting)."""
        return replace(
            meta,
            publisher=meta.publisher or self.name,
            contact=meta.contact or self.contact,
            footer=meta.footer or self.footer,
        )

    def fingerprint(self) -> dict[str, Any]:
        """What the outputs are made from, for the manifest: the logo by its digest."""
        return {
            "name": self.name,
            "logo": self.logo.digest if self.logo else "",
            "logo_alt": self.logo_alt,
            "color": self.color,
            "color_dark": self.color_dark,
            "contact": self.contact,
            "footer": self.footer,
            "website": self.website,
        }


def _color(v: Value) -> tuple[Any, str | None]:
    found = colors.parse(v.data) if isinstance(v.data, str) else None
    if found is None:
        return None, (
            f"is '{v.data}', which is not a colour; write it as #rrggbb, such as \"#0b3d91\" "
            "(no transparency)"
        )
    return found, None


FIELDS: dict[str, FieldCheck] = {
    "name": text,
    "logo": text,
    "logo_alt": text,
    "color": _color,
    "color_dark": _color,
    "contact": one_line,
    "footer": one_line,
    "website": url,
}


def check_brand(value: Value, file: Path, problems: list[Diagnostic]) -> Brand:
    """The typed `[brand]` table; every problem is added to `problems` at its line."""
    where = str(file)
    if not isinstance(value.data, dict):
        problems.append(
            error(
                "meta-bad-value", "'brand' must be a table: [brand] name = ...", where, value.line
            )
        )
        return Brand()
    found = check_mapping(value.data, FIELDS, "brand", where, problems)
    line = {key: v.line for key, v in value.data.items()}
    logo = None
    if "logo" in found:
        logo = _logo(found["logo"], file, line["logo"], problems)
        if "logo_alt" not in found:
            problems.append(
                error(
                    "brand-logo-alt",
                    'the logo has no text alternative; add logo_alt = "..." with what the '
                    "logo says (usually the organisation's name)",
                    where,
                    line["logo"],
                )
            )
    for key, needs, why in (
        ("logo_alt", "logo", "it is the logo's text alternative"),
        ("color_dark", "color", "it is the accent colour's shade on dark pages"),
    ):
        if key in found and needs not in found:
            problems.append(
                error(
                    "brand-alone",
                    f"'{key}' is set but '{needs}' is not, and {why}; add {needs} = ..., "
                    f"or remove {key}",
                    where,
                    line[key],
                )
            )
    if "website" in found and not ("name" in found or "logo" in found):
        problems.append(
            error(
                "brand-alone",
                "'website' is set with no name or logo to link from; add name = \"...\"",
                where,
                line["website"],
            )
        )
    light = found.get("color", "")
    dark = found.get("color_dark", "")
    if light:
        _contrast("color", light, colors.LIGHT, "the white page", where, line["color"], problems)
    if dark:
        _contrast(
            "color_dark", dark, colors.DARK, "the dark page", where, line["color_dark"], problems
        )
    elif light:  # dark mode gets the nearest shade of the colour that passes there
        dark = colors.nearest(light, colors.DARK, colors.TEXT)
    return Brand(
        name=found.get("name", ""),
        logo=logo,
        logo_alt=found.get("logo_alt", ""),
        color=light,
        color_dark=dark,
        contact=found.get("contact", ""),
        footer=found.get("footer", ""),
        website=found.get("website", ""),
    )


def _contrast(
    key: str, value: str, background: str, on: str, file: str, line: int, problems: list[Diagnostic]
) -> None:
    measured = colors.ratio(value, background)
    if measured >= colors.TEXT:
        return
    shade = colors.nearest(value, background, colors.TEXT)
    problems.append(
        error(
            "brand-contrast",
            f"'{key}' {value} has a contrast of {colors.shown(measured)} on {on} "
            f"({background}); text needs {colors.shown(colors.TEXT)} and borders "
            f"{colors.shown(colors.BORDER)}. The nearest shade that passes is {shade} "
            f"({colors.shown(colors.ratio(shade, background))}): use it, or another colour",
            file,
            line,
        )
    )


def _logo(name: str, file: Path, line: int, problems: list[Diagnostic]) -> Logo | None:
    """The logo, read and checked like a picture: inside the project folder, PNG or JPEG,
    within the size limits."""
    folder = file.parent.resolve()
    path = (folder / name).resolve()
    limits = Limits()

    def refuse(code: str, message: str) -> None:
        problems.append(error(code, message, str(file), line))

    if not path.is_relative_to(folder):
        refuse(
            "brand-logo-outside",
            f"the logo '{name}' is outside the project folder ({folder}); copy it into the "
            "folder and name it from there",
        )
        return None
    if path.is_dir():
        refuse("brand-logo-missing", f"the logo '{name}' is a folder; name the image in it")
        return None
    if not path.is_file():
        refuse("brand-logo-missing", f"the logo '{name}' does not exist; check the name")
        return None
    size = path.stat().st_size
    if size > limits.image_bytes:
        refuse(
            "limit-image-bytes",
            limits.exceeded("image_bytes", size, "the logo's size in bytes", "make it smaller"),
        )
        return None
    if path.suffix.lower() == ".svg":
        refuse("brand-logo-type", f"the logo '{name}' is SVG, not PNG or JPEG; export it as PNG")
        return None
    from publish.assets import image_pixels

    pixels = image_pixels(path)  # from the header: a decompression bomb is never decoded
    if pixels is None:
        refuse("brand-logo-unreadable", f"the logo '{name}' is not an image; export it as PNG")
        return None
    if pixels > limits.image_pixels:
        refuse(
            "limit-image-pixels",
            limits.exceeded(
                "image_pixels", pixels, "the logo's pixels (width × height)", "make it smaller"
            ),
        )
        return None
    import warnings

    from PIL import Image

    with warnings.catch_warnings():  # within the limits now, so Pillow's warning is noise
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(path) as picture:
            kind, (width, height) = str(picture.format), picture.size
    if kind not in LOGO_TYPES:
        refuse("brand-logo-type", f"the logo '{name}' is {kind}, not PNG or JPEG; export it as PNG")
        return None
    data = path.read_bytes()
    return Logo(data, LOGO_TYPES[kind], width, height, hashlib.sha256(data).hexdigest())
