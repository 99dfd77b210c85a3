"""parse -> products -> writers -> quick checks, one task per article; the client commits.

Each article is one task: it is parsed, its products (narration, print layout, cover) are
made on first request, its writers write into a private temporary folder, its text is
checked, and what comes back is a summary and the new files' bytes, never the model. The
client (this process, which holds the output folder's lock) writes them into a staging
folder beside the article's output and swaps it into place, so workers never write into
the output and memory stays flat however many articles a batch holds.

Tasks run here (--jobs 1), in a pool of worker processes (--jobs N), or on a Dask cluster
(--scheduler). Before a task is made, the article's manifest (manifest.py) says which of
its formats are unchanged; those keep their files, and an article with nothing to rebuild
is not a task at all.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publish.batch import ArticleResult, Batch, Finished, Listening, summarize
from publish.errors import PublishError
from publish.output import build_lock, staging
from publish.settings import BuildOptions

if TYPE_CHECKING:
    from jinja2 import Environment

    from publish.checks import CheckResult
    from publish.config.metadata import Metadata
    from publish.formats.base import Writer
    from publish.manifest import Inputs
    from publish.model.nodes import Article
    from publish.progress import Display

log = logging.getLogger(__name__)

__all__ = ["ArticleResult", "BuildOptions", "BuildResult", "build_all"]


@dataclass
class BuildResult:
    articles: list[ArticleResult] = field(default_factory=list)
    finished: list[Finished] = field(default_factory=list)  # the batch's own outputs

    @property
    def failed(self) -> list[ArticleResult | Finished]:
        return [
            *(a for a in self.articles if a.error is not None),
            *(f for f in self.finished if f.error is not None),
        ]

    def summary(self) -> str:
        """ "158 unchanged, 2 rebuilt" and, when it happened, what failed or was retried."""
        done = [a for a in self.articles if a.error is None]
        rebuilt = sum(1 for a in done if a.rebuilt)
        parts = [f"{len(done) - rebuilt} unchanged", f"{rebuilt} rebuilt"]
        failed = [a for a in self.articles if a.error is not None]
        if failed:
            parts.append(f"{len(failed)} failed")
        retried = [a for a in self.articles if a.retried]
        if retried:
            names = ", ".join(a.source.name for a in retried[:5])
            parts.append(f"{len(retried)} retried after a worker died ({names})")
        return ", ".join(parts)


@dataclass
class Made:
    """An article's new files, as a task returns them; the client writes them."""

    slug: str
    files: dict[str, bytes]  # name in the article folder -> content
    by_format: dict[str, list[str]]  # format -> the names it wrote
    source: str  # the source's hash
    images: dict[str, str]  # image path in the source folder -> hash
    reads: dict[str, dict[str, str]]  # format -> the source files it read -> hash
    narration: Listening | None = None  # when a writer made the narration
    grade: float | None = None  # the reading grade (publish.checks.text.reading_grade)


@dataclass(frozen=True)
class Task:
    source: Path
    slug: str
    formats: tuple[str, ...]  # the formats to make
    unchanged: tuple[str, ...]  # the formats whose files are kept
    current: bool = False  # nothing to make, and the folder holds exactly these formats


Progress = Callable[[int, int, ArticleResult], None]
AfterArticle = Callable[["Article", ArticleResult], None]  # called while the model is alive


def make_writers(options: BuildOptions, env: Environment) -> dict[str, Writer]:
    """One writer per format of the build, shared by every article (templates compile once)."""
    from publish import registry

    return {name: registry.load(registry.FORMATS, name)(options, env) for name in options.formats}


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# ------------------------------------------------------------------ one article, anywhere

_TOOLS: dict[str, tuple[Environment, dict[str, Writer], dict[str, Inputs]]] = {}
TOOLS_KEPT = 4  # builds' tools a long-lived process (a worker, the studio) keeps at most


def _tools(options: BuildOptions) -> tuple[Environment, dict[str, Writer], dict[str, Inputs]]:
    """The template environment, the build's writers and what each format depends on, made
    once per process and build (the oldest are dropped, so a process that serves many builds
    stays small)."""
    key = repr(options)
    if key not in _TOOLS:
        from publish.formats.base import build_inputs
        from publish.templates import environment

        env = environment(options.templates)
        writers = make_writers(options, env)
        while len(_TOOLS) >= TOOLS_KEPT:
            del _TOOLS[next(iter(_TOOLS))]
        _TOOLS[key] = (env, writers, build_inputs(writers))
    return _TOOLS[key]


