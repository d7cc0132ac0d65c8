"""The shell's entry point builds all three tabs over the workspace's store thread."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.detail.records import new_record
from ui.context import SignedInUser, WorkspaceContext
from ui.supervisor import SupervisorPanel, open_supervisor_panel


def test_open_supervisor_panel_loads_and_reports_changes(
    qtbot: QtBot, store_thread: StoreThread[Store]
) -> None:
    proposed = new_record(store_thread, "rejection_proposed")
    changed: list[list[str]] = []
    ctx = WorkspaceContext(
        user=SignedInUser("u-super1", "wang", "王芳", "520102", roles=("clerk", "supervisor")),
        store=store_thread,
        office_code="520102",
        office_name="南明区政务服务中心",
        terminal_code="03",
        device_id="dev",
        on_change=changed.append,
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    panel = open_supervisor_panel(ctx, parent)
    assert isinstance(panel, SupervisorPanel) and panel.count() == 3
    qtbot.waitUntil(lambda: panel.signoffs.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: panel.audit.model.rowCount() > 0, timeout=5000)
    panel.signoffs.sign_button.click()
    qtbot.waitUntil(lambda: changed == [[proposed["id"]]], timeout=5000)
    panel.close()
