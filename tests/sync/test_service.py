"""SyncService: triggers drive the real engine; status never claims success too early."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path
from typing import Any

import pytest

from sync.scheduler import Timing
from sync.service import SyncService
from sync.status import SyncStatus
from tests.sync.harness import Device

FAST = Timing(period=3600, debounce=0.05, probe_base=0.02, probe_cap=0.1)


async def _until(predicate: Any, timeout: float = 20) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached")
        await asyncio.sleep(0.02)


@pytest.mark.asyncio
async def test_debounced_push_then_offline_probe_then_recovery(
    fresh_platform: Any, tmp_path: Path
) -> None:
    dev = await Device.create(
        "svc", fresh_platform.users["nm-clerk1"], tmp_path / "svc", fresh_platform.base_url
    )
    service = SyncService(
        dev.store, dev.client, timing=FAST, rng=random.Random(1), refresh_catalog=False
    )
    seen: list[SyncStatus] = []
    service.subscribe(seen.append)
    await service.start()
    await _until(lambda: service.scheduler.runs >= 1 and not service.status.running)
    rng = random.Random(2)
    try:
        for _ in range(3):  # a burst of clerk actions, one push after it
            await dev.intake(rng)
            service.local_change()
        runs = service.scheduler.runs
        await _until(lambda: service.scheduler.runs == runs + 1 and service.status.settled)
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
        await _until(lambda: service.scheduler.probes >= 2)  # probing with backoff
        dev.faults.down = False  # the link returns: the probe triggers a run by itself
        await _until(lambda: service.status.settled)
        assert service.status.online is True and service.status.offline_since is None
        assert any(s.running for s in seen) and seen[-1].settled
    finally:
        await service.stop()
        await dev.aclose()
