"""Wait for a condition on the running asyncio loop, the async form of ``qtbot.waitUntil``.

The condition is checked again after every short poll; the limit only fails a test that
hung, it is never what the test waits for.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

LIMIT_S = 10.0
POLL_S = 0.002


async def until(predicate: Callable[[], bool], limit: float = LIMIT_S) -> None:
    """Return as soon as ``predicate()`` holds; fail the test after ``limit`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {limit} s")
        await asyncio.sleep(POLL_S)
