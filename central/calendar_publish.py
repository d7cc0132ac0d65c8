"""Publishing the working-day calendar, and filling in due dates it makes known.

A due date beyond the known calendar is stored as unknown (None): such a case is never
overdue and never counted. When the platform publishes calendar data (the State
Council's holiday notice for a new year, a local 调休 correction), every accepted
application with an unknown due date is recomputed with the new calendar and saved as a
new version, so the counters receive it on their next pull — and compute the very same
date themselves when the calendar reaches them (`offline.store.due_refill`).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path

from central.db import Database
from central.domain_bridge import platform_calendar
from central.records import office_item, save
from offline.domain.case_deadline import needs_due_date, refilled_due_date
from offline.domain.deadlines import WorkCalendar


def publish_calendar(
    conn: sqlite3.Connection, version: str, days: Mapping[str, bool], now: float
) -> int:
    """Replace the published calendar (caller's write transaction) and refill unknown
    due dates; returns how many applications got a due date."""
    clean = {str(day): bool(workday) for day, workday in days.items()}
    WorkCalendar(clean)  # refuses a malformed date before anything is written
    conn.execute(
        "INSERT INTO calendar (id, version, days) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE"
        " SET version = excluded.version, days = excluded.days",
        (version, json.dumps(clean, sort_keys=True)),
    )
    return refill_due_dates(conn, now)


def publish_file(db_path: Path, file: Path) -> int:
    """`python -m central calendar`: publish `{"version", "days"}` from a JSON file."""
    data = json.loads(file.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("days"), dict):
        raise SystemExit(
            "日历文件应为 {version, days} / the file must hold {version, days: {date: bool}}"
        )
    db = Database(db_path)
    try:
        with db.write() as conn:
            return publish_calendar(conn, str(data.get("version", "")), data["days"], time.time())
    finally:
        db.close()


def refill_due_dates(conn: sqlite3.Connection, now: float) -> int:
    """Recompute every unknown due date with the published calendar (caller's tx)."""
    calendar = platform_calendar(conn)
    rows = conn.execute(
        "SELECT id, office_code, version, doc FROM applications"
        " WHERE json_extract(doc, '$.due_date') IS NULL"
        " AND json_extract(doc, '$.accepted_at') IS NOT NULL"
    ).fetchall()
    filled = 0
    for record_id, office, version, text in rows:
        doc = json.loads(text)
        item = office_item(conn, office, doc.get("item_code"))
        if item is None or not needs_due_date(doc):
            continue
        due = refilled_due_date(doc, item, calendar)
        if due is None:
            continue
        save(conn, office, record_id, {**doc, "due_date": due}, int(version), now)
        filled += 1
    return filled
