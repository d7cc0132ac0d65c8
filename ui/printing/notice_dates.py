"""Which date a notice carries, and whether a print of it is a reprint (补打).

A notice is dated by the decision it records — the status transition in the record's
history (行政许可法第三十二条第二款: a dated written notice) — never by the day it happens
to be printed. Dates are Asia/Shanghai calendar dates written 2026年12月7日.
A print made on a later day than the decision is a reprint: it keeps the decision's
date and is marked 补打 with its own print date labelled separately.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

# The status whose transition is the decision each notice records.
DECISION_STATUS = {
    "receipt": "received",
    "acceptance": "accepted",
    "supplement": "awaiting_supplement",
    "rejection": "rejected",
}
# Where a record keeps the same moment outside its history (older or partial records).
_FALLBACK_FIELD = {"receipt": "received_at", "acceptance": "accepted_at"}


def shanghai_date(stamp: str | None) -> date | None:
    """An ISO timestamp as an Asia/Shanghai calendar date; None when absent or unreadable."""
    if not isinstance(stamp, str) or not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if moment.tzinfo is None:  # the store writes UTC; a naive stamp is read as UTC too
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(SHANGHAI).date()


def chinese_date(day: date | None) -> str:
    """2026年12月7日 (no zero padding), or an empty string."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def decision_stamp(kind: str, doc: Mapping[str, Any]) -> str | None:
    """The timestamp of the latest transition into the notice's decision status."""
    target = DECISION_STATUS.get(kind)
    for entry in reversed(doc.get("history") or []):
        if isinstance(entry, Mapping) and entry.get("to") == target and entry.get("at"):
            return str(entry["at"])
    if kind == "supplement":
        return (doc.get("supplement") or {}).get("at")
    if kind == "extension":  # the supervisor's approval (行政许可法 第四十二条)
        return (doc.get("extension") or {}).get("at")
    field = _FALLBACK_FIELD.get(kind)
    return doc.get(field) if field else None


def decision_date(kind: str, doc: Mapping[str, Any]) -> date | None:
    return shanghai_date(decision_stamp(kind, doc))


def is_reprint(decided: date | None, printed_on: date, *, asked: bool = False) -> bool:
    """True when the print comes on a later day than the decision (or the caller says so)."""
    return asked or (decided is not None and printed_on > decided)
