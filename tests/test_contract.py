"""The format contract and the one options schema: a format is one module and one entry point;
a setting is one declaration with one precedence rule; `check` builds as `build` does; and every
input a format reads rebuilds that format, and only the formats that read it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from test_architecture import install_plugin, run_publish

from publish.cli import main
from publish.config.metadata import Metadata
from publish.settings import BuildOptions

PLAIN_TEXT = '''
from publish.formats.base import Link


class TextWriter:
    """A plain-text edition: one sentence a line."""

    name = "txt"
    help = "plain text, one sentence a line"
    order = 35
    templates = ()
    settings = ()
    pictures = False
    uses = frozenset()

    def __init__(self, options, env):
        self.options = options

    def requires(self):
        return frozenset()

    def files(self, names, editions):
        return [f"{names.slug}.txt"]

    def links(self, names, editions):
        return [Link(f"{names.slug}.txt", "Plain text", rank=30, media_type="text/plain")]

    def write(self, article, products, staging):
        target = staging / f"{article.slug}.txt"
        target.write_text("\\n".join(s.text for s in article.sentences()) + "\\n")
        return [target]
'''

ARTICLE = """---
title: Washing Your Hands
language: en
cover: cover.png
---

Wash your hands for 20 seconds.

![Hands under a tap](hands.png)

Dry them with a clean towel.
"""


def _png(colour: tuple[int, int, int]) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(out, format="PNG")
    return out.getvalue()


def test_a_format_through_the_contract_alone(tmp_path: Path) -> None:
    """One module and one entry point: the format is in --help, the manifest, the page's
    downloads and the studio, and `check --no-build` finds its files."""
    site = tmp_path / "site"
    install_plugin(
        site,
        "publish-plaintext",
        "[publish.formats]\ntxt = publish_plaintext:TextWriter\n",
        PLAIN_TEXT,
    )
    source = tmp_path / "leaflet.md"
    source.write_text(
        ARTICLE.replace("cover: cover.png\n", "").replace("![Hands under a tap](hands.png)\n", "")
    )
    out = tmp_path / "out"

    shown = run_publish(["build", "--help"], site, tmp_path)
    assert "txt        plain text, one sentence a line" in shown.stdout

    built = run_publish(
        ["build", str(source), "-f", "html,txt", "--out", str(out), "-q"], site, tmp_path
    )
    assert built.returncode == 0, built.stderr
    folder = out / "leaflet"
    assert "Wash your hands for 20 seconds.\n" in (folder / "leaflet.txt").read_text()
    page = (folder / "leaflet.html").read_text()
    assert 'href="leaflet.txt"' in page and "Plain text" in page
    manifest = json.loads((folder / "leaflet.manifest.json").read_text())
    assert list(manifest["formats"]["txt"]["files"]) == ["leaflet.txt"]

    again = run_publish(["build", str(source), "-f", "html,txt", "--out", str(out)], site, tmp_path)
    assert "unchanged" in again.stderr  # its declared inputs are all that count

    studio = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import sys; from pathlib import Path; from publish.names import OutputNames; "
                "from publish.studio.app import _formats_made; "
                "print(_formats_made(Path(sys.argv[1]), OutputNames('leaflet')))"
            ),
            str(folder),
        ],
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "'name': 'txt', 'help': 'plain text, one sentence a line'" in studio.stdout

    (folder / "leaflet.html").unlink()
    checked = run_publish(
        ["check", str(source), "-f", "txt", "--out", str(out), "--no-build", "-q"], site, tmp_path
    )
    assert "nothing is built" not in checked.stderr  # the writer's files() say what is built


def test_one_precedence_rule() -> None:
    """The command line, then the front matter, then the project file, then the default."""
    says_a4 = Metadata(title="T", language="en", paper="a4", edition="large-print")
    silent = Metadata(title="T", language="en")
    project = (("paper", "letter"), ("editions", ("standard", "large-print")))
    out = Path("build")
    assert BuildOptions(out, paper="letter").paper_for(says_a4) == "letter"
    assert BuildOptions(out, project=project).paper_for(says_a4) == "a4"
    assert BuildOptions(out, project=project).paper_for(silent) == "letter"
    assert BuildOptions(out).paper_for(silent) == "a4"
    assert BuildOptions(out, project=project).editions_for(says_a4) == ("large-print",)
    assert BuildOptions(out, project=project).editions_for(silent) == ("standard", "large-print")
    assert BuildOptions(out, editions=("standard",)).editions_for(says_a4) == ("standard",)


def test_check_builds_with_the_settings_build_uses(tmp_path: Path) -> None:
    """publish.toml's paper and formats hold for `check` too, so neither replaces the
    other's outputs: after a build, check rebuilds nothing, and build after check neither."""
    (tmp_path / "publish.toml").write_text('formats = ["html", "pdf"]\npaper = "letter"\n')
    source = tmp_path / "leaflet.md"
    source.write_text("---\ntitle: T\nlanguage: en\n---\n\nWash your hands.\n")
    out = tmp_path / "build"
    assert main(["build", str(source), "--out", str(out), "-q"]) == 0
    pdf = out / "leaflet" / "leaflet.pdf"
    before = pdf.read_bytes()
    assert _page_size(pdf) == (612, 792)  # US Letter, as the project file says
    manifest = (out / "leaflet" / "leaflet.manifest.json").read_text()
    main(["check", str(source), "--out", str(out), "-q"])
    assert pdf.read_bytes() == before
    assert (out / "leaflet" / "leaflet.manifest.json").read_text() == manifest
    assert main(["build", str(source), "--out", str(out), "-q"]) == 0
    assert pdf.read_bytes() == before


