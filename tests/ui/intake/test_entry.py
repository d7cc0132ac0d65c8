"""The shell's entry points open the real wizard and detail inside a workspace."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.intake.support import press
from ui.context import SignedInUser, WorkspaceContext
from ui.detail.view import DetailView
from ui.intake.wizard import IntakeWizard
from ui.workspace import Workspace


def test_workspace_opens_intake_then_detail(qtbot: QtBot, store_thread: StoreThread[Store]) -> None:
    changes: list[list[str]] = []
    ctx = WorkspaceContext(
        user=SignedInUser("u-clerk1", "clerk1", "李明", "520102", ("clerk",)),
        store=store_thread,
        office_code="520102",
        office_name="南明区政务服务中心",
        terminal_code="03",
        device_id="dev-03",
        demo=True,
        on_change=changes.append,
    )
    workspace = Workspace(ctx)
    qtbot.addWidget(workspace)
    with qtbot.waitActive(workspace):
        workspace.show()
        workspace.activateWindow()
    wizard = workspace.new_intake()
    assert isinstance(wizard, IntakeWizard)
    qtbot.waitUntil(lambda: wizard.drafts.draft_id is not None)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_F2)  # demo mode has the simulated card reader
    qtbot.waitUntil(lambda: wizard.applicant_page.person.name.text() != "")
    wizard.applicant_page.phone.setText("13800138000")
    press(qtbot, Qt.Key.Key_Return)
    wizard.form_page.set_values_raw({"shop_name": "老张粉馆", "area": "80", "business": "餐饮"})
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)  # no materials: supplement notice
    with qtbot.waitSignal(wizard.submitted, timeout=10000) as done:
        press(qtbot, Qt.Key.Key_Return)
    doc = done.args[0]
    assert changes == [[doc["id"]]]
    detail = workspace.open_record(doc["id"])
    assert isinstance(detail, DetailView)
    qtbot.waitUntil(lambda: detail.data is not None)
    assert detail.data is not None and detail.data.doc["status"] == "awaiting_supplement"
    assert "resume" in detail.action_buttons
    wizard.drafts.cancel()


def test_ctrl_n_reuses_an_idle_or_finished_intake_tab_and_ctrl_pgup_pgdn_switch_tabs(
    qtbot: QtBot, store_thread: StoreThread[Store]
) -> None:
    ctx = WorkspaceContext(
        user=SignedInUser("u-clerk1", "clerk1", "李明", "520102", ("clerk",)),
        store=store_thread,
        office_code="520102",
        office_name="南明区政务服务中心",
        terminal_code="03",
        device_id="dev-03",
        demo=True,
        on_change=lambda _ids: None,
    )
    workspace = Workspace(ctx)
    qtbot.addWidget(workspace)
    with qtbot.waitActive(workspace):
        workspace.show()
        workspace.activateWindow()
    tabs = workspace.tabs
    wizard = workspace.new_intake()
    assert isinstance(wizard, IntakeWizard)
    qtbot.waitUntil(lambda: wizard.drafts.draft_id is not None)
    assert workspace.new_intake() is wizard and tabs.count() == 2  # nothing started yet
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: wizard.applicant_page.person.name.text() != "")
    wizard.applicant_page.phone.setText("13800138000")
    press(qtbot, Qt.Key.Key_Return)
    wizard.form_page.set_values_raw({"shop_name": "老张粉馆", "area": "80", "business": "餐饮"})
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    with qtbot.waitSignal(wizard.submitted, timeout=10000):
        press(qtbot, Qt.Key.Key_Return)
    assert wizard.record is not None and tabs.count() == 2
    # The intake is done: Ctrl+N starts the next applicant in the same tab.
    assert workspace.new_intake() is wizard
    assert tabs.count() == 2 and wizard.record is None and wizard.current_step() == 0
    # Work under way is never taken over: a second intake gets its own tab.
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.in_progress()
    second = workspace.new_intake()
    assert second is not wizard and tabs.count() == 3
    assert tabs.currentWidget() is second
    press(qtbot, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentWidget() is wizard
    press(qtbot, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 0
    press(qtbot, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentWidget() is second  # round the start
    press(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 0  # round the end
    for page in (wizard, second):
        page.drafts.cancel()  # type: ignore[attr-defined]