def source_reads(
    article: Article, pictures: bool, cover: bool, narrated: bool = False
) -> dict[str, str]:
    """The source files a format reads (its pictures, the cover, a reader's recording), with
    their hashes."""
    from publish.manifest import file_digest
    from publish.model.walk import images

    folder = Path(article.source).parent
    names = []
    if pictures:
        names += [
            use.image.src
            for use in images(article)
            if not use.image.src.startswith("data:") and "://" not in use.image.src
        ]
    if cover and article.metadata.cover:
        names.append(article.metadata.cover)
    if narrated and article.metadata.narration:
        names.append(article.metadata.narration)
    return {name: file_digest(folder / name) or "" for name in sorted(set(names))}


# Environment variables that change what a build makes or where it keeps its caches. A
# worker gets the client's values with each task: a fork server started by an earlier build
# in the same process would otherwise hand its workers the environment of that time.
TASK_ENVIRONMENT = (
    "SOURCE_DATE_EPOCH",
    "PUBLISH_CACHE",
    "XDG_CACHE_HOME",
    "PUBLISH_GTTS_ENDPOINT",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
)
# On a cluster the workers' own cache folders stand: they may not see the client's paths.
CLUSTER_ENVIRONMENT = ("SOURCE_DATE_EPOCH", "PUBLISH_GTTS_ENDPOINT")


def task_environment(names: tuple[str, ...]) -> dict[str, str | None]:
    return {name: os.environ.get(name) for name in names}


def make_article(
    source: Path,
    options: BuildOptions,
    formats: tuple[str, ...],
    shown: Display | None = None,
    environ: dict[str, str | None] | None = None,
) -> tuple[ArticleResult, Made | None]:
    """Build one article's `formats` into a private folder; return its summary and files.

    A module-level function of picklable arguments, so a worker process or a Dask worker
    runs it exactly as this process does. `environ` (for workers only) sets the client's
    values of TASK_ENVIRONMENT first."""
    for name, value in (environ or {}).items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    from publish.manifest import file_digest
    from publish.products import Products

    started = time.perf_counter()
    item = ArticleResult(source)
    made = None
    phase, current = "build", "source"  # the step under way, named if it fails
    try:
        if shown is not None:
            shown.begin(phase, current)
        article = _load(source, options)
        if shown is not None:
            shown.end(phase, current, "ok", time.perf_counter() - started)
        item.slug = article.slug
        item.metadata = article.metadata
        item.warnings.extend(article.warnings)
        env, writers, inputs = _tools(options)
        everyone = list(writers.values())
        needs = frozenset().union(*(w.requires() for w in everyone))
        products = Products(article, options, env, needs, shown, everyone)
        by_format: dict[str, list[str]] = {}
        files: dict[str, bytes] = {}
        with tempfile.TemporaryDirectory(prefix="publish-task-") as folder:
            stage = Path(folder)
            for index, name in enumerate(formats, start=1):
                writer = writers[name]
                phase, current, began = "format", name, time.perf_counter()
                if shown is not None:
                    shown.begin(phase, name, index, len(formats))
                written = writer.write(article, products, stage)
                by_format[name] = [p.relative_to(stage).as_posix() for p in written]
                files.update((n, (stage / n).read_bytes()) for n in by_format[name])
                if shown is not None:
                    shown.end(phase, name, "ok", time.perf_counter() - began)
        item.warnings.extend(products.warnings)
        if options.checks:
            if shown is not None:
                shown.begin("check", "checks")  # the quick ones, together
            item.checks = _quick_checks(article, options)
        reads = {
            name: source_reads(
                article, inputs[name].pictures, inputs[name].cover, inputs[name].narrated
            )
            for name in formats
        }
        pictures = source_reads(article, pictures=True, cover=False)
        made = Made(article.slug, files, by_format, file_digest(source) or "", pictures, reads)
        narration = products.narration_made()
        if narration is not None:
            made.narration = Listening(
                narration.duration_ms,
                tuple((c.title, c.start_ms) for c in narration.chapters),
            )
        made.grade = _grade(article, options, item.checks)
        item.rebuilt = formats
    except PublishError as exc:
        item.error = exc
        if shown is not None:
            shown.end(phase, current, "error")
            shown.failed(phase, current, exc.lines())
    item.seconds = time.perf_counter() - started
    return item, made


