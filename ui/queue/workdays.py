"""Working days between two dates for the queue's "n wd left / overdue n wd" column.

A queue page shows up to 100 rows, and an old overdue application is hundreds of days
past due: counting day by day through ``chinese_calendar.is_workday`` (about 20 µs a
call, it scans its holiday table's keys for the known range each time) took 100–200 ms
for one page of 2-character search hits at 1,000,000 rows. Here each calendar year is
worked out once into prefix sums (working days, and days the calendar does not know), so
any span costs two lookups per year it crosses. Platform overrides win over
chinese_calendar, and a span that touches an unknown day gives None, never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

Overrides = tuple[tuple[date, bool], ...]


@lru_cache(maxsize=64)
def _year(year: int, overrides: Overrides) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Prefix sums over the year's days: (working days, unknown days) in [Jan 1, day]."""
    table = dict(overrides)
    work: list[int] = []
    unknown: list[int] = []
    n_work = n_unknown = 0
    day = date(year, 1, 1)
    while day.year == year:
        if day in table:
            n_work += table[day]
        else:
            try:
                n_work += bool(chinese_calendar.is_workday(day))
            except NotImplementedError:  # beyond chinese_calendar's known years
                n_unknown += 1
        work.append(n_work)
        unknown.append(n_unknown)
        day += timedelta(days=1)
    return tuple(work), tuple(unknown)


@lru_cache(maxsize=8)
def _by_year(overrides: Overrides) -> dict[int, Overrides]:
    years: dict[int, list[tuple[date, bool]]] = {}
    for day, works in overrides:
        years.setdefault(day.year, []).append((day, bool(works)))
    return {year: tuple(items) for year, items in years.items()}


def _count(first: date, last: date, overrides: Overrides) -> int | None:
    """Working days in [first, last] (0 when first > last); None if any day is unknown."""
    if first > last:
        return 0
    total = 0
    by_year = _by_year(overrides)
    for year in range(first.year, last.year + 1):
        work, unknown = _year(year, by_year.get(year, ()))
        lo = (first - date(year, 1, 1)).days if year == first.year else 0
        hi = (last - date(year, 1, 1)).days if year == last.year else len(work) - 1
        before_work = work[lo - 1] if lo else 0
        before_unknown = unknown[lo - 1] if lo else 0
        if unknown[hi] - before_unknown:
            return None
        total += work[hi] - before_work
    return total


def working_days_between(
    today: date, due: date, overrides: Mapping[date, bool] | Overrides = ()
) -> int | None:
    """Working days after ``today`` up to ``due`` (positive); when ``due`` is past, minus the
    working days from ``due`` up to yesterday, and at least -1 (overdue is never 0)."""
    items: Overrides = (
        tuple(sorted(overrides.items())) if isinstance(overrides, Mapping) else overrides
    )
    one = timedelta(days=1)
    if due >= today:
        return _count(today + one, due, items)
    count = _count(due, today - one, items)
    return None if count is None else min(-count, -1)
