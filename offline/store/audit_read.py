"""Reading the audit log (审计日志) for the supervisor's audit viewer, filtered and paged.

The viewer used to query `audit_log` itself; this gives it (and anyone else) one read
call with checked arguments. Entries come without their `detail` JSON, which may hold
personal data (names, numbers) that a list on screen has no need for. Newest first with
`before_seq` paging (what a viewer shows), or oldest first with `after_seq` (what an
exporter walks). `record_id` uses the index `audit_record` (schema v6); the other filters
ride the newest-first scan of the primary key, stopping at `limit` matches.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from offline.store.connection import Connection
from offline.store.errors import InvalidArgument

COLUMNS = ("seq", "at", "actor", "action", "record_id", "op_id")
MAX_LIMIT = 5000


def _instant(value: str | datetime | None, name: str) -> str | None:
    """An ISO instant (or aware datetime) as the UTC text stored in `audit_log.at`."""
    if value is None:
        return None
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    except (TypeError, ValueError):
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidArgument(
            f"时间格式错误（{name}）：{value!r}，应为带时区的 ISO 时间",
            f"malformed instant ({name}): {value!r}, expected ISO-8601 with an offset",
        )
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _seq(value: int | None, name: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidArgument(
            f"{name} 应为非负整数：{value!r}", f"{name} must be a non-negative integer: {value!r}"
        )
    return value


def entries(
    conn: Connection,
    *,
    actor: str | None = None,
    action: str | None = None,
    since: str | datetime | None = None,
    until: str | datetime | None = None,
    record_id: str | None = None,
    limit: int = 500,
    before_seq: int | None = None,
    after_seq: int | None = None,
) -> list[dict[str, Any]]:
    """Audit entries matching every given filter (`since <= at < until`), as dicts of
    COLUMNS; newest first (page on with `before_seq` = the last seq seen), or oldest first
    when `after_seq` is given."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidArgument(f"条数应在 1 到 {MAX_LIMIT} 之间。", f"limit must be 1..{MAX_LIMIT}")
    before, after = _seq(before_seq, "before_seq"), _seq(after_seq, "after_seq")
    if before is not None and after is not None:
        raise InvalidArgument(
            "before_seq 与 after_seq 不能同时使用。", "give before_seq or after_seq, not both"
        )
    parts: list[str] = []
    params: list[Any] = []
    for clause, value in (
        ("actor = ?", actor),
        ("action = ?", action),
        ("record_id = ?", record_id),
        ("at >= ?", _instant(since, "since")),
        ("at < ?", _instant(until, "until")),
        ("seq < ?", before),
        ("seq > ?", after),
    ):
        if value is not None:
            parts.append(clause)
            params.append(value)
    where = " AND ".join(parts) or "1"
    order = "ASC" if after is not None else "DESC"
    sql = f"SELECT {', '.join(COLUMNS)} FROM audit_log WHERE {where} ORDER BY seq {order} LIMIT ?"
    return [dict(zip(COLUMNS, row, strict=True)) for row in conn.execute(sql, (*params, limit))]
