"""End to end on loopback: the real platform's `Date` header sets the stored platform time
and offset after a sync pass; intake is then refused on a clock set back, and the status
board carries what the status bar needs to warn about drift."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from client.api import PlatformClient
from client.server_time import ServerTimeWatch
from client.settings import ClientSettings
from offline.domain import clock
from offline.store import clock_guard
from offline.store.actions import Actor
from offline.store.clock_guard import ClockWrong
from offline.store.opening import open_profile
from sync.engine import SyncEngine
from sync.keys import ensure_user_key, load_device_key
from sync.store_thread import StoreThread
from tests.support.signing import DeviceKey, register_device
from tests.sync.harness import FAST_RETRY, FAST_TIMEOUTS, intake_fields


class DeviceClock:
    def __init__(self) -> None:
        self.at = datetime(2026, 12, 20, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def device() -> Iterator[DeviceClock]:
    wall = DeviceClock()
    with clock.use_clock(wall):
        yield wall


@pytest.mark.asyncio
async def test_the_platform_date_header_sets_the_stored_time_and_guards_intake(
    fresh_platform: Any, tmp_path: Path, device: DeviceClock
) -> None:
    dates: list[datetime] = []

    async def record(response: httpx.Response) -> None:  # what came over the wire
        if "date" in response.headers:
            dates.append(parsedate_to_datetime(response.headers["date"]))

    store: StoreThread[Any] = StoreThread(lambda: open_profile("dev", tmp_path, create=True))
    watch = ServerTimeWatch(wall=clock.now_utc)  # the device clock the guard reads
    settings = ClientSettings(
        base_url=fresh_platform.base_url,
        profile="dev",
        retry=FAST_RETRY,
        timeouts=FAST_TIMEOUTS,
        trust_env=False,
    )
    user = fresh_platform.users["nm-clerk1"]
    api = PlatformClient(settings, username=user.username, server_time=watch)
    api.http.event_hooks["response"].append(record)
    try:
        device_id = await load_device_key(store, api)  # the terminal proves itself
        await api.login(user.username, user.password, device_id)
        # a supervisor of the office registers the terminal and its key (as in the harness)
        key = DeviceKey(device_id, await store.call(lambda s: s.device_credential()))
        await asyncio.to_thread(
            register_device, fresh_platform.api, fresh_platform.users, user.office_code, key, "dev"
        )
        info = await api.register_device(device_id, "dev")  # registered: idempotent
        await store.call(lambda s: s.register_device(info.office_code, info.terminal_code))
        # the clerk's signing key is unlocked (and registered) as at a sign-in
        assert await ensure_user_key(store, api, user.id, user.password)
        catalog = await api.catalog()
        assert catalog is not None
        data = catalog.model_dump(mode="json")
        await store.call(lambda s: s.save_catalog(data))
        item = next(i for i in data["items"] if i["active"])
        # The clock was set back two hours before this pass.
        device.at = dates[-1] - timedelta(hours=2)
        engine = SyncEngine(store, api)
        before = len(dates)
        assert (await engine.run()).ok
        seen = await store.call(lambda s: clock_guard.server_time_seen(s.conn))
        assert seen is not None
        # a Date that came over the wire during this pass (a prefetched page may still
        # answer after the pass has stored its latest), and the device clock's offset from it
        assert seen.server_at in dates[before:]
        assert seen.offset_seconds == (device.at - seen.server_at).total_seconds() <= -7200
        on_board = engine.board.status.server_time
        assert on_board is not None and on_board.server_at == seen.server_at
        last = seen.server_at
        assert on_board.drifting(device.at, on_board.monotonic)  # what the status bar shows

        actor = Actor(user.id, "clerk")
        fields = intake_fields(item, random.Random(1))
        with pytest.raises(ClockWrong):
            await store.call(lambda s: s.intake(actor, **fields))
        assert await store.call(lambda s: s.sync_counts()["pending"]) == 0
        device.at = last + timedelta(seconds=5)  # the clerk corrected the clock
        doc = await store.call(lambda s: s.intake(actor, **fields))
        assert doc["receipt_no"].split("-")[2] == clock.local_date(device.at).strftime("%Y%m%d")
        assert (await engine.run()).ok  # and it reaches the platform as usual
    finally:
        await api.aclose()
        store.close()
