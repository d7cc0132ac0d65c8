"""Working-day deadlines against the real 2025/2026 holiday calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offline.domain.application import new_application_doc, suspensions
from offline.domain.catalog import TimeLimit, Unit
from offline.domain.clock import TZ
from offline.domain.deadlines import (
    DueDate,
    WorkCalendar,
    due_date,
    due_horizon,
    due_within,
    is_overdue,
    remaining_working_days,
)
from offline.domain.errors import CalendarUnknown
from tests.offline.domain.samples import intake

CAL = WorkCalendar()
WD, ND, H = Unit.WORKING_DAYS, Unit.NATURAL_DAYS, Unit.HOURS


def at(text: str) -> datetime:
    """A Shanghai wall-clock time."""
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def test_national_day_2025_with_make_up_sundays() -> None:
    assert CAL.is_workday(date(2025, 9, 28)) and CAL.is_workday(date(2025, 10, 11))
    assert not any(CAL.is_workday(date(2025, 10, d)) for d in range(1, 9))
    # Friday 26 Sep: day 1 = Sun 28 (调休), 29, 30, then 9 and 10 Oct.
    due = due_date(at("2025-09-26T10:00"), TimeLimit(5, WD), CAL)
    assert due == DueDate(True, date(2025, 10, 10))
    # Tuesday 30 Sep: 9, 10 and Saturday 11 Oct (调休).
    assert due_date(at("2025-09-30T15:00"), TimeLimit(3, WD), CAL).day == date(2025, 10, 11)


def test_national_day_2026() -> None:
    assert CAL.is_workday(date(2026, 9, 20)) and CAL.is_workday(date(2026, 10, 10))
    due = due_date(at("2026-09-30T09:30"), TimeLimit(2, WD), CAL)
    assert due.day == date(2026, 10, 9)
    assert due.iso() == "2026-10-09"


def test_acceptance_after_hours_or_on_a_holiday_counts_from_next_working_day() -> None:
    limit = TimeLimit(1, WD)
    friday = due_date(at("2025-09-26T10:00"), limit, CAL).day
    assert friday == date(2025, 9, 28)
    assert due_date(at("2025-09-26T22:30"), limit, CAL).day == friday
    assert due_date(at("2025-09-27T11:00"), limit, CAL).day == friday  # Saturday
    assert due_date(at("2025-10-03T11:00"), limit, CAL).day == date(2025, 10, 9)  # holiday
    # 16:30 UTC on 30 Sep is already 00:30 on 1 Oct in Shanghai.
    late = datetime(2025, 9, 30, 16, 30, tzinfo=UTC)
    assert due_date(late, limit, CAL).day == date(2025, 10, 9)


def test_natural_days_end_moves_off_a_holiday() -> None:
    assert due_date(at("2025-09-24T10:00"), TimeLimit(7, ND), CAL).day == date(2025, 10, 9)
    assert due_date(at("2025-09-20T10:00"), TimeLimit(7, ND), CAL).day == date(2025, 9, 28)


def test_hour_limits() -> None:
    due = due_date(at("2025-11-24T10:00"), TimeLimit(2, H), CAL)
    assert due.day == date(2025, 11, 24) and due.at == at("2025-11-24T12:00").astimezone(UTC)
    early = due_date(at("2025-11-24T07:00"), TimeLimit(2, H), CAL)
    assert early.at == at("2025-11-24T11:00").astimezone(UTC)
    evening = due_date(at("2025-11-24T18:00"), TimeLimit(2, H), CAL)
    assert evening.at == at("2025-11-25T11:00").astimezone(UTC)
    weekend = due_date(at("2025-11-28T10:00"), TimeLimit(48, H), CAL)  # lands on Sunday
    assert weekend.day == date(2025, 12, 1)
    assert weekend.at == at("2025-12-01T17:00").astimezone(UTC)
    assert is_overdue(due, at("2025-11-24T12:01")) is True
    assert is_overdue(due, at("2025-11-24T11:59")) is False


def test_suspension_pauses_the_clock() -> None:
    accepted = at("2025-11-24T10:00")  # Monday
    plain = due_date(accepted, TimeLimit(5, WD), CAL).day
    assert plain == date(2025, 12, 1)
    # Suspended Tue 10:00 → Thu 15:00: Tue and Wed paused → two more working days.
    span = [(at("2025-11-25T10:00"), at("2025-11-27T15:00"))]
    assert due_date(accepted, TimeLimit(5, WD), CAL, span).day == date(2025, 12, 3)
    same_day = [(at("2025-11-25T10:00"), at("2025-11-25T15:00"))]
    assert due_date(accepted, TimeLimit(5, WD), CAL, same_day).day == plain
    # Over a weekend only the working days count: Fri → Mon pauses Friday only.
    weekend = [(at("2025-11-28T10:00"), at("2025-12-01T09:00"))]
    assert due_date(accepted, TimeLimit(5, WD), CAL, weekend).day == date(2025, 12, 2)
    natural = due_date(accepted, TimeLimit(10, ND), CAL, span).day
    assert natural == date(2025, 12, 8)  # 24 Nov + 12 days = Sat 6 Dec → Mon 8 Dec
    hours = due_date(accepted, TimeLimit(4, H), CAL, [(at("2025-11-24T11:00"),
                                                      at("2025-11-24T12:30"))])  # fmt: skip
    assert hours.at == at("2025-11-24T15:30").astimezone(UTC)


def test_open_suspension_counts_until_now_and_is_paused() -> None:
    accepted = at("2025-11-24T10:00")
    open_span = [(at("2025-11-25T10:00"), None)]
    due = due_date(accepted, TimeLimit(5, WD), CAL, open_span, now=at("2025-11-27T09:00"))
    assert due.paused and due.day == date(2025, 12, 3)


def test_suspensions_from_a_document() -> None:
    doc = new_application_doc(**intake())
    doc["suspended"] = [{"from": "2025-11-25T02:00:00+00:00", "to": "2025-11-27T07:00:00+00:00"}]
    spans = suspensions(doc)
    assert due_date(at("2025-11-24T10:00"), TimeLimit(5, WD), CAL, spans).day == date(2025, 12, 3)


def test_beyond_calendar_data_is_unknown_never_guessed() -> None:
    with pytest.raises(CalendarUnknown) as info:
        CAL.is_workday(date(2027, 1, 4))
    assert info.value.day == date(2027, 1, 4)
    assert "尚未发布" in info.value.message()
    due = due_date(at("2026-12-21T10:00"), TimeLimit(20, WD), CAL)
    assert not due.known and due.day is None and due.iso() is None
    assert due.unknown_from == date(2027, 1, 1)
    assert due.issue is not None and due.issue.code == "calendar_unknown"
    assert is_overdue(due, at("2027-06-01T00:00")) is None
    assert due_date(at("2026-12-28T10:00"), TimeLimit(3, WD), CAL).day == date(2026, 12, 31)
    assert not CAL.is_known(date(2003, 12, 31)) and CAL.is_known(date(2004, 1, 1))
    with pytest.raises(CalendarUnknown):
        remaining_working_days(date(2027, 1, 8), date(2026, 12, 28), CAL)


def test_override_table_wins_and_extends_knowledge() -> None:
    jan_2027 = {date(2027, 1, d): date(2027, 1, d).weekday() < 5 for d in range(1, 32)}
    jan_2027[date(2027, 1, 1)] = False  # New Year's Day
    cal = WorkCalendar({**jan_2027, "2025-10-09": False})
    assert not cal.is_workday(date(2025, 10, 9)), "override beats chinese_calendar"
    assert due_date(at("2025-09-30T15:00"), TimeLimit(3, WD), cal).day == date(2025, 10, 13)
    due = due_date(at("2026-12-21T10:00"), TimeLimit(10, WD), cal)
    assert due.known and due.day == date(2027, 1, 5)
    unknown = due_date(at("2026-12-21T10:00"), TimeLimit(40, WD), cal)
    assert not unknown.known and unknown.unknown_from == date(2027, 2, 1)


def test_remaining_overdue_and_due_within() -> None:
    due = date(2025, 10, 10)
    assert remaining_working_days(due, date(2025, 9, 26), CAL) == 5
    assert remaining_working_days(due, date(2025, 10, 1), CAL) == 2
    assert remaining_working_days(due, due, CAL) == 0
    assert remaining_working_days(due, date(2025, 10, 13), CAL) == -2  # Sat 11 + Mon 13
    assert due_horizon(date(2025, 9, 30), 2, CAL) == date(2025, 10, 10)
    assert due_within(due, date(2025, 9, 30), 2, CAL)
    assert not due_within(due, date(2025, 9, 30), 1, CAL)
    assert not due_within(due, date(2025, 10, 11), 3, CAL), "overdue is not 'due within'"
    assert is_overdue(DueDate(True, due), at("2025-10-10T23:59")) is False
    assert is_overdue(DueDate(True, due), at("2025-10-11T00:00")) is True


@settings(max_examples=150, deadline=None)
@given(
    day=st.dates(date(2004, 1, 1), date(2026, 10, 1)),
    clock=st.times(),
    amount=st.integers(1, 40),
)
def test_working_day_due_date_properties(day: date, clock: time, amount: int) -> None:
    accepted = datetime.combine(day, clock, TZ)
    due = due_date(accepted, TimeLimit(amount, WD), CAL)
    if not due.known:
        assert due.unknown_from is not None and due.unknown_from.year == 2027
        return
    assert due.day is not None and CAL.is_workday(due.day)
    assert CAL.working_days_between(day, due.day) == amount
    assert CAL.working_days_between(day, due.day - timedelta(days=1)) == amount - 1
