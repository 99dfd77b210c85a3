"""A DAISY 2.02 talking book from the narration already made (no second synthesis): ncc.html
(headings, the glossary and print pages), one SMIL 1.0 file per chapter synchronizing each
sentence's text (the model's IDs, the same as the EPUB's overlays) with its clip of the MP3,
the content XHTML (the glossary at its end) and the MP3. Written as a folder and as a zip."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from lxml import etree

from publish.audio.callouts import urgent_points
from publish.config.review import review_metadata
from publish.formats.base import Link
from publish.limits import build_time
from publish.model.ids import book_uuid
from publish.model.nodes import Article
from publish.model.walk import narrated
from publish.names import OutputNames
from publish.products import Product, Products
from publish.render.page import page_context
from publish.settings import BuildOptions
from publish.strings import strings_for
from publish.version import __version__

if TYPE_CHECKING:
    from publish.audio.narration import Narration

CONTENT = "content.html"
XHTML = "http://www.w3.org/1999/xhtml"
NCC_DOCTYPE = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'
)
SMIL_DOCTYPE = (
    '<!DOCTYPE smil PUBLIC "-//W3C//DTD SMIL 1.0//EN" "http://www.w3.org/TR/REC-smil/SMIL10.dtd">'
)


def clock(ms: int) -> str:
    """hh:mm:ss, as ncc:totalTime and the SMIL times are written."""
    seconds = round(ms / 1000)
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def npt(ms: int) -> str:
    return f"npt={ms / 1000:.3f}s"


@dataclass(frozen=True)
class Clip:
    """A sentence's stretch of the MP3: from where it starts to where the next one starts
    (so the pause after it plays too, as in the MP3), the first from 0, the last to the end."""

    id: str
    begin_ms: int
    end_ms: int
    smil: str


def clips(narration: Narration) -> list[Clip]:
    cues = narration.cues
    starts = [0] + [c.start_ms for c in cues[1:]]
    ends = [*starts[1:], narration.duration_ms]
    chapters = narration.chapters
    out = []
    for cue, begin, end in zip(cues, starts, ends, strict=True):
        number = next(
            (n for n, ch in enumerate(chapters, 1) if ch.start_ms <= cue.start_ms < ch.end_ms),
            len(chapters),
        )
        out.append(Clip(cue.id, begin, end, f"s{number:04d}.smil"))
    return out


def _meta(parent: Any, name: str, content: str, **extra: str) -> None:
    etree.SubElement(parent, "meta", name=name, content=content, **extra)


def _xml(root: Any, doctype: str) -> bytes:
    return bytes(
        etree.tostring(
            root, xml_declaration=True, encoding="utf-8", doctype=doctype, pretty_print=True
        )
    )


def _entries(
    article: Article, narration: Narration, found: list[Clip], page_breaks: dict[str, int]
) -> list[tuple[str, str, str, str]]:
    """The NCC's entries in reading order: (tag, id, text, href). The title first; each
    heading, the glossary's last; each warning and caution (a sidebar span); each print
    page at the first narrated sentence on it (a page that starts on text with no narration
    at the next one)."""
    headings = {
        s.heading.sentence.id: min(s.heading.level, 6)
        for s in article.walk_sections()
        if s.heading is not None
    }
    if article.glossary_section is not None:
        headings[article.glossary_section.heading.id] = 2
    urgent = urgent_points(article, strings_for(article.metadata.language))
    order = {node_id: n for n, node_id in enumerate(s.id for s, _ in narrated(article))}
    texts = {c.id: c.text for c in narration.cues}
    pages: dict[str, list[int]] = {}
    pending: list[int] = []
    firsts: dict[int, str] = {}
    for node_id, page in sorted(page_breaks.items(), key=lambda item: item[1]):
        firsts.setdefault(page, node_id)
    by_position = sorted(firsts.items(), key=lambda item: order.get(item[1], len(order)))
    at = 0
    for clip in found:
        while at < len(by_position) and order.get(by_position[at][1], len(order)) <= order.get(
            clip.id, len(order)
        ):
            pending.append(by_position[at][0])
            at += 1
        if pending:
            pages[clip.id] = pending
            pending = []
    rest = [page for page, _ in by_position[at:]]
    if rest and found:  # pages of text that is not narrated: at the last clip
        pages.setdefault(found[-1].id, []).extend(rest)
    entries = []
    for clip in found:
        href = f"{clip.smil}#par-{clip.id}"
        numbers = [("span", f"ncc-page-{n}", str(n), href) for n in pages.get(clip.id, [])]
        if clip.id == article.title.id:  # the NCC opens with the title
            entries += [("h1", f"ncc-{clip.id}", article.metadata.title, href), *numbers]
        elif clip.id in headings:
            entries += [*numbers, (f"h{headings[clip.id]}", f"ncc-{clip.id}", texts[clip.id], href)]
        elif clip.id in urgent:  # a warning or caution: a sidebar point a listener can reach
            entries += [*numbers, ("sidebar", f"ncc-{clip.id}", urgent[clip.id], href)]
        else:
            entries += numbers
    return entries


def ncc(
    article: Article,
    narration: Narration,
    found: list[Clip],
    page_breaks: dict[str, int],
    identifier: str,
    files: int,
    size: int,
) -> bytes:
    meta = article.metadata
    entries = _entries(article, narration, found, page_breaks)
    levels = [int(tag[1]) for tag, *_ in entries if tag.startswith("h")]
    pages = [int(text) for tag, _, text, _ in entries if tag == "span"]
    sidebars = sum(tag == "sidebar" for tag, *_ in entries)
    html = etree.Element("html", nsmap={None: XHTML})
    html.set("lang", meta.language)
    html.set("{http://www.w3.org/XML/1998/namespace}lang", meta.language)
    head = etree.SubElement(html, "head")
    etree.SubElement(
        head, "meta", {"http-equiv": "Content-type", "content": "text/html; charset=utf-8"}
    )
    etree.SubElement(head, "title").text = meta.title
    # The book's date, else the source's (when its file last changed): DAISY 2.02 requires a
    # dc:date. A creator only when the source names one (required "if a creator is known");
    # a publisher only when it names one: the daisy check asks for 'publisher:' otherwise.
    date = meta.date or build_time(None, article.source).date()
    for name, content, extra in (
        ("dc:title", meta.title, {}),
        ("dc:creator", ", ".join(meta.authors), {}),
        ("dc:date", date.isoformat(), {"scheme": "yyyy-mm-dd"}),
        ("dc:format", "Daisy 2.02", {}),
        ("dc:identifier", identifier, {}),
        ("dc:language", meta.language, {"scheme": "ISO 639"}),
        ("dc:publisher", meta.publisher, {}),
        ("ncc:charset", "utf-8", {}),
        ("ncc:depth", str(max(levels, default=1)), {}),
        ("ncc:files", str(files), {}),
        ("ncc:footnotes", "0", {}),
        ("ncc:generator", f"publish {__version__}", {}),
        ("ncc:kByteSize", str(max(1, size // 1024)), {}),
        ("ncc:maxPageNormal", str(max(pages, default=0)), {}),
        ("ncc:multimediaType", "audioFullText", {}),
        ("ncc:narrator", narration.credit, {}),
        ("ncc:pageFront", "0", {}),
        ("ncc:pageNormal", str(len(pages)), {}),
        ("ncc:pageSpecial", "0", {}),
        ("ncc:prodNotes", "0", {}),
        ("ncc:setInfo", "1 of 1", {}),
        ("ncc:sidebars", str(sidebars), {}),
        ("ncc:sourceEdition", "the standard PDF edition", {}),
        ("ncc:tocItems", str(len(entries)), {}),
        ("ncc:totalTime", clock(narration.duration_ms), {}),
        *((name, value, {}) for name, value in review_metadata(meta, "prod:")),
    ):
        if content:
            _meta(head, name, content, **extra)
    body = etree.SubElement(html, "body")
    for tag, node_id, text, href in entries:
        attributes = {"id": node_id}
        if tag == "h1":
            attributes["class"] = "title"
        elif tag == "span":
            attributes["class"] = "page-normal"
        elif tag == "sidebar":
            tag, attributes["class"] = "span", "sidebar"
        element = etree.SubElement(body, tag, attributes)
        etree.SubElement(element, "a", href=href).text = text
    return _xml(html, NCC_DOCTYPE)


def smil(
    name: str, mine: list[Clip], audio: str, title: str, identifier: str, elapsed_ms: int
) -> bytes:
    total = sum(c.end_ms - c.begin_ms for c in mine)
    root = etree.Element("smil")
    head = etree.SubElement(root, "head")
    _meta(head, "dc:format", "Daisy 2.02")
    _meta(head, "dc:title", title)
    _meta(head, "dc:identifier", identifier)
    _meta(head, "ncc:generator", f"publish {__version__}")
    _meta(head, "ncc:totalElapsedTime", clock(elapsed_ms))
    _meta(head, "ncc:timeInThisSmil", clock(total))
    layout = etree.SubElement(head, "layout")
    etree.SubElement(layout, "region", id="txtView")
    body = etree.SubElement(root, "body")
    seq = etree.SubElement(body, "seq", dur=f"{total / 1000:.3f}s")
    for clip in mine:
        par = etree.SubElement(seq, "par", endsync="last", id=f"par-{clip.id}")
        etree.SubElement(par, "text", src=f"{CONTENT}#{clip.id}", id=f"txt-{clip.id}")
        etree.SubElement(
            par,
            "audio",
            src=audio,
            id=f"aud-{clip.id}",
            **{"clip-begin": npt(clip.begin_ms), "clip-end": npt(clip.end_ms)},
        )
    return _xml(root, SMIL_DOCTYPE)


class DaisyWriter:
    name = "daisy"
    help = "a DAISY 2.02 talking book (folder and zip), text and narration in step"
    order = 60
    templates = ("daisy/", "html/")
    settings = ()  # the narration's and the layout's (its page numbers)
    pictures = True  # the text embeds them
    uses: frozenset[Product] = frozenset()

    def __init__(self, options: BuildOptions, env: Environment) -> None:
        self.options = options
        self.env = env

    def requires(self) -> frozenset[Product]:
        return frozenset({Product.NARRATION, Product.LAYOUT})

    def files(self, names: OutputNames, editions: list[str]) -> list[str]:
        return [f"{names.daisy}/ncc.html", f"{names.daisy}.zip"]

    def links(self, names: OutputNames, editions: list[str]) -> list[Link]:
        return [Link(f"{names.daisy}.zip", "download_daisy", rank=45, media_type="application/zip")]

    def contents(self, article: Article, products: Products) -> dict[str, bytes]:
        """The talking book's files, by name in its folder."""
        narration = products.narration()
        page_breaks = products.page_starts()
        identifier = article.metadata.identifier or book_uuid(article)
        audio = products.names.mp3
        found = clips(narration)
        variables = page_context(article, self.options.limits)
        variables.update(xml=True, xhtml1=True, page_breaks=page_breaks)
        files: dict[str, bytes] = {
            CONTENT: self.env.get_template("daisy/content.html").render(variables).encode(),
            audio: narration.mp3,
        }
        by_smil: dict[str, list[Clip]] = {}
        for clip in found:
            by_smil.setdefault(clip.smil, []).append(clip)
        elapsed = 0
        for name, mine in by_smil.items():
            files[name] = smil(name, mine, audio, article.metadata.title, identifier, elapsed)
            elapsed += sum(c.end_ms - c.begin_ms for c in mine)
        size = sum(len(d) for d in files.values())
        files["ncc.html"] = ncc(
            article, narration, found, page_breaks, identifier, len(files) + 1, size
        )
        return dict(sorted(files.items(), key=lambda item: (item[0] != "ncc.html", item[0])))

    def write(self, article: Article, products: Products, staging: Path) -> list[Path]:
        files = self.contents(article, products)
        folder = staging / products.names.daisy
        folder.mkdir()
        written = []
        for name, data in files.items():
            (folder / name).write_bytes(data)
            written.append(folder / name)
        archive = staging / f"{products.names.daisy}.zip"
        archive.write_bytes(_zipped(products.names.daisy, files, article))
        return [*written, archive]


def _zipped(folder: str, files: dict[str, bytes], article: Article) -> bytes:
    """The folder as a zip, byte-stable: fixed order and the source's date."""
    stamp = build_time(article.metadata.date, article.source)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(
                f"{folder}/{name}",
                date_time=(max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0),
            )
            info.external_attr = 0o644 << 16
            info.compress_type = (
                zipfile.ZIP_STORED if name.endswith(".mp3") else zipfile.ZIP_DEFLATED
            )
            archive.writestr(info, data)
    return out.getvalue()
