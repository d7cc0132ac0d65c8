"""Online backup to an encrypted file, and restore that never loses the current file.

Backup uses SQLite's online backup API into a file keyed with the SAME key, so the copy
is encrypted exactly like the original, keeps its schema version, and can be taken while
the store is open. Restore checks the backup first (key, integrity, schema), refuses to
replace a database that holds more audit entries than the backup unless told to, and in
every case moves the replaced file aside (``store.db.replaced-<UTC time>``) instead of
deleting it. Every file is created mode 0600 and flushed to disk (with its folder) before
it is reported done: a backup that a power cut can undo is no backup.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from offline import durable
from offline.store import connection, migrations
from offline.store.connection import Connection
from offline.store.errors import BackupError, StoreError


def _audit_count(conn: Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def backup_to(conn: Connection, dest: Path, key: bytes) -> int:
    """Copy the open database into a NEW encrypted file; returns its audit entry count."""
    if dest.exists():
        raise BackupError(
            f"备份文件已存在，拒绝覆盖：{dest}",
            f"backup file exists, refusing to overwrite: {dest}",
        )
    durable.create_private_file(dest)
    target = connection._raw_connect(dest, key)
    try:
        conn.backup(target)
    finally:
        target.close()
    connection.write_fingerprint(dest, key)
    check = connection.open_database(dest, key)
    try:
        count = _audit_count(check)
        check.execute("PRAGMA journal_mode = DELETE").fetchone()
    finally:
        check.close()
    durable.fsync_file(dest)
    durable.fsync_dir(dest.parent)
    return count


@dataclass(frozen=True)
class RestoreResult:
    """Where the old database went (None if there was none) and what was restored."""

    replaced_aside: Path | None
    audit_entries: int


def _current_count(db: Path, key: bytes) -> int | None:
    """Audit entries of the current database, or None if it cannot be read."""
    try:
        conn = connection.open_database(db, key, check="none")
    except StoreError:
        return None
    try:
        return _audit_count(conn)
    finally:
        conn.close()


def restore(db: Path, source: Path, key: bytes, *, replace_newer: bool = False) -> RestoreResult:
    """Replace `db` with the backup `source` (the store must be closed)."""
    src = connection.open_database(source, key)  # wrong key / corrupt -> clear error
    try:
        version = migrations.current_version(src)
        if version > migrations.LATEST:
            migrations.migrate(src)  # raises SchemaTooNew with its message
        incoming = _audit_count(src)
        aside: Path | None = None
        if db.exists():
            current = _current_count(db, key)
            if current is not None and current > incoming and not replace_newer:
                raise BackupError(
                    f"当前数据库比备份新（审计记录 {current} 条 > {incoming} 条），未恢复。"
                    "确认要恢复请加 --replace-newer，当前文件会被另存。",
                    f"the current database is newer than the backup ({current} > {incoming} "
                    "audit entries); nothing restored. Pass --replace-newer to restore anyway "
                    "(the current file is kept aside).",
                )
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            aside = db.with_name(f"{db.name}.replaced-{stamp}")
            for suffix in ("", "-wal", "-shm"):
                part = Path(str(db) + suffix)
                if part.exists():
                    shutil.move(part, Path(str(aside) + suffix))
            durable.fsync_dir(db.parent)
        durable.create_private_file(db)
        target = connection._raw_connect(db, key)
        try:
            src.backup(target)
        finally:
            target.close()
        connection.write_fingerprint(db, key)
        durable.fsync_file(db)
        durable.fsync_dir(db.parent)
        return RestoreResult(aside, incoming)
    finally:
        src.close()
