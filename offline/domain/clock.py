"""Time conventions: UTC instants on the wire, Asia/Shanghai for calendar dates.

Documents store instants as ISO-8601 UTC strings with an explicit offset; due dates,
receipt dates and working days are local dates in Asia/Shanghai (no DST there).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from offline.domain.errors import Issue, ValidationFailed

TZ = ZoneInfo("Asia/Shanghai")


def now_utc() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return datetime.now(UTC)


def to_iso(moment: datetime) -> str:
    """Wire form of an instant: UTC, seconds precision, `+00:00` offset."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware datetime")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def now_iso() -> str:
    return to_iso(now_utc())


def parse_iso(text: str, field: str = "at") -> datetime:
    """Parse a wire timestamp; a missing offset or a malformed text is a ValidationFailed."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValidationFailed(
            Issue(
                field, "bad_timestamp", f"时间格式错误：{text!r}", f"Malformed timestamp: {text!r}"
            )
        ) from None
    if moment.tzinfo is None:
        raise ValidationFailed(
            Issue(field, "naive_timestamp", "时间缺少时区", "Timestamp lacks a UTC offset")
        )
    return moment


def local(moment: datetime) -> datetime:
    """The instant in Asia/Shanghai local time."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware datetime")
    return moment.astimezone(TZ)


def local_date(moment: datetime) -> date:
    """The Asia/Shanghai calendar date of an instant."""
    return local(moment).date()


def today_local(now: datetime | None = None) -> date:
    """The Asia/Shanghai date of `now` (default: this instant; one clock read in TZ, which
    is half the cost of reading UTC and converting, on every ID-number check)."""
    if now is None:
        return datetime.now(TZ).date()
    return local_date(now)
