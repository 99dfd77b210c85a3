"""Markdown (CommonMark + tables, footnotes, spans) to the document model."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import nh3
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin

from publish.config import Metadata
from publish.config.brand import Brand
from publish.diagnostics import Diagnostic, error, warning
from publish.errors import SourceError
from publish.language import language
from publish.limits import Limits
from publish.model.ids import IdMinter, source_slug
from publish.model.nodes import (
    Article,
    Block,
    Callout,
    CodeBlock,
    Figure,
    Footnote,
    Heading,
    Image,
    Inline,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Section,
    Sentence,
    Table,
    TableCell,
    Text,
    ThematicBreak,
)
from publish.parse import frontmatter
from publish.parse.blocks import check_blocks
from publish.parse.callouts import (
    callout_plugin,
    callout_problems,
    callout_type,
    cell_problem,
    item_problem,
)
from publish.parse.closing import closing_block
from publish.parse.glossary import glossary_section
from publish.parse.inline_rules import InlineRules
from publish.parse.inlines import TermMarker, plain_text, split_sentences
from publish.parse.sentences import TooManySentencesError, segmenter
from publish.parse.source import clean_controls, read_text
from publish.parse.translations import check_translations


def _parser() -> MarkdownIt:
    # maxNesting well above our own limit, so the limit (with its message) is what stops deep input.
    md = MarkdownIt(
        "commonmark", {"html": True, "typographer": False, "linkify": True, "maxNesting": 100}
    )
    md.enable(["table", "linkify"])
    md.use(footnote_plugin)
    md.use(attrs_plugin, spans=True)
    md.use(attrs_block_plugin)  # {type=a} before an ordered list; nothing else (see _check_blocks)
    md.use(callout_plugin)  # > [!WARNING] and - [ ] (publish.parse.callouts)
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # links are checked here, with a message, not dropped
    return md


_MD = _parser()


def load_article(
    path: Path, limits: Limits | None = None, allow_remote: bool = False, brand: Brand | None = None
) -> Article:
    """Read, parse and validate one source file."""
    limits = limits or Limits()
    return parse_article(read_text(path, limits), path, limits, allow_remote, brand)


def parse_article(
    source: str,
    path: Path,
    limits: Limits | None = None,
    allow_remote: bool = False,
    brand: Brand | None = None,
) -> Article:
    """Parse and validate `source` as the text of the file at `path` (its images and
    translations are looked up beside it): what the studio does with an unsaved draft. The
    project's house style gives the contact and footer lines the front matter does not."""
    limits = limits or Limits()
    text, controls = clean_controls(source)
    file = str(path)
    parts = frontmatter.split(text, file)
    metadata = frontmatter.read(parts, file)
    if brand is not None:
        metadata = brand.defaults(metadata)
    tokens = _MD.parse(parts.body)
    builder = _Builder(file, parts.body_offset, path.parent, metadata, limits, allow_remote)
    if controls:
        line, code = controls[0]
        builder.warnings.append(
            warning(
                "control-characters",
                f"{len(controls)} control character(s) such as {code} were replaced "
                "or removed; they often come from pasting out of Word",
                file,
                line,
            )
        )

    def line_of(key: str) -> int:
        lines = enumerate(parts.front.split("\n"), parts.first_line)
        return next((n for n, text in lines if text.startswith(f"{key}:")), 1)

    check_translations(path, metadata, line_of("translations"))
    if metadata.cover:
        from publish.parse.cover import check_cover

        builder.warnings += check_cover(path, metadata.cover, line_of("cover"), limits)
    if metadata.narration:
        from publish.parse.recording import check_recording

        at = line_of("narration")
        builder.warnings += check_recording(path, metadata.narration, at, limits)
    at = line_of("language")
    for stage in language(metadata.language).fallbacks:
        message = builder.segmenter.fallback if stage.name == "sentences" else None
        note = message or stage.note(metadata.language)
        builder.warnings.append(warning("language-fallback", note, file, at))
    return builder.article(SyntaxTreeNode(tokens), source_slug(path), line_of)


def _comparable(text: str) -> str:
    """Text compared as a reader would: case, spacing, emphasis marks and quotes aside."""
    folded = re.sub(r"[*_`\"'\u2018\u2019\u201c\u201d]", "", text)
    return " ".join(folded.casefold().split()).rstrip(".:")


