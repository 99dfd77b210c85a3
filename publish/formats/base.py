"""The small contract every writer keeps. Built-in and third-party writers register alike,
through the `publish.formats` entry-point group."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from jinja2 import Environment

from publish.model.nodes import Article
from publish.products import Product, Products
from publish.settings import BuildOptions


class Writer(Protocol):
    name: str

    def __init__(self, options: BuildOptions, env: Environment) -> None:
        """One writer per build; `env` is the build's template environment (compiled once)."""

    def requires(self) -> frozenset[Product]:
        """The products this writer reads, given the build's options."""
        ...

    def write(self, article: Article, products: Products, staging: Path) -> list[Path]:
        """Write this format's files for `article` into `staging`; return their paths."""
        ...
