"""Word documents for the import tests, written with python-docx (and its XML where python-docx
has no API: hyperlinks, footnotes, languages, alt text, tracked changes)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from pages import PNG

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


FORMATS = {
    "1": "decimal",
    "a": "lowerLetter",
    "A": "upperLetter",
    "i": "lowerRoman",
    "I": "upperRoman",
}


def picture() -> bytes:
    """A 64 x 40 PNG (Pillow), big enough to be a real picture."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 40), (40, 110, 180)).save(out, format="PNG")
    return out.getvalue()


class Writer:
    """A python-docx document with the pieces python-docx lacks."""

    def __init__(self) -> None:
        import docx

        self.doc = docx.Document()
        self.footnotes: Any = None
        self.next_note = 1

    def element(self, tag: str, **attributes: str) -> Any:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        node = OxmlElement(tag)
        for name, value in attributes.items():
            node.set(qn(name.replace("_", ":", 1)), value)
        return node

    def link(self, paragraph: Any, text: str, url: str) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        rid = self.doc.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = self.element("w:hyperlink", r_id=rid)
        run = self.element("w:r")
        props = self.element("w:rPr")
        props.append(self.element("w:rStyle", w_val="Hyperlink"))
        run.append(props)
        text_node = self.element("w:t")
        text_node.text = text
        run.append(text_node)
        link.append(run)
        paragraph._p.append(link)

    def lang(self, run: Any, tag: str) -> None:
        props = run._r.get_or_add_rPr()
        props.append(self.element("w:lang", w_val=tag))

    def footnote(self, paragraph: Any, text: str) -> None:
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from lxml import etree

        if self.footnotes is None:
            xml = (
                f'<w:footnotes xmlns:w="{W}">'
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                "</w:footnote>"
                '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
                "<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>"
            )
            self.footnotes = etree.fromstring(xml)
        number = str(self.next_note)
        self.next_note += 1
        note = etree.SubElement(self.footnotes, f"{{{W}}}footnote")
        note.set(f"{{{W}}}id", number)
        p = etree.SubElement(note, f"{{{W}}}p")
        r = etree.SubElement(p, f"{{{W}}}r")
        etree.SubElement(r, f"{{{W}}}footnoteRef")
        r2 = etree.SubElement(p, f"{{{W}}}r")
        t = etree.SubElement(r2, f"{{{W}}}t")
        t.text = " " + text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        ref = self.element("w:r")
        ref.append(self.element("w:footnoteReference", w_id=number))
        paragraph._p.append(ref)
        self._footnote_part = getattr(self, "_footnote_part", None)
        if self._footnote_part is None:
            self._footnote_part = Part(
                PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, b"", self.doc.part.package
            )
            self.doc.part.relate_to(self._footnote_part, FOOTNOTES_REL)

    def picture(self, alt: str, data: bytes | None = None) -> None:
        self.doc.add_picture(io.BytesIO(data or picture()))
        inline = self.doc.paragraphs[-1]._p.xpath(".//wp:docPr")[0]
        if alt:
            inline.set("descr", alt)

    def tracked(self, paragraph: Any, inserted: str, deleted: str) -> None:
        ins = self.element("w:ins", w_id="901", w_author="Editor", w_date="2026-01-02T00:00:00Z")
        run = self.element("w:r")
        text = self.element("w:t")
        text.text = inserted
        run.append(text)
        ins.append(run)
        paragraph._p.append(ins)
        delete = self.element("w:del", w_id="902", w_author="Editor", w_date="2026-01-02T00:00:00Z")
        run = self.element("w:r")
        text = self.element("w:delText")
        text.text = deleted
        run.append(text)
        delete.append(run)
        paragraph._p.append(delete)

    def new_list(self, *formats: str, starts: list[int] | None = None) -> int:
        """A multi-level list as Word makes one (level 0 'decimal', level 1 'bullet'...)."""
        numbering = self.doc.part.numbering_part.element
        self.lists = getattr(self, "lists", 0) + 1
        number = 100 + self.lists
        abstract = self.element("w:abstractNum", w_abstractNumId=str(number))
        abstract.append(self.element("w:multiLevelType", w_val="multilevel"))
        for level, kind in enumerate(formats):
            lvl = self.element("w:lvl", w_ilvl=str(level))
            first = (starts or [])[level] if level < len(starts or []) else 1
            lvl.append(self.element("w:start", w_val=str(first)))
            lvl.append(self.element("w:numFmt", w_val=kind))
            text = "\u2022" if kind == "bullet" else f"%{level + 1}."
            lvl.append(self.element("w:lvlText", w_val=text))
            props = self.element("w:pPr")
            props.append(self.element("w:ind", w_left=str(720 * (level + 1)), w_hanging="360"))
            lvl.append(props)
            abstract.append(lvl)
        numbering.insert(0, abstract)
        num = self.element("w:num", w_numId=str(number))
        num.append(self.element("w:abstractNumId", w_val=str(number)))
        numbering.append(num)
        return number

    def item(self, text: str, list_id: int, level: int = 0) -> Any:
        """A list item of list `list_id` at `level` (a nested item: level 1)."""
        paragraph = self.doc.add_paragraph(text, style="List Paragraph")
        props = paragraph._p.get_or_add_pPr()
        numbering = self.element("w:numPr")
        numbering.append(self.element("w:ilvl", w_val=str(level)))
        numbering.append(self.element("w:numId", w_val=str(list_id)))
        props.append(numbering)
        return paragraph

    def raw(self, paragraph: Any, xml: str) -> None:
        """Append WordprocessingML written out (text boxes, equations, objects)."""
        from lxml import etree

        spaces = (
            f'xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml" '
            'xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
        )
        wrapper = etree.fromstring(f"<w:wrap {spaces}>{xml}</w:wrap>")
        for child in wrapper:
            paragraph._p.append(child)

    def table(self, rows: list[list[str]], header: bool = True) -> None:
        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                table.cell(r, c).text = value
        if header:
            props = table.rows[0]._tr.get_or_add_trPr()
            props.append(self.element("w:tblHeader"))

    def save(self, path: Path) -> Path:
        if self.footnotes is not None:
            from lxml import etree

            self._footnote_part._blob = etree.tostring(
                self.footnotes, xml_declaration=True, encoding="UTF-8", standalone=True
            )
        self.doc.save(str(path))
        return path


