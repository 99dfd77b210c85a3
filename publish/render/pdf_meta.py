"""What WeasyPrint does not write into a PDF's XMP: the identifier (an ISBN) and the
contributors with their roles, added with pikepdf without touching anything else."""

from __future__ import annotations

import io

from publish.config import Metadata


def credit(data: bytes, meta: Metadata) -> bytes:
    """The PDF with dc:identifier and dc:contributor ("Ann Lee (editor)"); unchanged when the
    front matter has neither."""
    people = [f"{c.name} ({c.role_name})" for c in meta.contributors]
    if not people and not meta.identifier:
        return data
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        if people:
            xmp["dc:contributor"] = set(people)
        if meta.identifier:
            xmp["dc:identifier"] = meta.identifier
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, static_id=False)
    return out.getvalue()
