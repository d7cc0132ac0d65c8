"""kill -9 of a real syncing client process at several instants, then restart: nothing
committed is lost and nothing is applied twice (DESIGN.md invariant 9)."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from tests.chaos.invariants import read_platform
from tests.chaos.world import World


@pytest.mark.chaos
def test_sigkill_mid_sync_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    async def scenario() -> tuple[list[int], list[str]]:
        world = World(tmp_path, devices=2)
        await world.start()
        try:
            dev = world.devices[0]
            rng = random.Random(21)
            for _ in range(120):
                await dev.intake(rng)
                world.ledger.op(dev.name, await dev.last_op())
            applied: list[int] = []
            # from "before the push" to "mid-pull"; the last child is killed only after a
            # whole run, so the test knows it pushed however slow the machine is
            for window, after_runs in ((0.3, 0), (0.8, 0), (1.5, 0), (2.5, 0), (4.0, 1)):
                await world._kill(dev, random.Random(int(window * 10)), window, after_runs)
                applied.append(len(read_platform(world.db_path).mutations))
                await dev.intake(rng)  # the clerk keeps working between crashes
                world.ledger.op(dev.name, await dev.last_op())
            return applied, await world.check()
        finally:
            await world.close()

    applied, problems = asyncio.run(scenario())
    assert problems == []
    assert applied == sorted(applied)  # progress is monotonic across crashes
    assert applied[-1] > 0  # the killed children really pushed before dying
