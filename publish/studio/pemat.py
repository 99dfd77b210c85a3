"""The PEMAT-P reviewer's form: the items only a person can judge, each answered yes, no or
not applicable, with publish's own estimate beside them. The answers go into the front
matter's `pemat:` (publish.config.pemat) line by line, every other byte of the file kept, and
are saved as the editor saves: the version replaced is kept in the history, and a form made
from an older version of the file is refused."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from publish.config.pemat import ANSWERS, BY_ID, ITEMS
from publish.errors import PublishError
from publish.studio.blocks import as_file_writes, splice
from publish.studio.store import Conflict, NotFoundError, Project
from publish.studio.web import csrf_ok, forbidden, not_found, page, studio_of

FIELD = "answer-"  # one radio group per item: answer-<item ID> = yes, no, na, or "" (none yet)
OWN_FIELDS = ("csrf", "base")
WORDS = {"yes": "yes", "no": "no", "na": "not applicable"}
NOBODY = "a reviewer answers this item"  # publish.checks.pemat's reason when it has none


@dataclass
class Review:
    """What the form shows for one source: its items, their answers, and the estimate."""

    title: str = ""
    language: str = ""
    answers: dict[str, str] = field(default_factory=dict)  # the front matter's, item ID -> answer
    items: list[dict[str, Any]] = field(default_factory=list)  # the form's, in the tool's order
    estimate: dict[str, Any] | None = None  # the check's metrics and summary; None when skipped
    skipped: str = ""  # why there is no estimate
    problems: list[str] = field(default_factory=list)  # why the file cannot be reviewed


def review(text: str, path: Path, also: Collection[str] = ()) -> Review:
    """The form for the source `text` (at `path`): the items that need a person (and any item
    a reviewer has answered, or in `also`), and publish's PEMAT-P estimate, from the check."""
    from publish.checks import Status
    from publish.checks.pemat import pemat
    from publish.config.checks import CheckConfig
    from publish.model.locator import Locator
    from publish.parse.markdown import parse_article
    from publish.studio.feedback import shown_lines

    try:
        article = parse_article(text, path)
    except PublishError as exc:
        return Review(problems=shown_lines(exc, path.parent.parent))
    result = pemat(article, CheckConfig().updated(article.metadata.checks), Locator(article))
    answers = dict(article.metadata.pemat)
    found = result.status != Status.SKIP
    metrics: dict[str, Any] = result.metrics if found else {}
    waiting = set(metrics.get("for_reviewer", []))
    known = {entry["id"]: entry for entry in metrics.get("items", [])}
    items = [
        {
            "number": item.number,
            "id": item.id,
            "text": item.text,
            "na": item.na,
            "domain": item.domain,
            "answer": answers.get(item.id, ""),
            "note": _note(known.get(item.id)),
        }
        for item in ITEMS
        if not item.automated or item.id in waiting or item.id in answers or item.id in also
    ]
    estimate = None
    if found:
        estimate = {
            "understandability": metrics["understandability"],
            "actionability": metrics["actionability"],
            "threshold": metrics["threshold"],
            "waiting": len(waiting),
            "status": result.status.value,
        }
    return Review(
        article.metadata.title,
        article.metadata.language,
        answers,
        items,
        estimate,
        "" if found else result.summary,
    )


def _note(entry: dict[str, Any] | None) -> str:
    """What publish itself says about an item, as a sentence, or ""."""
    if entry is None or entry["reason"] == NOBODY:
        return ""
    if entry["by"] == "publish":
        return f"publish's own answer: {WORDS[entry['answer']]} ({entry['reason']})."
    reason = str(entry["reason"])
    return f"publish: {reason}." if entry["by"] == "" else reason[0].upper() + reason[1:] + "."


def read_answers(fields: list[tuple[str, str]]) -> tuple[dict[str, str], list[str]]:
    """The form's answers (item ID -> yes, no, na, or "" for no answer) and everything wrong
    with them, each in a sentence: an unknown field or item (with a did-you-mean), a value
    that is not yes, no, na or empty, and "na" where the tool does not allow it."""
    from publish.config.fields import Value
    from publish.config.pemat import pemat_answers
    from publish.diagnostics import Diagnostic

    problems: list[str] = []
    chosen: dict[str, str] = {}
    for name, value in fields:
        if name in OWN_FIELDS:
            continue
        if not name.startswith(FIELD):
            problems.append(
                f"'{name}' is not a field of this form: it sends csrf, base and "
                f"{FIELD}<item ID>, such as {FIELD}visual-aids=yes."
            )
            continue
        item = name[len(FIELD) :]
        if item in chosen:
            problems.append(f"the PEMAT item '{item}' is answered twice; send one answer.")
        elif value not in ("", *ANSWERS):
            problems.append(
                f"the PEMAT item '{item}' must be answered yes, no or na "
                f"(or left empty for no answer), not '{value[:40]}'."
            )
        else:
            found: list[Diagnostic] = []  # the front matter's own checks: ID and "na" allowed
            pemat_answers(Value({item: Value(value or "yes", 0)}, 0), "form", found)
            problems += [d.message + ("" if d.message.endswith("?") else ".") for d in found]
            chosen[item] = value
    return chosen, problems


