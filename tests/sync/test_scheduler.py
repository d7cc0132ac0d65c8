"""Scheduler: single-flight, debounce, sync-now waiters, probe with backoff, cancellation.

Time is fake (:class:`FakeTime` is the scheduler's ``sleep``): the tests move the clock and
wait on events (a run entered, a sleep started, the scheduler idle), never on wall time.
"""

from __future__ import annotations

import asyncio
import random

import pytest

from sync.backoff import full_jitter
from sync.scheduler import RunOutcome, SyncScheduler, Timing
from tests.support.fake_time import WAIT_LIMIT_S, FakeTime

TIMING = Timing(period=300.0, debounce=2.0, probe_base=1.0, probe_cap=8.0)


class Recorder:
    """A run function that records overlap, can be held open by a gate, and lets a test
    wait until it has been entered ``n`` times. ``pending`` in its outcome is the call's
    number, so a waiter can tell which run answered it."""

    def __init__(self, online: bool = True) -> None:
        self.calls = 0
        self.active = 0
        self.max_active = 0
        self.gate = asyncio.Event()
        self.gate.set()
        self.online = online
        self._entered = asyncio.Condition()

    async def __call__(self) -> RunOutcome:
        async with self._entered:
            self.calls += 1
            number = self.calls
            self._entered.notify_all()
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            await self.gate.wait()
        finally:
            self.active -= 1
        return RunOutcome(online=self.online, ok=self.online, pending=number)

    async def entered(self, n: int) -> None:
        """Wait until the run has been entered at least ``n`` times."""

        async def watch() -> None:
            async with self._entered:
                await self._entered.wait_for(lambda: self.calls >= n)

        await asyncio.wait_for(watch(), WAIT_LIMIT_S)


async def _never(_: object = None) -> bool:
    return False


async def _idle(s: SyncScheduler) -> None:
    await asyncio.wait_for(s.wait_idle(), WAIT_LIMIT_S)


async def _ready_queue_pass() -> None:
    """One pass of asyncio's FIFO ready queue: a task created just before this call has
    run up to its first real wait. A yield, not a timed wait."""
    await asyncio.sleep(0)


@pytest.mark.asyncio
async def test_requests_during_a_run_schedule_exactly_one_more() -> None:
    rec = Recorder()
    rec.gate.clear()
    clock = FakeTime()
    s = SyncScheduler(rec, _never, timing=TIMING, sleep=clock.sleep)
    s.request()
    await rec.entered(1)
    for _ in range(10):
        s.request()
    rec.gate.set()
    await _idle(s)
    assert rec.calls == 2
    assert rec.max_active == 1
    assert s.runs == 2 and not s.running
    await s.stop()


@pytest.mark.asyncio
async def test_sync_now_waits_for_a_run_that_started_after_it() -> None:
    rec = Recorder()
    rec.gate.clear()
    clock = FakeTime()
    s = SyncScheduler(rec, _never, timing=TIMING, sleep=clock.sleep)
    s.request()
    await rec.entered(1)
    waiter = asyncio.create_task(s.sync_now())
    await _ready_queue_pass()
    assert rec.calls == 1 and not waiter.done()
    rec.gate.set()
    outcome = await asyncio.wait_for(waiter, WAIT_LIMIT_S)
    assert outcome.ok and outcome.pending == 2  # answered by the second run, not the first
    assert rec.calls == 2
    await s.stop()


@pytest.mark.asyncio
async def test_local_changes_are_debounced_into_one_run() -> None:
    rec = Recorder()
    clock = FakeTime()
    s = SyncScheduler(rec, _never, timing=TIMING, sleep=clock.sleep)
    for _ in range(5):  # a burst: each change comes 0.5 s after the last, inside the window
        s.local_change()
        await clock.sleeping_until(clock.now + TIMING.debounce)
        assert clock.pending() == [clock.now + TIMING.debounce]  # the older wait was dropped
        clock.advance(0.5)
    last_due = clock.now - 0.5 + TIMING.debounce
    assert clock.advance(last_due - clock.now - 0.25) == 0  # still inside the window
    assert rec.calls == 0 and not s.running
    assert clock.pending() == [last_due]  # the debounce is still waiting: nothing ran
    assert clock.advance(0.25) == 1
    await rec.entered(1)
    await _idle(s)
    assert rec.calls == 1
    assert clock.pending() == []  # no second debounce or timer left behind
    await s.stop()


