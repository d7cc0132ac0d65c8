"""Conflict inbox: a real conflict recorded by the store, resolved from the widget."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.detail.records import with_phone_conflict
from tests.ui.intake.support import SUPERVISOR
from ui.intake.runner import ThreadRunner
from ui.supervisor.backend import SupervisorBackend
from ui.supervisor.conflicts import ConflictInbox


def _inbox(qtbot: QtBot, thread: StoreThread[Store], runner: ThreadRunner) -> ConflictInbox:
    inbox = ConflictInbox(SupervisorBackend(thread, SUPERVISOR, "520102"), runner)
    qtbot.addWidget(inbox)
    with qtbot.waitSignal(inbox.loaded, timeout=5000):
        inbox.reload()
    return inbox


def test_shows_both_values_and_keep_platform_resolves(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, qtmodeltester
) -> None:
    doc = with_phone_conflict(store_thread)
    inbox = _inbox(qtbot, store_thread, runner)
    qtmodeltester.check(inbox.model)
    assert inbox.model.rowCount() == 1
    texts = [inbox.model.index(0, c).data() for c in range(inbox.model.columnCount())]
    assert "13700000000" in texts and "13900000000" in texts
    with qtbot.waitSignal(inbox.changed, timeout=5000) as sig:
        inbox.keep_button.click()
    assert sig.args == [doc["id"]]
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 0, timeout=5000)
    assert store_thread.call_blocking(lambda s: s.open_conflicts()) == []
    assert store_thread.call_blocking(lambda s: s.get(doc["id"]))["phone"] == "13900000000"


def test_resubmit_enqueues_a_new_mutation(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    with_phone_conflict(store_thread)
    before = store_thread.call_blocking(lambda s: len(s.pending_mutations(100)))
    inbox = _inbox(qtbot, store_thread, runner)
    with qtbot.waitSignal(inbox.changed, timeout=5000):
        inbox.resubmit_button.click()
    assert store_thread.call_blocking(lambda s: s.open_conflicts()) == []
    assert store_thread.call_blocking(lambda s: len(s.pending_mutations(100))) == before + 1


def test_nothing_selected_changes_nothing(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    inbox = _inbox(qtbot, store_thread, runner)
    inbox.keep_button.click()
    assert "Select" in inbox.status.text()