@pytest.mark.parametrize(
    ("where", "text", "message"),
    [
        (
            "front",
            "---\ntitle: T\nlanguage: en\nout: public\n---\n\nHi.\n",
            (
                "leaflet.md:4: 'out' cannot be set in the front matter; use --out on the command "
                "line or 'out' in publish.toml"
            ),
        ),
        (
            "project",
            "title = 'T'\n",
            (
                "publish.toml:1: 'title' belongs to one article: set it in that article's front "
                "matter, not in the project file"
            ),
        ),
        (
            "project",
            "edition = 'large-print'\n",
            (
                "publish.toml:1: 'edition' cannot be set in the project file; use --edition on the "
                "command line, 'edition' in the front matter or 'editions' in publish.toml"
            ),
        ),
    ],
)
def test_a_setting_in_the_wrong_place_says_where_it_belongs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, text: str, message: str
) -> None:
    source = tmp_path / "leaflet.md"
    if where == "front":
        source.write_text(text)
    else:
        source.write_text("---\ntitle: T\nlanguage: en\n---\n\nHi.\n")
        (tmp_path / "publish.toml").write_text(text)
    assert main(["build", str(source), "--out", str(tmp_path / "out"), "-q"]) == 2
    assert message in capsys.readouterr().err


def test_a_flag_is_checked_by_the_same_rule_as_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "x.md", "--pauses", "900,200,1"]) == 2
    assert "--pauses must be 3 or 4 growing numbers" in capsys.readouterr().err
    assert main(["build", "x.md", "--paper", "leter"]) == 2
    assert "did you mean 'letter'?" in capsys.readouterr().err


# Each input, and the formats that read it: only those are rebuilt.
EVERY = ("html", "pdf", "epub", "audio", "m4b", "daisy", "braille")
CHANGES = {
    "daisy template": {"daisy"},
    "epub template": {"epub"},
    "print template": {"pdf", "epub", "daisy", "braille"},  # the layout gives page numbers
    "picture": {"html", "pdf", "epub", "daisy"},
    "cover": {"html", "epub", "audio", "m4b", "daisy"},  # the MP3 carries the cover
    "braille cells": {"braille"},
    "paper": {"pdf", "epub", "daisy", "braille"},
    "pauses": {"html", "epub", "audio", "m4b", "daisy"},  # the narration's timing
}


def test_each_input_rebuilds_only_the_formats_that_read_it(tmp_path: Path) -> None:
    from publish.pipeline import build_all
    from publish.templates import default_templates_dir

    project = tmp_path / "project"
    project.mkdir()
    source = project / "leaflet.md"
    source.write_text(ARTICLE)
    (project / "hands.png").write_bytes(_png((200, 120, 80)))
    (project / "cover.png").write_bytes(_png((20, 60, 140)))
    templates = project / "templates"
    for folder in ("daisy", "epub", "pdf"):
        shutil.copytree(default_templates_dir() / folder, templates / folder)
    base = BuildOptions(
        tmp_path / "out",
        formats=EVERY,
        templates=templates,
        voice="tones",
        cache_dir=tmp_path / "cache",
        checks=False,
        quiet=True,
    )

    def rebuilt(options: BuildOptions) -> set[str]:
        result = build_all([source], options)
        assert not result.failed, result.failed[0].error
        return set(result.articles[0].rebuilt)

    assert rebuilt(base) == set(EVERY)
    assert rebuilt(base) == set()
    changes = {
        "daisy template": lambda: _append(templates / "daisy" / "content.html", "\n"),
        "epub template": lambda: _append(templates / "epub" / "style.css", "\n/* x */\n"),
        "print template": lambda: _append(templates / "pdf" / "print.css", "\n/* x */\n"),
        "picture": lambda: (project / "hands.png").write_bytes(_png((10, 200, 10))),
        "cover": lambda: (project / "cover.png").write_bytes(_png((140, 20, 60))),
    }
    settings = {
        "braille cells": {"braille_cells": 32},
        "paper": {"paper": "letter"},
        "pauses": {"pauses": (400, 800, 1400)},
    }
    options = base
    for name, expected in CHANGES.items():
        if name in changes:
            changes[name]()
        else:
            from dataclasses import replace

            options = replace(options, **settings[name])
        assert rebuilt(options) == expected, name