def worker_task(
    source: Path,
    options: BuildOptions,
    formats: tuple[str, ...],
    environ: dict[str, str | None],
) -> tuple[ArticleResult, Made | None]:
    """make_article in a worker process, which then hands the memory the article used back
    to the system, so a worker that builds hundreds of articles stays the size of one."""
    import gc

    try:
        return make_article(source, options, formats, None, environ)
    finally:
        gc.collect()  # the rendered document's trees sit in reference cycles
        _trim_heap()


def _trim_heap() -> None:
    """glibc keeps freed memory for reuse; malloc_trim returns it. Elsewhere, nothing."""
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # not glibc: musl, macOS, Windows
        ctypes.CDLL(None).malloc_trim(0)  # the process's own symbols: libc's, no lookup


def _commit(
    out_dir: Path,
    task: Task,
    item: ArticleResult,
    made: Made | None,
    options: BuildOptions,
    inputs: dict[str, Inputs],
    templates: dict[str, str],
) -> None:
    """Write a task's files, with the kept ones and a new manifest, in one atomic swap."""
    from publish.manifest import Manifest, digest, inputs_key
    from publish.names import OutputNames

    names = OutputNames(task.slug)
    target = out_dir / task.slug
    previous = Manifest.read(target / names.manifest) or Manifest()
    if made is not None:
        manifest = Manifest(made.source, made.images, grade=made.grade)
    else:
        manifest = Manifest(previous.source, previous.images, grade=previous.grade)
    if made is not None and made.narration is not None:
        manifest.narration = {
            "duration_ms": made.narration.duration_ms,
            "chapters": [list(c) for c in made.narration.chapters],
        }
    elif any(inputs[fmt].narrated for fmt in task.unchanged if fmt in inputs):
        manifest.narration = previous.narration
    written: list[str] = []
    with staging(target) as stage:
        for fmt in task.unchanged:
            recorded = previous.formats[fmt]
            for name in recorded["files"]:
                (stage / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(target / name, stage / name)
                written.append(name)
            manifest.formats[fmt] = recorded
        if made is not None:
            for fmt, produced in made.by_format.items():
                for name in produced:
                    (stage / name).parent.mkdir(parents=True, exist_ok=True)
                    (stage / name).write_bytes(made.files[name])
                    written.append(name)
                manifest.formats[fmt] = {
                    "inputs": inputs_key(
                        fmt, made.source, options, inputs[fmt], templates.get(fmt, "")
                    ),
                    "reads": made.reads[fmt],
                    "files": {name: digest(made.files[name]) for name in produced},
                }
        (stage / names.manifest).write_text(manifest.to_json(), encoding="utf-8")
    item.outputs = [target / name for name in written]
    summarize(item, target, manifest)


# ------------------------------------------------------------------ where tasks run


def _in_process(
    tasks: list[Task], options: BuildOptions, shown: Display | None
) -> Iterator[tuple[Task, ArticleResult, Made | None]]:
    for index, task in enumerate(tasks, start=1):
        if shown is not None:
            shown.article(index, len(tasks), task.source.name)
        item, made = make_article(task.source, options, task.formats, shown)
        yield task, item, made


def _in_pool(
    tasks: list[Task], options: BuildOptions, jobs: int
) -> Iterator[tuple[Task, ArticleResult, Made | None]]:
    """Worker processes; if one dies, the unfinished tasks run again in a fresh pool, once."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    pending = list(tasks)
    for attempt in range(2):
        # A fork server: started once, fresh (no threads of ours to inherit), with the
        # renderers already imported, so each worker is a cheap fork that shares their pages.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(PRELOAD))
        broken: list[Task] = []
        with ProcessPoolExecutor(max_workers=min(jobs, len(pending)), mp_context=context) as pool:
            environ = task_environment(TASK_ENVIRONMENT)
            futures = {
                pool.submit(worker_task, t.source, options, t.formats, environ): t for t in pending
            }
            for future in as_completed(futures):
                task = futures.pop(future)  # a done future holds its files' bytes: let it go
                try:
                    item, made = future.result()
                except BrokenProcessPool:
                    broken.append(task)
                    continue
                item.retried = attempt
                yield task, item, made
        if not broken:
            return
        pending = broken
    for task in pending:  # a second death: say so, article by article
        item = ArticleResult(task.source, task.slug)
        item.error = PublishError(f"publish: the worker building {task.source} died twice")
        item.retried = 1
        yield task, item, None


# What a worker imports for any article; loaded once in the fork server, shared by workers.
PRELOAD = (
    "publish.pipeline",
    "publish.parse.markdown",
    "publish.formats.html",
    "publish.formats.pdf",
    "publish.formats.epub",
    "publish.render.print",
    "publish.checks.text",
    "weasyprint",
    "ebooklib.epub",
    "publish.forked",  # last: freezes the above for copy-on-write sharing
)


def _suspicious(key: str, dask_scheduler: Any = None) -> int:
    """How many times the scheduler saw the task's worker die under it."""
    state = dask_scheduler.tasks.get(key) if dask_scheduler is not None else None
    return int(state.suspicious) if state is not None else 0


def _on_cluster(
    tasks: list[Task], options: BuildOptions, scheduler: str
) -> Iterator[tuple[Task, ArticleResult, Made | None]]:
    """The same tasks on a running Dask cluster. Workers return bytes; they never write into
    the output. A task whose worker dies is rescheduled by Dask on another worker."""
    try:
        from distributed import Client, as_completed
    except ImportError:  # pragma: no cover - a dependency of the project
        from publish.errors import UsageError

        raise UsageError("publish: --scheduler needs Dask: pip install 'distributed'") from None
    from publish.errors import UsageError

    try:
        client = Client(scheduler, timeout=10)  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise UsageError(
            f"publish: cannot reach the Dask scheduler at {scheduler}: {exc}"
        ) from None
    with client:
        environ = task_environment(CLUSTER_ENVIRONMENT)
        futures = {
            client.submit(worker_task, t.source, options, t.formats, environ, pure=False): t
            for t in tasks
        }
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            task = futures[future]
            item, made = future.result()
            item.retried = client.run_on_scheduler(_suspicious, key=future.key)  # type: ignore[no-untyped-call]
            future.release()
            yield task, item, made


# ------------------------------------------------------------------ the build


def plan(
    sources: list[Path],
    options: BuildOptions,
    inputs: dict[str, Inputs],
    templates: dict[str, str],
    force: bool,
) -> list[Task]:
    """One task per article, with the formats it must make and those it may keep."""
    from publish.manifest import unchanged_formats
    from publish.model.ids import source_slug
    from publish.names import OutputNames

    tasks = []
    for source in sources:
        slug = source_slug(source)
        kept: tuple[str, ...] = ()
        held: frozenset[str] = frozenset()
        if not force:
            folder = options.out_dir / slug
            name = OutputNames(slug).manifest
            kept, held = unchanged_formats(folder, name, source, options, inputs, templates)
        formats = tuple(f for f in options.formats if f not in kept)
        current = not formats and held == set(options.formats)
        tasks.append(Task(source, slug, formats, kept, current))
    return tasks


def build_all(
    sources: list[Path],
    options: BuildOptions,
    progress: Progress | None = None,
    after: AfterArticle | None = None,
    shown: Display | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    force: bool = False,
) -> BuildResult:
    """Every article (those whose outputs are current are kept as they are), then the batch's
    own outputs (the finishers: the book, the check index, plug-ins')."""
    from publish.manifest import Manifest, template_digests
    from publish.names import OutputNames

    result = BuildResult()
    per_article = options.for_articles()
    with build_lock(options.out_dir):
        inputs = _tools(per_article)[2]
        templates = template_digests(per_article, inputs)
        tasks = plan(sources, per_article, inputs, templates, force)
        order = {task.source: index for index, task in enumerate(tasks)}
        todo: list[Task] = []
        done = 0
        for task in tasks:
            if task.current:
                item = ArticleResult(task.source, task.slug, unchanged=task.unchanged)
                folder = options.out_dir / task.slug
                names = OutputNames(task.slug)
                held = sorted(folder.iterdir()) if folder.is_dir() else []  # a book's articles
                item.outputs = [p for p in held if p.name != names.manifest]
                summarize(item, folder, Manifest.read(folder / names.manifest) or Manifest())
                try:
                    if after is not None:  # `publish check` checks what is there, built or kept
                        article = _load(task.source, per_article)
                        item.metadata = article.metadata
                        after(article, item)
                    else:
                        item.metadata = _metadata(task.source, per_article)
                except PublishError as exc:  # changed under us since the plan
                    item.error = exc
                result.articles.append(item)
                done += 1
                if progress is not None:
                    progress(done, len(tasks), item)
            else:
                todo.append(task)
        parallel = bool(scheduler) or (jobs > 1 and len(todo) > 1)
        if scheduler:
            runs = _on_cluster(todo, per_article, scheduler)
        elif parallel:
            runs = _in_pool(todo, per_article, jobs)
        else:
            runs = _in_process(todo, per_article, shown)
        for finished, (task, item, made) in enumerate(runs, start=1):
            item.slug = item.slug or task.slug
            item.unchanged = task.unchanged
            if item.error is None:
                _commit(options.out_dir, task, item, made, per_article, inputs, templates)
                if after is not None:
                    after(_load(task.source, per_article), item)
            done += 1
            if shown is not None:
                if parallel:  # the workers draw nothing; the batch advances here
                    shown.article(finished, len(todo), task.source.name)
                    if item.error is not None:
                        shown.failed("build", task.source.name, item.error.lines())
                shown.finished()
            if progress is not None:
                progress(done, len(tasks), item)
            item.checks = [check.brief() for check in item.checks]  # reported: keep the outcome
            result.articles.append(item)
        result.articles.sort(key=lambda a: order.get(a.source, len(order)))
        changed = frozenset(a.slug for a in result.articles if a.rebuilt and a.error is None)
        result.finished = finish(Batch(options, result.articles, changed), shown)
    return result


def finish(batch: Batch, shown: Display | None = None) -> list[Finished]:
    """Run each finisher the build wants, once, after the articles. A finisher's error is
    kept with its name; the articles' outputs stand."""
    from publish import registry

    failed = any(a.error is not None for a in batch.articles)
    made = []
    for name in registry.names(registry.FINISHERS):
        finisher = registry.load(registry.FINISHERS, name)()
        if not finisher.wanted(batch.options):
            continue
        if failed and not getattr(finisher, "partial", False):
            continue  # a book over part of its articles would be wrong; a library is not
        if shown is not None:
            shown.begin("finisher", name)
        started = time.perf_counter()
        source = getattr(finisher, "source", None)  # the file it is made from, if any
        done = Finished(name, source=source(batch.options) if callable(source) else None)
        try:
            done.outputs = finisher.finish(batch, batch.options.out_dir)
        except PublishError as exc:
            done.error = exc
        done.seconds = time.perf_counter() - started
        done.notes = list(getattr(finisher, "notes", []))
        if shown is not None:
            shown.end("finisher", name, "ok" if done.error is None else "error", done.seconds)
            if done.error is not None:
                shown.failed("finisher", name, done.error.lines())
        made.append(done)
    return made


def _load(source: Path, options: BuildOptions) -> Article:
    from publish.parse.markdown import load_article

    return load_article(source, options.limits, options.allow_remote, options.brand)


def _metadata(source: Path, options: BuildOptions) -> Metadata:
    from publish.parse.frontmatter import load_metadata

    return load_metadata(source, options.limits)


def _grade(article: Article, options: BuildOptions, checks: list[CheckResult]) -> float | None:
    """The reading grade: the readability check's, when it ran, else worked out alone."""
    for check in checks:
        if check.name == "readability":
            found = check.metrics.get("grade")
            return round(float(found), 1) if isinstance(found, (int, float)) else None
    from publish.checks.text import reading_grade

    config = options.check_config.updated(article.metadata.checks)
    return reading_grade(article, config)


def _quick_checks(article: Article, options: BuildOptions) -> list[CheckResult]:
    from publish.checks.runner import quick_checks

    return quick_checks(article, options.check_config.updated(article.metadata.checks))
