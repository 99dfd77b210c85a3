"""What each output was made from, so a rebuild skips what has not changed.

Every article folder holds `<slug>.manifest.json` (a provenance record a distributor can
keep): the source's hash, its pictures' hashes and, per format, the hash of everything that
format's files depend on (`inputs`), the source files it read with their hashes (`reads`) and
the hash of each file it wrote (`files`). A format is unchanged, and its files are kept as
they are, when its inputs key is the same, every file it read is unchanged, and every file it
wrote is still there with the same hash.

What a format depends on comes from its writer's declarations (publish.formats.base), never
from a table here:
- every format: publish's version, the source, the input limits, remote fetching;
- the templates under the folders it declares (`templates`), the project's and publish's;
- the settings it declares (`settings`) and those of the products it reads (the layout's
  paper, editions and press; the narration's voice, profile, bit rate and pauses), and, when
  the voice is `auto`, which offline voices are installed;
- the source files it reads: the pictures (`pictures`) and the front matter's cover (read by
  the cover and the narration).
So a new template rebuilds the formats that use it, a new voice re-narrates without laying
out the PDF again, and a changed picture leaves the narration and the braille as they are.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from publish.settings import BuildOptions
from publish.version import __version__

SCHEMA = "publish-manifest/2"


@dataclass(frozen=True)
class Inputs:
    """What one format's files depend on, as its writer declares it."""

    templates: tuple[str, ...] | None  # template folders ("html/"); None: every template
    settings: tuple[str, ...] | None  # option names; None: every option
    pictures: bool  # reads the article's pictures
    cover: bool  # reads the front matter's cover file
    narrated: bool  # reads the narration (so an `auto` voice depends on the voices installed)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


@dataclass
class Manifest:
    source: str = ""  # the source's hash
    images: dict[str, str] = field(default_factory=dict)  # path in the source folder -> hash
    formats: dict[str, dict[str, Any]] = field(default_factory=dict)  # inputs, reads, files
    narration: dict[str, Any] = field(default_factory=dict)  # duration_ms, chapters
    grade: float | None = None  # the reading grade, for the library's cards

    def to_json(self) -> str:
        return json.dumps({"schema": SCHEMA, "publish": __version__} | asdict(self), indent=1)

    @classmethod
    def read(cls, path: Path) -> Manifest | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            return None
        return cls(
            data.get("source", ""),
            data.get("images", {}),
            data.get("formats", {}),
            data.get("narration", {}),
            data.get("grade"),
        )


def template_digests(options: BuildOptions, inputs: dict[str, Inputs]) -> dict[str, str]:
    """One hash per format of every template file it may read (the project's and ours)."""
    from publish.templates import default_templates_dir

    roots = [options.templates, default_templates_dir()]
    files: list[tuple[str, bytes]] = []
    for index, root in enumerate(roots):
        if root is None or not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file():
                files.append((f"{index}:{path.relative_to(root).as_posix()}", path.read_bytes()))
    out = {}
    for name, declared in inputs.items():
        prefixes = declared.templates
        h = hashlib.sha256()
        for relative, data in files:
            if prefixes is None or relative.split(":", 1)[1].startswith(prefixes):
                h.update(relative.encode() + b"\0" + digest(data).encode())
        out[name] = h.hexdigest()
    return out


def _offline_voices() -> str:
    from publish.tts import offline_voices

    return offline_voices()


def setting_value(options: BuildOptions, name: str) -> Any:
    """A setting as the build holds it: for one the front matter may set, the command line's
    value and the project file's (the front matter's is in the source's hash)."""
    value = getattr(options, name)
    if name == "formats":
        return sorted(value)
    if name == "narration" and value:  # a recording: its bytes, wherever it is
        return [value, file_digest(Path(value))]
    project = dict(options.project)
    return [value, project[name]] if name in project else value


def inputs_key(fmt: str, source: str, options: BuildOptions, inputs: Inputs, templates: str) -> str:
    """The hash of everything `fmt`'s files depend on but the source files it reads."""
    if inputs.settings is None:
        own: Any = repr(options)  # a writer that does not declare: every option counts
    else:
        own = {name: setting_value(options, name) for name in sorted(inputs.settings)}
    if inputs.narrated and options.voice in ("", "auto"):
        own = {"settings": own, "offline_voices": _offline_voices()}  # what `auto` picks from
    key = {
        "publish": __version__,
        "format": fmt,
        "source": source,
        "limits": repr(options.limits),
        "allow_remote": options.allow_remote,
        "brand": options.brand.fingerprint(),  # the house style: its lines are in the model
        "templates": templates,
        "own": own,
    }
    return digest(json.dumps(key, sort_keys=True, default=str).encode())


def unchanged_formats(
    folder: Path,
    manifest_name: str,
    source: Path,
    options: BuildOptions,
    inputs: dict[str, Inputs],
    templates: dict[str, str],
) -> tuple[tuple[str, ...], frozenset[str]]:
    """The formats of this build whose files in `folder` are current and whole, and every
    format the folder holds now (by its manifest)."""
    manifest = Manifest.read(folder / manifest_name)
    if manifest is None:
        return (), frozenset()
    held = frozenset(manifest.formats)
    current = file_digest(source)
    if current is None or current != manifest.source:
        return (), held
    kept = []
    for fmt in options.formats:
        recorded = manifest.formats.get(fmt)
        if not recorded or fmt not in inputs:
            continue
        key = inputs_key(fmt, current, options, inputs[fmt], templates.get(fmt, ""))
        if recorded.get("inputs") != key:
            continue
        reads: dict[str, str] = recorded.get("reads", {})
        if any(file_digest(source.parent / name) != sha for name, sha in reads.items()):
            continue
        files: dict[str, str] = recorded.get("files", {})
        if files and all(file_digest(folder / name) == sha for name, sha in files.items()):
            kept.append(fmt)
    return tuple(kept), held
