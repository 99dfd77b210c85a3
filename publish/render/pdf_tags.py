"""Tag fixes WeasyPrint 70 leaves for PDF/UA-1 (ISO 14289-1).

* Running headers and footers become pagination artifacts (7.8). WeasyPrint 70 wraps margin-box text in `/Span <</MCID n>> BDC` but never links that
marked content into the structure tree, which is neither real content nor an artifact.
  Here every marked-content sequence whose MCID the structure tree does not reach is
  rewritten as `/Artifact <</Type /Pagination>> BDC`.
* Table header cells get a /Scope (7.5): Column in THead, Row elsewhere.
"""

from __future__ import annotations

import io
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator


def reachable_mcids(pdf: pikepdf.Pdf) -> dict[int, set[int]]:
    """MCIDs per page object number that the structure tree reaches from its root."""
    found: dict[int, set[int]] = {}
    stack: list[tuple[Any, Any]] = [(pdf.Root.StructTreeRoot, None)]
    seen: set[tuple[int, int]] = set()
    while stack:
        node, page = stack.pop()
        if isinstance(node, int):
            if page is not None:
                found.setdefault(page.objgen[0], set()).add(int(node))
            continue
        if isinstance(node, Array):
            stack.extend((child, page) for child in node)
            continue
        if not isinstance(node, Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        if "/MCID" in node:
            owner = node.get("/Pg", page)
            if owner is not None:
                found.setdefault(owner.objgen[0], set()).add(int(node.MCID))
            continue
        own_page = node.get("/Pg", page)
        if "/K" in node:
            stack.append((node.K, own_page))
    return found


def _scope_headers(node: Any, in_head: bool = False) -> None:
    stack: list[tuple[Any, bool]] = [(node, in_head)]
    while stack:
        current, head = stack.pop()
        if isinstance(current, Array):
            stack.extend((child, head) for child in current)
            continue
        if not isinstance(current, Dictionary) or "/S" not in current:
            continue
        role = str(current.S)
        head = head or role == "/THead"
        if role == "/TH":
            attributes = current.get("/A")
            if not isinstance(attributes, Dictionary):
                attributes = Dictionary(O=Name.Table)
                current.A = attributes
            attributes.Scope = Name.Column if head else Name.Row
        if "/K" in current:
            stack.append((current.K, head))


def fix_tags(data: bytes) -> bytes:
    """The PDF with pagination artifacts and header-cell scopes."""
    pdf = pikepdf.open(io.BytesIO(data))
    if "/StructTreeRoot" not in pdf.Root:
        return data
    _scope_headers(pdf.Root.StructTreeRoot.K)
    reachable = reachable_mcids(pdf)
    for page in pdf.pages:
        keep = reachable.get(page.obj.objgen[0], set())
        instructions = pikepdf.parse_content_stream(page)
        changed = False
        out: list[Any] = []
        for instruction in instructions:
            operands: list[Any] = list(getattr(instruction, "operands", []))
            if str(instruction.operator) == "BDC" and len(operands) == 2:
                props = operands[1]
                if (
                    isinstance(props, Dictionary)
                    and "/MCID" in props
                    and int(props.MCID) not in keep
                ):
                    out.append(
                        pikepdf.ContentStreamInstruction(
                            [Name.Artifact, Dictionary(Type=Name.Pagination)], Operator("BDC")
                        )
                    )
                    changed = True
                    continue
            out.append(instruction)
        if changed:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True, static_id=False)
    return buffer.getvalue()
