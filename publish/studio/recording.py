"""A reader's recording for a handout, from the studio: uploaded (publish.studio.receive),
checked as the build checks it (publish.parse.recording), saved beside the source as
`<slug>-reading.<kind>`, and named in the front matter's `narration:` line, every other byte
of the file kept, through the editor's own save (the version it replaces goes to the
history). A recording that is replaced or removed is moved into the handout's history, never
overwritten or deleted, unless another handout uses it too: then it stays where it is."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from publish.errors import PublishError
from publish.studio.blocks import as_file_writes, splice
from publish.studio.store import Conflict, NotFoundError, Project

UPLOAD_BYTES = 1024 * 1024 * 1024  # the studio's own cap; Limits.recording_bytes when lower
ENVELOPE = 64 * 1024  # the form around the file: its boundaries, headers and the token
SUFFIX = "reading"  # <slug>-reading.<kind>


def upload_limit(project: Project) -> int:
    """How many bytes an uploaded recording may have."""
    return min(project.limits.recording_bytes, UPLOAD_BYTES)


def narration_of(text: str, path: Path) -> str:
    """The recording the front matter names ("" for none); PublishError when the front
    matter cannot be read."""
    from publish.parse import frontmatter

    return frontmatter.read(frontmatter.split(text, str(path)), str(path)).narration


def with_narration(text: str, path: Path, name: str) -> tuple[str, list[str]]:
    """`text` with the front matter's `narration:` naming `name` ("" removes the line), and
    the problems that stop the change. A one-line `narration:` has its value changed in
    place (a comment after it stays); otherwise the line is added at the end of the front
    matter, or the block is written anew."""
    import yaml

    from publish.parse import frontmatter
    from publish.studio.feedback import shown_lines

    try:
        parts = frontmatter.split(text, str(path))
        current = frontmatter.read(parts, str(path)).narration
    except PublishError as exc:
        return text, [
            "Fix the front matter in the editor first:",
            *shown_lines(exc, path.parent.parent),
        ]
    if current == name:
        return text, []
    root = yaml.compose(parts.front, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return text, ["The front matter is not 'key: value' lines; edit it by hand."]
    lines = text.split("\n")
    closer = parts.body_offset - 1  # the index of the line that closes the front matter
    front: list[str] | None = lines[1:closer]
    block = next(((k, v) for k, v in root.value if k.value == "narration"), None)
    if name and block is not None and _one_line(*block):
        assert front is not None
        value = block[1]
        line = front[value.start_mark.line]
        start, end = value.start_mark.column, value.end_mark.column
        front[value.start_mark.line] = line[:start] + name + line[end:]
    else:
        front = splice(lines[1:closer], root, "narration", [f"narration: {name}"] if name else [])
    if front is None:
        return text, ["The front matter's `narration:` is indented; edit it by hand."]
    new = "\n".join([lines[0], *front, *lines[closer:]])
    try:  # read back as the parser reads it
        written = narration_of(new, path)
    except PublishError as exc:  # pragma: no cover - the line is made from a checked name
        return text, ["The recording could not be named:", *shown_lines(exc, path.parent.parent)]
    if written != name:  # pragma: no cover - as above
        return text, ["The recording could not be named; edit `narration:` by hand."]
    return new, []


def _one_line(key: object, value: object) -> bool:
    import yaml

    return (
        isinstance(key, yaml.ScalarNode)
        and isinstance(value, yaml.ScalarNode)
        and key.start_mark.column == 0
        and key.start_mark.line == value.start_mark.line == value.end_mark.line
    )


@dataclass(frozen=True)
class Done:
    """What an upload or a removal did: the recording the handout names now, each recording
    moved into the history (its name, and where it went), one left in place because another
    handout uses it, the source's replaced version, or the problems that stopped it."""

    name: str = ""
    kept: list[tuple[str, Path]] = field(default_factory=list)
    left: str = ""
    replaced: Path | None = None
    changed: bool = False
    problems: list[str] = field(default_factory=list)


