"""Attachment storage per office: unfinished uploads expire, and every upload counts.

An upload announces its length with its first chunk. From then until it completes or
expires, that length is reserved against the office's quota, so an office cannot fill the
disk by announcing many large uploads and sending a few bytes of each. An unfinished
upload whose last chunk is older than `Settings.partial_upload_ttl` is dropped: its chunks
are deleted and its row is kept, marked expired, only so that a client trying to resume it
hears why (`upload_expired`) instead of a bare offset mismatch; such a row reserves
nothing. Expired rows are forgotten after `TOMBSTONE_DAYS`.
"""

from __future__ import annotations

import sqlite3

from pydantic import Field

from central.errors import ApiError
from client.wire import Wire

TOMBSTONE_DAYS = 30
# Expired uploads are swept at most this often (seconds of the platform's clock); between
# sweeps `is_stale` still treats an overdue upload as expired.
SWEEP_EVERY = 60.0

_last_sweep: dict[str, float] = {}


def is_stale(row: sqlite3.Row, now: float, ttl: float) -> bool:
    """An unfinished, not yet swept upload past its time."""
    if row["complete"] or row["expired_at"] is not None:
        return False
    updated = row["updated_at"]
    return updated is None or updated <= now - ttl


def sweep(conn: sqlite3.Connection, now: float, ttl: float) -> int:
    """Drop the chunks of every overdue unfinished upload (caller's write transaction);
    returns how many uploads expired."""
    cutoff = now - ttl
    stale = conn.execute(
        "SELECT office_code, sha256 FROM blobs WHERE complete = 0 AND expired_at IS NULL"
        " AND (updated_at IS NULL OR updated_at <= ?)",
        (cutoff,),
    ).fetchall()
    for office, sha in stale:
        conn.execute("DELETE FROM blob_chunks WHERE office_code = ? AND sha256 = ?", (office, sha))
    conn.execute(
        "UPDATE blobs SET stored = 0, expired_at = ? WHERE complete = 0 AND expired_at IS NULL"
        " AND (updated_at IS NULL OR updated_at <= ?)",
        (now, cutoff),
    )
    conn.execute(
        "DELETE FROM blobs WHERE expired_at IS NOT NULL AND expired_at <= ?",
        (now - TOMBSTONE_DAYS * 86400,),
    )
    return len(stale)


def sweep_due(db_key: str, now: float) -> bool:
    """Whether the sweep for this database is due (and note that it runs now)."""
    last = _last_sweep.get(db_key)
    if last is not None and 0 <= now - last < SWEEP_EVERY:
        return False
    _last_sweep[db_key] = now
    return True


def used(conn: sqlite3.Connection, office: str, now: float, ttl: float) -> int:
    """Bytes the office holds or has reserved: complete blobs and live unfinished uploads."""
    row = conn.execute(
        "SELECT COALESCE(SUM(length), 0) FROM blobs WHERE office_code = ? AND expired_at IS NULL"
        " AND (complete = 1 OR updated_at > ?)",
        (office, now - ttl),
    ).fetchone()
    return int(row[0])


def check(
    conn: sqlite3.Connection, office: str, length: int, quota: int, now: float, ttl: float
) -> None:
    """Refuse (413 `quota_exceeded`) a new upload of `length` bytes the quota cannot hold."""
    in_use = used(conn, office, now, ttl)
    if in_use + length > quota:
        raise ApiError(
            413,
            "quota_exceeded",
            f"本单位附件存储空间不足：已用 {_mb(in_use)}，上限 {_mb(quota)}，"
            f"该文件需要 {_mb(length)}。请联系管理员扩容或清理未完成的上传。",
            f"the office's attachment storage is full: {_mb(in_use)} used of {_mb(quota)},"
            f" this file needs {_mb(length)}; ask the administrator for more space",
            {"quota": quota, "used": in_use, "length": length},
        )


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def expired_error(ttl: float, detail: dict[str, object]) -> ApiError:
    hours = f"{ttl / 3600:g}"
    return ApiError(
        409,
        "upload_expired",
        f"该附件的上传超过 {hours} 小时未完成，已被平台清除，请从头重新上传",
        f"this upload was left unfinished for over {hours} hours and was dropped;"
        " upload it again from the start",
        detail,
    )


class BlobUsage(Wire):
    """An office's attachment storage: what it holds or has reserved, and its limit."""

    used: int = Field(description="bytes of complete blobs plus live unfinished uploads")
    quota: int
    partial_upload_hours: float = Field(description="unfinished uploads expire after this")
