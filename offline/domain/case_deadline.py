"""The law's deadline of one application (办件), read from its document.

The stored `due_date` of a document is ALWAYS `stored_due_date(doc, item, calendar)`:
device and platform compute it with this one function whenever the clock starts, stops,
restarts or is extended, so the overdue queue, reports and on-time rates (which read the
stored value) count what the law counts. 行政许可法 (Administrative Licensing Law):

- 第八十二条: its periods are working days, statutory holidays excluded (the holiday and
  调休 calendar of `deadlines.WorkCalendar`); 民法典 第二百零一条: the starting day is not
  counted.
- 第三十二条第一款第四项: a supplement notice (一次性告知) must be given on the spot or
  within five days of receiving the materials, listing everything at once; without a
  timely notice the application counts as accepted from the day the materials were
  received (逾期不告知的，自收到申请材料之日起即为受理) — the clock then starts at receipt.
- 第四十二条: the decision is due within the limit; with the approval of the head of the
  agency (窗口负责人 here) it may be extended once by ten days, and the applicant is told
  why. The extension moves the stored due date by that many working days.
- 第四十五条: time needed for hearings, tests, expert review … (the case is 挂起) is not
  counted; see `deadlines.due_date` for which days of a suspension count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal

from offline.domain.catalog import ServiceItem
from offline.domain.clock import local_date, parse_iso
from offline.domain.deadlines import DueDate, WorkCalendar, due_date
from offline.domain.errors import CalendarUnknown, ValidationFailed
from offline.domain.status import Status

SUPPLEMENT_NOTICE_DAYS = 5  # 第三十二条第一款第四项: 五日内一次告知
LICENCE_EXTENSION_DAYS = 10  # 第四十二条: 可以延长十日
LICENCE_ITEM_TYPE = "许可"
# Warn while this many working days or fewer remain in the supplement-notice window.
SUPPLEMENT_WARN_DAYS = 1

WindowState = Literal["open", "closing", "notified", "lapsed", "closed", "unknown"]


def legal_extension_days(item: ServiceItem) -> int:
    """The longest extension a supervisor may approve for this item (第四十二条): the
    item's own `legal_extension_days`, else ten working days for a licence (许可) and
    none for other item types (the article governs licences only)."""
    if item.legal_extension_days is not None:
        return item.legal_extension_days
    return LICENCE_EXTENSION_DAYS if item.item_type == LICENCE_ITEM_TYPE else 0


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_iso(value)
    except ValidationFailed:
        return None


def first_step(doc: Mapping[str, Any], source: Status | None, target: Status) -> datetime | None:
    """When the history first moved `source` → `target` (any source when None)."""
    for step in _list(doc.get("history")):
        if not isinstance(step, Mapping) or step.get("to") != target:
            continue
        if source is None or step.get("from") == source:
            return _when(step.get("at"))
    return None


def first_notice_at(doc: Mapping[str, Any]) -> datetime | None:
    """When the counter first issued the supplement notice (received → awaiting)."""
    return first_step(doc, Status.RECEIVED, Status.AWAITING_SUPPLEMENT)


def supplement_notice_deadline(doc: Mapping[str, Any], calendar: WorkCalendar) -> date:
    """The last day a timely supplement notice can be given: the fifth working day after
    the receipt date. Raises CalendarUnknown when the calendar does not reach it."""
    received = _when(doc.get("received_at"))
    if received is None:
        raise ValueError("document without received_at")
    return calendar.add_working_days(local_date(received), SUPPLEMENT_NOTICE_DAYS)


def _after_window(doc: Mapping[str, Any], day: date, calendar: WorkCalendar) -> bool | None:
    """Is `day` after the notice window? None when the calendar cannot tell; False for a
    document without a readable receipt time (nothing to count from)."""
    received = _when(doc.get("received_at"))
    if received is None:
        return False
    try:
        return day > calendar.add_working_days(local_date(received), SUPPLEMENT_NOTICE_DAYS)
    except CalendarUnknown:
        # Five working days never end before five calendar days have passed.
        if day <= local_date(received) + timedelta(days=5):
            return False
        return None


def deemed_accepted(doc: Mapping[str, Any], calendar: WorkCalendar, today: date) -> bool | None:
    """Does the application count as accepted from receipt (第三十二条第一款第四项)? True
    when no supplement notice was given within the window and the counter had not
    accepted it by then either: judged at the first acceptance, or `today` for an
    application still waiting at the counter. None when the calendar cannot tell."""
    notice = first_notice_at(doc)
    if notice is not None and _after_window(doc, local_date(notice), calendar) is False:
        return False
    accepted = first_step(doc, None, Status.ACCEPTED)
    if accepted is not None:
        return _after_window(doc, local_date(accepted), calendar)
    if doc.get("status") in (Status.RECEIVED, Status.AWAITING_SUPPLEMENT):
        return _after_window(doc, today, calendar)
    return False


def clock_start(doc: Mapping[str, Any], calendar: WorkCalendar) -> datetime | None:
    """When the time limit starts: acceptance, or receipt for an application deemed
    accepted. None before acceptance; raises CalendarUnknown when undecidable."""
    accepted = _when(doc.get("accepted_at"))
    if accepted is None:
        return None
    deemed = deemed_accepted(doc, calendar, local_date(accepted))
    if deemed is None:
        supplement_notice_deadline(doc, calendar)  # raises the calendar's own error
        return None  # not reached: the calendar was unknown a moment ago
    received = _when(doc.get("received_at"))
    return received if deemed and received is not None else accepted


def extension_days(doc: Mapping[str, Any]) -> int:
    """Working days of the approved extension (第四十二条), 0 when none."""
    extension = doc.get("extension")
    days = extension.get("working_days") if isinstance(extension, Mapping) else None
    return days if isinstance(days, int) and not isinstance(days, bool) and days > 0 else 0


def _suspensions(doc: Mapping[str, Any]) -> list[tuple[datetime, datetime | None]]:
    spans: list[tuple[datetime, datetime | None]] = []
    for entry in _list(doc.get("suspended")):
        start = _when(entry.get("from")) if isinstance(entry, Mapping) else None
        if start is not None:
            spans.append((start, _when(entry.get("to"))))
    return spans


def case_due_date(
    doc: Mapping[str, Any],
    item: ServiceItem,
    calendar: WorkCalendar,
    *,
    now: datetime,
    start: datetime | None = None,
) -> DueDate:
    """The deadline the law gives this application now (promised limit from the clock
    start, suspensions not counted, the extension added). `now` ends an open suspension
    for the computation (the stored value of a suspended case is the date the clock had
    when it stopped). `start` overrides the clock start (for an application not yet
    accepted: what its due date would be)."""
    try:
        begin = start or clock_start(doc, calendar)
    except CalendarUnknown as exc:
        return DueDate(False, unknown_from=exc.day, issue=exc.issues[0])
    if begin is None:
        return DueDate(False)
    due = due_date(begin, item.promised_limit, calendar, _suspensions(doc), now=now)
    extra = extension_days(doc)
    if not extra or not due.known or due.day is None:
        return due
    try:
        day = calendar.add_working_days(due.day, extra)
    except CalendarUnknown as exc:
        return DueDate(False, paused=due.paused, unknown_from=exc.day, issue=exc.issues[0])
    at = None if due.at is None else due.at + timedelta(days=(day - due.day).days)
    return replace(due, day=day, at=at)


def stored_due_date(
    doc: Mapping[str, Any], item: ServiceItem, calendar: WorkCalendar, *, now: datetime
) -> str | None:
    """The `due_date` value to store (None: not started, or beyond the known calendar).
    While the case is suspended the stored date is the one the clock had when it stopped
    (an open suspension counts up to its own start, whatever `now` is); resuming moves
    it by the whole suspension."""
    open_since = next((start for start, end in _suspensions(doc) if end is None), None)
    return case_due_date(doc, item, calendar, now=open_since or now).iso()


@dataclass(frozen=True, slots=True)
class SupplementWindow:
    """Where an application stands in the supplement-notice window (第三十二条).

    `state`: `open` (notice still possible), `closing` (last working day(s): warn),
    `notified` (a timely notice was given), `lapsed` (no timely notice: deemed accepted
    from receipt), `closed` (accepted in time or otherwise decided), `unknown` (the
    calendar does not reach the window's end)."""

    state: WindowState
    closes: date | None
    deemed_accepted: bool = False
    working_days_left: int | None = None


def supplement_window(
    doc: Mapping[str, Any], calendar: WorkCalendar, today: date
) -> SupplementWindow:
    """The supplement-notice window of `doc` as seen on `today` (for warnings)."""
    try:
        closes: date | None = supplement_notice_deadline(doc, calendar)
    except (CalendarUnknown, ValueError):
        closes = None
    deemed = deemed_accepted(doc, calendar, today)
    if deemed:
        return SupplementWindow("lapsed", closes, True)
    notice = first_notice_at(doc)
    if closes is None:
        return SupplementWindow("unknown", None)
    if notice is not None and local_date(notice) <= closes:
        return SupplementWindow("notified", closes)
    if doc.get("status") != Status.RECEIVED:
        return SupplementWindow("closed", closes)
    try:
        left = calendar.working_days_between(today, closes)
    except CalendarUnknown:
        return SupplementWindow("open", closes)
    state: WindowState = "closing" if left <= SUPPLEMENT_WARN_DAYS else "open"
    return SupplementWindow(state, closes, False, left)


def needs_due_date(doc: Mapping[str, Any]) -> bool:
    """An accepted application whose stored due date is unknown (None): it waits for
    calendar data and is filled in when that arrives (`refilled_due_date`)."""
    return doc.get("due_date") is None and isinstance(doc.get("accepted_at"), str)


def refilled_due_date(
    doc: Mapping[str, Any], item: ServiceItem, calendar: WorkCalendar
) -> str | None:
    """The stored due date of `doc` as it would have been computed at its last clock
    event with this calendar: an open suspension counts up to its own start (the date the
    clock had when it stopped), any other computation does not depend on `now`."""
    spans = _suspensions(doc)
    open_since = next((start for start, end in spans if end is None), None)
    now = open_since or _when(doc.get("updated_at")) or _when(doc.get("accepted_at"))
    return None if now is None else stored_due_date(doc, item, calendar, now=now)
