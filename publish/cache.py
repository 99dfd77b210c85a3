"""The user's cache folder for publish: data worth keeping between builds, never in output.

`$PUBLISH_CACHE/publish`, else `$XDG_CACHE_HOME/publish`, else `~/.cache/publish`. Everything
in it can be deleted at any time; it is rebuilt on the next use.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder() -> Path:
    base = os.environ.get("PUBLISH_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "publish" if base else Path.home() / ".cache" / "publish"
