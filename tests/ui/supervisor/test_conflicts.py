"""Conflict inbox: a real conflict recorded by the store, resolved from the widget."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.detail.records import intake, with_phone_conflict
from tests.ui.intake.support import CLERK, SUPERVISOR
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


def _rejected_action(thread: StoreThread[Store]) -> dict[str, object]:
    """A phone change the platform refused, recorded as the sync engine would."""

    def make(store: Store) -> dict[str, object]:
        doc = intake(store)
        store.set_fields(CLERK, doc["id"], {"phone": "13700000001"})
        create, change = store.pending_mutations(10)
        store.record_outcomes(
            [
                {"op_id": create["op_id"], "outcome": "applied", "version": 1},
                {"op_id": change["op_id"], "outcome": "rejected", "reason": "forbidden_field"},
            ]
        )
        return doc

    return thread.call_blocking(make)


def test_rejected_action_shows_reason_and_is_fixed_by_an_edit(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    doc = _rejected_action(store_thread)
    inbox = _inbox(qtbot, store_thread, runner)
    assert inbox.model.rowCount() == 1
    texts = [inbox.model.index(0, c).data() for c in range(inbox.model.columnCount())]
    assert inbox.tr("Refused by the platform") in texts and "forbidden_field" in texts
    before = store_thread.call_blocking(lambda s: len(s.pending_mutations(100)))
    inbox.resubmit_button.click()  # the store refuses: a rejected action is not resent as is
    qtbot.waitUntil(lambda: "resubmit" in inbox.status.text() or "重新" in inbox.status.text())
    assert len(store_thread.call_blocking(lambda s: s.open_conflicts())) == 1
    assert store_thread.call_blocking(lambda s: len(s.pending_mutations(100))) == before
    inbox.field_edit.setText("phone")
    inbox.value_edit.setText("13811112222")
    with qtbot.waitSignal(inbox.changed, timeout=5000):
        inbox.edit_button.click()
    assert store_thread.call_blocking(lambda s: s.open_conflicts()) == []
    assert store_thread.call_blocking(lambda s: s.get(doc["id"]))["phone"] == "13811112222"
    assert store_thread.call_blocking(lambda s: len(s.pending_mutations(100))) == before + 1