def handout(path: Path, *, alt: str = "Soap and water at a sink", title: bool = True) -> Path:
    """The issue's handout: a title, 3 sections, a bulleted list, a 3 x 3 table, a picture."""
    w = Writer()
    props = w.doc.core_properties
    if title:
        props.title = "Washing your hands"
    props.author = "Ana Ruiz; Ben Okafor"
    props.keywords = "hygiene, hands, infection"
    props.comments = "How and when to wash your hands at home."
    props.created = dt.datetime(2026, 3, 5, 9, 0, 0)
    props.language = "en-US"
    if title:
        w.doc.add_paragraph("Washing your hands", style="Title")
    w.doc.add_paragraph("Clean hands stop germs from spreading. This sheet shows you how.")
    w.doc.add_heading("When to wash", level=1)
    times = w.new_list("bullet")
    for item in ("Before you eat.", "After you use the toilet.", "After you touch a pet."):
        w.item(item, times)
    w.doc.add_heading("How to wash", level=1)
    w.table(
        [
            ["Step", "What to do", "Time"],
            ["1", "Wet your hands", "5 seconds"],
            ["2", "Rub with soap", "20 seconds"],
        ]
    )
    w.picture(alt)
    w.doc.add_heading("When to call us", level=1)
    w.doc.add_paragraph("Call us if your skin is red or sore.")
    return w.save(path)


