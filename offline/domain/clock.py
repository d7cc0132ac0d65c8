"""Time conventions: UTC instants on the wire, Asia/Shanghai for calendar dates.

Documents store instants as ISO-8601 UTC strings with an explicit offset; due dates,
receipt dates and working days are local dates in Asia/Shanghai (no DST there).

The device clock is read in one place, :func:`now_utc`. Tests (and the demo) replace it
with :func:`use_clock` instead of reading the wall clock, so no result depends on the hour
or on the machine's time zone. The store's clock guard (``offline.store.clock_guard``)
compares this clock with the platform's time before a receipt number is issued.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from offline.domain.errors import Issue, ValidationFailed

TZ = ZoneInfo("Asia/Shanghai")


def _system_now() -> datetime:
    return datetime.now(UTC)


_source: Callable[[], datetime] = _system_now


def now_utc() -> datetime:
    """The device clock's current instant, timezone-aware, in UTC."""
    return _source()


def set_clock(source: Callable[[], datetime] | None) -> Callable[[], datetime]:
    """Make `source` the device clock (None: the system clock again); returns the old one.

    `source` must return aware datetimes; a naive one is refused at the first read, since
    a naive instant would silently take the machine's time zone.
    """
    global _source
    previous = _source

    def checked() -> datetime:
        moment = source() if source is not None else _system_now()
        if moment.tzinfo is None:
            raise ValueError("naive datetime: the clock must return aware datetimes")
        return moment.astimezone(UTC)

    _source = _system_now if source is None else checked
    return previous


@contextmanager
def use_clock(source: Callable[[], datetime]) -> Iterator[None]:
    """The device clock is `source` inside the block (tests, demos)."""
    global _source
    previous = set_clock(source)
    try:
        yield
    finally:
        _source = previous


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
        if _source is _system_now:
            return datetime.now(TZ).date()
        now = _source()
    return local_date(now)
