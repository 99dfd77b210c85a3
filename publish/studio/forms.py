"""The "New handout" form: front matter from fields, validated by the same table as the
front matter itself (every problem at once, each on its field), written as YAML by a YAML
writer, never by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from publish.studio.store import NotFoundError, Project

FORM_FIELDS = ("title", "language", "audience", "reading_grade", "authors", "publisher", "date")
TITLE_LIMIT = 200  # characters: a title is a line on a cover and a page's <title>, not a paragraph
NAME_LIMIT = 60  # characters of a file name made from a title
# What a new handout starts with, by primary language: a short plan a writer fills in.
STARTERS = {
    "en": (
        "Say who this is for and what it will help them do.",
        [
            ("What is it?", "Explain it in plain words."),
            ("What to do", "Write the steps. Start each one with a verb."),
            ("When to call us", "Say when to call. Give the phone number."),
        ],
    ),
    "es": (
        "Diga para quién es y en qué le ayudará.",
        [
            ("¿Qué es?", "Explíquelo con palabras sencillas."),
            ("Qué hacer", "Escriba los pasos. Empiece cada uno con un verbo."),
            ("Cuándo llamarnos", "Diga cuándo llamar. Dé el número de teléfono."),
        ],
    ),
}


@dataclass
class NewHandout:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    text: str = ""


def read_form(form: dict[str, str]) -> NewHandout:
    """The form's values checked as front matter; `text` is the new source when all is well."""
    import yaml

    from publish.config.fields import Value, check_mapping
    from publish.config.metadata import FIELDS
    from publish.diagnostics import Diagnostic

    values = {name: str(form.get(name, "")).strip() for name in FORM_FIELDS}
    handout = NewHandout(values)
    raw: dict[str, Any] = {}
    for line, name in enumerate(FORM_FIELDS, 1):
        text = values[name]
        if not text:
            if name in ("title", "language"):
                handout.errors[name] = "Fill this in."
            continue
        if name == "title" and len(text) > TITLE_LIMIT:
            handout.errors[name] = (
                f"Keep the title to {TITLE_LIMIT} characters or fewer; it has {len(text)}. "
                "Put the rest in the text."
            )
            continue
        data: Any = text
        if name == "reading_grade":
            try:
                data = float(text)
            except ValueError:
                handout.errors[name] = "Give a school grade as a number, such as 6."
                continue
        elif name == "authors":
            data = [Value(a.strip(), line) for a in text.split(",") if a.strip()]
        elif name == "date":
            try:
                data = dt.date.fromisoformat(text)
            except ValueError:
                handout.errors[name] = "Write the date as YYYY-MM-DD, such as 2026-03-05."
                continue
        raw[name] = Value(data, line)
    problems: list[Diagnostic] = []
    checked = check_mapping(raw, {k: FIELDS[k] for k in FORM_FIELDS}, "form", "form", problems)
    for problem in problems:
        name = FORM_FIELDS[(problem.line or 1) - 1]
        message = problem.message.split("' ", 1)[-1]
        handout.errors.setdefault(name, message[0].upper() + message[1:] + ".")
    if handout.errors:
        return handout
    front: dict[str, Any] = {}
    for name in FORM_FIELDS:
        if name in checked:
            value = checked[name]
            front[name] = list(value) if isinstance(value, tuple) else value
    primary = front["language"].split("-")[0].lower()
    intro, headings = STARTERS.get(primary, STARTERS["en"])
    if primary not in STARTERS:
        handout.notes.append(
            f"publish has no starter text in '{front['language']}'; the English one was "
            "used, so replace it with your own words"
        )
    yaml_text = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=88)
    body = "\n\n".join([intro, *(f"## {h}\n\n{prompt}" for h, prompt in headings)])
    handout.text = f"---\n{yaml_text}---\n\n{body}\n"
    return handout


def file_name(title: str) -> str:
    """The file name (without `.md`) of a new handout with this title, in any script."""
    from publish.model.ids import name_from

    return name_from(title, "handout", NAME_LIMIT)


def other_name(name: str, title: str) -> str:
    """A second name for a title whose file name is another handout's: the name and a short
    stable hash of the title ("xi-shou-3f9a2c1b")."""
    import hashlib

    tag = hashlib.sha256(title.encode("utf-8")).hexdigest()[:8]
    return f"{name[: NAME_LIMIT - 9].rstrip('-')}-{tag}"


def title_of(text: str) -> str:
    """The title in a source's front matter; "" when the front matter cannot be read."""
    from publish.errors import PublishError
    from publish.parse import frontmatter

    try:
        return frontmatter.read(frontmatter.split(text, ""), "").title
    except PublishError:
        return ""


def create(project: Project, handout: NewHandout) -> str | None:
    """Write the new handout under a name made from its title, and return the name; None,
    with the title's error set, when the name is taken by a handout of the same title. A name
    taken by another title gets a second name (`other_name`), and a note says which."""
    from publish.model.ids import slugify

    title = handout.values["title"]
    name = file_name(title)
    try:
        project.create(name, handout.text)
    except FileExistsError:
        pass
    else:
        if name != slugify(title, "handout"):  # transliterated, or a hash: say what it is
            handout.notes.insert(0, f"its file is source/{name}.md")
        return name
    try:
        taken = title_of(project.read(name)[0])
    except (NotFoundError, OSError):
        taken = ""
    if taken.casefold() != " ".join(title.split()).casefold():
        second = other_name(name, title)
        try:
            project.create(second, handout.text)
        except FileExistsError:
            name = second
        else:
            handout.notes.insert(
                0, f"its file is source/{second}.md, since source/{name}.md is another handout's"
            )
            return second
    handout.errors["title"] = (
        f"There is already a handout with this title, in source/{name}.md. Choose another "
        "title, or open that handout from the Library."
    )
    return None
