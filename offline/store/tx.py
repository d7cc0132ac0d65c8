"""Transactions on the store's one connection (autocommit mode, explicit BEGIN).

`BEGIN IMMEDIATE` takes the write lock up front so a clerk action never fails half-way
with SQLITE_BUSY on its first write; nested use becomes a savepoint.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from offline.store import disk_space
from offline.store.connection import Connection


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """Commit on success, roll back on any exception (including KeyboardInterrupt); a
    full disk is raised as `DiskFull` with plain words, never SQLite's English."""
    try:
        with _transaction(conn) as inner:
            yield inner
    except Exception as exc:
        if disk_space.is_disk_full(exc):
            raise disk_space.disk_full(_folder(conn)) from exc
        raise


def _folder(conn: Connection) -> Path | None:
    try:
        row = conn.execute("PRAGMA database_list").fetchone()
    except Exception:  # the folder only improves the message
        return None
    return Path(row[2]).parent if row and row[2] else None


@contextmanager
def _transaction(conn: Connection) -> Iterator[Connection]:
    if conn.in_transaction:
        name = f"sp_{secrets.token_hex(8)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # a failed COMMIT (e.g. no room for the WAL) leaves it open
            conn.execute("ROLLBACK")
        raise
