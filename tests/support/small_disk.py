"""A real, small file system for full-disk tests: a tmpfs of a chosen size.

Mounting needs root (CI and the development machines here run as root); elsewhere the
test is skipped with a plain message. The space left is then set exactly by a filler
file, so a test decides how much room the store has."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def small_disk(where: Path, size_mb: int) -> Iterator[Path]:
    """Mount a `size_mb` tmpfs at `where` for the duration; yields the mount point."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"full-disk tests need to mount a tmpfs (run as root): {mounted.stderr}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def leave_free(folder: Path, free_bytes: int) -> Path:
    """Fill the file system of `folder` until about `free_bytes` remain; returns the
    filler file (delete it to make room again)."""
    filler = folder / "filler.bin"
    stat = os.statvfs(folder)
    available = stat.f_bavail * stat.f_frsize
    size = max(0, available - free_bytes)
    with open(filler, "wb") as out:
        chunk = b"\0" * (1024 * 1024)
        while size > 0:
            out.write(chunk[: min(size, len(chunk))])
            size -= len(chunk)
    return filler