def everything(path: Path) -> Path:
    """Every feature the importer covers, in one document."""
    w = Writer()
    props = w.doc.core_properties
    props.title = "Going home after surgery"
    props.author = "Dana Lee"
    props.subject = "Recovery at home"
    props.comments = "What to do in the first two weeks at home."
    props.keywords = "surgery; recovery"
    props.created = dt.datetime(2026, 4, 1, 12, 0, 0)
    props.language = "en-GB"
    w.doc.add_paragraph("Going home after surgery", style="Title")
    first = w.doc.add_paragraph("Rest ")
    first.add_run("as much as you can").bold = True
    first.add_run(" and drink ")
    first.add_run("plenty").italic = True
    first.add_run(" of water. Read the ")
    w.link(first, "NHS guide", "https://www.nhs.uk/conditions/")
    first.add_run(" for more.")
    w.footnote(first, "Your surgeon may give other advice.")
    second = w.doc.add_paragraph("Your nurse will say ")
    french = second.add_run("bon rétablissement")
    w.lang(french, "fr-FR")
    second.add_run(" as you leave.")
    second.add_run().add_break()
    second.add_run("Keep this sheet.")
    w.doc.add_heading("Your wound", level=1)
    steps = w.new_list("decimal", "bullet")
    w.item("Keep it dry.", steps)
    w.item("Change the dressing daily.", steps)
    w.item("Use a clean towel.", steps, level=1)
    w.item("Use fresh gauze.", steps, level=1)
    w.item("Look for redness.", steps)
    w.doc.add_paragraph("Bring:")
    things = w.new_list("bullet", "bullet")
    w.item("your tablets,", things)
    w.item("the boxes they came in,", things, level=1)
    w.item("and this sheet.", things)
    w.doc.add_heading("Pain", level=2)
    quote = w.doc.add_paragraph("Ask for help when you need it.", style="Quote")
    assert quote is not None
    changed = w.doc.add_paragraph("Take your tablets ")
    w.tracked(changed, "with food.", "on an empty stomach.")
    w.table(
        [
            ["Medicine", "Dose", "When"],
            ["Paracetamol", "1 g", "Every 6 hours"],
            ["Ibuprofen", "400 mg", "With food"],
        ]
    )
    w.picture("A clean dressing on a wound")
    w.doc.add_heading("Questions", level=1)
    w.doc.add_paragraph("Call the ward on 0118 496 0000.")
    return w.save(path)


def word_only(path: Path) -> Path:
    """What Word has and Markdown does not: a comment, a text box, an equation, SmartArt, an
    embedded object; and the mess of pasted text."""
    w = Writer()
    props = w.doc.core_properties
    props.title, props.language, props.author = "Things Word has", "en-US", "Sam Obi"
    props.comments, props.created = "Notes for the ward.", dt.datetime(2026, 5, 1)
    commented = w.doc.add_paragraph("Eat ")
    run = commented.add_run("five portions")
    commented.add_run(" of fruit a day.")
    w.doc.add_comment(run, text="Is it five or seven?", author="Sam")
    boxed = w.doc.add_paragraph("See the box.")
    w.raw(
        boxed,
        "<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Call 111 at night."
        "</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>",
    )
    sums = w.doc.add_paragraph("Your dose is ")
    w.raw(sums, "<m:oMath><m:r><m:t>2 × 5 mg</m:t></m:r></m:oMath>")
    art = w.doc.add_paragraph("Our team:")
    w.raw(
        art,
        '<w:r><w:drawing><wp:inline><a:graphic><a:graphicData uri="http://schemas.'
        'openxmlformats.org/drawingml/2006/diagram"/></a:graphic></wp:inline></w:drawing></w:r>',
    )
    sheet = w.doc.add_paragraph("The costs:")
    w.raw(sheet, '<w:r><w:object><o:OLEObject ProgID="Excel.Sheet.12"/></w:object></w:r>')
    w.doc.add_paragraph("")
    w.doc.add_paragraph("   ")
    w.doc.add_paragraph(
        "Call\u00a0us on 0118\u00a0496\u00a00000\u200b. \u201cSoon\u201d is fine, "
        "with soft\u00adhyphens too."
    )
    return w.save(path)


__all__ = ["PNG", "Writer", "everything", "from_article", "handout", "word_only"]


