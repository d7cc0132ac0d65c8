"""The due date a clerk's mutation carries for replays that have no calendar.

The domain recomputes the stored due date itself wherever it knows the item and the
calendar (the store's own apply, the platform). The client's rebase replays pending
mutations without them, so an acceptance (`data.due_date`) or an extension
(`payload.due_date`) carries the date this device computes — obtained by applying the
mutation once, as a dry run, with the device's calendar: the same function, so the
claim is exactly what the local view will show until the platform's copy arrives.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from offline.domain.catalog import ServiceItem
from offline.domain.deadlines import WorkCalendar
from offline.domain.mutations import apply_mutation, new_mutation
from offline.store import catalog
from offline.store.connection import Connection


def calendar(conn: Connection) -> WorkCalendar:
    """The device's working-day calendar (chinese_calendar + the platform's table)."""
    overrides: dict[date | str, bool] = {k: v for k, v in catalog.calendar_overrides(conn).items()}
    return WorkCalendar(overrides)


def predicted_due(
    conn: Connection,
    doc: Mapping[str, Any],
    kind: str,
    payload: Mapping[str, Any],
    *,
    actor: str,
    role: str,
    at: str,
    item: ServiceItem,
) -> str | None:
    """The `due_date` the document would store after this mutation (None when unknown or
    when the mutation would be refused — the real apply then reports why)."""
    m = new_mutation(kind, str(doc.get("id")), payload, actor=actor, role=role, at=at)
    result = apply_mutation(doc, m, strict=True, item=item, calendar=calendar(conn))
    if result.outcome != "applied" or result.doc is None:
        return None
    due = result.doc.get("due_date")
    return due if isinstance(due, str) else None