def with_answers(text: str, path: Path, chosen: Mapping[str, str]) -> tuple[str, list[str]]:
    """`text` with the front matter's `pemat:` answering as `chosen` says ("" removes an
    answer; items not in `chosen` keep theirs), and the problems that stop the change.

    An answer already there is changed in place on its line (a comment after it stays); a new
    one is added below the others, at their indentation; a `pemat:` written another way (on
    one line, say) is written anew, as block lines."""
    import yaml

    from publish.parse import frontmatter
    from publish.studio.feedback import shown_lines

    folder = path.parent.parent
    try:
        parts = frontmatter.split(text, str(path))
        current = dict(frontmatter.read(parts, str(path)).pemat)
    except PublishError as exc:
        return text, ["Fix the front matter in the editor first:", *shown_lines(exc, folder)]
    order = {item.id: index for index, item in enumerate(ITEMS)}
    wanted = dict(current)  # a changed answer keeps its place; a new one goes last
    for item in sorted(chosen, key=lambda k: order.get(k, len(order))):
        if chosen[item]:
            wanted[item] = chosen[item]
        else:
            wanted.pop(item, None)
    if wanted == current:
        return text, []
    root = yaml.compose(parts.front, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return text, ["The front matter is not 'key: value' lines; edit it by hand."]
    lines = text.split("\n")
    closer = parts.body_offset - 1  # the index of the line that closes the front matter
    front = _edited(lines[1:closer], root, current, wanted)
    if front is None:
        return text, ["The front matter's `pemat:` is indented; edit it by hand."]
    new = "\n".join([lines[0], *front, *lines[closer:]])
    try:  # read back as the parser reads it
        written = frontmatter.read(frontmatter.split(new, str(path)), str(path)).pemat
    except PublishError as exc:  # pragma: no cover - the lines are made from checked values
        return text, ["The answers could not be written:", *shown_lines(exc, folder)]
    if dict(written) != wanted:  # pragma: no cover - as above
        return text, ["The answers could not be written; edit `pemat:` by hand."]
    return new, []


def _edited(
    front: list[str], root: Any, current: dict[str, str], wanted: dict[str, str]
) -> list[str] | None:
    """The front matter's lines with `pemat:` answering `wanted`; see with_answers."""
    import yaml

    whole = ["pemat:", *(f"  {k}: {v}" for k, v in wanted.items())] if wanted else []
    block = next(((k, v) for k, v in root.value if k.value == "pemat"), None)
    if block is None or not wanted:
        return splice(front, root, "pemat", whole)
    key, value = block
    entries = value.value if isinstance(value, yaml.MappingNode) and not value.flow_style else []
    one_line = all(
        isinstance(k, yaml.ScalarNode)
        and isinstance(v, yaml.ScalarNode)
        and k.start_mark.line == v.end_mark.line > key.start_mark.line
        for k, v in entries
    )
    if key.start_mark.column != 0 or not entries or not one_line:
        return splice(front, root, "pemat", whole)
    out = list(front)
    indent = " " * entries[0][0].start_mark.column
    last = max(k.start_mark.line for k, _ in entries)
    out[last + 1 : last + 1] = [f"{indent}{k}: {v}" for k, v in wanted.items() if k not in current]
    for name, answer in sorted(entries, key=lambda e: e[0].start_mark.line, reverse=True):
        line = name.start_mark.line
        if name.value not in wanted:
            del out[line]
        elif wanted[name.value] != current.get(name.value):
            text = out[line]
            start, end = answer.start_mark.column, answer.end_mark.column
            out[line] = text[:start] + wanted[name.value] + text[end:]
    return out


@dataclass(frozen=True)
class Outcome:
    """What saving the form did: saved (with where the replaced version went), unchanged,
    refused as stale (the file's text now and its digest), or stopped by `problems`."""

    saved: bool = False
    replaced: Path | None = None
    conflict: Conflict | None = None
    problems: list[str] = field(default_factory=list)


def save(project: Project, slug: str, base: str, chosen: Mapping[str, str]) -> Outcome:
    """Write `chosen` into the source of `slug` if it is still the version whose digest is
    `base`, through the editor's own save, in the file's own line endings (and BOM)."""
    with project.lock:  # nothing changes the file between the read and the save
        text, _ = project.read(slug)
        path = project.path(slug)
        new, problems = with_answers(text, path, chosen)
        if problems:
            return Outcome(problems=problems)
        if new == text:
            return Outcome()
        outcome = project.save(slug, as_file_writes(new, path.read_bytes()), base)
    if isinstance(outcome, Conflict):
        return Outcome(conflict=outcome)
    return Outcome(True, outcome.replaced)


# ------------------------------------------------------------------------------ routes


def _saved_note(project: Project, slug: str, saved: str) -> str:
    """What the page says after a save (`?saved=` names the version it replaced), or ""."""
    from publish.studio.history import where
    from publish.studio.store import VERSION

    if saved == "unchanged":
        return "Nothing to save: the file already holds these answers."
    if not VERSION.match(saved):
        return ""
    try:
        version, _ = project.version(slug, saved)
    except NotFoundError:
        return ""
    return (
        "Saved the answers. The version they replaced is kept in "
        f"{where(project, version.path)} (listed under History in the editor)."
    )


async def _show(
    request: Request,
    slug: str,
    text: str,
    digest: str,
    status: int = 200,
    *,
    chosen: Mapping[str, str] | None = None,
    note: str = "",
    refused: list[str] | None = None,
    alert: str = "",
) -> Response:
    """The form page; `chosen` (answers sent but not saved) shown over the file's own."""
    chosen = {k: v for k, v in (chosen or {}).items() if k in BY_ID and v in ("", *ANSWERS)}
    path = studio_of(request).project.source / f"{slug}.md"
    found = await run_in_threadpool(review, text, path, chosen)
    for item in found.items:
        item["answer"] = chosen.get(item["id"], item["answer"])
    return page(
        request,
        "pemat.html",
        status,
        slug=slug,
        review=found,
        digest=digest,
        note=note,
        refused=refused or [],
        alert=alert,
        words=WORDS,
        field=FIELD,
    )


async def pemat_form(request: Request) -> Response:
    project = studio_of(request).project
    slug = request.path_params["slug"]
    try:
        text, digest = await run_in_threadpool(project.read, slug)
    except NotFoundError:
        return not_found()
    saved = request.query_params.get("saved", "")[:100]
    note = await run_in_threadpool(_saved_note, project, slug, saved) if saved else ""
    return await _show(request, slug, text, digest, note=note)


async def pemat_save(request: Request) -> Response:
    """Save the form's answers; a bad answer is a 400 naming it, and nothing is written."""
    form = await request.form()
    if not await csrf_ok(request, form):
        return forbidden()
    project = studio_of(request).project
    slug = request.path_params["slug"]
    try:
        text, digest = await run_in_threadpool(project.read, slug)
    except NotFoundError:
        return not_found()
    fields = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    chosen, problems = read_answers(fields)
    if len(fields) != len(form.multi_items()):
        problems.insert(0, "This form sends no files; send the answers only.")
    base = form.get("base")
    if not isinstance(base, str) or not base:
        problems.insert(0, "The form lacks 'base', the version it was made from; reload the page.")
    if problems:
        return await _show(request, slug, text, digest, 400, chosen=chosen, refused=problems)
    assert isinstance(base, str)
    done = await run_in_threadpool(save, project, slug, base, chosen)
    if done.problems:
        return await _show(request, slug, text, digest, 422, chosen=chosen, refused=done.problems)
    if done.conflict is not None:
        kept = done.conflict.kept.relative_to(project.folder).as_posix()
        alert = (
            "The file changed on disk since this form was opened, so your answers were not "
            f"saved and nothing was overwritten. The handout with your answers was kept in "
            f"{kept}. Your answers are still in the form, over the file as it is now: check "
            "them, then save again."
        )
        disk, now = done.conflict.disk, done.conflict.digest
        return await _show(request, slug, disk, now, 409, chosen=chosen, alert=alert)
    saved = done.replaced.stem if done.replaced else "unchanged"
    return RedirectResponse(f"/pemat/{slug}?saved={saved}", 303)


ROUTES = [
    Route("/pemat/{slug}", pemat_form, methods=["GET"]),
    Route("/pemat/{slug}", pemat_save, methods=["POST"]),
]
