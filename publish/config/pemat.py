"""The PEMAT-P items, and a reviewer's answers to them in the front matter (`pemat:`).

PEMAT-P is AHRQ's Patient Education Materials Assessment Tool for printable materials:
Shoemaker SJ, Wolf MS, Brach C. The Patient Education Materials Assessment Tool (PEMAT) and
User's Guide. Rockville, MD: Agency for Healthcare Research and Quality; November 2013,
updated 2020. AHRQ Publication No. 14-0002-EF. Its 24 printable items are restated here in
our own words, by the number the tool gives them (13 and 14 are for audiovisual material
only). Each has a short ID, which is what the front matter's `pemat:` names.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from publish.config.fields import Value
from publish.diagnostics import Diagnostic, error

UNDERSTANDABILITY = "understandability"
ACTIONABILITY = "actionability"
SOURCE = (
    "AHRQ, The Patient Education Materials Assessment Tool (PEMAT) and User's Guide, "
    "2013, updated 2020"
)
ANSWERS = ("yes", "no", "na")


@dataclass(frozen=True)
class Item:
    """One PEMAT-P item: its number in the tool, ID, domain and wording (ours); `na` says
    when the tool allows "not applicable" ("" when it never does); `automated` is False for
    an item only a person can judge."""

    number: int
    id: str
    domain: str
    text: str
    na: str = ""
    automated: bool = True


ITEMS: tuple[Item, ...] = (
    Item(1, "purpose", UNDERSTANDABILITY, "The start says plainly what the material is for."),
    Item(
        2,
        "no-distractions",
        UNDERSTANDABILITY,
        "Nothing in it pulls the reader away from that purpose.",
        automated=False,
    ),
    Item(3, "everyday-words", UNDERSTANDABILITY, "It uses common, everyday words."),
    Item(
        4,
        "terms-defined",
        UNDERSTANDABILITY,
        "Medical terms appear only to introduce them, and each one is explained.",
    ),
    Item(5, "active-voice", UNDERSTANDABILITY, "It is written in the active voice."),
    Item(
        6,
        "clear-numbers",
        UNDERSTANDABILITY,
        "Its numbers are clear and easy to grasp (whole numbers, not percentages or fractions).",
        na="it has no numbers",
    ),
    Item(7, "no-calculations", UNDERSTANDABILITY, "It does not ask the reader to do arithmetic."),
    Item(
        8,
        "chunked",
        UNDERSTANDABILITY,
        "It is broken into short sections.",
        na="it is very short",
    ),
    Item(
        9,
        "informative-headings",
        UNDERSTANDABILITY,
        "Its sections have headings that say what is in them.",
        na="it is very short",
    ),
    Item(
        10,
        "logical-order",
        UNDERSTANDABILITY,
        "It presents things in an order that makes sense.",
        automated=False,
    ),
    Item(11, "summary", UNDERSTANDABILITY, "It sums up its key points.", na="it is very short"),
    Item(
        12,
        "visual-cues",
        UNDERSTANDABILITY,
        "It draws the eye to key points with cues such as boxes, bullets or bold type.",
    ),
    Item(
        15,
        "visual-aids",
        UNDERSTANDABILITY,
        "It uses pictures or diagrams wherever they would make the content easier to grasp.",
        automated=False,
    ),
    Item(
        16,
        "aids-reinforce",
        UNDERSTANDABILITY,
        "Its pictures support the content rather than distract from it.",
        na="it has no pictures",
        automated=False,
    ),
    Item(
        17,
        "aids-captioned",
        UNDERSTANDABILITY,
        "Its pictures have clear titles or captions.",
        na="it has no pictures",
    ),
    Item(
        18,
        "clear-pictures",
        UNDERSTANDABILITY,
        "Its illustrations and photographs are clear and uncluttered.",
        na="it has no pictures",
        automated=False,
    ),
    Item(
        19,
        "simple-tables",
        UNDERSTANDABILITY,
        "Its tables are simple, with short, clear row and column headings.",
        na="it has no tables",
    ),
    Item(20, "action-named", ACTIONABILITY, "It names at least one thing the reader can do."),
    Item(21, "addresses-reader", ACTIONABILITY, "It speaks to the reader directly about actions."),
    Item(
        22,
        "steps",
        ACTIONABILITY,
        "It breaks each action into small, explicit steps.",
    ),
    Item(
        23,
        "tangible-tool",
        ACTIONABILITY,
        "It gives the reader a tool to use, such as a checklist, where one would help.",
    ),
    Item(
        24,
        "calculation-help",
        ACTIONABILITY,
        "Where arithmetic is needed, it shows simply how to do it, with an example.",
        na="it asks for no arithmetic",
    ),
    Item(
        25,
        "charts-explained",
        ACTIONABILITY,
        "It explains how to use its charts, tables or diagrams to act.",
        na="it has no charts, tables or diagrams",
        automated=False,
    ),
    Item(
        26,
        "aids-for-action",
        ACTIONABILITY,
        "It uses pictures wherever they would make the instructions easier to follow.",
        automated=False,
    ),
)
BY_ID = {item.id: item for item in ITEMS}


def _answer(data: object) -> str | None:
    """yes, no or na from what YAML read: `yes`/`no` arrive as booleans, `n/a` as text."""
    if isinstance(data, bool):
        return "yes" if data else "no"
    if isinstance(data, str):
        word = data.strip().lower().replace("/", "")
        return word if word in ANSWERS else None
    return None


def pemat_answers(value: Value, file: str, problems: list[Diagnostic]) -> dict[str, str]:
    """A reviewer's answers, item ID -> yes, no or na; every unknown item (with a
    did-you-mean), bad answer and "na" the tool does not allow goes into `problems` at its
    line."""
    if not isinstance(value.data, dict):
        problems.append(
            error(
                "meta-bad-value",
                "'pemat' must map PEMAT item IDs to yes, no or na, such as 'visual-aids: yes'",
                file,
                value.line,
            )
        )
        return {}
    answers: dict[str, str] = {}
    for key, item in value.data.items():
        name = str(key.data if isinstance(key, Value) else key)
        line = item.line if isinstance(item, Value) else value.line
        known = BY_ID.get(name)
        if known is None:
            close = difflib.get_close_matches(name, list(BY_ID), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"the items are: {', '.join(BY_ID)}"
            problems.append(
                error("meta-unknown-key", f"unknown PEMAT item '{name}'; {hint}", file, line)
            )
            continue
        answer = _answer(item.data if isinstance(item, Value) else item)
        if answer is None:
            problems.append(
                error(
                    "meta-bad-value",
                    f"the PEMAT item '{name}' must be answered yes, no or na",
                    file,
                    line,
                )
            )
        elif answer == "na" and not known.na:
            problems.append(
                error(
                    "meta-bad-value",
                    f"the PEMAT item '{name}' cannot be 'na': the tool asks for yes or no",
                    file,
                    line,
                )
            )
        else:
            answers[name] = answer
    return answers
