"""Pending sign-offs inbox on a real encrypted store, real widgets offscreen."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.detail.records import new_record
from tests.ui.intake.support import CLERK, SUPERVISOR
from ui.intake.runner import ThreadRunner
from ui.supervisor.backend import SupervisorBackend
from ui.supervisor.signoffs import SignoffView

OFFICE = "520102"


def _view(qtbot: QtBot, thread: StoreThread[Store], runner: ThreadRunner, actor=SUPERVISOR):  # type: ignore[no-untyped-def]
    view = SignoffView(SupervisorBackend(thread, actor, OFFICE), runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.reload()
    return view


def _status(thread: StoreThread[Store], record_id: str) -> str:
    return str(thread.call_blocking(lambda s: s.get(record_id))["status"])


def test_lists_proposals_with_reason_and_signs_off(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, qtmodeltester
) -> None:
    proposed = new_record(store_thread, "rejection_proposed")
    new_record(store_thread, "received")  # not a proposal: must not be listed
    view = _view(qtbot, store_thread, runner)
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 1
    assert view.model.rows[0]["id"] == proposed["id"]
    assert view.model.rows[0]["reason"] == "不属于本机关"
    assert "个体工商户登记申请书" in view.model.rows[0]["materials"]
    with qtbot.waitSignal(view.changed, timeout=5000) as sig:
        view.sign_button.click()
    assert sig.args == [proposed["id"]]
    assert _status(store_thread, proposed["id"]) == "rejected"
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=5000)


def test_return_needs_a_comment_then_goes_back_to_clerk(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    proposed = new_record(store_thread, "rejection_proposed")
    view = _view(qtbot, store_thread, runner)
    view.return_button.click()
    assert "comment" in view.status.text()
    assert _status(store_thread, proposed["id"]) == "rejection_proposed"
    commit = QInputMethodEvent("", [])  # Chinese arrives as an input-method commit
    commit.setCommitString("请核对住所地址")
    QApplication.sendEvent(view.comment, commit)
    with qtbot.waitSignal(view.changed, timeout=5000):
        view.return_button.click()
    doc = store_thread.call_blocking(lambda s: s.get(proposed["id"]))
    assert doc["status"] == "received"
    assert doc["history"][-1]["reason"] == "请核对住所地址"
    assert doc["history"][-1]["role"] == "supervisor"


def test_clerk_is_refused_by_the_store_and_nothing_changes(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    proposed = new_record(store_thread, "rejection_proposed")
    pending_before = store_thread.call_blocking(lambda s: len(s.pending_mutations(100)))
    view = _view(qtbot, store_thread, runner, actor=CLERK)
    view.sign_button.click()
    qtbot.waitUntil(lambda: view.status.text() != "", timeout=5000)
    assert _status(store_thread, proposed["id"]) == "rejection_proposed"
    assert store_thread.call_blocking(lambda s: len(s.pending_mutations(100))) == pending_before
