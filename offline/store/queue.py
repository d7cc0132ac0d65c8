"""Queue queries (办件队列): filters, sort, keyset pagination and counts per status.

Everything reads the indexed columns of `applications`, never the JSON document, and
pages by keyset (the last row's sort value and id), so page 1000 costs what page 1
costs. "Due within N working days" is turned into a cutoff date by the caller (the
store asks the domain calendar) and compared with the precomputed `due_date` column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from offline.domain.status import Status
from offline.store.connection import Connection
from offline.store.errors import InvalidArgument

SortKey = Literal["received_desc", "received_asc", "due_asc", "updated_desc"]
_SORTS: dict[str, tuple[str, str]] = {
    "received_desc": ("received_at", "DESC"),
    "received_asc": ("received_at", "ASC"),
    "due_asc": ("due_date", "ASC"),
    "updated_desc": ("updated_at", "DESC"),
}
SUMMARY_COLUMNS = (
    "id",
    "receipt_no",
    "office_code",
    "item_code",
    "status",
    "clerk_id",
    "applicant_name",
    "cert_no",
    "phone",
    "received_at",
    "due_date",
    "updated_at",
    "sync_state",
)
_STATUS_NAMES = frozenset(s.value for s in Status)

# Statuses whose promised time limit is running; only these can be overdue.
CLOCK_STATUSES = ("accepted", "under_review", "suspended")


@dataclass(frozen=True)
class QueueFilter:
    """All filters are optional and combine with AND.

    `overdue_on`: due_date before that day while the clock runs; `due_by`: due_date on or
    before that day (the cutoff for "due within N working days"); `received_from` /
    `received_to`: ISO instants (inclusive / exclusive) on received_at."""

    statuses: frozenset[str] | None = None
    clerk_id: str | None = None
    office_code: str | None = None
    item_code: str | None = None
    overdue_on: date | None = None
    due_by: date | None = None
    pending_sync: bool = False
    has_conflict: bool = False
    received_from: str | None = None
    received_to: str | None = None


@dataclass(frozen=True)
class Page:
    """One queue page: summary rows and the key to pass as `after` for the next page."""

    rows: list[dict[str, Any]]
    next_after: tuple[str, str] | None


def where(f: QueueFilter, *, with_status: bool = True) -> tuple[str, list[Any]]:
    """SQL WHERE clause (without the keyword, '1' if empty) and its parameters."""
    parts: list[str] = []
    params: list[Any] = []
    if with_status and f.statuses is not None:
        statuses = sorted(f.statuses)
        parts.append(f"status IN ({', '.join('?' * len(statuses))})" if statuses else "0")
        params += statuses
    for column, value in (
        ("clerk_id", f.clerk_id),
        ("office_code", f.office_code),
        ("item_code", f.item_code),
    ):
        if value is not None:
            parts.append(f"{column} = ?")
            params.append(value)
    if f.overdue_on is not None:
        parts.append(f"due_date < ? AND status IN {CLOCK_STATUSES!r}")
        params.append(f.overdue_on.isoformat())
    if f.due_by is not None:
        parts.append(f"due_date <= ? AND status IN {CLOCK_STATUSES!r}")
        params.append(f.due_by.isoformat())
    if f.pending_sync:
        parts.append("sync_state != 'synced'")
    if f.has_conflict:
        parts.append("sync_state = 'conflict'")
    if f.received_from is not None:
        parts.append("received_at >= ?")
        params.append(f.received_from)
    if f.received_to is not None:
        parts.append("received_at < ?")
        params.append(f.received_to)
    return (" AND ".join(parts) or "1"), params


def page(
    conn: Connection,
    f: QueueFilter,
    *,
    sort: SortKey = "received_desc",
    limit: int = 50,
    after: tuple[str, str] | None = None,
) -> Page:
    """One page of summary rows; pass the returned `next_after` to get the next page."""
    if sort not in _SORTS:
        raise InvalidArgument(f"未知排序：{sort!r}", f"unknown sort {sort!r}")
    if not 1 <= limit <= 1000:
        raise InvalidArgument("每页条数应在 1 到 1000 之间。", "limit must be 1..1000")
    column, direction = _SORTS[sort]
    clause, params = where(f)
    if column == "due_date":
        clause += " AND due_date IS NOT NULL"
    if after is not None:
        op = "<" if direction == "DESC" else ">"
        clause += f" AND ({column}, id) {op} (?, ?)"
        params += [after[0], after[1]]
    sql = (
        f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM applications WHERE {clause} "
        f"ORDER BY {column} {direction}, id {direction} LIMIT ?"
    )
    rows = [dict(zip(SUMMARY_COLUMNS, r, strict=True)) for r in conn.execute(sql, (*params, limit))]
    next_after = (rows[-1][column], rows[-1]["id"]) if len(rows) == limit else None
    return Page(rows, next_after)


def counts_by_status(conn: Connection, f: QueueFilter | None = None) -> dict[str, int]:
    """Number of applications per status under the filter (its status set ignored).

    Office/clerk-only filters read the trigger-kept `status_counts` table; any other
    filter counts through the indexes."""
    f = f or QueueFilter()
    simple = QueueFilter(office_code=f.office_code, clerk_id=f.clerk_id, statuses=f.statuses)
    if f == simple:
        parts, params = ["n > 0"], []
        for column, value in (("office_code", f.office_code), ("clerk_id", f.clerk_id)):
            if value is not None:
                parts.append(f"{column} = ?")
                params.append(value)
        sql = (
            f"SELECT status, sum(n) FROM status_counts WHERE {' AND '.join(parts)} GROUP BY status"
        )
    else:
        clause, params = where(f, with_status=False)
        sql = f"SELECT status, count(*) FROM applications WHERE {clause} GROUP BY status"
    return {str(s): int(n) for s, n in conn.execute(sql, params).fetchall()}


def counts_by_clerk(
    conn: Connection, office_code: str, statuses: Iterable[str] | None = None
) -> dict[str, dict[str, int]]:
    """{clerk_id: {status: n}} of one office from the trigger-kept `status_counts` (records
    without a clerk under ""); zero counts left out; unknown status names refused."""
    chosen = None if statuses is None else sorted(set(statuses))
    unknown = [s for s in chosen or () if s not in _STATUS_NAMES]
    if unknown:
        raise InvalidArgument(f"未知状态：{unknown!r}", f"unknown status: {unknown!r}")
    sql = "SELECT clerk_id, status, n FROM status_counts WHERE office_code = ? AND n > 0"
    params: list[Any] = [office_code]
    if chosen is not None:
        sql += f" AND status IN ({', '.join('?' * len(chosen))})"
        params.extend(chosen)
    out: dict[str, dict[str, int]] = {}
    for clerk, status, n in conn.execute(sql + " ORDER BY clerk_id, status", params):
        out.setdefault(str(clerk), {})[str(status)] = int(n)
    return out


def summary(row: tuple[Any, ...]) -> dict[str, Any]:
    """Zip a SUMMARY_COLUMNS row into a dict."""
    return dict(zip(SUMMARY_COLUMNS, row, strict=True))
