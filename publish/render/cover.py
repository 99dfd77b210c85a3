"""A cover image made from the title, in the same typeface as the handouts."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from publish.assets import CoverImage, cover_suffix
from publish.config import Metadata

WIDTH, HEIGHT = 1600, 2560
BACKGROUND = (11, 61, 145)  # the page's link blue; white text on it is 10:1
FOREGROUND = (255, 255, 255)


def cover_image(meta: Metadata, folder: Path) -> CoverImage:
    """The author's cover, read from `folder` (the source's; checked when it was parsed), or
    the generated one."""
    if meta.cover:  # its name says its type: the parser refused a name that does not
        jpeg = cover_suffix(meta.cover) == ".jpg"
        data = (folder / meta.cover).read_bytes()
        return CoverImage(data, "image/jpeg" if jpeg else "image/png", False)
    return CoverImage(cover_png(meta), "image/png", True)


def cover_png(meta: Metadata) -> bytes:
    """The cover as PNG, in Atkinson Hyperlegible; made once per article (a build product) for the EPUB and the MP3."""
    from PIL import Image, ImageDraw, ImageFont

    from publish.render.fonts import font_file

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.truetype(str(font_file("normal", 700)), 150)
    small_font = ImageFont.truetype(str(font_file("normal", 400)), 72)
    y = 420
    for line in textwrap.wrap(meta.title, width=16):
        draw.text((140, y), line, font=title_font, fill=FOREGROUND)
        y += 190
    if meta.authors:
        draw.text((140, y + 120), ", ".join(meta.authors), font=small_font, fill=FOREGROUND)
    if meta.publisher:
        draw.text((140, HEIGHT - 300), meta.publisher, font=small_font, fill=FOREGROUND)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def cover_alt(meta: Metadata) -> str:
    parts = [f"Cover: {meta.title}"]
    if meta.authors:
        parts.append(f"by {', '.join(meta.authors)}")
    if meta.publisher:
        parts.append(f"published by {meta.publisher}")
    return ", ".join(parts) + "."
