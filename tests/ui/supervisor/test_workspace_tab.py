"""A supervisor's workspace carries the supervisor panel; a clerk's does not."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from offline.store.store import Store
from sync.store_thread import StoreThread
from ui.context import SignedInUser, WorkspaceContext
from ui.supervisor import SupervisorPanel
from ui.workspace import Workspace


def _workspace(qtbot: QtBot, store_thread: StoreThread[Store], roles: tuple[str, ...]) -> Workspace:
    ctx = WorkspaceContext(
        user=SignedInUser("u-x", "x", "王五", "520102", roles),
        store=store_thread,
        office_code="520102",
        office_name="南明区政务服务中心",
        terminal_code="03",
        device_id="dev-03",
        demo=True,
        on_change=lambda ids: None,
    )
    workspace = Workspace(ctx)
    qtbot.addWidget(workspace)
    return workspace


@pytest.mark.parametrize(("roles", "has_panel"), [(("supervisor",), True), (("clerk",), False)])
def test_supervisor_panel_only_for_supervisors(
    qtbot: QtBot, store_thread: StoreThread[Store], roles: tuple[str, ...], has_panel: bool
) -> None:
    workspace = _workspace(qtbot, store_thread, roles)
    panels = [
        workspace.tabs.widget(i)
        for i in range(workspace.tabs.count())
        if isinstance(workspace.tabs.widget(i), SupervisorPanel)
    ]
    assert bool(panels) is has_panel
    if has_panel:
        index = workspace.tabs.indexOf(panels[0])
        workspace._close_tab(index)  # the fixed tab cannot be closed
        assert workspace.tabs.indexOf(panels[0]) == index
        panels[0].close()
