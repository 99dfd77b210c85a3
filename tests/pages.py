"""Test sources that exercise every block type, and helpers to build them."""

from __future__ import annotations

import base64
from pathlib import Path

from publish.formats.html import HtmlWriter
from publish.parse.markdown import load_article
from publish.products import Products
from publish.settings import BuildOptions

# A 2x2 PNG, so figures have a real image to embed.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg=="
)

RICH = """\
---
title: Every block
language: en-GB
description: A page with one of everything.
authors: [Test Author]
publisher: Test Clinic
date: 2026-01-31
glossary:
  - term: CAR-T
    expansion: Chimeric Antigen Receptor T-cell
    definition: A treatment made from your own cells.
---
Your team may offer CAR-T. Say [bonjour]{lang=fr} to the nurse.[^1] See the
[NHS website](https://www.nhs.uk/) for more.

## What to bring

1. Your *medicines*, in their boxes.
2. A list of **questions**.

> Ask us anything. We are here to help.

![A nurse talking with a patient](nurse.png "The day unit.")

### Doses

| Medicine | Dose |
|----------|-----:|
| Example  | 2.5 mg |

```
A code sample.
```

A very long link: https://example.org/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa

[^1]: Everyone speaks English too. Ask for an interpreter if you need one.
"""


def rich_source(folder: Path) -> Path:
    (folder / "nurse.png").write_bytes(PNG)
    path = folder / "every-block.md"
    path.write_text(RICH, encoding="utf-8")
    return path


def render_html(source: Path, templates: Path | None = None) -> str:
    products = Products.standalone(
        load_article(source), BuildOptions(Path("build"), templates=templates)
    )
    return HtmlWriter(products.options, products.env).render(products.article, products)
