"""A real conflict, end to end: two devices, the reference platform on loopback, the
sync engine, and the detail view resolving it with a new mutation that syncs through.

The devices' network and sync work runs on a private asyncio loop between the Qt steps
(httpx's connection pool does not close cleanly under qasync's loop), while the view is
driven by pytest-qt as everywhere else.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.sync.harness import Device
from tests.ui.intake.support import CONTEXT, press
from ui.detail.backend import StoreDetailBackend
from ui.detail.view import TAB_CONFLICTS, DetailView
from ui.intake.runner import ThreadRunner

T = TypeVar("T")


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    private = asyncio.new_event_loop()
    yield private
    private.close()


def run(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, T]) -> T:
    return loop.run_until_complete(coro)


def test_platform_conflict_resolved_in_the_detail_view(
    qtbot: QtBot,
    runner: ThreadRunner,
    loop: asyncio.AbstractEventLoop,
    fresh_platform: Any,
    tmp_path: Path,
) -> None:
    users, url = fresh_platform.users, fresh_platform.base_url
    a = run(loop, Device.create("dev-a", users["nm-clerk1"], tmp_path / "a", url))
    b = run(loop, Device.create("dev-b", users["nm-clerk2"], tmp_path / "b", url))
    try:
        rid = run(loop, a.intake(random.Random(5)))["id"]
        assert run(loop, a.engine.run()).ok and run(loop, b.engine.run()).ok
        actor_a, actor_b = a.actor, b.actor
        b.store.call_blocking(lambda s: s.set_fields(actor_b, rid, {"phone": "13900000001"}))
        assert run(loop, b.engine.run()).ok
        a.store.call_blocking(lambda s: s.set_fields(actor_a, rid, {"phone": "13900000002"}))
        run(loop, a.engine.run())  # the platform answers "conflict" for a's change

        view = DetailView(StoreDetailBackend(a.store, actor_a), runner, rid, CONTEXT, tmp_path)
        qtbot.addWidget(view)
        with qtbot.waitActive(view):
            view.show()
            view.activateWindow()
        with qtbot.waitSignal(view.loaded, timeout=10000):
            view.reload()
        assert view.conflicts.rowCount() == 1
        cells = [view.conflicts.index(0, c).data() for c in range(4)]
        assert cells[0] in ("联系电话", "Phone") and cells[2:] == ["13900000002", "13900000001"]
        assert view.data is not None and view.data.sync_state == "conflict"
        assert view.data.doc["phone"] == "13900000001"  # the platform's value is shown

        view.tabs.setCurrentIndex(TAB_CONFLICTS)
        view.conflicts_view.setFocus()
        with qtbot.waitSignal(view.loaded, timeout=10000):
            press(qtbot, Qt.Key.Key_F8)  # resubmit my value: a NEW mutation
        assert view.conflicts.rowCount() == 0
        pending = a.store.call_blocking(lambda s: s.pending_mutations(10))
        assert [(m["kind"], m["payload"]["fields"]) for m in pending] == [
            ("set_fields", {"phone": "13900000002"})
        ]
        assert run(loop, a.engine.run()).ok
        assert run(loop, b.engine.run()).ok
        assert b.store.call_blocking(lambda s: s.get(rid))["phone"] == "13900000002"
        with qtbot.waitSignal(view.loaded, timeout=10000):
            view.reload()
        assert view.data is not None and view.data.sync_state == "synced"
        qtbot.waitUntil(lambda: not runner.busy)
    finally:
        run(loop, a.aclose())
        run(loop, b.aclose())
