"""Bulk insert of NEW application views: the path for a first full sync and for seeding.

Per-row triggers are slow in bulk (FTS5 flushes its pending terms at every statement, and
the status counter upsert runs once per row); so inside the caller's transaction this
drops the three insert triggers, inserts the rows with one `executemany`, indexes the new
rowid range with one INSERT…SELECT into the FTS table, one into `name_grams`, one
upsert of the page's totals into `status_counts` and `report_days` (schema v6; added up
in Python from the values at hand, offline/store/report_days.py), and
recreates the triggers (the counter trigger from its stored text, so the schema stays
byte-identical). DDL is transactional in
SQLite, so no other reader ever sees the table without its trigger, and a failure rolls
everything back. Records must not exist yet.
"""

from __future__ import annotations

from typing import Any

from offline.store import report_days, report_facts, schema_v6, schema_v7, views
from offline.store.connection import Connection
from offline.store.jsonutil import dumps

BULK_THRESHOLD = 64  # below this, the per-row trigger path is just as fast


_COUNTS_TRIGGER = "applications_counts_ai"


def insert_new(conn: Connection, rows: list[tuple[dict[str, Any], str]]) -> None:
    """Insert views of records that do not exist yet, with their search entries and status
    counts (caller's transaction)."""
    if not rows:
        return
    start = int(conn.execute("SELECT coalesce(max(rowid), 0) FROM applications").fetchone()[0])
    counts_trigger = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (_COUNTS_TRIGGER,)
    ).fetchone()[0]
    conn.execute(f"DROP TRIGGER {schema_v7.INSERT_TRIGGER_NAME}")
    conn.execute(f"DROP TRIGGER {_COUNTS_TRIGGER}")
    conn.execute(f"DROP TRIGGER {schema_v6.INSERT_TRIGGER_NAME}")
    facts = [(views.columns(d), report_facts.report_columns(d)) for d, _ in rows]
    conn.executemany(
        views.INSERT_SQL,  # views.row's layout, the report columns computed twice as fast
        [(*c, *f, s, dumps(d)) for (c, f), (d, s) in zip(facts, rows, strict=True)],
    )
    last = int(conn.execute("SELECT max(rowid) FROM applications").fetchone()[0])
    schema_v7.index_range(conn, start, last)
    report_days.add(conn, facts)
    conn.execute(schema_v7.INSERT_TRIGGER)
    conn.execute(schema_v6.INSERT_TRIGGER)
    conn.execute(counts_trigger)


def load_synced(
    conn: Connection, changes: list[tuple[dict[str, Any], int]], epoch: int, at: str
) -> None:
    """Store platform records new to this device: view = server copy (stored once)."""
    conn.executemany(
        "INSERT INTO server_copies (record_id, version, epoch, doc, pulled_at) "
        "VALUES (?, ?, ?, NULL, ?)",
        [(doc["id"], version, epoch, at) for doc, version in changes],
    )
    rows = [(doc, "synced") for doc, _ in changes]
    if len(rows) >= BULK_THRESHOLD:
        insert_new(conn, rows)
    else:
        views.write_many(conn, rows)
