"""The queue's prefix-sum working-day count agrees with counting day by day."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from ui.queue.workdays import working_days_between

_DAYS = st.dates(min_value=date(2025, 6, 1), max_value=date(2027, 6, 30))


def day_by_day(today: date, due: date, overrides: dict[date, bool]) -> int | None:
    """The definition: working days after today up to due, or minus those from due to
    yesterday (at least -1); None when a day in between is beyond the calendar's data."""
    step = 1 if due >= today else -1
    count, day = 0, today
    try:
        while day != due:
            day += timedelta(days=step)
            works = overrides[day] if day in overrides else chinese_calendar.is_workday(day)
            count += step if works else 0
    except NotImplementedError:
        return None
    return min(count, -1) if due < today else count


@settings(max_examples=100, deadline=None)
@given(
    today=_DAYS,
    due=_DAYS,
    overrides=st.dictionaries(_DAYS, st.booleans(), max_size=6),
)
def test_prefix_sums_match_the_day_by_day_count(
    today: date, due: date, overrides: dict[date, bool]
) -> None:
    assert working_days_between(today, due, overrides) == day_by_day(today, due, overrides)


def test_unknown_years_are_reported_not_guessed_unless_the_platform_covers_them() -> None:
    last_known = max(chinese_calendar.holidays)
    beyond = date(last_known.year + 1, 3, 2)
    today = date(last_known.year, 12, 1)
    assert working_days_between(today, beyond) is None
    assert working_days_between(beyond, today) is None
    # A platform calendar for every day in between makes the span known again.
    cover = {today + timedelta(days=n): True for n in range(1, (beyond - today).days + 1)}
    assert working_days_between(today, beyond, cover) == (beyond - today).days
