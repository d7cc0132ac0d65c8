"""When to sync: triggers, debounce, single-flight and the connectivity probe.

Triggers: a manual "sync now", a periodic timer, a debounced push shortly after each
local action, and connectivity regained (a cheap health probe repeated with capped
exponential backoff and full jitter while offline). Single-flight: one run at a time; any
number of requests during a run schedule exactly one more run after it.

The scheduler knows nothing about stores or HTTP: it is given ``run`` (one sync run that
returns a :class:`RunOutcome`) and ``probe`` (True when the platform answers). Every wait
(debounce, period, probe backoff) goes through one ``sleep`` callable, so a test can drive
the scheduler with a fake clock instead of wall time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sync.backoff import full_jitter

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class RunOutcome:
    """What one run achieved: whether the platform was reachable and whether it finished."""

    online: bool
    ok: bool
    pending: int = 0


@dataclass(frozen=True)
class Timing:
    """Scheduler delays in seconds."""

    period: float = 300.0
    debounce: float = 2.0
    probe_base: float = 1.0
    probe_cap: float = 300.0


class SyncScheduler:
    """Decides when ``run`` is called; never runs two at once."""

    def __init__(
        self,
        run: Callable[[], Awaitable[RunOutcome]],
        probe: Callable[[], Awaitable[bool]],
        *,
        timing: Timing | None = None,
        rng: random.Random | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._run = run
        self._sleep = sleep
        self._probe = probe
        self.timing = timing or Timing()
        self._rng = rng or random.Random()
        self._task: asyncio.Task[None] | None = None
        self._again = False
        self._waiters: list[asyncio.Future[RunOutcome]] = []
        self._debounce: asyncio.Task[None] | None = None
        self._timer: asyncio.Task[None] | None = None
        self._prober: asyncio.Task[None] | None = None
        self.runs = 0  # finished runs, for status and tests
        self.probes = 0
        self.last_outcome: RunOutcome | None = None
        self._stopped = False

    # -- triggers -------------------------------------------------------------------
    def request(self, reason: str = "manual") -> None:
        """Ask for a run; during a run this schedules exactly one more."""
        if self._stopped:
            return
        log.debug("sync requested: %s", reason)
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.get_running_loop().create_task(self._loop(), name="sync-run")

    async def sync_now(self) -> RunOutcome:
        """Request a run and wait for the first run that starts after this call."""
        future: asyncio.Future[RunOutcome] = asyncio.get_running_loop().create_future()
        self._waiters.append(future)
        self.request("sync-now")
        return await future

    def local_change(self) -> None:
        """A clerk just saved something: push soon, once the burst of edits is over."""
        if self._stopped:
            return
        if self._debounce is not None:
            self._debounce.cancel()
        loop = asyncio.get_running_loop()
        self._debounce = loop.create_task(self._debounced(), name="sync-debounce")

    def start(self) -> None:
        """Start the periodic timer and do a first run."""
        self._stopped = False
        if self._timer is None or self._timer.done():
            self._timer = asyncio.get_running_loop().create_task(self._tick(), name="sync-timer")
        self.request("start")

    async def wait_idle(self) -> None:
        """Return once no run is in progress or queued (also when the last one failed)."""
        while self._task is not None and not self._task.done():
            await asyncio.wait({self._task})

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def probing(self) -> bool:
        return self._prober is not None and not self._prober.done()

    # -- stopping -------------------------------------------------------------------
    async def cancel_run(self) -> None:
        """Cancel the run in progress (if any); the engine keeps its state consistent."""
        self._again = False
        task = self._task
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def stop(self) -> None:
        """Stop timers, probe and the current run."""
        self._stopped = True
        for task in (self._debounce, self._timer, self._prober):
            if task is not None and not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self.cancel_run()
        for waiter in self._waiters:
            if not waiter.done():
                waiter.cancel()
        self._waiters.clear()

    # -- internals ------------------------------------------------------------------
    async def _loop(self) -> None:
        while True:
            self._again = False
            waiters, self._waiters = self._waiters, []
            try:
                outcome = await self._run()
            except asyncio.CancelledError:
                for waiter in waiters + self._waiters:
                    if not waiter.done():
                        waiter.cancel()
                self._waiters.clear()
                raise
            except Exception:  # a bug in a run must not kill the scheduler
                log.exception("sync run crashed")
                outcome = RunOutcome(online=True, ok=False)
            self.runs += 1
            self.last_outcome = outcome
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_result(outcome)
            if not outcome.online:
                self._start_probe()
            if not self._again and not self._waiters:
                return

    async def _debounced(self) -> None:
        await self._sleep(self.timing.debounce)
        self.request("local-change")

    async def _tick(self) -> None:
        while True:
            await self._sleep(self.timing.period)
            if not self.probing:  # while offline the probe decides when to try
                self.request("timer")

    def went_offline(self) -> None:
        """The network is known to be down: probe with backoff until the platform answers
        (a probe already under way keeps its place in the backoff)."""
        self._start_probe()

    def probe_now(self) -> None:
        """The network may be back: ask the platform at once instead of waiting out the
        backoff; on an answer a run follows."""
        if self._stopped:
            return
        prober = self._prober
        if prober is not None and not prober.done():
            prober.cancel()
        self._prober = asyncio.get_running_loop().create_task(
            self._probe_loop(immediate=True), name="probe"
        )

    def _start_probe(self) -> None:
        if self._stopped or self.probing:
            return
        self._prober = asyncio.get_running_loop().create_task(self._probe_loop(), name="probe")

    async def _probe_loop(self, *, immediate: bool = False) -> None:
        attempt = 0
        while True:
            delay = full_jitter(
                attempt, base=self.timing.probe_base, cap=self.timing.probe_cap, rng=self._rng
            )
            if not (immediate and attempt == 0):
                await self._sleep(delay)
            self.probes += 1
            try:
                reachable = await self._probe()
            except Exception:
                log.debug("probe failed", exc_info=True)
                reachable = False
            if reachable:
                self.request("connectivity")
                return
            attempt += 1
