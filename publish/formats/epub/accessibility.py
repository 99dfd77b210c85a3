"""EPUB Accessibility 1.1 metadata, derived from the book as built. Nothing is claimed that is absent."""

from __future__ import annotations

from dataclasses import dataclass, field

from publish.config.distribution import Certifier
from publish.model.nodes import Article
from publish.model.walk import images

CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
CERTIFIER_ID = "certifier"


@dataclass(frozen=True)
class BookFacts:
    """What the built book contains, gathered by the writer."""

    images: int  # including the cover
    images_with_alt: int
    has_headings: bool
    has_page_list: bool
    page_source: str
    has_glossary: bool
    has_footnotes: bool
    narrated: bool = False  # every content document has an overlay
    has_lexicon: bool = False
    unnarrated: list[str] = field(default_factory=list)  # what no overlay reads ("the glossary")
    human: bool = False  # the narration is a person's recording, not a synthetic voice
    reader: str = ""  # who reads it ("Ann Lee"); "" when the front matter does not say
    problems: list[str] = field(default_factory=list)  # anything that stops the WCAG claim


def count_images(articles: list[Article]) -> tuple[int, int]:
    """How many images the articles have, and how many of those have alt text."""
    found = [use.image for article in articles for use in images(article)]
    return len(found), sum(bool(image.alt.strip()) for image in found)


def metadata(facts: BookFacts) -> list[tuple[str, str]]:
    """(property, value) pairs for <meta property=...> in the package document."""
    modes = (
        ["textual"]
        + (["visual"] if facts.images else [])
        + (["auditory"] if facts.narrated else [])
    )
    all_alt = facts.images == facts.images_with_alt
    sufficient = []
    if all_alt:
        sufficient.append("textual")
    if facts.narrated and all_alt and not facts.unnarrated:  # the ear alone gets all of it
        sufficient.append("auditory")
    sufficient.append(",".join(modes))
    features = ["tableOfContents", "readingOrder", "displayTransformability"]
    if facts.has_headings:
        features.append("structuralNavigation")
    if facts.images and all_alt:
        features.append("alternativeText")
    if facts.has_page_list:
        features += ["pageNavigation", "printPageNumbers"]
    if facts.narrated:
        features.append("synchronizedAudioText")
    if facts.has_lexicon:
        features.append("ttsMarkup")
    features = list(dict.fromkeys(features))
    pairs = [("schema:accessMode", m) for m in modes]
    pairs += [("schema:accessModeSufficient", s) for s in dict.fromkeys(sufficient)]
    pairs += [("schema:accessibilityFeature", f) for f in features]
    pairs.append(("schema:accessibilityHazard", "none"))
    pairs.append(("schema:accessibilitySummary", summary(facts, all_alt)))
    if not facts.problems:
        pairs.append(("dcterms:conformsTo", CONFORMS_TO))
    return pairs


def certification(
    facts: BookFacts, certifier: Certifier | None
) -> list[tuple[str, dict[str, str]]]:
    """(element, attributes) for the package's certifier: only when the front matter names
    one (nobody is claimed to have certified a book they did not) and the book makes the
    conformance claim it would have certified. The text of a <meta> is in "#text"."""
    if certifier is None or facts.problems:
        return []
    refines = {"refines": f"#{CERTIFIER_ID}"}
    found = [
        ("meta", {"property": "a11y:certifiedBy", "id": CERTIFIER_ID, "#text": certifier.name})
    ]
    if certifier.credential:
        found.append(
            (
                "meta",
                {"property": "a11y:certifierCredential", **refines, "#text": certifier.credential},
            )
        )
    if certifier.report:
        found.append(("link", {"rel": "a11y:certifierReport", **refines, "href": certifier.report}))
    return found


def summary(facts: BookFacts, all_alt: bool) -> str:
    parts = ["This publication has a table of contents and follows a logical reading order"]
    if facts.has_headings:
        parts[0] += ", with headings for structural navigation"
    parts[0] += "."
    if facts.images:
        parts.append(
            "Every image has a text description."
            if all_alt
            else "Some images have no text description."
        )
    if facts.has_page_list:
        parts.append(f"Page numbers match the print edition ({facts.page_source}).")
    if facts.has_glossary:
        parts.append("A glossary explains medical terms; their first use links to it.")
    if facts.has_footnotes:
        parts.append("Footnotes are marked up so reading systems can show them as pop-ups.")
    voice = "A synthetic-voice narration"
    if facts.human:
        voice = (
            f"A human narration, read by {facts.reader}," if facts.reader else "A human narration"
        )
    if facts.narrated and not facts.unnarrated:
        parts.append(
            f"{voice} of the whole text is synchronized with it, "
            "sentence by sentence, and the current sentence is highlighted."
        )
    elif facts.narrated:
        left = facts.unnarrated
        listed = left[0] if len(left) == 1 else f"{', '.join(left[:-1])} and {left[-1]}"
        parts.append(
            f"{voice} is synchronized with the text, sentence by sentence, "
            f"and the current sentence is highlighted; it does not read {listed}."
        )
    if facts.has_lexicon:
        parts.append("A pronunciation lexicon helps text-to-speech read terms correctly.")
    parts.append(
        "Text can be resized and restyled; no content depends on colour alone. "
        "There are no flashing, motion or sound hazards."
    )
    if not facts.problems:
        parts.append(f"It meets {CONFORMS_TO}.")
    return " ".join(parts)
