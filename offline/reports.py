"""Supervisor reports (统计报表) computed offline from the local store.

A township office often has no link, so the supervisor's figures come from the device's own
store: applications by status, by clerk and by item; average time receipt→acceptance
(收件→受理) and acceptance→completion (受理→办结); on-time rate against the promised limit
(按承诺时限办结率: completion date ≤ due_date); rating distribution (好差评 1–5).

Population: the applications RECEIVED in the period (Asia/Shanghai local dates, inclusive),
so every figure of one report describes the same cohort. "Completion" is the first move to
`approved` or `denied` (办结) in the record's history. by_clerk and by_item count through
the store's covering indexes `applications_clerk_received` and `applications_item_received`;
by_status, durations, on-time and ratings add up the report
columns of schema v5 (`accept_seconds`, `complete_seconds`, `on_time`, `rating_1`..`5`,
kept by the store on every write path) over one range of the covering index
`applications_office_report` per status, so no document is read. Before v5 these figures
decrypted each cohort document (about 15 us a row: a year took 8.2 s and two years 15 s
at 1,000,000 records). Measured with v5 (tests/benchmarks/reports.py, p50): at 200,000
records a year 39 ms, two years 79 ms; at 1,000,000 today 1 ms, 30 days 15 ms, a year
0.61 s, two years 1.2 s — superlinear because the three indexes a long report walks no
longer fit the 64 MiB page cache, so pages are re-read and re-decrypted each time. Two
years within 1 s needs per-day totals (a table kept by triggers) rather than row scans.

Reads only: plain SELECTs on the store's connection (`Store.conn`), no writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from offline.domain.clock import TZ, local_date, now_utc
from offline.store.store import Store

COMPLETED = ("approved", "denied")  # 办结: the back office's decision
MAX_RANGE_DAYS = 3660  # about ten years: a longer range is surely a typing mistake


class ReportError(ValueError):
    """Refused report parameters (nothing was read); Chinese first, English second."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.code, self.zh, self.en = code, zh, en

    def message(self, lang: str = "zh_CN") -> str:
        return self.zh if lang.startswith("zh") else self.en


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


_COUNT_SQL = {
    "clerk": "SELECT COALESCE(clerk_id, ''), COUNT(*) FROM applications"
    " INDEXED BY applications_clerk_received"
    " WHERE received_at >= ? AND received_at < ? GROUP BY clerk_id",
    "item": "SELECT item_code, COUNT(*) FROM applications INDEXED BY applications_item_received"
    " WHERE received_at >= ? AND received_at < ? GROUP BY item_code",
}

# One pass over the cohort's report columns (schema v5), all in the covering index
# `applications_office_report` (office_code, status, received_at, ...): one index range
# per status the office has (from `status_counts`), so no document is read and no row is
# sorted (a GROUP BY over the join sorted the whole cohort); Python adds the ranges up.
_STATUSES_SQL = "SELECT DISTINCT status FROM status_counts WHERE office_code = ? AND n > 0"
_AGG_SQL = """
SELECT COUNT(*), COUNT(accept_seconds), TOTAL(accept_seconds), COUNT(complete_seconds),
       TOTAL(complete_seconds), COUNT(on_time), TOTAL(on_time), TOTAL(rating_1),
       TOTAL(rating_2), TOTAL(rating_3), TOTAL(rating_4), TOTAL(rating_5)
FROM applications INDEXED BY applications_office_report
WHERE office_code = ? AND status = ? AND received_at >= ? AND received_at < ?
"""


def build(store: Store, period: Period) -> Report:
    """All figures of `period` for the store's office (a store holds one office only)."""
    office = store.office_code or ""
    lo, hi = period.bounds()
    conn = store.conn
    by_status: dict[str, int] = {}
    sums = [0.0] * 11
    for (status,) in conn.execute(_STATUSES_SQL, (office,)).fetchall():
        n, *values = conn.execute(_AGG_SQL, (office, status, lo, hi)).fetchone()
        if n:
            by_status[str(status)] = int(n)
            sums = [x + float(v) for x, v in zip(sums, values, strict=True)]
    by_clerk = {str(k): int(n) for k, n in conn.execute(_COUNT_SQL["clerk"], (lo, hi))}
    by_item = {str(k): int(n) for k, n in conn.execute(_COUNT_SQL["item"], (lo, hi))}
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


def _hours(seconds: int, rows: int) -> float | None:
    return None if rows == 0 else seconds / rows / 3600.0
