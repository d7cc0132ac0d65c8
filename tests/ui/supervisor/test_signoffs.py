"""Pending sign-offs inbox on a real encrypted store, real widgets offscreen."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from demo.intake_data import DEMO_ITEM
from offline.domain.clock import TZ
from offline.store.store import Store
from offline.store.users import CachedUser
from sync.store_thread import StoreThread
from tests.ui.detail.records import new_record
from tests.ui.intake.support import CLERK, SUPERVISOR
from ui import i18n
from ui.context import SignedInUser, WorkspaceContext
from ui.detail.view import DetailView
from ui.intake.runner import ThreadRunner
from ui.supervisor import SupervisorPanel
from ui.supervisor.backend import SupervisorBackend
from ui.supervisor.signoffs import KEYS, SignoffView
from ui.workspace import Workspace

OFFICE = "520102"


def _view(qtbot: QtBot, thread: StoreThread[Store], runner: ThreadRunner, actor=SUPERVISOR):  # type: ignore[no-untyped-def]
    view = SignoffView(SupervisorBackend(thread, actor, OFFICE), runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.reload()
    return view


def _status(thread: StoreThread[Store], record_id: str) -> str:
    return str(thread.call_blocking(lambda s: s.get(record_id))["status"])


def _cache_clerk(thread: StoreThread[Store]) -> None:
    user = CachedUser(CLERK.user_id, "clerk1", "李明", "clerk", OFFICE)
    thread.call_blocking(lambda s: s.cache_user(user, "pw-123456", policy_days=7, max_failed=5))


def _cell(view: SignoffView, row: int, key: str, role: int = Qt.ItemDataRole.DisplayRole) -> str:
    return str(view.model.index(row, KEYS.index(key)).data(role))


def test_lists_proposals_by_name_and_local_time_and_signs_off(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, qtmodeltester
) -> None:
    _cache_clerk(store_thread)
    proposed = new_record(store_thread, "rejection_proposed")
    new_record(store_thread, "received")  # not a proposal: must not be listed
    view = _view(qtbot, store_thread, runner)
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 1 and view.empty.isHidden()
    assert _cell(view, 0, "item_name") == DEMO_ITEM["name"]  # not the catalog code
    assert _cell(view, 0, "clerk_name") == "李明"  # not u-clerk1
    assert _cell(view, 0, "clerk_name", Qt.ItemDataRole.ToolTipRole) == CLERK.user_id
    local = datetime.fromisoformat(proposed["received_at"]).astimezone(TZ)
    assert _cell(view, 0, "received_at") == local.strftime("%Y-%m-%d %H:%M")
    assert _cell(view, 0, "reason") == "不属于本机关"
    # the full materials list with counts, in the tooltip and in the detail pane
    tip = _cell(view, 0, "materials", Qt.ItemDataRole.ToolTipRole)
    names = [m["name"] for m in DEMO_ITEM["materials"][:3]]
    assert all(name in tip for name in names) and tip.count("\n") == 2
    pane = view.detail.toPlainText()
    assert "不属于本机关" in pane and all(name in pane for name in names)
    assert proposed["receipt_no"] in pane
    # one click only asks, naming the consequence; Cancel changes nothing
    i18n.install_translators(QApplication.instance(), "zh_CN")  # undone by the conftest
    view.sign_button.click()
    ask = view.confirm_dialog
    assert ask is not None and ask.isVisible()
    assert proposed["receipt_no"] in ask.question.text()
    assert ask.consequence.text() == (
        "签批后该件将被不予受理，申请人将收到不予受理通知书，此操作无法撤销。"
    )
    assert ask.cancel_button.isDefault() and not ask.confirm_button.isDefault()
    ask.cancel_button.click()
    assert _status(store_thread, proposed["id"]) == "rejection_proposed"
    assert view.model.rowCount() == 1
    view.sign_button.click()
    with qtbot.waitSignal(view.changed, timeout=5000) as sig:
        view.confirm_dialog.confirm_button.click()
    assert sig.args == [proposed["id"]]
    assert view.model.rowCount() == 0  # the decided row left at once
    assert _status(store_thread, proposed["id"]) == "rejected"
    assert proposed["receipt_no"] in view.status.text()
    qtbot.waitUntil(lambda: not view.empty.isHidden(), timeout=5000)
    assert not view.sign_button.isEnabled()


def test_comment_required_only_to_return(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    first = new_record(store_thread, "rejection_proposed")
    second = new_record(store_thread, "rejection_proposed")
    view = _view(qtbot, store_thread, runner)
    assert view.model.rowCount() == 2
    view.return_button.click()
    assert "comment" in view.status.text()
    assert _status(store_thread, first["id"]) == "rejection_proposed"
    commit = QInputMethodEvent("", [])  # Chinese arrives as an input-method commit
    commit.setCommitString("请核对住所地址")
    QApplication.sendEvent(view.comment, commit)
    with qtbot.waitSignal(view.changed, timeout=5000):
        view.return_button.click()
    doc = store_thread.call_blocking(lambda s: s.get(first["id"]))
    assert doc["status"] == "received"
    assert doc["history"][-1]["reason"] == "请核对住所地址"
    assert doc["history"][-1]["role"] == "supervisor"
    assert [r["id"] for r in view.model.rows] == [second["id"]]
    assert view.comment.text() == ""
    view.sign_button.click()  # signing off needs no comment, only the confirmation
    with qtbot.waitSignal(view.changed, timeout=5000):
        view.confirm_dialog.confirm_button.click()
    assert _status(store_thread, second["id"]) == "rejected"


def test_clerk_is_refused_by_the_store_and_nothing_changes(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    proposed = new_record(store_thread, "rejection_proposed")
    pending_before = store_thread.call_blocking(lambda s: len(s.pending_mutations(100)))
    view = _view(qtbot, store_thread, runner, actor=CLERK)
    view.sign_button.click()
    view.confirm_dialog.confirm_button.click()
    qtbot.waitUntil(lambda: view.status.text() != "", timeout=5000)
    assert _status(store_thread, proposed["id"]) == "rejection_proposed"
    assert store_thread.call_blocking(lambda s: len(s.pending_mutations(100))) == pending_before
    assert view.model.rowCount() == 1  # a refused decision keeps the row


def test_empty_inbox_says_so(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    view = _view(qtbot, store_thread, runner)
    view.show()
    assert view.empty.isVisible() and "No proposed rejections" in view.empty.text()
    assert not view.return_button.isEnabled()


def test_double_click_opens_the_record_in_the_workspace(
    qtbot: QtBot, store_thread: StoreThread[Store]
) -> None:
    proposed = new_record(store_thread, "rejection_proposed")
    ctx = WorkspaceContext(
        user=SignedInUser(SUPERVISOR.user_id, "wang", "王芳", OFFICE, ("supervisor",)),
        store=store_thread,
        office_code=OFFICE,
        office_name="南明区政务服务中心",
        terminal_code="03",
        device_id="dev-03",
    )
    workspace = Workspace(ctx)
    qtbot.addWidget(workspace)
    panel = workspace.supervisor_panel
    assert isinstance(panel, SupervisorPanel)
    view = panel.signoffs
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    workspace.tabs.setCurrentWidget(panel)
    workspace.show()
    qtbot.waitExposed(workspace)
    tabs_before = workspace.tabs.count()
    rect = view.table.visualRect(view.model.index(0, 1))
    # an item view reacts to a double click only after the press that starts it
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert workspace.tabs.count() == tabs_before + 1
    page = workspace.tabs.currentWidget()
    assert isinstance(page, DetailView) and page.record_id == proposed["id"]
    panel.close()
