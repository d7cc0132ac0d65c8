"""The one place the platform calls the domain rules (`offline.domain`) to apply a mutation.

The platform applies mutations strictly (`strict=True`): a stale transition is a conflict,
a field both sides changed keeps the platform value. Domain refusals become `rejected`
outcomes with the CONTRACTS reason codes, so the device's sequence still advances. The
service item is passed along so forms and acceptance materials are checked on the platform
exactly as on the counter, and with the platform's published working-day calendar, so
the stored due dates are the law's, computed here by the same function as on the device
(`offline.domain.case_deadline`) whatever a device claims.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from offline.domain.catalog import ServiceItem
from offline.domain.deadlines import WorkCalendar
from offline.domain.mutations import apply_mutation


@dataclass
class Result:
    doc: dict[str, Any] | None
    outcome: str
    reason: str | None = None
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    issues: list[dict[str, str]] = field(default_factory=list)
    changed: bool = False


@lru_cache(maxsize=512)
def service_item(doc_text: str) -> ServiceItem:
    """Parse a stored catalog entry once (entries are immutable text in the DB)."""
    return ServiceItem.from_dict(json.loads(doc_text))


@lru_cache(maxsize=4)
def _calendar(version: str, days_text: str) -> WorkCalendar:
    days = json.loads(days_text)
    return WorkCalendar(days if isinstance(days, dict) else {})


def platform_calendar(conn: sqlite3.Connection) -> WorkCalendar:
    """The working-day calendar the platform publishes (chinese_calendar + its table)."""
    row = conn.execute("SELECT version, days FROM calendar WHERE id = 1").fetchone()
    return _calendar("none", "{}") if row is None else _calendar(str(row[0]), str(row[1]))


def apply(
    doc: dict[str, Any] | None,
    mutation: dict[str, Any],
    item: ServiceItem | None = None,
    *,
    owned: bool = False,
    calendar: WorkCalendar | None = None,
) -> Result:
    """Apply `mutation` to `doc` (None for a new record) with the platform's strict rules;
    `owned`: the mutation was parsed for this call alone (see `apply_mutation`); with
    `calendar`, due dates are recomputed by the law's rules."""
    applied = apply_mutation(doc, mutation, strict=True, item=item, owned=owned, calendar=calendar)
    return Result(
        doc=applied.doc,
        outcome=applied.outcome,
        reason=applied.reason,
        conflicts=[c.to_dict() for c in applied.conflicts],
        issues=[i.to_dict() for i in applied.issues],
        changed=applied.changed,
    )
