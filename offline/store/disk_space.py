"""Disk full, in words a clerk can act on (磁盘空间不足).

SQLite says "database or disk is full" in English, and a sync error then reads as an
internal one. Every write goes through `offline.store.tx.transaction`, which turns that
error into `DiskFull`: the action was not saved, what was saved before is intact, and how
much room to make. `LOW_SPACE_BYTES` is the room a busy counter's day needs (an intake with
two scanned pages is about 1 MB, a day is under 300 of them) plus a daily backup's working
copy, so the status bar can warn while there is still room to finish the day.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import sqlcipher3

from offline.store.errors import DiskFull

MB = 1024 * 1024
DAY_OF_WORK_BYTES = 300 * MB
LOW_SPACE_BYTES = 500 * MB
_SQLITE_FULL = 13


def is_disk_full(exc: BaseException) -> bool:
    """True for SQLite's SQLITE_FULL (and the OS's ENOSPC seen through it)."""
    if isinstance(exc, OSError) and exc.errno == 28:  # ENOSPC
        return True
    if not isinstance(exc, sqlite3.Error | sqlcipher3.Error):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    return code == _SQLITE_FULL or "disk is full" in str(exc)


def free_bytes(folder: Path) -> int | None:
    """Free bytes on the disk holding `folder` (None if it cannot be read)."""
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def disk_full(folder: Path | None) -> DiskFull:
    """The refusal for a write that found no room, naming what is left and what to free."""
    free = free_bytes(folder) if folder is not None else None
    left_zh = f"，只剩 {free // MB} MB" if free is not None else ""
    left_en = f" (only {free // MB} MB left)" if free is not None else ""
    need = DAY_OF_WORK_BYTES // MB
    return DiskFull(
        f"磁盘空间不足{left_zh}：本次操作没有保存，之前保存的内容都在。请清理磁盘（至少留出约 "
        f"{need} MB）后重试，或请管理员处理。",
        f"The disk is full{left_en}: this action was not saved; everything saved before is "
        f"intact. Free some space (about {need} MB) and try again, or ask your administrator.",
    )


def is_low(folder: Path) -> bool:
    """True when less room is left than a day of work needs."""
    free = free_bytes(folder)
    return free is not None and free < LOW_SPACE_BYTES
