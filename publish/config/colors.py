"""Colour contrast as WCAG 2 measures it, and the nearest shade of a colour that meets a ratio.

The shade keeps the colour's hue and chroma in OKLCH and moves only its lightness, so a
clinic's blue stays its blue: the lightest shade that passes on a light page, the darkest one
that passes on a dark page. ColorAide does the colour science.
"""

from __future__ import annotations

from coloraide import Color

# The page's own backgrounds (templates/html/style.css: --bg, light and dark). The PDF, the
# EPUB and the generated cover print on the light one (the cover as white text on the colour).
LIGHT = "#ffffff"
DARK = "#121212"
TEXT = 4.5  # WCAG 2.2 SC 1.4.3, normal text
BORDER = 3.0  # WCAG 2.2 SC 1.4.11, borders and icons


def parse(value: str) -> str | None:
    """`value` (#rgb, #rrggbb, rgb(), hsl(), oklch() or a CSS name) as #rrggbb; None when it is
    not an opaque colour."""
    try:
        color = Color(value.strip())
    except ValueError:
        return None
    if color.alpha() < 1:
        return None
    return hex_of(color)


def hex_of(color: Color) -> str:
    return str(color.convert("srgb").fit("srgb").to_string(hex=True, alpha=False))


def ratio(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two colours, from 1 to 21."""
    return float(Color(foreground).contrast(background, method="wcag21"))


def shown(value: float) -> str:
    """A ratio as people write it, rounded down so that a failing one never reads as passing:
    4.49 is "4.4:1", not "4.5:1"."""
    return f"{int(value * 10) / 10:g}:1"


def nearest(value: str, background: str, target: float) -> str:
    """The shade of `value` closest in lightness that has at least `target` contrast with
    `background`: darker on a light background, lighter on a dark one."""
    if ratio(value, background) >= target:
        return value
    base = Color(value).convert("oklch")
    lightness = float(base["lightness"])
    darker = Color(background).luminance() > 0.18  # a light background: go darker
    low, high = (0.0, lightness) if darker else (lightness, 1.0)
    best = "#000000" if darker else "#ffffff"
    for _ in range(30):
        middle = (low + high) / 2
        candidate = hex_of(base.clone().set("lightness", middle))
        if ratio(candidate, background) >= target:
            best = candidate
            low, high = (middle, high) if darker else (low, middle)
        else:
            low, high = (low, middle) if darker else (middle, high)
    return best