def from_article(article: Any, path: Path) -> Path:
    """The article as a Word document, the way a writer would lay it out in Word: Title,
    Heading n, lists, tables with a header row, Quote paragraphs, pictures with alt text,
    links, footnotes, and runs in another language."""
    from publish.model import nodes as n

    w = Writer()
    props = w.doc.core_properties
    meta = article.metadata
    props.title = meta.title
    props.language = meta.language
    props.author = "; ".join(meta.authors)
    props.comments = meta.description
    w.doc.add_paragraph(meta.title, style="Title")
    notes = {note.id: note for note in article.footnotes}
    folder = Path(article.source).parent

    def runs(paragraph: Any, inlines: Any, **style: Any) -> None:
        for node in inlines:
            if isinstance(node, n.Text | n.Code):
                run = paragraph.add_run(node.text)
                run.bold, run.italic = style.get("bold"), style.get("italic")
                if style.get("lang"):
                    w.lang(run, style["lang"])
            elif isinstance(node, n.SoftBreak):
                paragraph.add_run(" ")
            elif isinstance(node, n.LineBreak):
                paragraph.add_run().add_break()
            elif isinstance(node, n.Strong):
                runs(paragraph, node.children, **(style | {"bold": True}))
            elif isinstance(node, n.Emphasis):
                runs(paragraph, node.children, **(style | {"italic": True}))
            elif isinstance(node, n.Span):
                runs(paragraph, node.children, **(style | {"lang": node.lang}))
            elif isinstance(node, n.Link):
                text = "".join(getattr(c, "text", "") for c in n.iter_inlines(node.children))
                w.link(paragraph, text, node.href)
            elif isinstance(node, n.NoteRef):
                note = notes[node.note_id]
                said = " ".join(s.text for b in note.blocks for s in getattr(b, "sentences", ()))
                w.footnote(paragraph, said)
            elif isinstance(node, n.Term):
                runs(paragraph, node.children, **style)

    def sentences(paragraph: Any, items: Any) -> None:
        for number, sentence in enumerate(items):
            if number:
                paragraph.add_run(" ")
            runs(paragraph, sentence.inlines)

    def blocks(items: Any, level: int = 0, list_id: int = 0, style: str = "") -> None:
        for block in items:
            if isinstance(block, n.Paragraph):
                if list_id:
                    paragraph = w.item("", list_id, level)
                else:
                    paragraph = w.doc.add_paragraph(style=style or None)
                sentences(paragraph, block.sentences)
            elif isinstance(block, n.ListBlock):
                # A nested list is a deeper level of its parent's Word list, which numbers
                # each level in its own format from its own start.
                own = list_id or w.new_list(*levels(block), starts=starts(block))
                for item in block.items:
                    blocks(item.blocks, level + (1 if list_id else 0), own)
            elif isinstance(block, n.Quote):
                blocks(block.blocks, style="Quote")
            elif isinstance(block, n.Table):
                rows = [
                    [" ".join(s.text for s in cell.sentences) for cell in row]
                    for row in (*block.head, *block.body)
                ]
                w.table(rows, header=bool(block.head))
            elif isinstance(block, n.Figure):
                w.picture(block.image.alt, (folder / block.image.src).read_bytes())
            elif isinstance(block, n.CodeBlock):
                w.doc.add_paragraph(block.text.strip())

    def nested(block: Any) -> list[Any]:
        """The list and the first list nested in it at each level below."""
        found = [block]
        while True:
            inner = [
                b for item in found[-1].items for b in item.blocks if isinstance(b, n.ListBlock)
            ]
            if not inner:
                return found
            found.append(inner[0])

    def levels(block: Any) -> list[str]:
        return [FORMATS[b.style] if b.ordered else "bullet" for b in nested(block)][:9]

    def starts(block: Any) -> list[int]:
        return [b.start for b in nested(block)][:9]

    for section in article.walk_sections():
        if section.heading is not None:
            heading = w.doc.add_heading(level=section.level - 1)
            sentences(heading, [section.heading.sentence])
        blocks(section.blocks)
    return w.save(path)


# ---------------------------------------------------------------------- boxes and check boxes
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"


def shade(w: Writer, paragraph: Any, fill: str = "E7E6E6") -> Any:
    """Shade the paragraph as Word's Shading button does (a fill, no pattern)."""
    props = paragraph._p.get_or_add_pPr()
    props.append(w.element("w:shd", w_val="clear", w_color="auto", w_fill=fill))
    return paragraph


def border(
    w: Writer, paragraph: Any, sides: tuple[str, ...] = ("top", "left", "bottom", "right")
) -> Any:
    """Put a border on the paragraph's `sides`, as Word's Borders button does."""
    props = paragraph._p.get_or_add_pPr()
    borders = w.element("w:pBdr")
    for side in sides:
        borders.append(
            w.element(f"w:{side}", w_val="single", w_sz="4", w_space="1", w_color="auto")
        )
    props.append(borders)
    return paragraph


