"""What a build keeps of each article, and the step that runs once per batch.

An `ArticleResult` is the summary an article leaves once its outputs are written: its front
matter, each output file (format, name, size, digest), the narration's length and chapters,
and the checks' outcome. It never holds the document model, so a batch of thousands stays
small, and an output that spans articles (a book, an index, a catalog, a feed) is made from
these summaries without parsing the articles again.

A finisher is that output. It is found through the `publish.finishers` entry-point group, as
writers are, and runs once after the articles, like Sphinx's `Builder.finish` or MkDocs'
`on_post_build`:

    class Finisher(Protocol):
        name: str
        help: str
        def wanted(self, options) -> bool: ...         # does this build make it?
        def finish(self, batch, out_dir) -> list[Path]: ...   # write it; return its files

A finisher runs only over a whole batch, unless it sets `partial = True` (the library: an
article that failed is left out of it, and said so, while the rest is published).
`batch.changed` says which articles were made this time, so a finisher can be incremental.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from publish.diagnostics import Diagnostic
from publish.errors import PublishError

if TYPE_CHECKING:
    from publish.config.metadata import Metadata
    from publish.manifest import Manifest
    from publish.settings import BuildOptions


@dataclass(frozen=True)
class OutputFile:
    format: str  # the format that wrote it
    name: str  # its path in the article's folder
    size: int  # bytes
    digest: str  # sha256


@dataclass(frozen=True)
class Listening:
    """The narration, as a listener or a feed sees it."""

    duration_ms: int
    chapters: tuple[tuple[str, int], ...]  # (title, start in ms)


@dataclass
class ArticleResult:
    """What is kept of an article once its outputs are written: a summary, never the model."""

    source: Path
    slug: str = ""
    outputs: list[Path] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    # the quick text checks' CheckResults (publish.checks sits above this module)
    checks: list[Any] = field(default_factory=list)
    error: PublishError | None = None
    seconds: float = 0.0
    rebuilt: tuple[str, ...] = ()  # the formats made this time
    unchanged: tuple[str, ...] = ()  # the formats whose files were current and kept
    retried: int = 0  # times its task was run again because a worker died
    metadata: Metadata | None = None  # the front matter
    files: list[OutputFile] = field(default_factory=list)  # every output, by format
    narration: Listening | None = None  # when the build narrates
    # `publish check`: the outcome of each check, the reading grade and the report's name
    check_status: str = ""  # pass or fail; "" when not checked
    check_results: dict[str, str] = field(default_factory=dict)
    grade: float | None = None
    report: str = ""  # the report, relative to the output folder


@dataclass
class Batch:
    options: BuildOptions
    articles: list[ArticleResult]  # in the order of the sources; failed ones included
    changed: frozenset[str] = frozenset()  # slugs of the articles made this time

    @property
    def done(self) -> list[ArticleResult]:
        return [a for a in self.articles if a.error is None]


@dataclass
class Finished:
    """What one finisher made, or why it could not."""

    name: str
    outputs: list[Path] = field(default_factory=list)
    error: PublishError | None = None
    seconds: float = 0.0
    source: Path | None = None  # the file it was made from (the book's YAML), if any
    notes: list[str] = field(default_factory=list)  # what it left out, and why


class Finisher(Protocol):
    name: str
    help: str

    def wanted(self, options: BuildOptions) -> bool:
        """Whether this build makes this output."""
        ...

    def finish(self, batch: Batch, out_dir: Path) -> list[Path]:
        """Write the output into `out_dir`; return the files written."""
        ...


def summarize(item: ArticleResult, folder: Path, manifest: Manifest | None = None) -> None:
    """Fill in the article's files (with sizes), narration and reading grade from what its
    manifest in `folder` records (given, or read), for finishers."""
    from publish.manifest import Manifest
    from publish.names import OutputNames

    if manifest is None:
        manifest = Manifest.read(folder / OutputNames(item.slug).manifest) or Manifest()
    item.files = [
        OutputFile(fmt, name, (folder / name).stat().st_size, sha)
        for fmt, recorded in manifest.formats.items()
        for name, sha in recorded.get("files", {}).items()
        if (folder / name).is_file()
    ]
    item.grade = manifest.grade if item.grade is None else item.grade
    about = manifest.narration
    if about:
        item.narration = Listening(
            int(about["duration_ms"]), tuple((str(t), int(ms)) for t, ms in about["chapters"])
        )


def write_atomically(path: Path, data: bytes | str) -> Path:
    """Write a whole file or nothing: a reader never sees half of it."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(raw)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
