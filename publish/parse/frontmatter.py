"""Split YAML front matter from the Markdown body and read it with line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from publish.config import Metadata, Value, metadata_from
from publish.diagnostics import Diagnostic, error
from publish.errors import SourceError
from publish.limits import Limits

FENCE = "---"
CLOSERS = ("---", "...")


@dataclass(frozen=True)
class SplitSource:
    front: str
    body: str
    body_offset: int  # number of lines before the body starts
    first_line: int = 2  # the file line the YAML starts on


def split(text: str, file: str) -> SplitSource:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        raise SourceError(
            "no front matter",
            [
                error(
                    "meta-none",
                    "the file must start with a '---' line opening the YAML front "
                    "matter (title, language...) and a '---' line closing it",
                    file,
                    1,
                )
            ],
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in CLOSERS:
            return SplitSource("\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 1)
    raise SourceError(
        "unclosed front matter",
        [
            error(
                "meta-unclosed",
                "the front matter opened here is never closed; add a '---' line after it",
                file,
                1,
            )
        ],
    )


def _to_value(node: yaml.Node, loader: yaml.SafeLoader, file: str, offset: int) -> Value:
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Value] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, yaml.ScalarNode):
                raise SourceError(
                    "bad key", [error("meta-bad-key", "keys must be plain words", file, key_line)]
                )
            key = str(key_node.value)
            if key in mapping:
                raise SourceError(
                    "duplicate key",
                    [
                        error(
                            "meta-duplicate",
                            f"the key '{key}' appears twice (first on line "
                            f"{mapping[key].line}); keep one",
                            file,
                            key_line,
                        )
                    ],
                )
            value = _to_value(value_node, loader, file, offset)
            mapping[key] = Value(value.data, key_line)
        return Value(mapping, line)
    if isinstance(node, yaml.SequenceNode):
        return Value([_to_value(item, loader, file, offset) for item in node.value], line)
    try:
        return Value(loader.construct_object(node, deep=True), line)
    except ValueError:  # a date YAML reads as one that is not on the calendar: 2026-02-30
        return Value(str(node.value), line)  # the field's check reports it at its line


class _OnePassLoader(yaml.SafeLoader):
    """Composes the node tree in one pass over the text, noting whether it met an alias."""

    aliased = False

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self.aliased = True
        return super().compose_node(parent, index)


_AGAIN = yaml.Node("", None, None, None)  # the one pass cannot say: read the text again


def _one_pass(text: str) -> yaml.Node | None:
    """The node tree of a valid front matter without aliases, from one pass over the text;
    _AGAIN for anything else, which `read` reads again to say exactly what is wrong (the
    same parser, so a text is refused by both passes or by neither)."""
    loader = _OnePassLoader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return _AGAIN
    finally:
        loader.dispose()
    return _AGAIN if loader.aliased else node


def _two_passes(text: str, file: str, kind: str, first_line: int) -> yaml.Node | None:
    """The node tree, or a SourceError at the first alias (one can make a small text expand
    without bound) or at what is not valid YAML."""
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + first_line if event.start_mark else 2
                raise SourceError(
                    "alias",
                    [
                        error(
                            "meta-alias",
                            f"YAML aliases (*name) are not allowed in the {kind}; write "
                            "the value out in full",
                            file,
                            line,
                        )
                    ],
                )
        loader = yaml.SafeLoader(text)
        try:
            node: yaml.Node | None = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark else first_line
        what = exc.problem or "it is not valid YAML"
        raise SourceError(
            "yaml",
            [
                error(
                    "meta-yaml",
                    f"the {kind} is not valid YAML: {what}; check the indentation and "
                    "quote values that contain ':' or '#'",
                    file,
                    line,
                )
            ],
        ) from None
    return node


def read(split_source: SplitSource, file: str, kind: str = "front matter") -> Metadata:
    """Parse and validate the front matter (or a book file: `kind`); raise SourceError
    listing every problem."""
    node = _one_pass(split_source.front)
    if node is _AGAIN:
        node = _two_passes(split_source.front, file, kind, split_source.first_line)
    if node is None or not isinstance(node, yaml.MappingNode):
        raise SourceError(
            "front matter",
            [
                error(
                    "meta-not-mapping",
                    f"the {kind} must be 'key: value' lines, with at least 'title' and 'language'",
                    file,
                    split_source.first_line,
                )
            ],
        )
    loader = yaml.SafeLoader("")
    try:
        value = _to_value(node, loader, file, offset=split_source.first_line - 1)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line = mark.line + split_source.first_line if mark is not None else split_source.first_line
        raise SourceError(
            "yaml",
            [
                error(
                    "meta-yaml",
                    f"the {kind} has a value YAML cannot read: {exc.problem}",
                    file,
                    line,
                )
            ],
        ) from None
    finally:
        loader.dispose()
    metadata, problems = metadata_from(value.data, file, split_source.first_line - 1 or 1, kind)
    if metadata is None:
        raise SourceError("front matter", sorted(problems, key=_by_line))
    return metadata


def _by_line(d: Diagnostic) -> int:
    return d.line or 0


def read_book(path: Path) -> Metadata:
    """A collection's metadata: a YAML file with the same keys as an article's front matter."""
    from publish.parse.source import read_text

    return read(SplitSource(read_text(path), "", 0, first_line=1), str(path), "book file")


def load_metadata(path: Path, limits: Limits | None = None) -> Metadata:
    """Only the front matter of a source file: what a batch keeps of an article it did not
    rebuild, without parsing its text."""
    from publish.parse.source import clean_controls, read_text

    text, _ = clean_controls(read_text(path, limits or Limits()))
    return read(split(text, str(path)), str(path))
