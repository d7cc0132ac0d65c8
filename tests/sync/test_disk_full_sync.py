"""A pull that meets a full disk says so in the sync status (not "internal error"), keeps
the cursor where it was, and finishes once there is room (real platform, real tmpfs)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from tests.support.small_disk import leave_free, small_disk
from tests.sync.harness import Device


@pytest.mark.asyncio
async def test_pull_into_a_full_disk_names_the_disk(fresh_platform: Any, tmp_path: Path) -> None:
    users = fresh_platform.users
    url = fresh_platform.base_url
    writer = await Device.create("dev-w", users["nm-clerk1"], tmp_path / "w", url)
    rng = random.Random(7)
    for _ in range(120):
        await writer.intake(rng)
    assert (await writer.engine.run()).ok
    with small_disk(tmp_path / "disk", 24) as disk:
        reader = await Device.create("dev-r", users["nm-clerk2"], disk / "data", url)
        try:
            before = await reader.store.call(lambda s: s.pull_cursor())
            filler = leave_free(disk, 64 * 1024)
            outcome = await reader.engine.run()
            status = reader.engine.board.status
            assert not outcome.ok and status.last_error is not None
            assert status.last_error.code == "disk_full"
            assert "磁盘空间不足" in status.last_error.zh and "disk is full" in status.last_error.en
            assert await reader.store.call(lambda s: s.pull_cursor()) == before
            filler.unlink()
            assert (await reader.engine.run()).ok
            count = await reader.store.call(lambda s: s.counts_by_status(None))
            assert sum(count.values()) == 120
        finally:
            await reader.aclose()
    await writer.aclose()
