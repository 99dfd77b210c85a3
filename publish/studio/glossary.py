"""The glossary editor: add, edit and remove a term of a source's front matter, each field
checked by the front matter's own table (every problem at once, each on its field), the
`glossary:` block written by the YAML writer, and every other line of the file kept as it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publish.studio.blocks import splice
from publish.studio.store import Conflict, Project

FORM = ("term", "definition", "expansion", "forms", "say")  # the form's fields, in order
ACTIONS = ("add", "edit", "remove")


@dataclass
class Change:
    """What a glossary change made: the new source, or the problems that stopped it."""

    text: str = ""
    errors: dict[str, str] = field(default_factory=dict)  # field -> what is wrong with it
    problems: list[str] = field(default_factory=list)  # what stops the change as a whole
    message: str = ""  # what was done, in a sentence
    glossary: list[dict[str, Any]] = field(default_factory=list)  # the terms after it


def _sentence(message: str) -> str:
    """A validator's "'key' must be ..." as the sentence a field shows: "Must be ..."."""
    message = message.split("' ", 1)[-1] if message.startswith("'") else message
    return message[0].upper() + message[1:].rstrip(".") + "."


def read_entry(form: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The form's entry, checked by the front matter's glossary table, and the errors by field."""
    from publish.config.fields import Value, check_mapping
    from publish.config.metadata import GLOSSARY_FIELDS, _unsayable
    from publish.diagnostics import Diagnostic

    values = {name: str(form.get(name) or "").strip() for name in FORM}
    errors = {name: "Fill this in." for name in ("term", "definition") if not values[name]}
    raw: dict[str, Value] = {}
    for line, name in enumerate(FORM, 1):  # a field's line is its place in the form
        if not values[name]:
            continue
        data: Any = values[name]
        if name == "forms":
            data = [Value(f.strip(), line) for f in data.split(",") if f.strip()]
        raw[name] = Value(data, line)
    problems: list[Diagnostic] = []
    checked = check_mapping(
        raw, {k: GLOSSARY_FIELDS[k] for k in FORM}, "glossary", "form", problems
    )
    for problem in problems:
        errors.setdefault(FORM[(problem.line or 1) - 1], _sentence(problem.message))
    if "term" in checked and "say" in checked:
        unsayable = _unsayable(checked)
        if unsayable:
            errors.setdefault("say", _sentence(unsayable))
    entry = {k: list(checked[k]) if k == "forms" else checked[k] for k in FORM if k in checked}
    return entry, errors


def change(text: str, path: Path, request: dict[str, Any]) -> Change:
    """`text` with the glossary changed as `request` asks: {action, original, entry}."""
    import yaml

    from publish.errors import PublishError
    from publish.parse import frontmatter
    from publish.studio.feedback import entries_of, shown_lines

    folder = path.parent.parent
    try:
        parts = frontmatter.split(text, str(path))
        frontmatter.read(parts, str(path))  # valid, and without aliases, before it is changed
    except PublishError as exc:
        return Change(problems=["Fix the front matter first:", *shown_lines(exc, folder)])
    root = yaml.compose(parts.front, Loader=yaml.SafeLoader)
    current = yaml.safe_load(parts.front)
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return Change(problems=["The front matter is not 'key: value' lines; edit it by hand."])
    terms: list[Any] = list(current.get("glossary") or [])
    action = request.get("action")
    original = str(request.get("original") or "").casefold()
    found = next(
        (i for i, e in enumerate(terms) if str(e.get("term", "")).casefold() == original), None
    )
    if action in ("edit", "remove") and found is None:
        return Change(problems=[f"The glossary has no term '{request.get('original')}'."])
    done = ""
    if action == "remove":
        assert found is not None
        done = f"Removed '{terms.pop(found).get('term')}' from the glossary"
    else:
        entry, errors = read_entry(request.get("entry") or {})
        others = [e for i, e in enumerate(terms) if i != found]
        if "term" in entry and any(
            str(e.get("term", "")).casefold() == entry["term"].casefold() for e in others
        ):
            errors.setdefault(
                "term", f"'{entry['term']}' is already in the glossary; edit that term instead."
            )
        if errors:
            return Change(errors=errors)
        if found is None:
            terms.append(entry)
            done = f"Added '{entry['term']}' to the glossary"
        else:  # what the form does not show (an `ipa:`) stays as it was
            kept = {k: v for k, v in terms[found].items() if k not in FORM}
            terms[found] = entry | kept
            done = f"Saved the term '{entry['term']}'"
    lines = text.split("\n")
    closer = parts.body_offset - 1  # the index of the line that closes the front matter
    front = splice(lines[1:closer], root, "glossary", _written(terms))
    if front is None:
        return Change(problems=["The front matter's `glossary:` is indented; edit it by hand."])
    new = "\n".join([lines[0], *front, *lines[closer:]])
    try:  # read back as the parser reads it
        metadata = frontmatter.read(frontmatter.split(new, str(path)), str(path))
    except PublishError as exc:
        return Change(problems=["The glossary could not be written:", *shown_lines(exc, folder)])
    return Change(new, message=done, glossary=entries_of(metadata.glossary))


def _written(terms: list[Any]) -> list[str]:
    """The `glossary:` block as the YAML writer writes it; no lines when no term is left."""
    import yaml

    if not terms:
        return []
    dumped = yaml.dump(
        {"glossary": terms},
        Dumper=_dumper(),
        sort_keys=False,
        allow_unicode=True,
        width=88,
        default_flow_style=False,
    )
    return dumped.rstrip("\n").split("\n")


def _dumper() -> Any:
    import yaml

    class Dumper(yaml.SafeDumper):
        """The safe YAML writer, with a list indented under its key, as front matter is."""

        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            return super().increase_indent(flow, False)

    return Dumper


def save(project: Project, slug: str, data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Change the glossary of the editor's `text` and save it as the editor saves, against the
    digest it was based on: the status and the JSON to answer with."""
    result = change(data["text"], project.source / f"{slug}.md", data)
    if result.errors or result.problems:
        return 422, {"saved": False, "errors": result.errors, "problems": result.problems}
    outcome = project.save(slug, result.text, data["base"])
    if isinstance(outcome, Conflict):
        kept = outcome.kept.relative_to(project.folder).as_posix()
        return 409, {
            "saved": False,
            "message": "The file changed on disk since you opened it, so the glossary was "
            f"not saved. The handout with your change was kept in {kept}, and your entry is "
            "still in the form.",
            "kept": kept,
            "disk": outcome.disk,
            "digest": outcome.digest,
        }
    message = f"{result.message}, and saved the handout."
    replaced = getattr(outcome, "replaced", None)
    if replaced:
        where = replaced.relative_to(project.folder).as_posix()
        message += f" The version it replaced is kept in {where} (listed under History)."
    return 200, {
        "saved": True,
        "text": result.text,
        "digest": outcome.digest,
        "message": message,
        "glossary": result.glossary,
    }
