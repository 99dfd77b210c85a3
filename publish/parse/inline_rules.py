"""Inline rules: markdown-it inline nodes to model inlines, with every URL, image and raw
HTML fragment checked on the way (the sandbox's first line)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from markdown_it.tree import SyntaxTreeNode

from publish.assets import image_pixels
from publish.config.fields import BCP47
from publish.diagnostics import Diagnostic, error, warning
from publish.limits import Limits
from publish.model.ids import IdMinter
from publish.model.nodes import (
    Code,
    Emphasis,
    Image,
    Inline,
    LineBreak,
    Link,
    NoteRef,
    SoftBreak,
    Span,
    Strong,
    Text,
)
from publish.parse.inlines import plain_text

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
# An image's size, as authors write it right after the image: {width=50%} or {width="50%"}.
_WIDTH = re.compile(r"\{\s*width\s*=\s*\"?(\d{1,4})\s*%\"?\s*\}")
_WIDTH_VALUE = re.compile(r"(\d{1,4})\s*%")
_DANGEROUS_HTML = re.compile(
    r"<\s*/?\s*(script|iframe|frame|object|embed|form|style|link|meta|base|svg|math)\b"
    r"|\bon[a-z]+\s*=|javascript:|vbscript:",
    re.IGNORECASE,
)


class InlineRules:
    """Mixed into the block builder, which sets these attributes."""

    file: str
    folder: Path
    limits: Limits
    allow_remote: bool
    ids: IdMinter
    errors: list[Diagnostic]
    warnings: list[Diagnostic]
    note_ids: dict[str, str]
    note_refs: dict[str, list[str]]

    def _inlines(self, node: SyntaxTreeNode, line: int) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for child in node.children:
            made = self._inline(child, line)
            if made and isinstance(made[0], Text) and out and isinstance(out[-1], Image):
                sized = _WIDTH.match(made[0].text)  # ![...](...){width=50%}
                if sized:
                    out[-1] = replace(out[-1], width=self._width(sized.group(1), line))
                    rest = made[0].text[sized.end() :]
                    made = [Text(rest), *made[1:]] if rest else made[1:]
            out.extend(made)
        return tuple(out)

    def _width(self, value: str, line: int) -> int:
        percent = int(value)
        if 1 <= percent <= 100:
            return percent
        self.warnings.append(
            warning(
                "image-width",
                f"an image width of {percent}% is not between 1% and 100%; it is ignored",
                self.file,
                line,
            )
        )
        return 0

    def _inline(self, node: SyntaxTreeNode, line: int) -> list[Inline]:
        kind = node.type
        if kind == "text":
            return [Text(node.content)] if node.content else []
        if kind == "softbreak":
            return [SoftBreak()]
        if kind == "hardbreak":
            return [LineBreak()]
        if kind == "code_inline":
            return [Code(node.content)]
        if kind == "em":
            return [Emphasis(self._inlines(node, line))]
        if kind == "strong":
            return [Strong(self._inlines(node, line))]
        if kind == "link":
            href = str(node.attrs.get("href", ""))
            children = self._inlines(node, line)
            if not self._safe_url(href, line, "link"):
                return list(children)
            return [Link(href, children, str(node.attrs.get("title", "") or ""))]
        if kind == "image":
            return self._image(node, line)
        if kind == "span":
            return self._span(node, line)
        if kind == "footnote_ref":
            return [self._note_ref(str(node.meta.get("label", "")))]
        if kind == "html_inline":
            self._check_html(node.content, line)
            if not node.content.startswith("<!--"):
                self.warnings.append(
                    warning(
                        "raw-html",
                        f"raw HTML {node.content[:40]} is not copied to the output; write "
                        "it in Markdown instead",
                        self.file,
                        line,
                    )
                )
            return []
        if node.children:
            return list(self._inlines(node, line))
        return [Text(node.content)] if node.content else []

    def _span(self, node: SyntaxTreeNode, line: int) -> list[Inline]:
        children = self._inlines(node, line)
        lang = str(node.attrs.get("lang", ""))
        direction = str(node.attrs.get("dir", ""))
        if lang and not BCP47.match(lang):
            self.errors.append(
                error(
                    "span-lang",
                    f"'{lang}' is not a BCP 47 language tag; write it like lang=fr or lang=es-MX",
                    self.file,
                    line,
                )
            )
        if direction and direction not in ("ltr", "rtl", "auto"):
            self.errors.append(
                error("span-dir", f"dir='{direction}' must be ltr, rtl or auto", self.file, line)
            )
            direction = ""
        if not lang and not direction:
            return list(children)
        return [Span(children, lang, direction)]

    def _note_ref(self, label: str) -> NoteRef:
        if label not in self.note_ids:
            self.note_ids[label] = self.ids.footnote(label)
            self.note_refs[label] = []
        note_id = self.note_ids[label]
        ref_id = self.ids.footnote_ref(note_id, len(self.note_refs[label]) + 1)
        self.note_refs[label].append(ref_id)
        return NoteRef(note_id, list(self.note_ids).index(label) + 1, ref_id)

    def _image(self, node: SyntaxTreeNode, line: int) -> list[Inline]:
        src = str(node.attrs.get("src", ""))
        alt = plain_text(self._inlines(node, line))
        title = str(node.attrs.get("title", "") or "")
        scheme = urlsplit(src).scheme.lower()
        if scheme in ("http", "https") and self.allow_remote:
            return [Image(src, alt, title)]
        if scheme in ("http", "https"):
            self.warnings.append(
                warning(
                    "image-remote",
                    f"the remote image {src} was not fetched (builds are offline); its "
                    "alt text is shown instead. Save the image beside the source",
                    self.file,
                    line,
                )
            )
            return [Text(alt)] if alt else []
        if scheme:
            self.errors.append(
                error(
                    "image-scheme",
                    f"the image source '{src[:60]}' is not allowed; "
                    "use a file inside the source folder",
                    self.file,
                    line,
                )
            )
            return []
        target = (self.folder / src).resolve()
        if not target.is_relative_to(self.folder):
            self.errors.append(
                error(
                    "image-outside",
                    f"the image '{src}' is outside the source folder; copy it into the folder",
                    self.file,
                    line,
                )
            )
            return []
        if not target.is_file():
            self.errors.append(
                error(
                    "image-missing",
                    f"the image '{src}' does not exist; check the path",
                    self.file,
                    line,
                )
            )
            return []
        size = target.stat().st_size
        if size > self.limits.image_bytes:
            self.errors.append(
                error(
                    "limit-image-bytes",
                    self.limits.exceeded("image_bytes", size, f"the image '{src}' in bytes"),
                    self.file,
                    line,
                )
            )
            return []
        pixels = image_pixels(target)
        if pixels is None:
            self.errors.append(
                error(
                    "image-unreadable",
                    f"the image '{src}' is not a PNG, JPEG, GIF, WebP or SVG file that can be read",
                    self.file,
                    line,
                )
            )
            return []
        if pixels > self.limits.image_pixels:
            self.errors.append(
                error(
                    "limit-image-pixels",
                    self.limits.exceeded("image_pixels", pixels, f"the image '{src}' in pixels"),
                    self.file,
                    line,
                )
            )
            return []
        if not alt:
            self.warnings.append(
                warning(
                    "image-alt",
                    f"the image '{src}' has no alt text; describe "
                    "it in the brackets: ![what it shows](...)",
                    self.file,
                    line,
                )
            )
        width = str(node.attrs.get("width", ""))  # the quoted form: {width="50%"}
        sized = _WIDTH_VALUE.fullmatch(width.strip())
        percent = self._width(sized.group(1), line) if sized else 0
        return [Image(str(target.relative_to(self.folder)), alt, title, percent)]

    def _safe_url(self, href: str, line: int, what: str) -> bool:
        scheme = urlsplit(href.strip()).scheme.lower()
        if not scheme or scheme in SAFE_SCHEMES:
            return True
        self.errors.append(
            error(
                "url-scheme",
                f"the {what} '{href[:60]}' uses the '{scheme}:' scheme, which is not "
                f"allowed; use {', '.join(SAFE_SCHEMES)} or a relative link",
                self.file,
                line,
            )
        )
        return False

    def _check_html(self, content: str, line: int) -> None:
        match = _DANGEROUS_HTML.search(content)
        if match:
            self.errors.append(
                error(
                    "raw-html-unsafe",
                    f"raw HTML '{match.group(0).strip()}' is not allowed: publish "
                    "never puts scripts, event handlers, frames or forms in its output; remove it",
                    self.file,
                    line,
                )
            )