@dataclass
class _SectionDraft:
    id: str
    line: int
    level: int
    source_level: int
    heading: Heading | None
    blocks: list[Block] = field(default_factory=list)
    children: list[_SectionDraft] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def freeze(self) -> Section:
        return Section(
            self.id,
            self.line,
            self.level,
            self.heading,
            tuple(self.blocks),
            tuple(c.freeze() for c in self.children),
        )


class _Builder(InlineRules):
    def __init__(
        self,
        file: str,
        offset: int,
        folder: Path,
        metadata: Metadata,
        limits: Limits,
        allow_remote: bool,
    ) -> None:
        self.limits = limits
        self.segmenter = segmenter(metadata.language)
        self.sentence_count = 0
        self.allow_remote = allow_remote
        self.file = file
        self.offset = offset
        self.folder = folder.resolve()
        self.metadata = metadata
        self.ids = IdMinter()
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.note_ids: dict[str, str] = {}
        self.note_refs: dict[str, list[str]] = {}
        self.glossary = tuple(replace(g, id=self.ids.term(g.term)) for g in metadata.glossary)
        self.terms = TermMarker(metadata.glossary, [g.id for g in self.glossary])
        self.glossary_section = glossary_section(self.glossary, metadata.language, self.ids)

    # ------------------------------------------------------------ helpers
    def line(self, node: SyntaxTreeNode) -> int:
        return (node.map[0] if node.map else 0) + self.offset + 1

    def _sentences(
        self, parent_id: str, inlines: tuple[Inline, ...], line: int
    ) -> tuple[Sentence, ...]:
        """The block's sentences; the sentence limits stop hostile input as soon as passed."""
        out = []
        room = self.limits.sentences - self.sentence_count
        try:
            for n, (part, breaks, length) in enumerate(
                split_sentences(inlines, self.segmenter, room), start=1
            ):
                if length > self.limits.sentence_chars:
                    message = self.limits.exceeded(
                        "sentence_chars", length, "the length of this sentence in characters"
                    )
                    raise self._limit("limit-sentence-chars", message, line + breaks)
                out.append(
                    Sentence(self.ids.sentence(parent_id, n), line + breaks, part, plain_text(part))
                )
        except TooManySentencesError:
            limit = self.limits.sentences
            message = (
                f"the article passes {limit:,} sentences here, the sentences limit; split it "
                f"into several articles, or raise the limit with --limit sentences={limit * 2}"
            )
            raise self._limit("limit-sentences", message, line) from None
        self.sentence_count += len(out)
        return tuple(out)

    def _limit(self, code: str, message: str, line: int) -> SourceError:
        return SourceError("limit", [error(code, message, self.file, line)])

    # ------------------------------------------------------------ structure
    def article(self, root: SyntaxTreeNode, slug: str, line_of: Callable[[str], int]) -> Article:
        title = Sentence(self.ids.title(), 1, (Text(self.metadata.title),), self.metadata.title)
        top: list[_SectionDraft] = []
        stack: list[_SectionDraft] = []
        footnote_nodes: list[SyntaxTreeNode] = []
        self.errors += check_blocks(root, self.limits, self.file, self.line)
        for node in self._body(root):
            if node.type == "heading":
                draft = self._open_section(node, stack)
                (stack[-1].children if stack else top).append(draft)
                stack.append(draft)
            elif node.type == "footnote_block":
                footnote_nodes.extend(node.children)
            else:
                if not stack:
                    intro = _SectionDraft(self.ids.section(None), self.line(node), 2, 1, None)
                    top.append(intro)
                    stack.append(intro)
                current = stack[-1]
                block = self._block(node, current.id, current.counts)
                if block is not None:
                    current.blocks.append(block)
        footnotes = self._footnotes(footnote_nodes)
        closing = closing_block(self.metadata, self.ids, line_of)  # after every body ID
        if self.errors:
            raise SourceError("invalid source", self.errors)
        return Article(
            slug,
            self.file,
            self.metadata,
            title,
            tuple(d.freeze() for d in top),
            footnotes,
            self.glossary,
            tuple(self.warnings),
            self.glossary_section,
            closing,
        )

    def _body(self, root: SyntaxTreeNode) -> list[SyntaxTreeNode]:
        """The top-level nodes, without a first `# Title` that repeats the front matter's title.

        Word and Google Docs exports start with one. It is the title, so it is not shown or
        read twice, and the `##` sections under it stay at level 2. A lone `#` heading that
        says something else is kept, with a warning: it wraps (and demotes) every section."""
        nodes = list(root.children)
        top = [n for n in nodes if n.type == "heading" and n.tag == "h1"]
        if not nodes or nodes[0].type != "heading" or nodes[0].tag != "h1" or len(top) != 1:
            return nodes
        first = nodes[0]
        text = " ".join(first.children[0].content.split()) if first.children else ""
        if _comparable(text) == _comparable(self.metadata.title):
            return nodes[1:]
        self.warnings.append(
            warning(
                "title-heading",
                f"the document starts with '# {text}', which is not the title "
                f"'{self.metadata.title}'; every section is shown below it. If it is the "
                "title, make the two the same; if it is a section, use ##",
                self.file,
                self.line(first),
            )
        )
        return nodes

    def _open_section(self, node: SyntaxTreeNode, stack: list[_SectionDraft]) -> _SectionDraft:
        source_level = int(node.tag[1])
        while stack and stack[-1].source_level >= source_level:
            stack.pop()
        # A leading introduction has no heading: real sections are its siblings, not children.
        if stack and stack[-1].heading is None:
            stack.pop()
        parent_level = stack[-1].source_level if stack else 1
        line = self.line(node)
        if source_level > parent_level + 1:
            self.warnings.append(
                warning(
                    "heading-jump",
                    f"heading level jumps from {parent_level} to {source_level}; it is "
                    f"shown one level below its parent. Use {'#' * (parent_level + 1)} to silence this",
                    self.file,
                    line,
                )
            )
        inline = self._inlines(node.children[0], line) if node.children else ()
        section_id = self.ids.section(plain_text(inline) or None)
        heading_id = self.ids.heading(section_id)
        sentence = Sentence(heading_id, line, inline, plain_text(inline))
        level = len(stack) + 2
        if level > 6:
            self.warnings.append(
                warning(
                    "heading-deep",
                    "headings nest deeper than HTML's six levels; this one is shown as level 6",
                    self.file,
                    line,
                )
            )
            level = 6
        heading = Heading(heading_id, line, level, sentence)
        return _SectionDraft(section_id, line, level, source_level, heading)

    # ------------------------------------------------------------ blocks
    def _blocks(self, nodes: list[SyntaxTreeNode], parent_id: str) -> tuple[Block, ...]:
        counts: Counter[str] = Counter()
        blocks = (self._block(n, parent_id, counts) for n in nodes)
        return tuple(b for b in blocks if b is not None)

    def _block(self, node: SyntaxTreeNode, parent_id: str, counts: Counter[str]) -> Block | None:
        line = self.line(node)

        def new_id(kind: str) -> str:
            counts[kind] += 1
            return self.ids.block(parent_id, kind, counts[kind])

        kind = node.type
        if kind == "paragraph":
            inlines = self._inlines(node.children[0], line)
            figure = self._figure(inlines, line)
            if figure is not None:
                block_id = new_id("figure")
                caption = (
                    self._sentences(block_id, (Text(figure.title),), line) if figure.title else ()
                )
                alt = " ".join(figure.alt.split())
                description = (
                    Sentence(self.ids.description(block_id), line, (Text(alt),), alt)
                    if alt
                    else None
                )
                return Figure(block_id, line, figure, caption, description)
            block_id = new_id("paragraph")
            sentences = self._sentences(block_id, self.terms.mark(inlines), line)
            return Paragraph(block_id, line, sentences) if sentences else None
        if kind in ("bullet_list", "ordered_list"):
            block_id = new_id("list")
            items = []
            for n, item in enumerate(node.children, start=1):
                item_id = self.ids.block(block_id, "item", n)
                checked = item.meta.get("checked")
                blocks = self._blocks(item.children, item_id)
                problem = item_problem(checked, not blocks, self.file, self.line(item))
                self.errors += [problem] if problem else []
                items.append(ListItem(item_id, self.line(item), blocks, checked))
            ordered = kind == "ordered_list"
            start = int(node.attrs.get("start", 1)) if ordered else 1
            style = str(node.attrs.get("type", "1")) if ordered else "1"
            return ListBlock(block_id, line, ordered, tuple(items), start, style)
        if kind == "blockquote":
            block_id = new_id("quote")
            return Quote(block_id, line, self._blocks(node.children, block_id))
        if kind == "callout":
            return self._callout(node, new_id("callout"), line)
        if kind in ("fence", "code_block"):
            language = (node.info or "").split()[0] if node.info else ""
            return CodeBlock(new_id("codeblock"), line, node.content.rstrip("\n"), language)
        if kind == "table":
            return self._table(node, new_id("table"), line)
        if kind == "hr":
            return ThematicBreak(new_id("hr"), line)
        if kind == "html_block":
            return self._html_block(node, parent_id, counts, line)
        self.warnings.append(
            warning("unsupported", f"'{kind}' is not supported and was left out", self.file, line)
        )
        return None

    def _html_block(
        self, node: SyntaxTreeNode, parent_id: str, counts: Counter[str], line: int
    ) -> Block | None:
        self._check_html(node.content, line)
        if node.content.lstrip().startswith("<!--"):
            return None
        text = " ".join(nh3.clean(node.content, tags=set()).split())
        self.warnings.append(
            warning(
                "raw-html",
                "raw HTML is not copied to the output; its tags were removed and its text "
                "kept. Write it in Markdown instead",
                self.file,
                line,
            )
        )
        if not text:
            return None
        counts["paragraph"] += 1
        block_id = self.ids.block(parent_id, "paragraph", counts["paragraph"])
        return Paragraph(
            block_id, line, self._sentences(block_id, (Text(html.unescape(text)),), line)
        )

    def _callout(self, node: SyntaxTreeNode, block_id: str, line: int) -> Callout:
        """A callout: its title (a sentence of its own, at the marker's line, parsed and
        term-marked as any sentence), then its text; what is wrong with it is reported."""
        written = str(node.meta.get("callout", ""))
        children = list(node.children)
        title = None
        if children and children[0].type == "callout_title":
            head = children.pop(0)
            inlines = self.terms.mark(self._inlines(head.children[0], line))
            if plain_text(inlines).strip():
                title_id = self.ids.callout_title(block_id)
                title = Sentence(title_id, line, inlines, plain_text(inlines))
        blocks = self._blocks(children, block_id)
        self.errors += callout_problems(written, not blocks, self.file, line)
        kind = callout_type(written)
        return Callout(block_id, line, kind, title, blocks, self.ids.callout_label(block_id))

    def _figure(self, inlines: tuple[Inline, ...], line: int) -> Image | None:
        meaningful = [i for i in inlines if not (isinstance(i, Text) and not i.text.strip())]
        if len(meaningful) == 1 and isinstance(meaningful[0], Image):
            return meaningful[0]
        return None

    def _table(self, node: SyntaxTreeNode, table_id: str, line: int) -> Table:
        sections: dict[str, list[tuple[TableCell, ...]]] = {"thead": [], "tbody": []}
        row_number = 0
        for part in node.children:
            for row in part.children:
                row_number += 1
                row_line = self.line(row) if row.map else line  # a cell's findings point here
                cells = []
                for column, cell in enumerate(row.children, start=1):
                    cell_id = self.ids.cell(table_id, row_number, column)
                    style = str(cell.attrs.get("style", ""))
                    align = style.split(":", 1)[1] if style.startswith("text-align:") else ""
                    written = cell.children[0].content if cell.children else ""
                    box = cell_problem(written, self.file, row_line)
                    self.errors += [box] if box else []
                    inlines = self._inlines(cell.children[0], row_line) if cell.children else ()
                    if cell.type == "td":
                        inlines = self.terms.mark(inlines)
                    sentences = self._sentences(cell_id, inlines, row_line)
                    cells.append(TableCell(cell_id, cell.type == "th", sentences, align))
                sections.setdefault(part.type, []).append(tuple(cells))
        return Table(table_id, line, tuple(sections["thead"]), tuple(sections["tbody"]))

    def _footnotes(self, nodes: list[SyntaxTreeNode]) -> tuple[Footnote, ...]:
        notes = []
        order = list(self.note_ids)
        for node in nodes:
            label = str(node.meta.get("label", ""))
            line = self.line(node.children[0]) if node.children and node.children[0].map else 0
            if label not in self.note_ids:
                self.warnings.append(
                    warning(
                        "footnote-unused",
                        f"footnote [^{label}] is never referenced; it was left out",
                        self.file,
                        line or None,
                    )
                )
                continue
            note_id = self.note_ids[label]
            blocks = self._blocks(
                [c for c in node.children if c.type != "footnote_anchor"], note_id
            )
            notes.append(
                Footnote(
                    note_id, line, order.index(label) + 1, blocks, tuple(self.note_refs[label])
                )
            )
        return tuple(sorted(notes, key=lambda n: n.number))
