"""A platform that refuses this app's version: the counter keeps working offline, keeps
every outbox row, says which version to install, and does not hammer the platform.

Real platform process on loopback (restarted with and without ``--min-client-version``),
real encrypted store, real client.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from client.version import APP_VERSION
from sync.upgrade_hold import RECHECK
from tests.chaos.invariants import read_platform
from tests.sync.harness import Device


async def _outbox(d: Device) -> list[tuple[str, str]]:
    rows = await d.store.call(
        lambda s: s.conn.execute("SELECT op_id, state FROM outbox ORDER BY seq").fetchall()
    )
    return [(str(op), str(state)) for op, state in rows]


def _restart(platform: Any, *extra: str) -> None:
    handle = platform.handle
    handle.args = list(extra)
    handle.restart()


@pytest.mark.asyncio
async def test_refused_version_keeps_the_outbox_says_update_and_drains_later(
    platform_process: Any, tmp_path: Path
) -> None:
    now = [datetime(2026, 12, 7, 2, 0, tzinfo=UTC)]
    user = platform_process.users["nm-clerk1"]
    base = platform_process.base_url
    d = await Device.create("dev-a", user, tmp_path / "a", base, clock=lambda: now[0])
    try:
        rng = random.Random(11)
        _restart(platform_process, "--min-client-version", APP_VERSION)
        first = (await d.intake(rng))["id"]
        assert (await d.engine.run()).ok  # this app's own version is accepted: it sends it

        _restart(platform_process, "--min-client-version", "99.1")
        assert (await d.client.health()).min_client_version == "99.1"  # warns ahead
        ids = [(await d.intake(rng))["id"] for _ in range(3)]
        queued = await _outbox(d)
        outcome = await d.engine.run()
        status = d.engine.board.status
        assert outcome.online and not outcome.ok and outcome.pending == 3
        assert status.last_error is not None and status.last_error.code == "upgrade_required"
        assert "请更新到 99.1 或更高版本才能同步" in status.last_error.zh
        assert "update to 99.1 or later" in status.last_error.en
        assert await _outbox(d) == queued  # every row kept, still waiting
        assert set(read_platform(platform_process.db_path).records) == {first}

        # offline work goes on; runs before the timer's next turn send nothing
        ids.append((await d.intake(rng))["id"])
        sent = d.faults.passed
        held = await d.engine.run()
        assert not held.ok and held.pending == 4 and d.faults.passed == sent
        assert d.engine.board.status.last_error == status.last_error

        _restart(platform_process)  # the platform lowered its minimum again
        now[0] += RECHECK  # the periodic timer's run asks again
        drained = await d.engine.run()
        assert drained.ok and drained.pending == 0
        assert d.engine.board.status.last_error is None
        assert set(read_platform(platform_process.db_path).records) == {first, *ids}
    finally:
        await d.aclose()
