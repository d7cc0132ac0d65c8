"""Scheduler: single-flight, debounce, sync-now waiters, probe with backoff, cancellation."""

from __future__ import annotations

import asyncio
import random

import pytest

from sync.backoff import full_jitter
from sync.scheduler import RunOutcome, SyncScheduler, Timing

FAST = Timing(period=3600, debounce=0.02, probe_base=0.001, probe_cap=0.01)


class Recorder:
    """A run function that records overlap and can be held open by a gate."""

    def __init__(self, online: bool = True) -> None:
        self.calls = 0
        self.active = 0
        self.max_active = 0
        self.gate = asyncio.Event()
        self.gate.set()
        self.online = online

    async def __call__(self) -> RunOutcome:
        self.calls += 1
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            await self.gate.wait()
        finally:
            self.active -= 1
        return RunOutcome(online=self.online, ok=self.online)


async def _never(_: object = None) -> bool:
    return False


async def _settle(s: SyncScheduler) -> None:
    for _ in range(200):
        if not s.running:
            return
        await asyncio.sleep(0.005)
    raise AssertionError("scheduler did not settle")


@pytest.mark.asyncio
async def test_requests_during_a_run_schedule_exactly_one_more() -> None:
    rec = Recorder()
    rec.gate.clear()
    s = SyncScheduler(rec, _never, timing=FAST)
    s.request()
    await asyncio.sleep(0.01)
    for _ in range(10):
        s.request()
    rec.gate.set()
    await _settle(s)
    assert rec.calls == 2
    assert rec.max_active == 1
    await s.stop()


@pytest.mark.asyncio
async def test_sync_now_waits_for_a_run_that_started_after_it() -> None:
    rec = Recorder()
    rec.gate.clear()
    s = SyncScheduler(rec, _never, timing=FAST)
    s.request()
    await asyncio.sleep(0.01)
    waiter = asyncio.create_task(s.sync_now())
    await asyncio.sleep(0.01)
    assert rec.calls == 1 and not waiter.done()
    rec.gate.set()
    outcome = await asyncio.wait_for(waiter, 2)
    assert outcome.ok and rec.calls == 2
    await s.stop()


@pytest.mark.asyncio
async def test_local_changes_are_debounced_into_one_run() -> None:
    rec = Recorder()
    s = SyncScheduler(rec, _never, timing=FAST)
    for _ in range(5):
        s.local_change()
        await asyncio.sleep(0.005)
    assert rec.calls == 0
    await asyncio.sleep(0.05)
    await _settle(s)
    assert rec.calls == 1
    await s.stop()


@pytest.mark.asyncio
async def test_offline_run_starts_probe_and_reachability_triggers_a_run() -> None:
    rec = Recorder(online=False)
    answers = iter([False, False, True])
    probes: list[int] = []

    async def probe() -> bool:
        probes.append(1)
        ok = next(answers)
        if ok:
            rec.online = True
        return ok

    s = SyncScheduler(rec, probe, timing=FAST, rng=random.Random(1))
    outcome = await s.sync_now()
    assert not outcome.online
    for _ in range(200):
        if rec.calls >= 2 and not s.running:
            break
        await asyncio.sleep(0.005)
    assert len(probes) == 3
    assert rec.calls == 2 and s.last_outcome == RunOutcome(online=True, ok=True)
    assert not s.probing
    await s.stop()


@pytest.mark.asyncio
async def test_cancel_run_cancels_waiters_and_allows_next_run() -> None:
    rec = Recorder()
    rec.gate.clear()
    s = SyncScheduler(rec, _never, timing=FAST)
    waiter = asyncio.create_task(s.sync_now())
    await asyncio.sleep(0.01)
    await s.cancel_run()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert rec.active == 0
    rec.gate.set()
    assert (await s.sync_now()).ok
    await s.stop()


@pytest.mark.asyncio
async def test_a_crashing_run_does_not_kill_the_scheduler() -> None:
    calls = 0

    async def run() -> RunOutcome:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("boom")
        return RunOutcome(online=True, ok=True)

    s = SyncScheduler(run, _never, timing=FAST)
    assert not (await s.sync_now()).ok
    assert (await s.sync_now()).ok
    await s.stop()


@pytest.mark.asyncio
async def test_periodic_timer_requests_runs() -> None:
    rec = Recorder()
    s = SyncScheduler(rec, _never, timing=Timing(period=0.01, debounce=1, probe_base=1))
    s.start()
    await asyncio.sleep(0.08)
    await s.stop()
    assert rec.calls >= 3


def test_full_jitter_stays_within_capped_exponential_bounds() -> None:
    rng = random.Random(7)
    for attempt in range(80):
        ceiling = min(30.0, 0.5 * 2**attempt) if attempt < 63 else 30.0
        samples = [full_jitter(attempt, base=0.5, cap=30.0, rng=rng) for _ in range(50)]
        assert all(0.0 <= d <= ceiling for d in samples)
    late = [full_jitter(20, base=0.5, cap=30.0, rng=rng) for _ in range(400)]
    assert max(late) > 20 and min(late) < 10  # jitter covers the whole range
    with pytest.raises(ValueError):
        full_jitter(-1, base=1, cap=1, rng=rng)


@pytest.mark.asyncio
async def test_heartbeat_sees_a_blocking_stall() -> None:
    import time

    from sync.heartbeat import Heartbeat

    hb = Heartbeat(interval=0.005)
    hb.start()
    await asyncio.sleep(0.03)
    time.sleep(0.06)  # deliberately block the loop
    await asyncio.sleep(0.02)
    await hb.stop()
    summary = hb.summary_ms()
    assert summary["ticks"] >= 3
    assert summary["max_ms"] >= 40
