"""The glossary section from the front matter's `glossary:`: its heading (the page strings'
"Glossary"), then each term and its definition, one sentence each, with the IDs ids.py mints
for them, after the terms' and before any section's."""

from __future__ import annotations

from publish.config.metadata import GlossaryEntry
from publish.model.ids import IdMinter
from publish.model.nodes import Definition, Glossary, Sentence, Text
from publish.strings import strings_for


def glossary_section(
    entries: tuple[GlossaryEntry, ...], language: str, ids: IdMinter
) -> Glossary | None:
    """The glossary as shown and read, the expansion before each definition; None for none.
    `entries` already carry their IDs (the terms' first uses link to them)."""
    if not entries:
        return None
    section_id = ids.glossary()
    title = strings_for(language)["glossary"]
    line = entries[0].line
    heading = Sentence(ids.heading(section_id), line, (Text(title),), title)
    definitions = []
    for entry in entries:
        said = f"{entry.expansion}. {entry.definition}" if entry.expansion else entry.definition
        term = Sentence(entry.id, entry.line, (Text(entry.term),), entry.term)
        text = Sentence(ids.definition(entry.id), entry.line, (Text(said),), said)
        definitions.append(Definition(entry.id, entry.line, entry, term, text))
    return Glossary(section_id, line, heading, tuple(definitions))
