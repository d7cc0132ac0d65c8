"""Working-day deadlines (办结时限) with the official holiday and 调休 calendar.

Calendar: `chinese_calendar` knows statutory holidays and make-up working days (调休)
for the years its data covers and raises NotImplementedError beyond them. A platform
override table `{date: is_workday}` wins over it and also extends knowledge: a date the
override covers is known even beyond chinese_calendar's years. Any other date is
*unknown*: `WorkCalendar.is_workday` raises `CalendarUnknown` and `due_date` returns
`DueDate(known=False)`. We never guess a weekday rule.

Counting rules (national practice: 行政许可法 第八十二条 counts limits in working days
excluding statutory holidays; 民法典 第二百零一条 does not count the starting day;
第二百零三条 moves a period ending on a holiday to the next working day):

- `working_days`: the acceptance day itself is never counted; day 1 is the first working
  day after the acceptance date. Accepting after office hours or on a weekend/holiday
  therefore starts the count on the next working day, exactly as national practice.
- `natural_days`: due = acceptance date + N days; if that day is not a working day the
  deadline moves to the next working day.
- `hours`: counted from the acceptance instant if it falls within office hours of a
  working day (default 09:00–17:00 Asia/Shanghai), otherwise from the opening of the next
  working day; a deadline landing on a non-working day moves to the next working day's
  closing time.
- A limit of 0 ("same day", 即办 当场办结) is due on the acceptance date itself, or on the
  next working day when accepted on a non-working day (民法典 第二百零三条).
- Suspensions (挂起, 行政许可法 第四十五条: the time needed for hearings, testing,
  expert review … is not counted) pause the clock. Our reading: the day the case is
  suspended is not counted, the day it resumes is counted in full, so a working-day limit
  is extended by the working days from the suspension's start date (inclusive) to its
  resume date (exclusive) — a same-day suspension extends nothing; days on or before the
  acceptance date are never counted anyway, so they never extend anything. A natural-day
  limit is extended by the calendar days in that span; an hour limit by the suspended
  duration. An open suspension counts up to `now` and marks the result `paused` (it keeps
  moving until the case resumes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import chinese_calendar

from offline.domain.catalog import TimeLimit, Unit
from offline.domain.clock import TZ, local, local_date, now_utc
from offline.domain.errors import CalendarUnknown, Issue

Suspension = tuple[datetime, datetime | None]
_DAY = timedelta(days=1)


def _unknown(day: date) -> CalendarUnknown:
    exc = CalendarUnknown(
        Issue(
            "calendar",
            "calendar_unknown",
            f"{day.isoformat()} 的节假日安排尚未发布，无法计算工作日",
            f"The holiday calendar for {day.isoformat()} is not published yet; "
            "working days cannot be computed",
        )
    )
    exc.day = day
    return exc


class WorkCalendar:
    """Working days from chinese_calendar, overridden and extended by a platform table."""

    def __init__(
        self,
        overrides: Mapping[date | str, bool] | None = None,
        *,
        office_open: time = time(9, 0),
        office_close: time = time(17, 0),
    ) -> None:
        self._overrides: dict[date, bool] = {
            date.fromisoformat(k) if isinstance(k, str) else k: bool(v)
            for k, v in (overrides or {}).items()
        }
        self.office_open = office_open
        self.office_close = office_close
        self._cache: dict[date, bool] = {}

    def is_workday(self, day: date) -> bool:
        """True on a working day; raises CalendarUnknown when no data covers `day`."""
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        if day in self._overrides:
            result = self._overrides[day]
        else:
            try:
                result = bool(chinese_calendar.is_workday(day))
            except NotImplementedError:
                raise _unknown(day) from None
        self._cache[day] = result
        return result

    def is_known(self, day: date) -> bool:
        try:
            self.is_workday(day)
        except CalendarUnknown:
            return False
        return True

    def next_workday(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += _DAY
        while not self.is_workday(day):
            day += _DAY
        return day

    def on_or_after(self, day: date) -> date:
        """`day` itself when it is a working day, otherwise the next one."""
        return day if self.is_workday(day) else self.next_workday(day)

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (`start` not counted; 0 → `start`)."""
        if count < 0:
            raise ValueError("count must be >= 0")
        day = start
        for _ in range(count):
            day = self.next_workday(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end (negative when end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start + _DAY
        while day <= end:
            count += self.is_workday(day)
            day += _DAY
        return count


@dataclass(frozen=True, slots=True)
class DueDate:
    """A promised deadline. `known=False` means the calendar does not reach it yet."""

    known: bool
    day: date | None = None  # Asia/Shanghai date; the case is due by the end of it
    at: datetime | None = None  # exact instant for hour limits (UTC)
    paused: bool = False  # an open suspension keeps moving the deadline
    unknown_from: date | None = None  # first date without calendar data
    issue: Issue | None = None

    def iso(self) -> str | None:
        """The document's `due_date` value (None when unknown)."""
        return self.day.isoformat() if self.known and self.day else None


def due_date(
    accepted_at: datetime,
    limit: TimeLimit,
    calendar: WorkCalendar,
    suspensions: Sequence[Suspension] = (),
    *,
    now: datetime | None = None,
) -> DueDate:
    """The deadline of a case accepted at `accepted_at` (see the module rules)."""
    paused = any(end is None for _, end in suspensions)
    until = now or now_utc()
    closed = [(start, end or until) for start, end in suspensions]
    try:
        first = local_date(accepted_at)
        if limit.unit is Unit.WORKING_DAYS or limit.amount == 0:
            extra = sum(_workdays_in(calendar, s, e, first) for s, e in closed)
            if limit.amount == 0:
                day = calendar.add_working_days(calendar.on_or_after(first), extra)
            else:
                day = calendar.add_working_days(first, limit.amount + extra)
            return DueDate(True, day, paused=paused)
        if limit.unit is Unit.NATURAL_DAYS:
            extra = sum(_days_in(s, e, first) for s, e in closed)
            day = first + timedelta(days=limit.amount + extra)
            return DueDate(True, calendar.on_or_after(day), paused=paused)
        return _hours_due(accepted_at, limit.amount, calendar, closed, paused)
    except CalendarUnknown as exc:
        return DueDate(False, paused=paused, unknown_from=exc.day, issue=exc.issues[0])


def _workdays_in(calendar: WorkCalendar, start: datetime, end: datetime, accepted: date) -> int:
    """Working days d with start date <= d < end date and d after the acceptance date."""
    first, stop = max(local_date(start), accepted + _DAY), local_date(end)
    return calendar.working_days_between(first - _DAY, stop - _DAY) if stop > first else 0


def _days_in(start: datetime, end: datetime, accepted: date) -> int:
    first, stop = max(local_date(start), accepted + _DAY), local_date(end)
    return max(0, (stop - first).days)


def _hours_due(
    accepted_at: datetime,
    hours: int,
    calendar: WorkCalendar,
    closed: Sequence[tuple[datetime, datetime]],
    paused: bool,
) -> DueDate:
    start = local(accepted_at)
    day = start.date()
    in_hours = calendar.office_open <= start.time() < calendar.office_close
    if not (calendar.is_workday(day) and in_hours):
        if calendar.is_workday(day) and start.time() < calendar.office_open:
            opening_day = day
        else:
            opening_day = calendar.next_workday(day)
        start = datetime.combine(opening_day, calendar.office_open, TZ)
    suspended = sum((max(e - s, timedelta(0)) for s, e in closed), timedelta(0))
    end = start + timedelta(hours=hours) + suspended
    end_day = end.date()
    if not calendar.is_workday(end_day):
        end_day = calendar.next_workday(end_day)
        end = datetime.combine(end_day, calendar.office_close, TZ)
    return DueDate(True, end_day, end.astimezone(UTC), paused=paused)


def remaining_working_days(due: date, today: date, calendar: WorkCalendar) -> int:
    """Working days left after `today` up to and including `due`; 0 when due today or
    when only non-working days remain; negative when overdue (minus the working days
    since `due`). Raises CalendarUnknown across unknown dates."""
    return calendar.working_days_between(today, due)


def is_overdue(due: DueDate, now: datetime) -> bool | None:
    """True once the deadline has passed; None when the deadline is unknown."""
    if not due.known or due.day is None:
        return None
    if due.at is not None:
        return now > due.at
    return local_date(now) > due.day


def due_horizon(today: date, days: int, calendar: WorkCalendar) -> date:
    """The last date counted as "due within `days` working days" of `today`: a case is
    due within N working days when today <= due_date <= due_horizon(today, N)."""
    return calendar.add_working_days(today, days)


def due_within(due: date, today: date, days: int, calendar: WorkCalendar) -> bool:
    return today <= due <= due_horizon(today, days, calendar)
