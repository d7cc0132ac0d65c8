"""Versioned schema migrations, each applied in its own transaction.

The version lives in `PRAGMA user_version` (written inside the same transaction as the
migration, so a crash leaves the old version and the old schema). A file newer than this
code is refused instead of being half-understood.

Upgrading a big store takes a while (a migration that rewrites rows costs seconds per
100,000 records), so the app can ask `pending(conn)` before and pass an `on_progress(done,
total)` callback: each migration has a cost in units per application row; a step that
works in chunks yields its rows done, the others count when they finish.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from offline.store import (
    report_facts,
    schema_v1,
    schema_v2,
    schema_v3,
    schema_v4,
    schema_v5,
    schema_v6,
    schema_v7,
    schema_v8,
)
from offline.store.connection import Connection
from offline.store.errors import SchemaTooNew


@dataclass(frozen=True)
class Migration:
    """One step: `apply` runs inside a transaction that also bumps user_version. It may
    return an iterable of rows done so far (then it runs as that iterable is consumed);
    `cost` is its work in progress units per application row (at least 1 unit a step)."""

    version: int
    name: str
    apply: Callable[[Connection], Iterable[int] | None]
    cost: float = 0.0


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


def _report_columns(conn: Connection) -> Iterator[int]:
    _script(schema_v5.ADD_COLUMNS)(conn)
    yield from report_facts.backfill(conn)
    _script(schema_v5.INDEX)(conn)


# Costs: measured shares of an upgrade's time per row (the v5 back-fill reads and rewrites
# documents; v7 folds and re-indexes the searchable columns, as long as v5's back-fill; the
# others scan indexes or the small name columns).
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "base tables", _script(schema_v1.SQL)),
    Migration(2, "search index (FTS5 trigram + short-name grams)", _script(schema_v2.SQL), 0.5),
    Migration(3, "status counters per office and clerk", _script(schema_v3.SQL), 0.02),
    Migration(4, "search index merges less often (FTS5 automerge 8)", _script(schema_v4.SQL)),
    Migration(5, "report columns and their covering index", _report_columns, 1.0),
    Migration(6, "per-day report totals kept by triggers", _script(schema_v6.SQL), 0.1),
    Migration(7, "search index of folded text (NFKC + case folding)", schema_v7.migrate, 1.0),
    Migration(8, "signed actions and the terminal credential", _script(schema_v8.SQL)),
)
LATEST = MIGRATIONS[-1].version
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PendingMigration:
    """An upgrade the next open will run: versions and the number of application rows."""

    from_version: int
    to_version: int
    rows: int


def pending(conn: Connection, target: int = LATEST) -> PendingMigration | None:
    """The upgrade `migrate` would run (a few ms: the version and the largest rowid)."""
    version = current_version(conn)
    _refuse_newer(version)
    if version >= target:
        return None
    return PendingMigration(version, target, _rows(conn, version))


def _rows(conn: Connection, version: int) -> int:
    if version < 1:
        return 0
    return int(conn.execute("SELECT coalesce(max(rowid), 0) FROM applications").fetchone()[0])


def _units(migration: Migration, rows: int) -> int:
    return max(1, round(migration.cost * rows))


def current_version(conn: Connection) -> int:
    """The schema version recorded in the file."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _refuse_newer(version: int) -> None:
    """A downgrade: never open (or write) a file a newer version has upgraded."""
    if version > LATEST:
        raise SchemaTooNew(
            f"这个数据库已被更新版本的窗口通升级（数据库版本 {version}），本程序只支持到版本 "
            f"{LATEST}，不能降级打开。请安装更新版本的窗口通；如果必须使用本版本，请用升级前"
            "留下的备份（备份文件夹中名为 store-…-pre-upgrade-v…db 的文件）恢复："
            "counterdesk store restore --profile <名称> --from <备份文件>。",
            f"This database was upgraded by a newer CounterDesk (schema {version}); this "
            f"version supports up to schema {LATEST} and cannot open it (no downgrade). "
            "Install the newer CounterDesk, or, to stay on this version, restore the backup "
            "left before the upgrade (store-…-pre-upgrade-v….db in the backup folder): "
            "counterdesk store restore --profile <name> --from <backup file>.",
        )


def migrate(
    conn: Connection, target: int = LATEST, *, on_progress: Progress | None = None
) -> list[int]:
    """Apply every migration above the file's version up to `target`; return those run.

    `on_progress(done, total)` (if given and anything runs): first (0, total), last
    (total, total), never decreasing; an exception it raises rolls the running step back."""
    version = current_version(conn)
    _refuse_newer(version)
    steps = [m for m in MIGRATIONS if version < m.version <= target]
    if not steps:
        return []
    rows = _rows(conn, version)
    total = sum(_units(m, rows) for m in steps)
    report = on_progress or (lambda done, total: None)
    report(0, total)
    finished = 0
    for migration in steps:
        units = _units(migration, rows)
        conn.execute("BEGIN IMMEDIATE")
        try:
            chunks = migration.apply(conn)
            for rows_done in chunks or ():
                share = units if rows == 0 else min(units, units * rows_done // rows)
                report(finished + share, total)
            conn.execute(f"PRAGMA user_version = {migration.version:d}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        finished += units
        report(finished, total)
    return [m.version for m in steps]
