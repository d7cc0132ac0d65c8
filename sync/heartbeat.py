"""Measure event-loop stalls: a task that ticks every 10 ms and records how late it is.

Used by the sync benchmark (and usable by the UI's diagnostics page): if store work ever
ran on the loop thread, ticks would arrive late and the measured lateness would show it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field


@dataclass
class Heartbeat:
    """Ticks every ``interval`` seconds on the running loop; ``lateness`` in seconds."""

    interval: float = 0.010
    lateness: list[float] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="heartbeat")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        expected = time.perf_counter() + self.interval
        while True:
            await asyncio.sleep(max(0.0, expected - time.perf_counter()))
            now = time.perf_counter()
            self.lateness.append(max(0.0, now - expected))
            expected = max(expected + self.interval, now)

    def summary_ms(self) -> dict[str, float]:
        """max and p99 lateness in milliseconds (0 when no tick happened)."""
        if not self.lateness:
            return {"ticks": 0, "max_ms": 0.0, "p99_ms": 0.0}
        ordered = sorted(self.lateness)
        p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
        return {
            "ticks": float(len(ordered)),
            "max_ms": round(ordered[-1] * 1000, 2),
            "p99_ms": round(p99 * 1000, 2),
        }
