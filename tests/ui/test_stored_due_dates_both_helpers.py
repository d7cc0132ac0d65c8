"""The queue's fast working-day counter and the domain's show the same days left before
a stored due date (the hand-counted dates of tests/offline/domain/test_case_deadline.py,
across 春节 and 国庆 with their 调休 Saturdays and Sundays)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from offline.domain.deadlines import WorkCalendar, remaining_working_days
from ui.queue.workdays import working_days_between

STORED = ["2026-02-26", "2026-03-23", "2026-10-09", "2026-10-22", "2026-04-07"]


@pytest.mark.parametrize("due_text", STORED)
def test_days_left_agree(due_text: str) -> None:
    due = date.fromisoformat(due_text)
    calendar = WorkCalendar()
    for back in range(0, 25):
        today = due - timedelta(days=back)
        assert working_days_between(today, due) == remaining_working_days(due, today, calendar)


def test_hand_counted_days_left() -> None:
    # From Thu 2026-02-12 to the stored 02-26: 02-13, 02-14 (调休上班), 02-24, 02-25, 02-26.
    assert working_days_between(date(2026, 2, 12), date(2026, 2, 26)) == 5
    # From Fri 2026-09-18 to 10-09: 09-20 (调休), 21, 22, 23, 24, 28, 29, 30, 10-08, 10-09.
    assert working_days_between(date(2026, 9, 18), date(2026, 10, 9)) == 10
