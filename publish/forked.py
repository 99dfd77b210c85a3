"""Imported last by the worker pool's fork server: warms and freezes what workers share.

A tiny article is built once here, so what every build sets up on first use (the font
configuration, WeasyPrint's user-agent stylesheets, the compiled templates, the word
store) is made once and shared by every forked worker, instead of once per worker.

`gc.freeze()` then moves every object alive into a permanent generation that the collector
never walks, so forked workers do not dirty (and so copy) the pages those objects sit on
every time they collect garbage; the shared renderers stay shared.
"""

import contextlib
import gc
import tempfile
from pathlib import Path

WARM = """---
title: Warm
language: en
---

## A section

A short sentence to build.
"""


def _warm() -> None:
    from publish.errors import PublishError
    from publish.pipeline import make_article
    from publish.settings import BuildOptions

    formats = ("html", "pdf", "epub")
    with tempfile.TemporaryDirectory(prefix="publish-warm-") as folder:
        source = Path(folder) / "warm.md"
        source.write_text(WARM, encoding="utf-8")
        options = BuildOptions(out_dir=Path(folder) / "out", formats=formats, quiet=True)
        with contextlib.suppress(PublishError):  # warming is only an optimisation
            make_article(source, options, formats)


_warm()
gc.collect()
gc.freeze()
