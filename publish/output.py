"""Atomic output: files are written to a staging folder, then moved into place."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def staging(target_dir: Path) -> Iterator[Path]:
    """A private folder beside target_dir; its files replace target_dir's only if the block succeeds."""
    target_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target_dir.name}.", suffix=".staging", dir=target_dir.parent))
    try:
        yield stage
        target_dir.mkdir(exist_ok=True)
        for path in sorted(stage.rglob("*")):
            if path.is_file():
                destination = target_dir / path.relative_to(stage)
                destination.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, destination)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
