"""Versioned schema migrations, each applied in its own transaction.

The version lives in `PRAGMA user_version` (written inside the same transaction as the
migration, so a crash leaves the old version and the old schema). A file newer than this
code is refused instead of being half-understood.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from offline.store import schema_v1, schema_v2, schema_v3, schema_v4, schema_v5, schema_v6
from offline.store.connection import Connection
from offline.store.errors import SchemaTooNew


@dataclass(frozen=True)
class Migration:
    """One step: `apply` runs inside a transaction that also bumps user_version."""

    version: int
    name: str
    apply: Callable[[Connection], None]


def statements(script: str) -> Iterator[str]:
    """Split a SQL script into complete statements (trigger bodies stay whole).

    `executescript` would COMMIT the surrounding transaction first, so scripts are run
    statement by statement instead.
    """
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement: {buffer.strip()[:80]}")


def _script(sql: str) -> Callable[[Connection], None]:
    def run(conn: Connection) -> None:
        for statement in statements(sql):
            conn.execute(statement)

    return run


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "base tables", _script(schema_v1.SQL)),
    Migration(2, "search index (FTS5 trigram + short-name grams)", _script(schema_v2.SQL)),
    Migration(3, "status counters per office and clerk", _script(schema_v3.SQL)),
    Migration(4, "search index merges less often (FTS5 automerge 8)", _script(schema_v4.SQL)),
    Migration(5, "report columns and their covering index", _script(schema_v5.SQL)),
    Migration(6, "per-day report totals kept by triggers", _script(schema_v6.SQL)),
)
LATEST = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    """The schema version recorded in the file."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Connection, target: int = LATEST) -> list[int]:
    """Apply every migration above the file's version up to `target`; return those run."""
    version = current_version(conn)
    if version > LATEST:
        raise SchemaTooNew(
            f"数据库版本 {version} 比本程序支持的版本 {LATEST} 新，请升级窗口通。",
            f"database schema {version} is newer than this program supports ({LATEST}); "
            "upgrade CounterDesk.",
        )
    done: list[int] = []
    for migration in MIGRATIONS:
        if version < migration.version <= target:
            conn.execute("BEGIN IMMEDIATE")
            try:
                migration.apply(conn)
                conn.execute(f"PRAGMA user_version = {migration.version:d}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            done.append(migration.version)
    return done
