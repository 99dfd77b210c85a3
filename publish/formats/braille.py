"""Braille: a BRF file (North American ASCII braille) from the model, with liblouis, and a
JSON file saying how it was made (table, grade, page size) for the checks and transcribers."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment

from publish.diagnostics import warning
from publish.formats.base import Link
from publish.model.nodes import Article
from publish.names import OutputNames
from publish.products import Product, Products
from publish.render.braille import Geometry, brf, default_grade, render, tables_for
from publish.settings import BuildOptions
from publish.strings import strings_for

SCHEMA = "publish-braille/1"


class BrailleWriter:
    name = "braille"
    help = "braille (BRF, liblouis), with the print page numbers"
    order = 70
    templates: tuple[str, ...] = ()
    settings = ("braille_cells", "braille_lines", "braille_grade")
    pictures = False  # their alt text is in the source
    uses: frozenset[Product] = frozenset()

    def __init__(self, options: BuildOptions, env: Environment) -> None:
        self.options = options

    def requires(self) -> frozenset[Product]:
        return frozenset({Product.LAYOUT})  # the standard edition's print page numbers

    def files(self, names: OutputNames, editions: list[str]) -> list[str]:
        return [names.brf, f"{names.brf}.json"]

    def links(self, names: OutputNames, editions: list[str]) -> list[Link]:
        # BRF has no registered media type; this is the one readers' software uses
        return [Link(names.brf, "download_braille", rank=48, media_type="application/x-brf")]

    def write(self, article: Article, products: Products, staging: Path) -> list[Path]:
        options = self.options
        geometry = Geometry(options.braille_cells, options.braille_lines)
        language = article.metadata.language
        strings = strings_for(language)
        grade = options.braille_grade or default_grade(language)
        table, fallback = tables_for(language, grade)
        if fallback:
            products.warnings.append(warning("language-fallback", fallback, article.source, 1))
        made = render(
            article,
            products.page_starts(),
            geometry,
            grade,
            strings,
            strings["braille_note"],
        )
        names = products.names
        target = staging / names.brf
        target.write_bytes(brf(made))
        about = staging / f"{names.brf}.json"
        about.write_text(
            json.dumps(
                {
                    "schema": SCHEMA,
                    "brf": target.name,
                    "language": language,
                    "table": table,
                    "grade": grade,
                    "cells": geometry.cells,
                    "lines": geometry.lines,
                    "pages": len(made.pages),
                    "front_pages": made.front_pages,
                    "print_pages_from": names.pdf("standard"),
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
        return [target, about]
