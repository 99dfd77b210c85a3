"""Atomic, crash-safe output.

Each article is built in a private staging folder beside its output folder, then the two
folders are swapped in one step (Linux renameat2 RENAME_EXCHANGE), so a reader, or a build
killed with SIGKILL at any moment, sees either the whole old output or the whole new one.
Nothing is carried over: after a build the folder holds exactly what that build made.

A lock serializes builds into the same output folder. It lives in the user's cache folder
(`~/.cache/publish/locks/`), named by a hash of the output folder's path, so nothing but
outputs ever lands in the folder a user uploads.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from publish.cache import cache_folder

STAGING_PREFIX = ".staging-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the kernel or libc cannot."""
    import ctypes  # here, not at start-up

    # The running process's own symbols, libc's among them. ctypes.util.find_library("c")
    # would cost more than the rest of a small build: it imports subprocess and runs ldconfig.
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(a))


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def clean_stale(out_dir: Path) -> None:
    """Remove staging folders left by builds that were killed (call while holding the lock)."""
    if out_dir.is_dir():
        for path in out_dir.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(path, ignore_errors=True)


def lock_path(out_dir: Path) -> Path:
    """The lock file for builds into `out_dir`, in the user's cache folder."""
    import hashlib

    key = hashlib.sha256(os.fsencode(out_dir.resolve())).hexdigest()[:24]
    return cache_folder() / "locks" / f"{key}.lock"


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """One build at a time per output folder; a second one waits."""
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = lock_path(out_dir)
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            clean_stale(out_dir)
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def staging(target_dir: Path) -> Iterator[Path]:
    """A private folder; when the block succeeds it replaces target_dir in one atomic swap.

    The earlier output is replaced whole: a format or edition this build did not make is
    gone afterwards, so no stale file is served or checked."""
    target_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(
        tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{target_dir.name}.", dir=target_dir.parent)
    )
    os.chmod(stage, 0o755)  # mkdtemp makes it private; the output is meant to be served and shared
    try:
        yield stage
        _fsync_tree(stage)
        if not target_dir.exists():
            os.rename(stage, target_dir)
        elif not _exchange(stage, target_dir):
            retired = stage.with_name(stage.name + ".old")
            os.rename(target_dir, retired)
            os.rename(stage, target_dir)
            stage = retired
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def remove_output(target_dir: Path) -> bool:
    """Remove one article's output folder (for `publish clean`); False if there was none."""
    if not target_dir.is_dir():
        return False
    retired = target_dir.with_name(f"{STAGING_PREFIX}{target_dir.name}.removed")
    os.rename(target_dir, retired)  # one step: a reader never sees half a folder
    shutil.rmtree(retired)
    return True
