"""SyncService: triggers drive the real engine; status never claims success too early."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from sync.scheduler import Timing
from sync.service import SyncService
from sync.status import SyncStatus
from tests.support.fake_time import FakeTime
from tests.support.waiting import until
from tests.sync.harness import Device

TIMING = Timing(period=3600.0, debounce=2.0, probe_base=1.0, probe_cap=8.0)


@pytest.mark.asyncio
async def test_debounced_push_then_offline_probe_then_recovery(
    fresh_platform: Any, tmp_path: Path
) -> None:
    dev = await Device.create(
        "svc", fresh_platform.users["nm-clerk1"], tmp_path / "svc", fresh_platform.base_url
    )
    clock = FakeTime()  # the scheduler's waits; the engine and the platform stay real
    service = SyncService(
        dev.store,
        dev.client,
        timing=TIMING,
        rng=random.Random(1),
        sleep=clock.sleep,
        refresh_catalog=False,
    )
    seen: list[SyncStatus] = []
    service.subscribe(seen.append)
    await service.start()
    await service.scheduler.wait_idle()
    assert service.scheduler.runs == 1 and not service.status.running
    timer_due = TIMING.period
    rng = random.Random(2)
    try:
        for _ in range(3):  # a burst of clerk actions, one push after it
            await dev.intake(rng)
            service.local_change()
            await clock.sleeping_until(clock.now + TIMING.debounce)
            await clock.pass_time(0.5)
        assert service.scheduler.runs == 1  # nothing pushed inside the debounce window
        assert await clock.pass_time(TIMING.debounce - 0.5) == 1
        await service.scheduler.wait_idle()
        assert service.scheduler.runs == 2 and service.status.settled
        assert service.status.pending == 0
        # every snapshot that claimed success had nothing pending
        assert all(s.pending == 0 for s in seen if s.settled)

        dev.faults.down = True  # the link drops
        await dev.intake(rng)
        outcome = await service.sync_now()
        assert not outcome.online and service.status.online is False
        assert service.status.pending == 1 and not service.status.settled
        assert service.status.last_error is not None
        assert service.status.last_error.code == "offline"
        for probes in (1, 2):  # probing with backoff, each probe after its delay
            await clock.wait_for_sleeper(lambda pending: len(pending) == 2)
            probe_due = min(clock.pending())
            assert probe_due < timer_due
            await clock.pass_time(probe_due - clock.now)
            assert service.scheduler.probes == probes
        # the second probe failed too: the loop waits out its next delay, still offline
        await clock.wait_for_sleeper(lambda pending: len(pending) == 2)
        assert service.status.online is False
        dev.faults.down = False  # the link returns: the probe triggers a run by itself
        await clock.pass_time(min(clock.pending()) - clock.now)
        await until(lambda: not service.scheduler.probing)
        await service.scheduler.wait_idle()
        assert service.status.settled
        assert service.status.online is True and service.status.offline_since is None
        assert any(s.running for s in seen) and seen[-1].settled
    finally:
        await service.stop()
        await dev.aclose()
