"""Plain data the queue shows: one row per application and the filter that selects them.

Qt-free on purpose: the source fills these on the store thread and the model only reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Urgency(StrEnum):
    """How close an application is to its due date (办结期限)."""

    none = "none"
    soon = "soon"  # due within 2 working days: amber
    overdue = "overdue"  # past due: red


SOON_WORKING_DAYS = 2


@dataclass(frozen=True)
class QueueRow:
    """What one queue line needs; personal data stays in memory only, never in logs."""

    key: int  # the store's rowid: cheap to list, stable for the record's lifetime
    id: str
    receipt_no: str
    applicant_name: str
    item_name: str
    status: str
    clerk_id: str | None
    received_at: str
    due_date: str | None
    remaining_days: int | None  # working days until due; negative when overdue
    sync_state: str

    @property
    def urgency(self) -> Urgency:
        if self.remaining_days is None:
            return Urgency.none
        if self.remaining_days < 0:
            return Urgency.overdue
        if self.remaining_days <= SOON_WORKING_DAYS:
            return Urgency.soon
        return Urgency.none


SORT_KEYS = (
    "sync_state",
    "receipt_no",
    "applicant_name",
    "item_name",
    "status",
    "received_at",
    "due_date",
)


@dataclass(frozen=True)
class QueueFilter:
    """Which applications the queue shows; an empty ``statuses`` means all of them."""

    statuses: frozenset[str] = field(default_factory=frozenset)
    clerk_id: str | None = None  # set: "mine" (我的); None: the whole office (全部门)
    search: str = ""
    sort: str = "received_at"
    descending: bool = True