def box_table(w: Writer, texts: list[str], *, fill: str = "", grid: bool = True) -> Any:
    """A table of one cell holding a paragraph for each text: Word's Table Grid style (a
    border) unless `grid` is False, shaded with `fill` if given."""
    table = w.doc.add_table(rows=1, cols=1)
    if grid:
        table.style = "Table Grid"
    cell = table.cell(0, 0)
    cell.text = texts[0]
    for text in texts[1:]:
        cell.add_paragraph(text)
    if fill:
        props = cell._tc.get_or_add_tcPr()
        props.append(w.element("w:shd", w_val="clear", w_color="auto", w_fill=fill))
    return table


def _at_start(paragraph: Any, xml: str) -> None:
    """WordprocessingML put before the paragraph's first run."""
    from lxml import etree

    node = etree.fromstring(f'<w:wrap xmlns:w="{W}" xmlns:w14="{W14}">{xml}</w:wrap>')[0]
    props = paragraph._p.pPr
    paragraph._p.insert(0 if props is None else paragraph._p.index(props) + 1, node)


def check_box(paragraph: Any, checked: bool) -> Any:
    """A check-box content control at the start of the paragraph, as Word's Developer tab
    inserts one (MS Gothic's ☐ or ☒ inside it)."""
    glyph = "\u2612" if checked else "\u2610"
    _at_start(
        paragraph,
        "<w:sdt><w:sdtPr><w14:checkbox>"
        f'<w14:checked w14:val="{int(checked)}"/>'
        '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
        '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'
        "</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr>"
        '<w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic"/></w:rPr>'
        f"<w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>",
    )
    return paragraph


def box_symbol(paragraph: Any, char: str, font: str = "Wingdings") -> Any:
    """A symbol (Insert > Symbol) at the start of the paragraph, such as Wingdings' F06F."""
    _at_start(paragraph, f'<w:r><w:sym w:font="{font}" w:char="{char}"/></w:r>')
    return paragraph


def callouts(path: Path) -> Path:
    """A handout with a callout of each kind Word can draw, a checklist in each form Word can
    write, and the boxes that are not callouts."""
    w = Writer()
    props = w.doc.core_properties
    props.title, props.language, props.author = "Before your surgery", "en-US", "Ana Ruiz"
    props.comments, props.created = "How to get ready for surgery.", dt.datetime(2026, 6, 1)
    w.doc.add_paragraph("Before your surgery", style="Title")
    w.doc.add_paragraph("This sheet helps you get ready for your surgery.")
    w.doc.add_heading("Getting ready", level=1)
    w.doc.add_paragraph("Warning: Stop taking your blood thinner 5 days before surgery.")
    tip = w.doc.add_paragraph()
    tip.add_run("Tip:").bold = True
    tip.add_run(" Write down your questions and bring them with you.")
    shade(w, w.doc.add_paragraph("Your nurse will call you the day before."))
    shade(w, w.doc.add_paragraph("Keep your phone near you that day."))
    border(w, w.doc.add_paragraph("Important: Your medicines"))
    border(w, w.doc.add_paragraph("Bring all your medicines in their boxes."))
    box_table(w, ["Caution: Call 911 if you have chest pain."], fill="FBE4D5")
    w.doc.add_paragraph("Note: The clinic opens at 7 in the morning.")
    w.doc.add_heading("What to bring", level=1)
    check_box(w.doc.add_paragraph(" Your list of medicines."), checked=False)
    check_box(w.doc.add_paragraph(" The health form, filled in."), checked=True)
    w.doc.add_paragraph("\u2610 Your insurance card.")
    box_symbol(w.doc.add_paragraph("\tYour glasses."), "F0FE")
    box_symbol(w.doc.add_paragraph("\tA book to read."), "F06F")
    shade(w, w.doc.add_heading("Questions", level=1))
    w.doc.add_paragraph("Call us on 0118 496 0000 if you have questions.")
    shade(w, w.doc.add_paragraph("Your costs:"), "FFF2CC")
    w.table([["Visit", "Cost"], ["Surgery", "None"]])
    shade(w, w.doc.add_paragraph("Ask us about help with costs."), "FFF2CC")
    return w.save(path)


def shaded_style(w: Writer, name: str, fill: str = "FFF2CC") -> str:
    """A paragraph style of the document's own that shades its paragraphs; its name."""
    from docx.enum.style import WD_STYLE_TYPE

    style = w.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(
        w.element("w:shd", w_val="clear", w_color="auto", w_fill=fill)
    )
    return name
