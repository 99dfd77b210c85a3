"""The contract every format keeps. Built-in and third-party writers register alike, through
the `publish.formats` entry-point group, and a writer's class says everything the rest of
publish knows about its format:

- `name`, `help` (one line for `--help` and the studio) and `order` (its place in 'all');
- `templates`: the template folders it reads, so a template edit rebuilds it;
- `settings`: the options that change its files (names from publish.config.schema); the
  products it reads add their own settings and templates (publish.products);
- `pictures`: whether it reads the article's pictures, so a changed picture rebuilds it;
- `requires()`: the products it needs; `uses`: products it takes when another format of the
  build makes them (the e-book's media overlay, when the build narrates);
- `files(names, editions)`: the files that show it is built;
- `links(names, editions)`: the links it offers other outputs (the page's downloads);
- `write(article, products, staging)`: its files.

A writer that leaves something out gets the cautious default from `describe`: every option
counts, every template and picture counts, it offers no link. So a plug-in written for an
older publish still rebuilds whenever anything changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol

from jinja2 import Environment

from publish.manifest import Inputs
from publish.model.nodes import Article
from publish.names import OutputNames
from publish.products import Product, Products
from publish.settings import BuildOptions

EVERYTHING = None  # a writer that does not declare its settings or templates depends on all


@dataclass(frozen=True)
class Link:
    """A link one output offers to others: a download on the page, the narration's player."""

    href: str  # a name in the article's folder
    label: str  # a page-strings key (download_pdf), or the text itself
    role: str = "download"  # download, or narration (the read-along player's audio)
    rank: int = 50  # the order of the page's list: the e-book 10, the print editions 20
    media_type: str = ""


class Writer(Protocol):
    name: ClassVar[str]
    help: ClassVar[str]
    order: ClassVar[int]
    templates: ClassVar[tuple[str, ...]]
    settings: ClassVar[tuple[str, ...]]
    pictures: ClassVar[bool]
    uses: ClassVar[frozenset[Product]]

    def __init__(self, options: BuildOptions, env: Environment) -> None:
        """One writer per build; `env` is the build's template environment (compiled once)."""

    def requires(self) -> frozenset[Product]:
        """The products this writer reads, given the build's options."""
        ...

    def files(self, names: OutputNames, editions: list[str]) -> list[str]:
        """The names of the files that show this format is built, in the article's folder."""
        ...

    def links(self, names: OutputNames, editions: list[str]) -> list[Link]:
        """The links this format offers to the other outputs of the same build."""
        ...

    def write(self, article: Article, products: Products, staging: Path) -> list[Path]:
        """Write this format's files for `article` into `staging`; return their paths."""
        ...


@dataclass(frozen=True)
class Described:
    """What a writer class declares, with the cautious defaults for what it leaves out."""

    name: str
    help: str
    order: int
    templates: tuple[str, ...] | None  # None: every template
    settings: tuple[str, ...] | None  # None: every option
    pictures: bool
    uses: frozenset[Product]


def describe(writer: Any) -> Described:
    """A writer class (or instance) read through the contract."""
    doc = (getattr(writer, "__doc__", None) or "").strip().split("\n")[0].rstrip(".")
    templates = getattr(writer, "templates", EVERYTHING)
    settings = getattr(writer, "settings", EVERYTHING)
    return Described(
        name=str(writer.name),
        help=str(getattr(writer, "help", "") or doc or writer.name),
        order=int(getattr(writer, "order", 1000)),
        templates=tuple(templates) if templates is not None else None,
        settings=tuple(settings) if settings is not None else None,
        pictures=bool(getattr(writer, "pictures", True)),
        uses=frozenset(getattr(writer, "uses", frozenset())),
    )


def files_of(writer: Any, names: OutputNames, editions: list[str]) -> list[str]:
    method = getattr(writer, "files", None)
    return list(method(names, editions)) if callable(method) else []


def build_inputs(writers: dict[str, Any]) -> dict[str, Inputs]:
    """What each format of a build depends on (for the manifest), from its writer's
    declarations and those of the products it reads. `writers`: name -> writer instance."""
    from publish.products import PRODUCT_SETTINGS, PRODUCT_TEMPLATES, READS_COVER

    needs: frozenset[Product] = frozenset().union(*(w.requires() for w in writers.values()))
    found = {}
    for name, writer in writers.items():
        declared = describe(writer)
        reads = writer.requires() | (declared.uses & needs)
        settings = None
        if declared.settings is not None:
            settings = tuple(
                dict.fromkeys(
                    [*declared.settings, *(s for p in sorted(reads) for s in PRODUCT_SETTINGS[p])]
                )
            )
        templates = None
        if declared.templates is not None:
            made_with = (t for p in sorted(reads) for t in PRODUCT_TEMPLATES[p])
            templates = tuple(dict.fromkeys([*declared.templates, *made_with]))
        found[name] = Inputs(
            templates=templates,
            settings=settings,
            pictures=declared.pictures,
            cover=bool(reads & READS_COVER),
            narrated=Product.NARRATION in reads,
        )
    return found
