"""The report columns of schema v5, computed fast enough for a million-record first sync.

`views.report_columns` is the reference definition (accepted_at, completed_at = first
history step to approved/denied, accept_seconds, complete_seconds, on_time, rating_1..5).
At 11 us a row it was about 11 s of CPU in a 1,000,000-record first sync, mostly in
converting each instant to naive UTC (`astimezone` + `replace`). This module gives the
SAME values (tests/offline/store/test_report_facts.py compares both over varied and
malformed documents) with epoch arithmetic: whole-second instants subtract as integers,
anything with a fraction falls back to the exact `timedelta` of the reference.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from offline.store import schema_v5
from offline.store.connection import Connection
from offline.store.jsonutil import loads

_COMPLETED = frozenset(schema_v5.COMPLETED)
_OFFSET_S = schema_v5.UTC_OFFSET_HOURS * 3600
_SCORES = frozenset(schema_v5.SCORES)


def _parse(text: Any) -> datetime | None:
    """An ISO instant, aware (a missing offset counts as UTC, as in SQLite); None if bad."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _seconds(a: datetime | None, b: datetime | None) -> int | None:
    if a is None or b is None:
        return None
    if a.microsecond == 0 and b.microsecond == 0:
        return int(b.timestamp()) - int(a.timestamp())
    return round((b - a).total_seconds())


def report_columns(doc: dict[str, Any]) -> tuple[Any, ...]:
    """accepted_at, completed_at, accept_seconds, complete_seconds, on_time,
    rating_1..rating_5 — exactly as `views.report_columns`."""
    accepted = doc.get("accepted_at")
    if not isinstance(accepted, str):
        accepted = None
    completed = None
    for step in doc.get("history") or ():
        if (
            isinstance(step, dict)
            and step.get("to") in _COMPLETED
            and isinstance(step.get("at"), str)
        ):
            completed = step["at"]
            break
    accept_s = complete_s = on_time = None
    done = _parse(completed)
    if accepted is not None:
        start = _parse(accepted)
        accept_s = _seconds(_parse(doc.get("received_at")), start)
        complete_s = _seconds(start, done)
    due = doc.get("due_date")
    if complete_s is not None and done is not None and isinstance(due, str):
        local = done.astimezone(UTC).replace(tzinfo=None) + timedelta(seconds=_OFFSET_S)
        on_time = int(local.date().isoformat() <= due)
    counts = [0, 0, 0, 0, 0, 0]
    for rating in doc.get("ratings") or ():
        if isinstance(rating, dict):
            score = rating.get("score")
            if isinstance(score, int | float) and not isinstance(score, bool) and score in _SCORES:
                counts[int(score)] += 1
    return (accepted, completed, accept_s, complete_s, on_time, *counts[1:])


_DEFAULTS = (None, None, None, None, None, 0, 0, 0, 0, 0)
_UPDATE = (
    f"UPDATE applications SET ({schema_v5.COLUMNS}) = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "WHERE rowid = ?"
)


def backfill(conn: Connection, chunk: int | None = None) -> Iterator[int]:
    """Fill the report columns of every existing row (schema v5 migration, caller's
    transaction), `chunk` rows at a time; yields the rows done so far after each chunk.
    Rows whose facts are all defaults (no acceptance, no rating) are not rewritten; a
    document that is not a JSON object keeps the defaults."""
    chunk = chunk or schema_v5.CHUNK
    last = int(conn.execute("SELECT coalesce(max(rowid), 0) FROM applications").fetchone()[0])
    for lo in range(0, last, chunk):
        updates = []
        for rowid, text in conn.execute(
            "SELECT rowid, doc FROM applications WHERE rowid > ? AND rowid <= ?", (lo, lo + chunk)
        ).fetchall():
            try:
                doc = loads(text)
            except ValueError:
                continue
            if isinstance(doc, dict):
                facts = report_columns(doc)
                if facts != _DEFAULTS:
                    updates.append((*facts, rowid))
        conn.executemany(_UPDATE, updates)
        yield min(lo + chunk, last)
