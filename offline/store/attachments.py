"""Attachments (scans of certificates), content-addressed by SHA-256.

Blobs live inside the encrypted database, so they are encrypted at rest with the same
key as everything else and travel with backups. Storing the same content twice is a
no-op; the sync engine reads them in chunks for resumable upload.
"""

from __future__ import annotations

import hashlib
import re

from offline.store.connection import Connection
from offline.store.errors import InvalidArgument, RecordNotFound

MAX_BYTES = 20 * 1024 * 1024
_MIME = re.compile(r"[a-z]+/[a-z0-9.+-]+")


def put(conn: Connection, content: bytes, mime: str, at: str) -> str:
    """Store a blob (caller's transaction); returns its SHA-256 hex digest."""
    if not isinstance(content, bytes) or not content:
        raise InvalidArgument("附件内容为空。", "the attachment is empty")
    if len(content) > MAX_BYTES:
        raise InvalidArgument(
            f"附件超过 {MAX_BYTES // (1024 * 1024)} MB。",
            f"the attachment exceeds {MAX_BYTES // (1024 * 1024)} MB",
        )
    if not _MIME.fullmatch(mime):
        raise InvalidArgument(f"附件类型无效：{mime!r}", f"invalid attachment type {mime!r}")
    digest = hashlib.sha256(content).hexdigest()
    conn.execute(
        "INSERT OR IGNORE INTO attachments (sha256, size, mime, content, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (digest, len(content), mime, content, at),
    )
    return digest


def read(conn: Connection, sha256: str, offset: int = 0, size: int | None = None) -> bytes:
    """The blob's bytes from `offset` (all of them, or `size` bytes)."""
    row = conn.execute(
        "SELECT substr(content, ?, ?) FROM attachments WHERE sha256 = ?",
        (offset + 1, size if size is not None else MAX_BYTES, sha256),
    ).fetchone()
    if row is None:
        raise RecordNotFound(f"找不到附件 {sha256}", f"no attachment {sha256}")
    return bytes(row[0])


def pending_uploads(conn: Connection) -> list[tuple[str, int]]:
    """(sha256, size) of blobs named by open add_material (scans) and add_note
    (signature images) mutations, not yet uploaded."""
    rows = conn.execute(
        "SELECT DISTINCT a.sha256, a.size FROM outbox AS o "
        "JOIN attachments AS a ON a.sha256 = coalesce(json_extract(o.payload, "
        "'$.material.attachment'), json_extract(o.payload, '$.note.attachment')) "
        "WHERE o.state IN ('pending', 'in_flight') AND o.kind IN ('add_material', 'add_note') "
        "AND a.uploaded = 0 ORDER BY a.sha256"
    ).fetchall()
    return [(str(r[0]), int(r[1])) for r in rows]


def mark_uploaded(conn: Connection, sha256: str) -> None:
    """The platform holds the whole blob now."""
    conn.execute("UPDATE attachments SET uploaded = 1 WHERE sha256 = ?", (sha256,))
