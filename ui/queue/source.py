"""The queue's data source: runs on the store thread, returns plain rows to the model.

Three calls, each one short read: the ordered keys (SQLite rowids) of every matching
application — a covering index scan, cheap even at 1,000,000 rows — the summary rows for
one page of keys, and the counts per status. Searches go through the store's own search
(FTS5 trigram + short-name grams) and are capped, since a counter search that matches
thousands of citizens needs more letters, not more rows. Filters reuse the store's
``queue.where`` so the queue and the store agree on what "mine" or "overdue" means.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from offline.domain.clock import today_local
from offline.store import queue as store_queue
from offline.store import search as store_search
from ui.queue import workdays
from ui.queue.rows import QueueFilter, QueueRow

SEARCH_CAP = 200  # a counter search needs more letters, not more rows
_SORT_COLUMNS = {
    "sync_state": "sync_state",
    "receipt_no": "receipt_no",
    "applicant_name": "applicant_name",
    "item_name": "item_code",
    "status": "status",
    "received_at": "received_at",
    "due_date": "due_date",
}
_ROW_COLUMNS = ("rowid", *store_queue.SUMMARY_COLUMNS)


def connection(store: Any) -> Any:
    """The store's SQLite connection (only ever used on the store thread)."""
    for name in ("conn", "connection", "_conn"):
        conn = getattr(store, name, None)
        if conn is not None:
            return conn
    return store  # a bare connection


def _store_filter(f: QueueFilter, office_code: str | None) -> store_queue.QueueFilter:
    # "Mine" needs no office test: a device only ever holds its own office's rows (the
    # store refuses other offices' copies), and without it the (clerk_id, received_at,
    # status) index answers alone; with it every row was read to check its office
    # (200 ms for a clerk's 10,000 rows on a fresh start at 200,000 rows, 20 ms warm).
    return store_queue.QueueFilter(
        statuses=f.statuses or None,
        clerk_id=f.clerk_id,
        office_code=None if f.clerk_id else office_code,
    )


MIN_SEARCH_CHARS = 1  # one character is a surname search: the newest SEARCH_CAP matches
_ID_NUMBER = re.compile(r"\d{17}[\dX]|\d{15}")
_RECEIPT = re.compile(r"\d{6,12}-\d{2}-\d{8}-\d{4}\w*")


def searchable(text: str) -> bool:
    """Whether the search box holds anything to query (blank: the plain queue)."""
    return len(text.strip()) >= MIN_SEARCH_CHARS


def _exact_ids(conn: Any, text: str) -> list[str] | None:
    """A whole ID number or receipt number goes straight to its index (a few ms); None when
    the text is neither, or nothing matched exactly. Phones have no index of their own (the
    store's trigram index serves them), so they take the search path."""
    term = unicodedata.normalize("NFKC", text).strip().upper()
    column = (
        "cert_no" if _ID_NUMBER.fullmatch(term)
        else "receipt_no" if _RECEIPT.fullmatch(term)
        else None
    )  # fmt: skip
    if column is None:
        return None
    rows = conn.execute(
        f"SELECT id FROM applications WHERE {column} = ? LIMIT ?", (term, SEARCH_CAP)
    ).fetchall()
    return [r[0] for r in rows] or None


def _search_keys(conn: Any, f: QueueFilter, office_code: str | None) -> list[int]:
    if not searchable(f.search):
        return []
    exact = _exact_ids(conn, f.search)
    ids: list[str] = exact or []
    before: int | None = None
    while exact is None and len(ids) < SEARCH_CAP:
        page = store_search.search(conn, f.search, limit=SEARCH_CAP, before=before)
        ids.extend(r["id"] for r in page.rows)
        if page.next_before is None:
            break
        before = page.next_before
    if not ids:
        return []
    ids = ids[:SEARCH_CAP]
    clause, params = store_queue.where(_store_filter(f, office_code))
    column = _SORT_COLUMNS.get(f.sort, "received_at")
    direction = "DESC" if f.descending else "ASC"
    marks = ", ".join("?" * len(ids))
    sql = (
        f"SELECT rowid FROM applications WHERE id IN ({marks}) AND {clause} "
        f"ORDER BY {_order(column, direction)}"
    )
    return [int(r[0]) for r in conn.execute(sql, (*ids, *params))]


def _order(column: str, direction: str) -> str:
    """ORDER BY terms. By time received (the default), ties follow the (office_code |
    clerk_id, received_at, status) indexes' own order, so SQLite reads the keys straight
    off the index; a rowid tie-break after received_at made it sort every key in a temp
    B-tree (about twice the time for 1,000,000 keys)."""
    if column == "received_at":
        return f"received_at {direction}, status {direction}, rowid {direction}"
    nulls = f"{column} IS NULL, " if column == "due_date" else ""
    return f"{nulls}{column} {direction}, rowid {direction}"