@pytest.mark.asyncio
async def test_a_change_after_the_window_gets_its_own_run() -> None:
    rec = Recorder()
    clock = FakeTime()
    s = SyncScheduler(rec, _never, timing=TIMING, sleep=clock.sleep)
    for expected in (1, 2):
        s.local_change()
        await clock.sleeping_until(clock.now + TIMING.debounce)
        clock.advance(TIMING.debounce)
        await rec.entered(expected)
        await _idle(s)
    assert rec.calls == 2
    await s.stop()


@pytest.mark.asyncio
async def test_offline_run_starts_probe_and_reachability_triggers_a_run() -> None:
    rec = Recorder(online=False)
    answers = iter([False, False, True])
    probes: list[bool] = []
    probed = asyncio.Condition()

    async def probe() -> bool:
        ok = next(answers)
        async with probed:
            probes.append(ok)
            probed.notify_all()
        if ok:
            rec.online = True
        return ok

    async def probes_reach(n: int) -> None:
        async with probed:
            await probed.wait_for(lambda: len(probes) >= n)

    clock = FakeTime()
    s = SyncScheduler(rec, probe, timing=TIMING, rng=random.Random(1), sleep=clock.sleep)
    outcome = await s.sync_now()
    assert not outcome.online and s.probing
    for attempt in range(3):
        await clock.wait_for_sleeper(lambda pending: len(pending) == 1)
        delay = clock.requested[-1]  # capped exponential backoff with full jitter
        assert 0.0 <= delay <= min(TIMING.probe_cap, TIMING.probe_base * 2**attempt)
        assert len(probes) == attempt  # no probe before its delay has passed
        clock.advance(delay)
        await asyncio.wait_for(probes_reach(attempt + 1), WAIT_LIMIT_S)
    await rec.entered(2)
    await _idle(s)
    assert probes == [False, False, True]
    assert rec.calls == 2 and s.last_outcome == RunOutcome(online=True, ok=True, pending=2)
    assert not s.probing and clock.pending() == []
    await s.stop()


@pytest.mark.asyncio
async def test_cancel_run_cancels_waiters_and_allows_next_run() -> None:
    rec = Recorder()
    rec.gate.clear()
    clock = FakeTime()
    s = SyncScheduler(rec, _never, timing=TIMING, sleep=clock.sleep)
    waiter = asyncio.create_task(s.sync_now())
    await rec.entered(1)
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

    s = SyncScheduler(run, _never, timing=TIMING, sleep=FakeTime().sleep)
    assert not (await s.sync_now()).ok
    assert (await s.sync_now()).ok
    await s.stop()


@pytest.mark.asyncio
async def test_periodic_timer_requests_runs() -> None:
    rec = Recorder()
    clock = FakeTime()
    s = SyncScheduler(rec, _never, timing=TIMING, sleep=clock.sleep)
    s.start()
    await rec.entered(1)  # the first run comes at start, not after a period
    await _idle(s)
    for expected in (2, 3):
        await clock.sleeping_until(clock.now + TIMING.period)
        assert clock.advance(TIMING.period - 1) == 0
        assert rec.calls == expected - 1
        clock.advance(1)
        await rec.entered(expected)
        await _idle(s)
    await s.stop()
    assert rec.calls == 3
    assert clock.pending() == []  # stop() ended the timer's wait


@pytest.mark.asyncio
async def test_stop_ends_a_pending_debounce() -> None:
    rec = Recorder()
    clock = FakeTime()
    s = SyncScheduler(rec, _never, timing=TIMING, sleep=clock.sleep)
    s.local_change()
    await clock.sleeping_until(TIMING.debounce)
    await s.stop()
    assert clock.pending() == []
    assert clock.advance(TIMING.debounce) == 0 and rec.calls == 0


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
    from tests.support.waiting import until

    hb = Heartbeat(interval=0.005)
    hb.start()
    await until(lambda: len(hb.lateness) >= 1)
    before = len(hb.lateness)
    time.sleep(0.06)  # the stall under test: block the loop right after a tick
    await until(lambda: len(hb.lateness) > before)
    await hb.stop()
    # the tick after the stall was due at most one interval after the last one
    assert max(hb.lateness[before:]) >= 0.06 - hb.interval - 0.001
    assert hb.summary_ms()["max_ms"] >= 50
