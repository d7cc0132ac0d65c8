"""A controllable clock for code that waits through an injected ``sleep(seconds)``.

Nothing wakes until the test calls :meth:`FakeTime.advance`, so "the debounce window has
not passed yet" is a fact about the fake clock, not a race against the machine's load.
:meth:`FakeTime.wait_for_sleeper` lets a test wait, on an event rather than wall time, for
the moment the code under test has started waiting.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

WAIT_LIMIT_S = 10.0  # only fails a hung test; nothing waits this long when all is well


@dataclass
class _Sleeper:
    due: float
    future: asyncio.Future[None]
    resumed: asyncio.Event


class FakeTime:
    """``sleep`` that waits on fake time; ``advance`` moves the clock and wakes the due."""

    def __init__(self) -> None:
        self.now = 0.0
        self.requested: list[float] = []  # every delay asked for, in order
        self._sleepers: list[_Sleeper] = []
        self._changed = asyncio.Event()

    async def sleep(self, delay: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        sleeper = _Sleeper(self.now + max(0.0, delay), future, asyncio.Event())
        self.requested.append(delay)
        self._sleepers.append(sleeper)
        self._changed.set()
        try:
            await future
        finally:
            self._sleepers.remove(sleeper)
            sleeper.resumed.set()

    def pending(self) -> list[float]:
        """Due times of the sleeps still waiting (a cancelled sleep is gone at once)."""
        return sorted(s.due for s in self._sleepers if not s.future.done())

    def advance(self, seconds: float) -> int:
        """Move the clock on and wake every sleep now due; returns how many woke."""
        return len(self._wake(seconds))

    async def pass_time(self, seconds: float) -> int:
        """:meth:`advance`, then wait until every task it woke has resumed (and run on to
        its next wait); returns how many woke."""
        woken = self._wake(seconds)
        await asyncio.wait_for(
            asyncio.gather(*(sleeper.resumed.wait() for sleeper in woken)), WAIT_LIMIT_S
        )
        return len(woken)

    def _wake(self, seconds: float) -> list[_Sleeper]:
        self.now += seconds
        woken = [s for s in self._sleepers if s.due <= self.now and not s.future.done()]
        for sleeper in woken:
            sleeper.future.set_result(None)
        return woken

    async def wait_for_sleeper(self, predicate: Callable[[list[float]], bool]) -> None:
        """Wait until ``predicate(self.pending())`` holds (it is re-checked on every sleep)."""

        async def watch() -> None:
            while not predicate(self.pending()):
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(watch(), WAIT_LIMIT_S)

    async def sleeping_until(self, due: float) -> None:
        """Wait until some sleep is due exactly at ``due`` on the fake clock."""
        await self.wait_for_sleeper(lambda pending: due in pending)
