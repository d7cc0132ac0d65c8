"""设备与同步 over real stores and the real platform on loopback: the platform's list plus this
computer's outbox, the cached list when the link is down, red rows with reasons."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from sync.store_thread import StoreThread
from tests.sync.harness import Device
from tests.ui.asyncutil import settle, wait_signal
from tests.ui.supervisor.office import office_ctx, seeded_store
from ui.context import SignedInUser, WorkspaceContext
from ui.supervisor.devices import ATTENTION_BG, DeviceHealthView


@pytest_asyncio.fixture
async def office(fresh_platform: Any, tmp_path: Path) -> AsyncIterator[dict[str, Device]]:
    users, url = fresh_platform.users, fresh_platform.base_url
    made = {
        "clerk": await Device.create("dev-c", users["nm-clerk1"], tmp_path / "c", url),
        "super": await Device.create("dev-s", users["nm-super"], tmp_path / "s", url),
    }
    yield made
    for d in made.values():
        await d.aclose()


def ctx_for(device: Device) -> WorkspaceContext:
    user = SignedInUser(
        device.user_id, device.username, "王建国", "520102", ("clerk", "supervisor")
    )
    return WorkspaceContext(
        user=user,
        store=device.store,
        office_code=device.office_code,
        office_name="南明区政务服务中心",
        terminal_code="02",
        device_id="",
    )


@pytest.mark.asyncio
async def test_platform_list_then_cached_list_when_offline(
    qtbot: QtBot, qtmodeltester: ModelTester, office: dict[str, Device]
) -> None:
    clerk, sup = office["clerk"], office["super"]
    await clerk.intake(random.Random(1))
    assert (await clerk.engine.run()).ok
    await sup.intake(random.Random(2))  # waits in the supervisor's own outbox
    view = DeviceHealthView(ctx_for(sup), lambda: sup.client)
    qtbot.addWidget(view)
    view.refresh()
    await wait_signal(view.refreshed, timeout=15)
    model = view.model
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 2
    assert model.rows[0].own and model.rows[0].device_id == await sup.engine.device_id()
    assert model.rows[0].pending == 1 and model.cell(model.rows[0], 4) == "1"
    assert model.rows[1].device_id == await clerk.engine.device_id()
    assert model.cell(model.rows[1], 4) == "—"  # only that device knows its outbox
    assert model.rows[1].last_push_at is not None and model.rows[1].last_pull_at is not None
    assert not any(r.attention for r in model.rows)
    fetched_text = view.source.text()

    sup.faults.down = True  # the link drops
    view.refresh()
    await wait_signal(view.refreshed, timeout=30)
    assert model.rowCount() == 2  # the list fetched before, plus this computer now
    assert view.source.text() != fetched_text
    assert any(ch.isdigit() for ch in view.source.text())  # "fetched at <time>"
    await settle()


@pytest.mark.asyncio
async def test_without_platform_only_this_computer_and_a_stuck_action_is_red(
    qtbot: QtBot, tmp_path: Path
) -> None:
    store: StoreThread[Any] = seeded_store(tmp_path / "store.db", n=2)
    try:
        op_ids = store.call_blocking(lambda s: [m["op_id"] for m in s.pending_mutations(2)])

        def fail(s: Any) -> None:
            for _ in range(5):
                s.mark_in_flight(op_ids[:1])
                s.note_push_failure(op_ids[:1], "bad gateway")

        store.call_blocking(fail)
        view = DeviceHealthView(office_ctx(store), lambda: None)
        qtbot.addWidget(view)
        view.refresh()
        await wait_signal(view.refreshed)
        model = view.model
        assert model.rowCount() == 1 and model.rows[0].own
        assert model.rows[0].pending == 3 and model.rows[0].policy_days == 7
        assert model.rows[0].attention
        reason = model.index(0, model.columnCount() - 1)
        assert "bad gateway" in model.data(reason)
        assert model.data(reason, Qt.ItemDataRole.BackgroundRole).color() == ATTENTION_BG
        assert "1" in view.source.text()  # "1 device(s) need attention"
    finally:
        await settle()
        store.close()
