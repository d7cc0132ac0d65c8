"""The clock guard: no receipt number on a clock the device knows is wrong.

A receipt number carries the Asia/Shanghai date and is final once issued (DESIGN:
"Receipt numbers are final when issued offline"), so a device whose clock reads
2000-01-01 would print `…-20000101-0001` for good. The device learns the platform's
time from the `Date` header of every response (the sync layer hands it here) and keeps
the last one in the store's `meta` table, together with the offset of the device clock
from it. Intake is refused while the device clock reads

- earlier than the last platform time seen, less `TOLERANCE` (a clock set back, or
  reset by a dead battery, after the last sync), or
- earlier than the day this version was built (`offline.build_info.BUILD_DATE`; no
  correct clock can show an earlier date, which catches a reset clock on a device that
  never synced).

`TOLERANCE` absorbs ordinary skew between a PC and the platform; beyond it the status bar
already warns about drift, so the two thresholds agree. The refusal carries both
languages and tells the clerk to correct the clock; it writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from offline import build_info
from offline.domain import clock
from offline.store.connection import Connection
from offline.store.errors import StoreError
from offline.store.tx import transaction

TOLERANCE = timedelta(minutes=10)

_SERVER_TIME = "server_time"  # the platform's clock at the last response, ISO UTC
_OFFSET = "server_time_offset"  # device clock minus platform clock then, in seconds


class ClockWrong(StoreError):
    """The device clock is earlier than a time the device knows has passed."""

    code = "clock_wrong"


@dataclass(frozen=True)
class ServerTimeSeen:
    """The last platform time the device saw, and how far the device clock was from it."""

    server_at: datetime
    offset_seconds: float  # device clock minus platform clock, at that response


def note_server_time(conn: Connection, server_at: datetime, device_at: datetime) -> None:
    """Remember the platform's time from a response and the device clock's offset from it.

    The latest response wins, also when it is earlier than the one before: a platform that
    corrected its own clock must not lock the counters out until the old time comes round.
    """
    if server_at.tzinfo is None or device_at.tzinfo is None:
        raise ValueError("naive datetime: pass aware datetimes")
    offset = (device_at - server_at).total_seconds()
    with transaction(conn):
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [(_SERVER_TIME, clock.to_iso(server_at)), (_OFFSET, repr(offset))],
        )


def server_time_seen(conn: Connection) -> ServerTimeSeen | None:
    """The last platform time stored, or None before the first response (or if unreadable)."""
    rows = dict(
        conn.execute(
            "SELECT key, value FROM meta WHERE key IN (?, ?)", (_SERVER_TIME, _OFFSET)
        ).fetchall()
    )
    try:
        server_at = datetime.fromisoformat(rows[_SERVER_TIME])
        offset = float(rows.get(_OFFSET, "0"))
    except (KeyError, TypeError, ValueError):
        return None
    if server_at.tzinfo is None:
        return None
    return ServerTimeSeen(server_at.astimezone(UTC), offset)


def build_floor() -> datetime:
    """The first instant of the build date, in Asia/Shanghai."""
    return datetime.combine(build_info.BUILD_DATE, time(), clock.TZ)


def _shown(moment: datetime) -> str:
    return clock.local(moment).strftime("%Y-%m-%d %H:%M")


def clock_problem(conn: Connection, device_now: datetime | None = None) -> ClockWrong | None:
    """Why the device clock cannot be trusted for a receipt now, or None when it can."""
    now = device_now or clock.now_utc()
    fix_zh = "请校准电脑时间后再收件。"
    fix_en = "Set the computer's clock right, then receive the application."
    seen = server_time_seen(conn)
    if seen is not None and now < seen.server_at - TOLERANCE:
        return ClockWrong(
            f"电脑时钟不正确：当前显示 {_shown(now)}，早于平台时间 {_shown(seen.server_at)}"
            f"（北京时间）。{fix_zh}",
            f"This computer's clock is wrong: it shows {_shown(now)}, earlier than the "
            f"platform's time {_shown(seen.server_at)} (Beijing time). {fix_en}",
        )
    floor = build_floor()
    if now < floor:
        built = build_info.BUILD_DATE.isoformat()
        return ClockWrong(
            f"电脑时钟不正确：当前显示 {_shown(now)}，早于本软件的发布日期 {built}。{fix_zh}",
            f"This computer's clock is wrong: it shows {_shown(now)}, earlier than this "
            f"version's release date {built}. {fix_en}",
        )
    return None


def check_clock(conn: Connection, device_now: datetime | None = None) -> None:
    """Raise :class:`ClockWrong` when the device clock is known to be wrong."""
    problem = clock_problem(conn, device_now)
    if problem is not None:
        raise problem
