"""The local view rows: an application document plus the columns queues filter on.

`write` upserts `applications` (the FTS and short-name triggers follow) and rebuilds the
row projections (status history, materials, notes, ratings) from the same document, so
tables and JSON never disagree. `sync_state_of` derives the per-record sync state.
"""

from __future__ import annotations

from typing import Any

from offline.store.connection import Connection
from offline.store.jsonutil import dumps, loads

SYNC_STATES = ("synced", "pending", "conflict", "rejected")


def _get(doc: dict[str, Any], *path: str) -> Any:
    value: Any = doc
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def columns(doc: dict[str, Any]) -> tuple[Any, ...]:
    """The indexed columns of `applications`, in insert order (without sync_state/doc)."""
    return (
        doc["id"],
        doc["office_code"],
        doc["receipt_no"],
        doc["item_code"],
        doc["status"],
        doc.get("clerk_id"),
        _get(doc, "applicant", "name") or "",
        _get(doc, "applicant", "cert_no"),
        doc.get("phone"),
        doc["received_at"],
        doc.get("due_date"),
        doc.get("updated_at") or doc["received_at"],
    )


INSERT_SQL = (
    "INSERT INTO applications (id, office_code, receipt_no, item_code, status, clerk_id, "
    "applicant_name, cert_no, phone, received_at, due_date, updated_at, sync_state, doc) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPSERT_SQL = INSERT_SQL + (
    " ON CONFLICT (id) DO UPDATE SET office_code = excluded.office_code, "
    "receipt_no = excluded.receipt_no, item_code = excluded.item_code, "
    "status = excluded.status, clerk_id = excluded.clerk_id, "
    "applicant_name = excluded.applicant_name, cert_no = excluded.cert_no, "
    "phone = excluded.phone, received_at = excluded.received_at, "
    "due_date = excluded.due_date, updated_at = excluded.updated_at, "
    "sync_state = excluded.sync_state, doc = excluded.doc"
)


def write(conn: Connection, doc: dict[str, Any], sync_state: str) -> None:
    """Upsert the local view of one application and its row projections."""
    write_many(conn, [(doc, sync_state)])


def write_many(conn: Connection, views: list[tuple[dict[str, Any], str]]) -> None:
    """Upsert many local views and replace their projections, one statement per table."""
    if not views:
        return
    conn.executemany(_UPSERT_SQL, [(*columns(d), s, dumps(d)) for d, s in views])
    ids = [(d["id"],) for d, _ in views]
    for table in ("status_history", "materials", "notes", "ratings"):
        conn.executemany(f"DELETE FROM {table} WHERE record_id = ?", ids)
    history, materials, notes, ratings = [], [], [], []
    for doc, _ in views:
        rid = doc["id"]
        history += [
            (
                rid,
                i,
                h.get("from"),
                h["to"],
                h.get("by"),
                h.get("role"),
                h["at"],
                h.get("reason"),
                h.get("op_id"),
            )
            for i, h in enumerate(doc.get("history") or [])
        ]
        materials += [
            (
                rid,
                m["id"],
                m.get("code"),
                m.get("name") or "",
                m.get("form"),
                m.get("originals"),
                m.get("copies"),
                m.get("attachment"),
                m.get("added_at"),
                m.get("by"),
            )
            for m in doc.get("materials") or []
        ]
        notes += [(rid, n["id"], n["text"], n.get("by"), n["at"]) for n in doc.get("notes") or []]
        ratings += [
            (rid, r["id"], r["stage"], r["score"], r.get("comment"), r["at"])
            for r in doc.get("ratings") or []
        ]
    conn.executemany("INSERT INTO status_history VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", history)
    conn.executemany(
        "INSERT OR REPLACE INTO materials VALUES (?, ?, ?, ?, ?, ?, ?, "
        "(SELECT sha256 FROM attachments WHERE sha256 = ?), ?, ?)",
        materials,
    )
    conn.executemany("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?)", notes)
    conn.executemany("INSERT OR REPLACE INTO ratings VALUES (?, ?, ?, ?, ?, ?)", ratings)


def read(conn: Connection, record_id: str) -> dict[str, Any] | None:
    """The local view document, or None."""
    row = conn.execute("SELECT doc FROM applications WHERE id = ?", (record_id,)).fetchone()
    return None if row is None else dict(loads(row[0]))


def sync_state_of(conn: Connection, record_id: str) -> str:
    """conflict > rejected > pending > synced, from open conflicts and the outbox."""
    kinds = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT kind FROM conflicts WHERE record_id = ? AND resolved_at IS NULL",
            (record_id,),
        )
    }
    if "conflict" in kinds:
        return "conflict"
    if "rejected" in kinds:
        return "rejected"
    row = conn.execute(
        "SELECT 1 FROM outbox WHERE record_id = ? AND state IN ('pending', 'in_flight') LIMIT 1",
        (record_id,),
    ).fetchone()
    return "pending" if row else "synced"
