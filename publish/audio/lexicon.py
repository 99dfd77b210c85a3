"""The article's pronunciation lexicon as a W3C PLS 1.0 document."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from publish.config.metadata import GlossaryEntry

PLS_NS = "http://www.w3.org/2005/01/pronunciation-lexicon"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def pls(entries: tuple[GlossaryEntry, ...], language: str) -> bytes | None:
    """PLS with an alias for every term that has `say` and a phoneme where it has `ipa`."""
    spoken = [e for e in entries if e.say or e.ipa]
    if not spoken:
        return None
    ET.register_namespace("", PLS_NS)
    root = ET.Element(
        f"{{{PLS_NS}}}lexicon", {"version": "1.0", "alphabet": "ipa", XML_LANG: language}
    )
    for entry in spoken:
        lexeme = ET.SubElement(root, f"{{{PLS_NS}}}lexeme")
        for grapheme in (entry.term,):
            ET.SubElement(lexeme, f"{{{PLS_NS}}}grapheme").text = grapheme
        if entry.ipa:
            ET.SubElement(lexeme, f"{{{PLS_NS}}}phoneme").text = entry.ipa
        if entry.say:
            ET.SubElement(lexeme, f"{{{PLS_NS}}}alias").text = entry.say
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
