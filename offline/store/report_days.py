"""Per-day report totals (schema v6) and status counters for a bulk insert, added up in Python.

The bulk path (bulk.insert_new) inserts a pull page of new records with their triggers
dropped. Re-reading the page's rows with grouped INSERT…SELECTs (one per counter) cost
about 10 s of CPU in a 1,000,000-record first sync, since every row of `applications` is a
page of its own (the document); the values are at hand in Python already, so this adds
them up there and upserts the few totals (a page spans a couple of weeks: a few thousand
rows). The receipt day must be what the triggers' `date(received_at, '+8 hours')` gives,
so SQLite computes it, for all of the page's instants in one statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from offline.store import schema_v5
from offline.store.connection import Connection
from offline.store.jsonutil import dumps

_SHIFT_HOURS = schema_v5.UTC_OFFSET_HOURS
_WIDTH = 12  # n, accepted, accept_s, completed, complete_s, with_due, on_time, r1..r5

# Column positions in views.columns(doc) and report_facts.report_columns(doc).
_OFFICE, _ITEM, _STATUS, _CLERK, _RECEIVED = 1, 3, 4, 5, 9
_ACCEPT_S, _COMPLETE_S, _ON_TIME = 2, 3, 4

_ADD_DAYS = (
    "INSERT INTO report_days (dim, day, key, n, accepted, accept_s, completed, complete_s, "
    "with_due, on_time, r1, r2, r3, r4, r5) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (dim, day, key) DO UPDATE SET n = n + excluded.n, "
    "accepted = accepted + excluded.accepted, accept_s = accept_s + excluded.accept_s, "
    "completed = completed + excluded.completed, "
    "complete_s = complete_s + excluded.complete_s, with_due = with_due + excluded.with_due, "
    "on_time = on_time + excluded.on_time, r1 = r1 + excluded.r1, r2 = r2 + excluded.r2, "
    "r3 = r3 + excluded.r3, r4 = r4 + excluded.r4, r5 = r5 + excluded.r5"
)
_ADD_COUNTS = (
    "INSERT INTO status_counts (office_code, clerk_id, status, n) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (office_code, clerk_id, status) DO UPDATE SET n = n + excluded.n"
)


def local_days(conn: Connection, instants: Sequence[Any]) -> dict[Any, str]:
    """{instant: coalesce(date(instant, '+8 hours'), '')} for the distinct instants, from
    SQLite itself in one statement (exactly what the triggers compute)."""
    text = dumps(list(dict.fromkeys(instants)))
    return {
        value: str(day)
        for value, day in conn.execute(
            f"SELECT value, coalesce(date(value, '+{_SHIFT_HOURS:d} hours'), '') FROM json_each(?)",
            (text,),
        )
    }


def add(conn: Connection, rows: Sequence[tuple[Sequence[Any], Sequence[Any]]]) -> None:
    """Add the (views.columns, report_facts.report_columns) of newly inserted rows to
    `report_days` and `status_counts` (caller's transaction, insert triggers dropped)."""
    days: dict[tuple[str, str, str], list[int]] = {}
    counts: dict[tuple[str, str, str], int] = {}
    day_of = local_days(conn, [columns[_RECEIVED] for columns, _ in rows])
    for columns, facts in rows:
        day = day_of[columns[_RECEIVED]]
        status, clerk = columns[_STATUS], columns[_CLERK] or ""
        key = (columns[_OFFICE], clerk, status)
        counts[key] = counts.get(key, 0) + 1
        accept_s, complete_s, on_time = facts[_ACCEPT_S], facts[_COMPLETE_S], facts[_ON_TIME]
        sums = days.get(("s", day, status))
        if sums is None:
            sums = days[("s", day, status)] = [0] * _WIDTH
        sums[0] += 1
        if accept_s is not None:
            sums[1] += 1
            sums[2] += accept_s
        if complete_s is not None:
            sums[3] += 1
            sums[4] += complete_s
        if on_time is not None:
            sums[5] += 1
            sums[6] += on_time
        for k in range(5):
            sums[7 + k] += facts[5 + k]
        for dim, value in (("c", clerk), ("i", columns[_ITEM])):
            one = days.get((dim, day, value))
            if one is None:
                one = days[(dim, day, value)] = [0] * _WIDTH
            one[0] += 1
    conn.executemany(_ADD_DAYS, [(*k, *v) for k, v in days.items()])
    conn.executemany(_ADD_COUNTS, [(*k, n) for k, n in counts.items()])