def queue_keys(store: Any, f: QueueFilter, office_code: str | None = None) -> list[int]:
    """Every matching application's key, in display order."""
    conn = connection(store)
    if f.search.strip():
        return _search_keys(conn, f, office_code)
    clause, params = store_queue.where(_store_filter(f, office_code))
    column = _SORT_COLUMNS.get(f.sort, "received_at")
    direction = "DESC" if f.descending else "ASC"
    sql = f"SELECT rowid FROM applications WHERE {clause} ORDER BY {_order(column, direction)}"
    return [int(r[0]) for r in conn.execute(sql, params)]


def status_counts(store: Any, f: QueueFilter, office_code: str | None = None) -> dict[str, int]:
    """Applications per status under the filter (ignoring its status set)."""
    conn = connection(store)
    if f.search.strip():
        keys = _search_keys(conn, QueueFilter(clerk_id=f.clerk_id, search=f.search), office_code)
        counts: dict[str, int] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for (status,) in conn.execute(
                f"SELECT status FROM applications WHERE rowid IN ({marks})", chunk
            ):
                counts[status] = counts.get(status, 0) + 1
        return counts
    return store_queue.counts_by_status(conn, _store_filter(f, office_code))


def _item_names(conn: Any, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    marks = ", ".join("?" * len(codes))
    return dict(
        conn.execute(
            f"SELECT code, name FROM catalog WHERE code IN ({marks})", sorted(codes)
        ).fetchall()
    )


def queue_rows(store: Any, keys: Sequence[int], today: date | None = None) -> list[QueueRow]:
    """Summary rows for ``keys`` (any order; the model maps them by key)."""
    conn = connection(store)
    if not keys:
        return []
    marks = ", ".join("?" * len(keys))
    raw = [
        dict(zip(_ROW_COLUMNS, r, strict=True))
        for r in conn.execute(
            f"SELECT {', '.join(_ROW_COLUMNS)} FROM applications WHERE rowid IN ({marks})",
            list(keys),
        )
    ]
    names = _item_names(conn, {r["item_code"] for r in raw})
    today = today or _today()
    overrides = tuple(sorted(_overrides(conn).items()))
    return [
        QueueRow(
            key=int(r["rowid"]),
            id=r["id"],
            receipt_no=r["receipt_no"],
            applicant_name=r["applicant_name"],
            item_name=names.get(r["item_code"], r["item_code"]),
            status=r["status"],
            clerk_id=r["clerk_id"],
            received_at=r["received_at"],
            due_date=r["due_date"],
            remaining_days=remaining_days(r["due_date"], r["status"], today, overrides),
            sync_state=r["sync_state"],
        )
        for r in raw
    ]


def _today() -> date:
    return today_local()


def _overrides(conn: Any) -> Mapping[date, bool]:
    try:
        from offline.store.catalog import calendar_overrides

        return calendar_overrides(conn)
    except Exception:  # a store without the calendar table yet
        return {}


def remaining_days(
    due: str | None,
    status: str,
    today: date,
    overrides: Mapping[date, bool] | workdays.Overrides,
) -> int | None:
    """Working days from today to the due date (negative: overdue); None when not running
    or when the calendar does not know the days in between (never guessed)."""
    if not due or status not in store_queue.CLOCK_STATUSES:
        return None
    return workdays.working_days_between(today, date.fromisoformat(due), overrides)


def query(
    store: Any, f: QueueFilter, office_code: str | None = None
) -> tuple[list[int], dict[str, int]]:
    """Keys in display order and counts per status, in one trip to the store thread.

    A search runs once: the capped hits (all statuses) give both the counts and, filtered
    by the selected tab's statuses, the keys."""
    if not searchable(f.search):  # blank: the plain queue
        f = QueueFilter(statuses=f.statuses, clerk_id=f.clerk_id, sort=f.sort,
                        descending=f.descending)  # fmt: skip
        return queue_keys(store, f, office_code), status_counts(store, f, office_code)
    conn = connection(store)
    everything = QueueFilter(clerk_id=f.clerk_id, search=f.search, sort=f.sort,
                             descending=f.descending)  # fmt: skip
    keys = _search_keys(conn, everything, office_code)
    if not keys:
        return [], {}
    marks = ", ".join("?" * len(keys))
    status_of = dict(
        conn.execute(f"SELECT rowid, status FROM applications WHERE rowid IN ({marks})", keys)
    )
    counts: dict[str, int] = {}
    for status in status_of.values():
        counts[status] = counts.get(status, 0) + 1
    if f.statuses:
        keys = [k for k in keys if status_of.get(k) in f.statuses]
    return keys, counts


def query_with_first_page(
    store: Any, f: QueueFilter, office_code: str | None = None, page_size: int = 100
) -> tuple[list[int], dict[str, int], list[QueueRow]]:
    """``query`` plus the summary rows of the first ``page_size`` keys, in the same trip to
    the store thread: the view paints real rows at once instead of a placeholder page and
    a second round trip (which, after a search, doubled the time to the first rows)."""
    keys, counts = query(store, f, office_code)
    return keys, counts, queue_rows(store, keys[:page_size])
