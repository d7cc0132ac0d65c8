"""The status bar follows the real sync engine against the real platform, and the demo's
"simulate offline" switch takes the app through a real offline → online round trip."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from sync.scheduler import Timing
from tests.fixtures.platform import PlatformServer
from tests.ui.appfixture import RunningApp, start_app
from tests.ui.asyncutil import settle, wait_until
from tests.ui.seeding import intake
from ui.status_bar import headline


async def signed_in(qtbot: QtBot, tmp_path: Path, server: PlatformServer) -> RunningApp:
    timing = Timing(period=60.0, debounce=0.1, probe_base=0.1, probe_cap=0.5)
    app = await start_app(qtbot, tmp_path, server.base_url, demo=True, sync_timing=timing)
    await app.register(server.base_url, "nm-super")
    app.window.first_run.start.click()
    assert app.user is not None
    return app


def _intake(store: Any, clerk: str, seed: int) -> str:
    return str(intake(store, clerk, random.Random(seed))["id"])


@pytest.mark.asyncio
async def test_status_bar_is_honest_through_offline_work_and_reconnect(
    qtbot: QtBot, tmp_path: Path, fresh_platform: PlatformServer
) -> None:
    app = await signed_in(qtbot, tmp_path, fresh_platform)
    bar = app.window.status
    sync = app.controller.sync
    assert sync is not None
    await wait_until(lambda: bar.status.settled, timeout=20)
    assert headline(bar.status) in bar.state.text()
    assert bar.status.online is True

    # Offline: the demo switch cuts the transport; work queues up and the bar says so.
    app.window.banner.offline.setChecked(True)
    workspace = app.controller.current
    assert workspace is not None
    ctx = workspace.ctx
    ids = [await ctx.store.call(_intake, ctx.user.user_id, seed) for seed in (1, 2)]
    ctx.changed(ids)
    await wait_until(lambda: bar.status.pending == 2, timeout=20)
    app.window.sync_now.trigger()
    await wait_until(lambda: bar.status.online is False and not bar.status.running, timeout=20)
    assert not bar.status.settled
    assert headline(bar.status) not in ("All synced",)
    assert "2" in bar.pending.text() and bar.pending.text() != "Nothing pending"
    for record_id in ids:
        assert await ctx.store.call(lambda s, i=record_id: s.record_sync_state(i)) == "pending"
    await wait_until(lambda: workspace.queue.model.rowCount() == 2, timeout=10)

    # Back online: the switch triggers a sync; everything drains and only then "synced".
    app.window.banner.offline.setChecked(False)
    await wait_until(lambda: bar.status.settled, timeout=30)
    assert bar.status.pending == 0 and bar.status.online is True
    assert headline(bar.status) in bar.state.text()
    assert bar.status.last_success_at is not None
    for record_id in ids:
        assert await ctx.store.call(lambda s, i=record_id: s.record_sync_state(i)) == "synced"
    await wait_until(
        lambda: all(
            (row := workspace.queue.model.cached_row(r)) is not None and row.sync_state == "synced"
            for r in range(2)
        ),
        timeout=10,
    )
    await app.close()
    await settle()
