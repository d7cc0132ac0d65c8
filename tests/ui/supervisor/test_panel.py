"""The shell's entry point builds every tab over the workspace's store thread and routes
records opened from the panel to the workspace's ``open_record``."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.detail.records import new_record
from ui.context import SignedInUser, WorkspaceContext
from ui.supervisor import SupervisorPanel, open_supervisor_panel


class _Workspace(QWidget):
    """Stands in for ui.workspace.Workspace's one method the panel uses."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    def open_record(self, record_id: str) -> None:
        self.opened.append(record_id)


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
    parent = _Workspace()
    qtbot.addWidget(parent)
    panel = open_supervisor_panel(ctx, parent)
    assert isinstance(panel, SupervisorPanel) and panel.count() == 8  # + follow-ups, queue times
    assert panel.widget(0) is panel.office and panel.indexOf(panel.devices) == 3
    assert panel.indexOf(panel.reports) == 4
    panel.office.openRequested.emit(proposed["id"])
    assert parent.opened == [proposed["id"]]
    qtbot.waitUntil(lambda: panel.signoffs.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: panel.audit.model.rowCount() > 0, timeout=5000)
    panel.signoffs.sign_button.click()
    panel.signoffs.confirm_dialog.confirm_button.click()
    qtbot.waitUntil(lambda: changed == [[proposed["id"]]], timeout=5000)
    panel.close()
