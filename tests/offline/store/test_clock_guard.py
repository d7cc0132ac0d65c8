"""The clock guard: intake is refused on a device clock known to be wrong, and writes nothing.

The device clock is injected (`offline.domain.clock.use_clock`) and so is the platform's
time (`Store.note_server_time`, what the sync layer calls with a response's `Date`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from offline import build_info
from offline.domain import clock
from offline.store import clock_guard
from offline.store.clock_guard import ClockWrong
from offline.store.store import Store
from tests.fixtures.store import CLERK, StoreFactory, intake_fields

SERVER = datetime(2026, 12, 20, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


class DeviceClock:
    """The device's wall clock, set by the test."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def device() -> Iterator[DeviceClock]:
    wall = DeviceClock(SERVER)
    with clock.use_clock(wall):
        yield wall


def _written(store: Store) -> tuple[Any, ...]:
    """Everything an intake writes."""
    q = store.conn.execute
    return (
        q("SELECT count(*) FROM applications").fetchone()[0],
        q("SELECT count(*) FROM outbox").fetchone()[0],
        q("SELECT count(*) FROM audit_log").fetchone()[0],
        q("SELECT * FROM receipt_serials ORDER BY day").fetchall(),
    )


def _refused(store: Store) -> ClockWrong:
    before = _written(store)
    with pytest.raises(ClockWrong) as caught:
        store.intake(CLERK, **intake_fields())
    assert _written(store) == before  # a refusal writes nothing, not even a serial
    return caught.value


def test_a_reset_clock_issues_no_receipt_even_before_the_first_sync(
    store: Store, device: DeviceClock
) -> None:
    device.at = datetime(2000, 1, 1, 8, 0, tzinfo=UTC)  # a dead clock battery's default
    error = _refused(store)
    assert error.code == "clock_wrong"
    assert "电脑时钟不正确" in error.zh and "请校准" in error.zh and "2000-01-01" in error.zh
    assert "clock is wrong" in error.en and "2000-01-01" in error.en
    assert build_info.BUILD_DATE.isoformat() in error.en
    assert error.message("zh_CN") == error.zh and error.message("en") == error.en


def test_the_build_date_is_the_floor_in_shanghai_time(store: Store, device: DeviceClock) -> None:
    start = datetime.combine(build_info.BUILD_DATE, datetime.min.time(), clock.TZ)
    device.at = start - timedelta(seconds=1)  # 23:59:59 the evening before, in Shanghai
    _refused(store)
    device.at = start
    doc = store.intake(CLERK, **intake_fields())
    assert doc["receipt_no"].split("-")[2] == build_info.BUILD_DATE.strftime("%Y%m%d")


def test_a_clock_behind_the_last_platform_time_is_refused(
    store: Store, device: DeviceClock
) -> None:
    store.note_server_time(SERVER, SERVER)
    device.at = SERVER - timedelta(days=3)  # set back after the last sync
    error = _refused(store)
    assert "早于平台时间 2026-12-20 12:00" in error.zh
    assert "platform's time 2026-12-20 12:00" in error.en
    device.at = SERVER - clock_guard.TOLERANCE - timedelta(seconds=1)
    _refused(store)


def test_ordinary_skew_within_the_tolerance_is_accepted(store: Store, device: DeviceClock) -> None:
    store.note_server_time(SERVER, SERVER - timedelta(minutes=9))
    device.at = SERVER - clock_guard.TOLERANCE
    doc = store.intake(CLERK, **intake_fields())
    assert doc["received_at"] == clock.to_iso(device.at)
    assert doc["receipt_no"].split("-")[2] == "20261220"


def test_once_the_clock_is_corrected_intake_works_again(store: Store, device: DeviceClock) -> None:
    store.note_server_time(SERVER, SERVER)
    device.at = datetime(2000, 1, 1, tzinfo=UTC)
    _refused(store)
    device.at = SERVER + timedelta(minutes=1)
    assert store.intake(CLERK, **intake_fields())["receipt_no"].endswith("-20261220-0001")


def test_the_latest_platform_time_counts_even_if_earlier(store: Store, device: DeviceClock) -> None:
    """A platform that corrected its own clock must not lock the counters out."""
    store.note_server_time(SERVER + timedelta(days=200), SERVER)
    _refused(store)
    store.note_server_time(SERVER, SERVER)
    assert store.intake(CLERK, **intake_fields())["status"] == "received"


def test_a_backdated_seed_still_needs_a_right_device_clock(
    store: Store, device: DeviceClock
) -> None:
    """`now=` places a record in the past (demo data, history); the device clock is still
    checked, so a wrong clock cannot hide behind it."""
    seeded = store.intake(CLERK, **intake_fields(), now=SERVER - timedelta(days=30))
    assert seeded["receipt_no"].split("-")[2] == "20261120"
    device.at = datetime(2000, 1, 1, tzinfo=UTC)
    before = _written(store)
    with pytest.raises(ClockWrong):
        store.intake(CLERK, **intake_fields(), now=SERVER)
    assert _written(store) == before


def test_the_platform_time_and_offset_survive_a_restart(
    store_factory: StoreFactory, device: DeviceClock
) -> None:
    store = store_factory()
    store.note_server_time(SERVER, SERVER + timedelta(seconds=90))
    store.close()
    again = store_factory()
    seen = clock_guard.server_time_seen(again.conn)
    assert seen == clock_guard.ServerTimeSeen(SERVER, 90.0)
    device.at = SERVER - timedelta(hours=1)
    assert isinstance(again.clock_problem(), ClockWrong)
    device.at = SERVER
    assert again.clock_problem() is None


def test_unreadable_or_naive_values_are_not_trusted(store: Store) -> None:
    with pytest.raises(ValueError, match="naive"):
        store.note_server_time(datetime(2026, 12, 20), SERVER)
    assert clock_guard.server_time_seen(store.conn) is None
    store.conn.execute("INSERT INTO meta (key, value) VALUES ('server_time', 'garbage')")
    assert clock_guard.server_time_seen(store.conn) is None
    store.conn.execute("UPDATE meta SET value = '2026-12-20T04:00:00' WHERE key = 'server_time'")
    assert clock_guard.server_time_seen(store.conn) is None


def test_a_naive_injected_clock_is_refused() -> None:
    with clock.use_clock(lambda: datetime(2026, 12, 20)), pytest.raises(ValueError, match="naive"):
        clock.now_utc()


def test_the_injected_clock_gives_the_shanghai_day(device: DeviceClock) -> None:
    device.at = datetime(2026, 12, 31, 16, 0, tzinfo=UTC)  # midnight in Shanghai
    assert clock.today_local().isoformat() == "2027-01-01"
    device.at -= timedelta(microseconds=1)
    assert clock.today_local().isoformat() == "2026-12-31"