def install(project: Project, slug: str, upload: Path, kind: str) -> Done:
    """Make `upload` (a checked recording, a temporary file in source/) the recording of
    `slug`: saved as `<slug>-reading.<kind>`, named in the front matter. The file it
    replaces, and the recording the handout named before, go into the history first."""
    name = f"{slug}-{SUFFIX}.{kind}"
    with project.lock:  # nothing changes the source between the read and the save
        text, now = project.read(slug)
        path = project.path(slug)
        new, problems = with_narration(text, path, name)
        if problems:
            return Done(problems=problems)
        before = narration_of(text, path)
        kept: list[tuple[str, Path]] = []
        target = project.source / name
        if os.path.lexists(target):
            kept.append((name, project.keep_file(slug, target)))
        _move(upload, target)
        left = ""
        if before and before != name:
            moved, left = _set_aside(project, slug, before)
            kept += moved
        saved = project.save(slug, as_file_writes(new, path.read_bytes()), now)
    assert not isinstance(saved, Conflict)  # the lock: the file is the one just read
    return Done(name, kept, left, saved.replaced, new != text)


def _move(upload: Path, target: Path) -> None:
    """Put `upload` at `target`, a name made free under the project's lock: linked in, so
    a file that appeared there meanwhile is never replaced (FileExistsError)."""
    try:
        os.link(upload, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if os.path.lexists(target):
            raise FileExistsError(target) from None
        os.rename(upload, target)
        return
    upload.unlink()


def remove(project: Project, slug: str) -> Done:
    """Stop narrating `slug` from a recording: the `narration:` line goes, and the file into
    the history (unless another handout uses it)."""
    with project.lock:
        text, now = project.read(slug)
        path = project.path(slug)
        try:
            before = narration_of(text, path)
        except PublishError:
            before = ""
        new, problems = with_narration(text, path, "")
        if problems:
            return Done(problems=problems)
        if not before:
            return Done()
        kept, left = _set_aside(project, slug, before)
        saved = project.save(slug, as_file_writes(new, path.read_bytes()), now)
    assert not isinstance(saved, Conflict)
    return Done("", kept, left, saved.replaced, True)


def _set_aside(project: Project, slug: str, name: str) -> tuple[list[tuple[str, Path]], str]:
    """Move the recording `name` (beside the source of `slug`) into its history, unless
    another handout names it too; a name that is no file of the project is left alone."""
    from publish.studio.store import HISTORY, inside

    try:
        path = inside(project.source, name)
    except NotFoundError:
        return [], ""
    if HISTORY in path.relative_to(project.source.resolve()).parts:
        return [], ""  # already in a history
    if _used_elsewhere(project, slug, name):
        return [], name
    return [(name, project.keep_file(slug, path))], ""


def _used_elsewhere(project: Project, slug: str, name: str) -> bool:
    for other in project.slugs():
        if other == slug:
            continue
        try:
            text, _ = project.read(other)
            if narration_of(text, project.path(other)) == name:
                return True
        except (PublishError, NotFoundError, OSError):
            continue
    return False


# ------------------------------------------------------------------------- what it is


@dataclass(frozen=True)
class Facts:
    """The recording a handout names, as its page shows it."""

    name: str
    found: bool
    size: int = 0
    seconds: float = 0.0
    rate: int = 0
    kind: str = ""
    problem: str = ""  # why the build cannot use it


def facts(project: Project, slug: str, name: str) -> Facts:
    from publish.parse.recording import check_recording, probe

    source = project.path(slug)
    try:
        check_recording(source, name, 0, project.limits)
    except PublishError as exc:
        problem = "; ".join(d.message for d in exc.diagnostics) or str(exc)
        path = source.parent / name
        found = path.is_file()
        return Facts(name, found, path.stat().st_size if found else 0, problem=problem)
    path = source.parent / name
    about = probe(path)
    return Facts(name, True, path.stat().st_size, about.seconds, about.sample_rate, about.kind)


def check_upload(project: Project, slug: str, upload: Path, shown: str) -> list[str]:
    """What stops the uploaded file (a temporary file beside the source) from narrating the
    handout, as the build would say it, naming the file as the browser did."""
    from publish.parse.recording import check_recording

    try:
        check_recording(project.path(slug), upload.name, 0, project.limits)
    except PublishError as exc:
        return [d.message.replace(upload.name, shown) for d in exc.diagnostics] or [str(exc)]
    return []
