"""Supervisor reports (统计报表) computed offline from the local store.

A township office often has no link, so the supervisor's figures come from the device's own
store: applications by status, by clerk and by item; average time receipt→acceptance
(收件→受理) and acceptance→completion (受理→办结); on-time rate against the promised limit
(按承诺时限办结率: completion date ≤ due_date); rating distribution (好差评 1–5).

Population: the applications RECEIVED in the period (Asia/Shanghai local dates, inclusive),
so every figure of one report describes the same cohort. "Completion" is the first move to
`approved` or `denied` (办结) in the record's history. Every figure is a sum over the
per-day totals of schema v6 (`report_days`: per Asia/Shanghai receipt day, counts by
status, clerk and item, and per status the sums of the v5 report columns
`accept_seconds`, `complete_seconds`, `on_time`, `rating_1`..`5`), kept by triggers in the
same transaction as every write of `applications`, so no document or index of the
records is read: a report costs about the number of days, not of records
(tests/benchmarks/reports.py measures it).

Reads only: plain SELECTs on the store's connection (`Store.conn`), no writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from offline.domain.clock import TZ, local_date, now_utc
from offline.domain.errors import BilingualError
from offline.store.schema_v6 import SUMS as _SUMS
from offline.store.store import Store

COMPLETED = ("approved", "denied")  # 办结: the back office's decision
MAX_RANGE_DAYS = 3660  # about ten years: a longer range is surely a typing mistake


class ReportError(BilingualError, ValueError):
    """Refused report parameters (nothing was read); Chinese first, English second."""


@dataclass(frozen=True, slots=True)
class Period:
    """Local (Asia/Shanghai) calendar dates `start`..`end`, both inclusive."""

    start: date
    end: date

    def bounds(self) -> tuple[str, str]:
        """UTC ISO instants [from, to) as stored in `received_at`."""
        lo = datetime.combine(self.start, time(), TZ).astimezone(UTC)
        hi = datetime.combine(self.end + timedelta(days=1), time(), TZ).astimezone(UTC)
        return lo.isoformat(timespec="seconds"), hi.isoformat(timespec="seconds")


def today(now: datetime | None = None) -> Period:
    """今日: the local date of `now`."""
    day = local_date(now or now_utc())
    return Period(day, day)


def this_week(now: datetime | None = None) -> Period:
    """本周: Monday of the local week up to today."""
    day = local_date(now or now_utc())
    return Period(day - timedelta(days=day.weekday()), day)


def date_range(start: date | str, end: date | str) -> Period:
    """A chosen range; refuses malformed dates, a start after the end, or over ten years."""
    lo, hi = _as_date(start, "start"), _as_date(end, "end")
    if lo > hi:
        raise ReportError(
            "range_reversed",
            f"开始日期 {lo} 晚于结束日期 {hi}",
            f"Start date {lo} is after end date {hi}",
        )
    if (hi - lo).days > MAX_RANGE_DAYS:
        raise ReportError(
            "range_too_long", "统计区间不能超过十年", "The range cannot exceed ten years"
        )
    return Period(lo, hi)


def _as_date(value: date | str, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ReportError(
            "bad_date",
            f"日期格式错误（{name}）：{value!r}，应为 YYYY-MM-DD",
            f"Malformed date ({name}): {value!r}, expected YYYY-MM-DD",
        ) from None


@dataclass(frozen=True, slots=True)
class Report:
    """Every figure of one period; hours are averages over the rows that have both ends."""

    period: Period
    total: int
    by_status: dict[str, int]
    by_clerk: dict[str, int]
    by_item: dict[str, int]
    accepted: int  # rows with an acceptance instant
    avg_receipt_to_acceptance_hours: float | None
    completed: int  # rows with a completion (approved/denied) that have been accepted
    avg_acceptance_to_completion_hours: float | None
    on_time: int  # completed with a due date, completion local date <= due_date
    with_due_date: int  # completed rows that carry a due date (the on-time denominator)
    ratings: dict[int, int] = field(default_factory=dict)  # score 1..5 -> count

    @property
    def on_time_rate(self) -> float | None:
        return None if self.with_due_date == 0 else self.on_time / self.with_due_date

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "total": self.total,
            "by_status": self.by_status,
            "by_clerk": self.by_clerk,
            "by_item": self.by_item,
            "accepted": self.accepted,
            "avg_receipt_to_acceptance_hours": self.avg_receipt_to_acceptance_hours,
            "completed": self.completed,
            "avg_acceptance_to_completion_hours": self.avg_acceptance_to_completion_hours,
            "on_time": self.on_time,
            "with_due_date": self.with_due_date,
            "on_time_rate": self.on_time_rate,
            "ratings": {str(k): v for k, v in self.ratings.items()},
        }


# Schema v6 keeps per-day totals (`report_days`, maintained by triggers on every write of
# `applications`): a report sums at most ~230 small rows per day of the period, read in
# primary-key order (dim, day, key), whatever the number of records.
_DAYS_SQL = f"""
SELECT key, {", ".join(f"total({c})" for c in _SUMS)}
FROM report_days WHERE dim = 's' AND day >= ? AND day <= ? GROUP BY key
"""
_COUNTS_SQL = (
    "SELECT key, total(n) FROM report_days WHERE dim = ? AND day >= ? AND day <= ? GROUP BY key"
)


def build(store: Store, period: Period) -> Report:
    """All figures of `period` (the store holds its own office's records only)."""
    conn = store.conn
    lo, hi = period.start.isoformat(), period.end.isoformat()
    by_status: dict[str, int] = {}
    sums = [0.0] * (len(_SUMS) - 1)
    for key, n, *values in conn.execute(_DAYS_SQL, (lo, hi)):
        if n:
            by_status[str(key)] = int(n)
            sums = [x + float(v) for x, v in zip(sums, values, strict=True)]
    by_clerk, by_item = (
        {str(k): int(n) for k, n in conn.execute(_COUNTS_SQL, (dim, lo, hi)) if n}
        for dim in ("c", "i")
    )
    accepted, accept_s, completed, complete_s, with_due, on_time = (int(x) for x in sums[:6])
    return Report(
        period=period,
        total=sum(by_status.values()),
        by_status=dict(sorted(by_status.items())),
        by_clerk=dict(sorted(by_clerk.items())),
        by_item=dict(sorted(by_item.items())),
        accepted=accepted,
        avg_receipt_to_acceptance_hours=_hours(accept_s, accepted),
        completed=completed,
        avg_acceptance_to_completion_hours=_hours(complete_s, completed),
        with_due_date=with_due,
        on_time=on_time,
        ratings={s: int(n) for s, n in zip(range(1, 6), sums[6:], strict=True)},
    )


_SERIES_SQL = (
    "SELECT day, total(n), total(completed) FROM report_days "
    "WHERE dim = 's' AND day >= ? AND day <= ? GROUP BY day ORDER BY day"
)


def by_day(store: Store, period: Period) -> list[tuple[date, int, int]]:
    """Per receipt day of `period` (days with no application left out): (day, received,
    of those completed) — for a trend chart; the same cohort rule as `build`."""
    lo, hi = period.start.isoformat(), period.end.isoformat()
    return [
        (date.fromisoformat(day), int(n), int(done))
        for day, n, done in store.conn.execute(_SERIES_SQL, (lo, hi))
        if n
    ]


def _hours(seconds: int, rows: int) -> float | None:
    return None if rows == 0 else seconds / rows / 3600.0
