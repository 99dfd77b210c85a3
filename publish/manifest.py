"""What each output was made from, so a rebuild skips what has not changed.

Every article folder holds `<slug>.manifest.json` (a provenance record a distributor can
keep): the source's hash, its images' hashes and, per format, the hash of everything that
format's files depend on (the inputs key) and the hash of each file it wrote. A format is
unchanged, and its files are kept as they are, when its inputs key is the same and every
file it wrote is still there with the same hash.

What a format depends on:
- every format: publish's version, the source, its images, the input limits;
- html: the html/ templates, the other formats built beside it (the page links to them),
  the PDF editions, and the narration's settings when audio is built (the read-along page);
- pdf: the pdf/ and html/ templates, the paper, the editions and press mode;
- epub: the epub/ and html/ templates, the paper and editions (its page list follows the
  standard PDF), and the narration's settings when audio is built (media overlays);
- audio: the voice and the audio profile, bit rate and pauses only.
So a new template rebuilds the formats that use it, and a new voice re-narrates without
laying out the PDF again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from publish.settings import BuildOptions
from publish.version import __version__

SCHEMA = "publish-manifest/1"
TEMPLATES = {"html": ("html/",), "pdf": ("pdf/", "html/"), "epub": ("epub/", "html/")}


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
    formats: dict[str, dict[str, Any]] = field(default_factory=dict)  # inputs, files

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
        return cls(data.get("source", ""), data.get("images", {}), data.get("formats", {}))


def template_digests(options: BuildOptions) -> dict[str, str]:
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
    for name, prefixes in TEMPLATES.items():
        h = hashlib.sha256()
        for relative, data in files:
            if relative.split(":", 1)[1].startswith(prefixes):
                h.update(relative.encode() + b"\0" + digest(data).encode())
        out[name] = h.hexdigest()
    return out


def _offline_voices() -> str:
    from publish.tts import offline_voices

    return offline_voices()


def inputs_key(
    fmt: str, source: str, images: dict[str, str], options: BuildOptions, templates: dict[str, str]
) -> str:
    """The hash of everything `fmt`'s files depend on (see the module's docstring)."""
    narrated = "audio" in options.formats
    choosing = narrated and options.voice in ("", "auto")
    narration = {
        "voice": options.voice,
        # what `auto` chooses from: a newly installed voice makes the narration again
        "offline_voices": _offline_voices() if choosing else "",
        "voice_fallback": options.voice_fallback,
        "audio_profile": options.audio_profile,
        "bitrate": options.bitrate,
        "pauses": list(options.pauses),
    }
    own: Any = {
        "html": {
            "formats": sorted(options.formats),
            "editions": list(options.editions),
            "press": options.press,
            "narration": narration if narrated else None,
        },
        "pdf": {"paper": options.paper, "editions": list(options.editions), "press": options.press},
        "epub": {
            "paper": options.paper,
            "editions": list(options.editions),
            "press": options.press,
            "narration": narration if narrated else None,
        },
        "audio": narration,
    }.get(fmt, {"options": repr(options)})  # a plug-in's format: every option counts
    key = {
        "publish": __version__,
        "format": fmt,
        "source": source,
        "images": images,
        "limits": repr(options.limits),
        "allow_remote": options.allow_remote,
        "templates": templates.get(fmt, ""),
        "own": own,
    }
    return digest(json.dumps(key, sort_keys=True, default=str).encode())


def unchanged_formats(
    folder: Path,
    manifest_name: str,
    source: Path,
    options: BuildOptions,
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
    images = {name: file_digest(source.parent / name) for name in manifest.images}
    if images != manifest.images:
        return (), held
    kept = []
    for fmt in options.formats:
        recorded = manifest.formats.get(fmt)
        if not recorded:
            continue
        if recorded.get("inputs") != inputs_key(fmt, current, manifest.images, options, templates):
            continue
        files: dict[str, str] = recorded.get("files", {})
        if files and all(file_digest(folder / name) == sha for name, sha in files.items()):
            kept.append(fmt)
    return tuple(kept), held
