"""Fast chaos tier for `make test`: 50 seeded schedules in 5 batches of 10.

Each batch runs against its own real platform subprocess with three real devices in two
offices; every schedule ends with heal + sync to quiescence + the nine invariants.
A failure prints the seed and a shrunk replay (see tests/chaos/runner.py).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.chaos.runner import run_batch
from tests.chaos.schedule import Options

BATCHES = 5
PER_BATCH = 10
FAST = Options(
    steps=12,
    weights={
        "clerk": 8,
        "backoffice": 3,
        "sync": 5,
        "partition": 1,
        "heal_link": 1,
        "kill": 0.35,
        "restart": 0.15,
        "epoch": 0.3,
    },
)


@pytest.mark.chaos
@pytest.mark.parametrize("batch", range(BATCHES))
def test_chaos_fast_tier(batch: int, tmp_path: Path) -> None:
    seeds = [10_000 + batch * PER_BATCH + i for i in range(PER_BATCH)]
    report = asyncio.run(run_batch(tmp_path, seeds, FAST, shrink_failures=True))
    assert report.schedules == PER_BATCH
    assert sum(report.faults.values()) > 0  # faults really happened
    failures = "\n\n".join(f"{f.problems[:10]}\n{f.replay}" for f in report.failures)
    assert not report.failures, failures
