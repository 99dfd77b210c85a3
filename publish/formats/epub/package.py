"""Writing the package: EbookLib's zip, then what EbookLib cannot express, and fixed bytes.

* `xml:lang` (and `dir`) on `<package>`;
* the mimetype entry first and stored, then the other entries in a fixed order,
  all with the source's date, so the same source gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from lxml import etree

OPF_NS = "http://www.idpf.org/2007/opf"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def finish_package(book: Any, language: str, modified: dt.datetime) -> bytes:
    from ebooklib import epub

    raw = io.BytesIO()
    writer = epub.EpubWriter(
        raw,
        book,
        {
            "mtime": modified,
            "epub3_pages": False,
            "epub3_landmark": False,
            "epub2_guide": False,
            "spine_direction": False,
            "package_direction": False,
            "play_order": {"enabled": True},
            "raise_exceptions": True,
            "compresslevel": 9,
        },
    )
    writer.process()
    writer.write()
    return repack(raw.getvalue(), language, modified)


def _fix_opf(data: bytes, language: str) -> bytes:
    from publish.language import language as language_of

    root = etree.fromstring(data)
    root.set(XML_LANG, language)
    if language_of(language).direction == "rtl":  # pages turn right to left
        root.set("dir", "rtl")
        for spine in root.iter("{http://www.idpf.org/2007/opf}spine"):
            spine.set("page-progression-direction", "rtl")
    # EbookLib writes an empty <meta name="cover"> text node; keep the element, drop whitespace.
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))


def repack(data: bytes, language: str, modified: dt.datetime) -> bytes:
    """A byte-stable zip: fixed order, fixed timestamps, mimetype first and uncompressed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    opf_names = [n for n in names if n.endswith(".opf")]
    first = ["mimetype", "META-INF/container.xml", *opf_names]
    order = first + sorted(n for n in names if n not in first)
    stamp = (max(modified.year, 1980), modified.month, modified.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            content = source.read(name)
            if name in opf_names:
                content = _fix_opf(content, language)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                target.writestr(info, content)
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, content, compresslevel=9)
    return out.getvalue()
