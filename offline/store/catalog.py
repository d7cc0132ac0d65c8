"""The local copy of the service catalog (事项目录) and the platform's calendar override.

Items are stored as their JSON document plus code/name columns; each is checked with the
domain's `ServiceItem.from_dict` before it is written, so a bad catalog page is refused
whole. The calendar override (调休/holiday corrections the platform publishes) feeds the
domain's `WorkCalendar`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from offline.domain.catalog import ServiceItem
from offline.store.connection import Connection
from offline.store.errors import InvalidArgument
from offline.store.jsonutil import dumps, loads


def upsert_items(conn: Connection, items: Iterable[Mapping[str, Any]], at: str) -> int:
    """Insert or replace catalog items (caller's transaction); raises ValidationFailed."""
    rows = []
    for data in items:
        item = ServiceItem.from_dict(data)
        rows.append((item.code, item.name, int(item.active), dumps(item.to_dict()), at))
    conn.executemany(
        "INSERT INTO catalog (code, name, active, doc, updated_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (code) DO UPDATE SET name = excluded.name, active = excluded.active, "
        "doc = excluded.doc, updated_at = excluded.updated_at",
        rows,
    )
    return len(rows)


def get_item(conn: Connection, code: str) -> ServiceItem | None:
    """The catalog item with this implementation code, or None."""
    row = conn.execute("SELECT doc FROM catalog WHERE code = ?", (code,)).fetchone()
    return None if row is None else ServiceItem.from_dict(loads(row[0]))


def list_items(conn: Connection, *, active_only: bool = True) -> list[dict[str, Any]]:
    """Catalog item documents ordered by name."""
    sql = "SELECT doc FROM catalog" + (" WHERE active = 1" if active_only else "")
    return [loads(r[0]) for r in conn.execute(sql + " ORDER BY name, code")]


def set_calendar(
    conn: Connection, days: Mapping[str, bool], *, source: str, at: str, replace: bool = True
) -> int:
    """Store override days ('YYYY-MM-DD' -> workday); `replace` drops the source's others."""
    rows = []
    for text, workday in days.items():
        try:
            day = date.fromisoformat(text)
        except (TypeError, ValueError):
            raise InvalidArgument(
                f"日历日期无效：{text!r}", f"invalid calendar day {text!r}"
            ) from None
        rows.append((day.isoformat(), int(bool(workday)), source, at))
    if replace:
        conn.execute("DELETE FROM calendar_override WHERE source = ?", (source,))
    conn.executemany(
        "INSERT INTO calendar_override (day, is_workday, source, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (day) DO UPDATE SET is_workday = excluded.is_workday, "
        "source = excluded.source, updated_at = excluded.updated_at",
        rows,
    )
    return len(rows)


def calendar_overrides(conn: Connection) -> dict[date, bool]:
    """All override days as a mapping for `offline.domain.deadlines.WorkCalendar`."""
    return {
        date.fromisoformat(day): bool(workday)
        for day, workday in conn.execute("SELECT day, is_workday FROM calendar_override")
    }
