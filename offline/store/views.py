"""The local view rows: an application document plus the columns queues filter on.

`write` upserts `applications` (the FTS, short-name and counter triggers follow; status
history, materials, notes and ratings are SQL views over the document). `sync_state_of`
derives the per-record sync state.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from offline.store import schema_v5
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


def report_columns(doc: dict[str, Any]) -> tuple[Any, ...]:
    """The report columns of schema v5, by the rules of its back-fill: accepted_at,
    completed_at (first history step to approved/denied), accept_seconds,
    complete_seconds, on_time, rating_1..rating_5 counts."""
    accepted = doc.get("accepted_at")
    accepted = accepted if isinstance(accepted, str) else None
    completed = None
    for step in doc.get("history") or []:
        if (
            isinstance(step, dict)
            and step.get("to") in schema_v5.COMPLETED
            and isinstance(step.get("at"), str)
        ):
            completed = step["at"]
            break
    accept_s = complete_s = on_time = None
    if accepted is not None:
        accept_s = _seconds(doc.get("received_at"), accepted)
        complete_s = _seconds(accepted, completed)
    due, moment = doc.get("due_date"), _instant(completed)
    if complete_s is not None and moment is not None and isinstance(due, str):
        local = moment + timedelta(hours=schema_v5.UTC_OFFSET_HOURS)
        on_time = int(local.date().isoformat() <= due)
    ratings = [r.get("score") for r in doc.get("ratings") or [] if isinstance(r, dict)]
    return (
        accepted,
        completed,
        accept_s,
        complete_s,
        on_time,
        *(sum(1 for v in ratings if _is_number(v) and v == s) for s in schema_v5.SCORES),
    )


def _instant(text: Any) -> datetime | None:
    """An ISO instant as UTC (a missing offset counts as UTC, as in SQLite); None if bad."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _seconds(start: Any, end: Any) -> int | None:
    a, b = _instant(start), _instant(end)
    return None if a is None or b is None else round((b - a).total_seconds())


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def row(doc: dict[str, Any], sync_state: str) -> tuple[Any, ...]:
    """The parameters of INSERT_SQL for one view."""
    return (*columns(doc), *report_columns(doc), sync_state, dumps(doc))


_REPORT_NAMES = (
    "accepted_at",
    "completed_at",
    "accept_seconds",
    "complete_seconds",
    "on_time",
    *(f"rating_{s:d}" for s in schema_v5.SCORES),
)
INSERT_SQL = (
    "INSERT INTO applications (id, office_code, receipt_no, item_code, status, clerk_id, "
    "applicant_name, cert_no, phone, received_at, due_date, updated_at, "
    + ", ".join(_REPORT_NAMES)
    + ", sync_state, doc) VALUES ("
    + ", ".join("?" * (14 + len(_REPORT_NAMES)))
    + ")"
)
_UPSERT_SQL = INSERT_SQL + (
    " ON CONFLICT (id) DO UPDATE SET office_code = excluded.office_code, "
    "receipt_no = excluded.receipt_no, item_code = excluded.item_code, "
    "status = excluded.status, clerk_id = excluded.clerk_id, "
    "applicant_name = excluded.applicant_name, cert_no = excluded.cert_no, "
    "phone = excluded.phone, received_at = excluded.received_at, "
    "due_date = excluded.due_date, updated_at = excluded.updated_at, "
    + "".join(f"{n} = excluded.{n}, " for n in _REPORT_NAMES)
    + "sync_state = excluded.sync_state, doc = excluded.doc"
)


def write(conn: Connection, doc: dict[str, Any], sync_state: str) -> None:
    """Upsert the local view of one application."""
    write_many(conn, [(doc, sync_state)])


def write_many(conn: Connection, views: list[tuple[dict[str, Any], str]]) -> None:
    """Upsert many local views with one statement."""
    if not views:
        return
    # A server copy stored as "same as the view" must be materialised before the view moves.
    conn.execute(
        "UPDATE server_copies SET doc = (SELECT a.doc FROM applications AS a "
        "WHERE a.id = server_copies.record_id) WHERE doc IS NULL "
        "AND record_id IN (SELECT value FROM json_each(?))",
        (dumps([d["id"] for d, _ in views]),),
    )
    conn.executemany(_UPSERT_SQL, [row(d, s) for d, s in views])


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
