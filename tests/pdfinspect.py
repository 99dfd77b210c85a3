"""Reading a PDF the way an accessibility reviewer does: tags, fonts, text sizes, artifacts."""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf

from publish.checks.pdf import struct_elements

__all__ = ["embedded_fonts", "roles", "struct_elements", "text_runs"]


def roles(pdf: pikepdf.Pdf) -> list[str]:
    return [str(e.S)[1:] for e in struct_elements(pdf)]


@dataclass(frozen=True)
class TextRun:
    page: int
    size_pt: float
    artifact: bool
    mcid: int | None


def _multiply(a: list[float], b: list[float]) -> list[float]:
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def text_runs(pdf: pikepdf.Pdf) -> list[TextRun]:
    """Every text-showing operator with its effective size in points (Tf x Tm x CTM)."""
    runs = []
    for number, page in enumerate(pdf.pages, start=1):
        ctm = [1.0, 0, 0, 1.0, 0, 0]
        saved: list[list[float]] = []
        tm = [1.0, 0, 0, 1.0, 0, 0]
        size = 0.0
        marks: list[tuple[str, int | None]] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "q":
                saved.append(ctm)
            elif op == "Q":
                ctm = saved.pop()
            elif op == "cm":
                ctm = _multiply([float(x) for x in operands], ctm)
            elif op == "BT":
                tm = [1.0, 0, 0, 1.0, 0, 0]
            elif op == "Tm":
                tm = [float(x) for x in operands]
            elif op == "Tf":
                size = float(operands[1])
            elif op in ("BDC", "BMC"):
                props = operands[1] if len(operands) > 1 else None
                mcid = (
                    int(props.MCID)
                    if isinstance(props, pikepdf.Dictionary) and "/MCID" in props
                    else None
                )
                marks.append((str(operands[0]), mcid))
            elif op == "EMC":
                marks.pop()
            elif op in ("Tj", "TJ", "'", '"'):
                m = _multiply(tm, ctm)
                scale = (abs(m[0] * m[3] - m[1] * m[2])) ** 0.5
                artifact = any(tag == "/Artifact" for tag, _ in marks)
                mcid = next((c for _, c in reversed(marks) if c is not None), None)
                runs.append(TextRun(number, round(size * scale, 2), artifact, mcid))
    return runs


def embedded_fonts(pdf: pikepdf.Pdf) -> dict[str, bool]:
    """Base font name -> whether its program is embedded."""
    fonts: dict[str, bool] = {}
    for page in pdf.pages:
        for font in (page.Resources.get("/Font") or {}).values():
            descendants = font.get("/DescendantFonts")
            target = descendants[0] if descendants else font
            descriptor = target.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            fonts[str(font.BaseFont)[1:]] = embedded
    return fonts
