"""The whole app signed in as a supervisor against the real platform: the panel reaches the
controller's platform client, the office queue opens a record in the workspace, and the
devices tab lists this terminal from the platform."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from offline.store.actions import Actor
from tests.sync.harness import intake_fields
from tests.ui.appfixture import start_app
from tests.ui.asyncutil import settle, wait_until
from ui.supervisor import SupervisorPanel


@pytest.mark.asyncio
async def test_supervisor_panel_in_the_running_app(
    qtbot: QtBot, tmp_path: Path, fresh_platform: Any
) -> None:
    app = await start_app(qtbot, tmp_path, fresh_platform.base_url)
    try:
        await app.register(fresh_platform.base_url, "nm-super")
        assert app.window.first_run.message.text() == ""
        app.window.first_run.start.click()  # "start working" after the registration page
        workspace = app.controller.current
        assert workspace is not None and app.user is not None
        panel = workspace.supervisor_panel
        assert isinstance(panel, SupervisorPanel)
        assert panel.devices.client() is app.controller.client is not None

        store, actor = app.controller.store, Actor(app.user.user_id, "clerk")  # also a clerk
        assert store is not None

        def add(s: Any) -> dict[str, Any]:
            item = s.list_items()[0]
            return dict(s.intake(actor, **intake_fields(item, random.Random(3))))

        workspace.tabs.setCurrentWidget(panel)
        panel.setCurrentWidget(panel.office)
        office = panel.office
        await wait_until(lambda: "0" in office.info.text(), timeout=10)  # shown: read once
        doc = await store.call(add)
        panel.records_changed([doc["id"]])  # what the workspace calls after an action or sync
        await wait_until(lambda: office.model.rowCount() == 1, timeout=10)
        office.model.data(office.model.index(0, 1))
        await wait_until(lambda: office.model.row_id(0) == doc["id"])
        before = workspace.tabs.count()
        office.table.activated.emit(office.model.index(0, 1))
        assert workspace.tabs.count() == before + 1
        assert workspace.tabs.currentWidget() is not panel

        workspace.tabs.setCurrentWidget(panel)
        panel.setCurrentWidget(panel.devices)
        devices = panel.devices
        await wait_until(lambda: devices.last_fetched is not None, timeout=20)
        await wait_until(lambda: devices.refresh_button.isEnabled(), timeout=20)
        rows = devices.model.rows
        assert rows[0].own and rows[0].device_id == app.controller.device_id
        assert rows[0].pending is not None
        assert [r.device_id for r in devices.last_fetched[0].devices] == [rows[0].device_id]
        await settle()
    finally:
        await app.close()
