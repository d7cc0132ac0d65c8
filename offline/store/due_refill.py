"""Fill in unknown due dates when calendar data arrives (`Store.set_calendar`,
`Store.save_catalog`).

A due date beyond the known calendar is stored as unknown (None); without this such a
case would never be overdue and never counted. Each accepted application with an unknown
due date gets the date the domain computes with the new calendar
(`case_deadline.refilled_due_date`) in its local view AND its server copy: the platform
fills in the same date when it publishes the calendar (`central.calendar_publish`), so
the copy the next pull brings holds the same value. Runs in the caller's transaction;
writes no outbox mutation (the date is derived, not a clerk's change) and no audit entry
beyond one summary line.
"""

from __future__ import annotations

from typing import Any

from offline.domain.case_deadline import needs_due_date, refilled_due_date
from offline.domain.deadlines import WorkCalendar
from offline.store import audit, catalog, due_claims, views
from offline.store.connection import Connection
from offline.store.jsonutil import dumps, loads


def _refilled(
    conn: Connection, doc: dict[str, Any], calendar: WorkCalendar
) -> dict[str, Any] | None:
    if not needs_due_date(doc):
        return None
    item = catalog.get_item(conn, doc.get("item_code") or "")
    due = None if item is None else refilled_due_date(doc, item, calendar)
    return None if due is None else {**doc, "due_date": due}


def refill_due_dates(conn: Connection, at: str) -> int:
    """Recompute every unknown due date of the store; returns how many were filled."""
    calendar = due_claims.calendar(conn)
    rows = conn.execute(
        "SELECT a.id, a.doc, a.sync_state, s.doc IS NOT NULL, coalesce(s.doc, a.doc), "
        "s.record_id IS NOT NULL FROM applications AS a "
        "LEFT JOIN server_copies AS s ON s.record_id = a.id "
        "WHERE a.due_date IS NULL AND a.accepted_at IS NOT NULL"
    ).fetchall()
    filled = 0
    for record_id, text, state, own_copy, copy_text, has_copy in rows:
        view = _refilled(conn, loads(text), calendar)
        if view is None:
            continue
        copy = loads(copy_text) if has_copy else None
        new_copy = None if copy is None else (_refilled(conn, copy, calendar) or copy)
        views.write(conn, view, state)
        if new_copy is not None:
            same = not own_copy and new_copy == view
            conn.execute(
                "UPDATE server_copies SET doc = ? WHERE record_id = ?",
                (None if same else dumps(new_copy), record_id),
            )
        filled += 1
    if filled:
        audit.append(
            conn, at=at, actor="system", action="deadline.refilled", detail={"count": filled}
        )
    return filled
