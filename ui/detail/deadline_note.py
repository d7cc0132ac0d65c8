"""The detail view's line about the law's deadlines of one application.

- 行政许可法 第三十二条第一款第四项: while an application waits at the counter, how long
  the supplement-notice window (five working days from receipt) stays open; a warning on
  its last working day; once it has passed without a notice, that the application counts
  as accepted from receipt and the due date counted from receipt.
- 第四十二条: an approved extension (how many working days, why).
- 第四十五条: a suspended application's clock is paused.

Qt-free apart from translation, so the wording is easy to test. The dates come from the
domain (`offline.domain.case_deadline`), never from a second implementation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QCoreApplication

from offline.domain.case_deadline import case_due_date, supplement_window
from offline.domain.catalog import ServiceItem
from offline.domain.clock import TZ, parse_iso
from offline.domain.deadlines import WorkCalendar
from offline.domain.errors import DomainError
from offline.domain.status import Status


def _tr(text: str) -> str:
    return QCoreApplication.translate("DeadlineNote", text)


@dataclass(frozen=True)
class Note:
    """`warning`: show it as a warning (the window closes soon or has passed)."""

    text: str
    warning: bool = False


def _deemed_due(doc: Mapping[str, Any], item: ServiceItem | None, cal: WorkCalendar) -> str:
    if item is None:
        return ""
    received = parse_iso(str(doc.get("received_at")))
    now = datetime.combine(date.max, time(0), TZ)  # no open suspension before acceptance
    due = case_due_date(doc, item, cal, now=now, start=received).iso()
    return due or _tr("calendar unknown")


def deadline_notes(
    doc: Mapping[str, Any],
    item_doc: Mapping[str, Any] | None,
    overrides: Mapping[date, bool],
    today: date,
) -> list[Note]:
    """What to tell the clerk about this application's deadlines today."""
    cal = WorkCalendar({k: v for k, v in overrides.items()})
    try:
        item = None if item_doc is None else ServiceItem.from_dict(item_doc)
    except DomainError:
        item = None
    notes: list[Note] = []
    status = doc.get("status")
    if status in (Status.RECEIVED, Status.AWAITING_SUPPLEMENT):
        window = supplement_window(doc, cal, today)
        closes = "" if window.closes is None else window.closes.isoformat()
        if window.state == "lapsed":
            notes.append(Note(
                _tr("No supplement notice within 5 working days of receipt: the application "
                    "counts as accepted from receipt (Administrative Licensing Law art. 32); "
                    "due %1").replace("%1", _deemed_due(doc, item, cal)),
                warning=True,
            ))  # fmt: skip
        elif window.state == "closing":
            notes.append(Note(
                _tr("The supplement notice window closes on %1: a notice after that day is "
                    "too late (art. 32)").replace("%1", closes),
                warning=True,
            ))  # fmt: skip
        elif window.state == "open":
            notes.append(Note(
                _tr("Supplement notice possible until %1 (art. 32)").replace("%1", closes)
            ))  # fmt: skip
    extension = doc.get("extension")
    if isinstance(extension, Mapping):
        notes.append(Note(
            _tr("Extended by %1 working days (art. 42): %2")
            .replace("%1", str(extension.get("working_days")))
            .replace("%2", str(extension.get("reason") or ""))
        ))  # fmt: skip
    if status == Status.SUSPENDED:
        notes.append(Note(_tr("Suspended: the time limit is paused (art. 45)")))
    return notes