def _page_size(pdf: Path) -> tuple[int, int]:
    import pikepdf

    with pikepdf.open(pdf) as document:
        box = [round(float(v)) for v in document.pages[0].mediabox]
    return box[2] - box[0], box[3] - box[1]


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_the_readme_documents_the_one_precedence_rule() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "command line > front matter > project file > default" in readme


CATALOG = """
import hashlib
import json


class Catalog:
    name = "catalog"
    help = "a JSON list of the batch's articles"

    def wanted(self, options):
        return True

    def finish(self, batch, out_dir):
        rows = [
            {
                "slug": a.slug,
                "title": a.metadata.title,
                "changed": a.slug in batch.changed,
                "narration_ms": a.narration.duration_ms if a.narration else None,
                "chapters": len(a.narration.chapters) if a.narration else 0,
                "files": {f.name: [f.format, f.size, f.digest] for f in a.files},
            }
            for a in batch.done
        ]
        path = out_dir / "catalog.json"
        path.write_text(json.dumps(rows))
        return [path]
"""


def test_a_finisher_runs_once_per_batch_from_the_summaries(tmp_path: Path) -> None:
    """A plug-in's batch output (here a catalog) gets each article's front matter, files and
    narration from the build's summaries, and knows which articles changed."""
    import hashlib

    site = tmp_path / "site"
    install_plugin(
        site, "publish-catalog", "[publish.finishers]\ncatalog = publish_catalog:Catalog\n", CATALOG
    )
    sources = []
    for n in (1, 2):
        source = tmp_path / f"guide-{n}.md"
        source.write_text(
            f"---\ntitle: Guide {n}\nlanguage: en\n---\n\n## Steps\n\nWash your hands.\n"
        )
        sources.append(str(source))
    out = tmp_path / "out"
    args = ["build", *sources, "-f", "html,audio", "--voice", "tones", "--out", str(out), "-j", "1"]
    first = run_publish(args, site, tmp_path)
    assert first.returncode == 0, first.stderr
    rows = json.loads((out / "catalog.json").read_text())
    assert [r["title"] for r in rows] == ["Guide 1", "Guide 2"]
    assert all(r["changed"] for r in rows)
    assert all(r["narration_ms"] and r["chapters"] >= 1 for r in rows)
    for row in rows:
        for name, (fmt, size, digest) in row["files"].items():
            data = (out / row["slug"] / name).read_bytes()
            assert (len(data), hashlib.sha256(data).hexdigest()) == (size, digest)
            assert fmt in ("html", "audio")
    second = run_publish(args, site, tmp_path)
    assert second.returncode == 0, second.stderr
    again = json.loads((out / "catalog.json").read_text())
    assert not any(r["changed"] for r in again)  # nothing was made this time...
    assert [{**r, "changed": True} for r in again] == rows  # ...and nothing was forgotten


def test_an_unchanged_article_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A no-change rebuild keeps each article's summary from its front matter and manifest."""
    from publish.parse import markdown
    from publish.pipeline import build_all

    source = tmp_path / "leaflet.md"
    source.write_text("---\ntitle: T\nlanguage: en\n---\n\nWash your hands.\n")
    options = BuildOptions(tmp_path / "out", formats=("html",), checks=False, quiet=True)
    build_all([source], options)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(markdown, "load_article", refuse)
    result = build_all([source], options)
    item = result.articles[0]
    assert item.error is None and item.unchanged == ("html",)
    assert item.metadata is not None and item.metadata.title == "T"
    assert [f.name for f in item.files] == ["leaflet.html"]
