"""A cover image made from the title, in the same typeface as the handouts."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import Any

from publish.assets import CoverImage, cover_suffix
from publish.config import Metadata
from publish.config.brand import Brand

WIDTH, HEIGHT = 1600, 2560
BACKGROUND = (11, 61, 145)  # the page's link blue; white text on it is 10:1
FOREGROUND = (255, 255, 255)


def cover_image(meta: Metadata, folder: Path, brand: Brand | None = None) -> CoverImage:
    """The author's cover, read from `folder` (the source's; checked when it was parsed), or
    the generated one."""
    if meta.cover:  # its name says its type: the parser refused a name that does not
        jpeg = cover_suffix(meta.cover) == ".jpg"
        data = (folder / meta.cover).read_bytes()
        return CoverImage(data, "image/jpeg" if jpeg else "image/png", False)
    return CoverImage(cover_png(meta, brand), "image/png", True)


def background(brand: Brand | None) -> tuple[int, int, int]:
    """The generated images' colour: the brand's (checked for 4.5:1 against white, so the
    white text on it passes too), else the page's link blue."""
    if brand is None or not brand.color:
        return BACKGROUND
    code = brand.color.lstrip("#")
    return (int(code[0:2], 16), int(code[2:4], 16), int(code[4:6], 16))


def paste_logo(image: Any, brand: Brand | None, box: tuple[int, int, int, int]) -> bool:
    """The brand's logo, made as large as fits in `box` (left, top, width, height), on a white
    plate so that its own colours show on any background; False when there is no logo."""
    if brand is None or brand.logo is None:
        return False
    from PIL import Image, ImageDraw

    left, top, width, height = box
    pad = height // 8
    with Image.open(io.BytesIO(brand.logo.data)) as opened:
        logo = opened.convert("RGBA")
    scale = min((width - 2 * pad) / logo.width, (height - 2 * pad) / logo.height)
    logo = logo.resize((max(1, round(logo.width * scale)), max(1, round(logo.height * scale))))
    plate = (left, top, left + logo.width + 2 * pad, top + logo.height + 2 * pad)
    ImageDraw.Draw(image).rounded_rectangle(plate, radius=pad, fill=FOREGROUND)
    image.paste(logo, (left + pad, top + pad), logo)
    return True


def cover_png(meta: Metadata, brand: Brand | None = None) -> bytes:
    """The cover as PNG, in Atkinson Hyperlegible, in the brand's colour with its logo and
    name; made once per article (a build product) for the EPUB and the MP3."""
    from PIL import Image, ImageDraw, ImageFont

    from publish.render.fonts import font_file

    image = Image.new("RGB", (WIDTH, HEIGHT), background(brand))
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.truetype(str(font_file("normal", 700)), 150)
    small_font = ImageFont.truetype(str(font_file("normal", 400)), 72)
    y = 420
    for line in textwrap.wrap(meta.title, width=16):
        draw.text((140, y), line, font=title_font, fill=FOREGROUND)
        y += 190
    if meta.authors:
        draw.text((140, y + 120), ", ".join(meta.authors), font=small_font, fill=FOREGROUND)
    paste_logo(image, brand, (140, HEIGHT - 640, WIDTH - 280, 280))
    name = (brand.name if brand else "") or meta.publisher
    for number, line in enumerate(textwrap.wrap(name, width=30)[:3]):  # a long name wraps
        draw.text((140, HEIGHT - 300 + number * 90), line, font=small_font, fill=FOREGROUND)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def cover_alt(meta: Metadata, brand: Brand | None = None) -> str:
    parts = [f"Cover: {meta.title}"]
    if meta.authors:
        parts.append(f"by {', '.join(meta.authors)}")
    name = (brand.name if brand else "") or meta.publisher
    if name:
        parts.append(f"published by {name}")
    return ", ".join(parts) + "."
