"""Conflict inbox: real conflicts and refusals recorded by the store, resolved from the widget."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.detail.records import intake, with_phone_conflict
from tests.ui.intake.support import CLERK, SUPERVISOR
from ui.intake.runner import ThreadRunner
from ui.supervisor.backend import SupervisorBackend
from ui.supervisor.conflicts import KEYS, ConflictInbox
from ui.supervisor.labels import status_text


def _inbox(qtbot: QtBot, thread: StoreThread[Store], runner: ThreadRunner) -> ConflictInbox:
    inbox = ConflictInbox(SupervisorBackend(thread, SUPERVISOR, "520102"), runner)
    qtbot.addWidget(inbox)
    with qtbot.waitSignal(inbox.loaded, timeout=5000):
        inbox.reload()
    return inbox


def _cells(inbox: ConflictInbox, row: int = 0) -> dict[str, str]:
    return {key: inbox.model.index(row, c).data() for c, key in enumerate(KEYS)}


def _pending(thread: StoreThread[Store]) -> int:
    return thread.call_blocking(lambda s: len(s.pending_mutations(100)))


def _open(thread: StoreThread[Store]) -> list[dict[str, Any]]:
    return thread.call_blocking(lambda s: s.open_conflicts())


def test_shows_receipt_applicant_label_and_both_values_then_keep_platform(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, qtmodeltester
) -> None:
    doc = with_phone_conflict(store_thread)
    inbox = _inbox(qtbot, store_thread, runner)
    qtmodeltester.check(inbox.model)
    assert inbox.model.rowCount() == 1 and inbox.empty.isHidden()
    cells = _cells(inbox)
    assert cells["receipt_no"] == doc["receipt_no"]
    assert cells["applicant_name"] == doc["applicant"]["name"]
    assert cells["field"] == "Phone"  # the form's label, not the path
    assert (cells["local"], cells["platform"]) == ("13700000000", "13900000000")
    assert "different value" in cells["what"]
    assert inbox.editor.field_combo.currentText() == "Phone"
    assert inbox.editor.value_edit.text() == "13700000000"
    with qtbot.waitSignal(inbox.changed, timeout=5000) as sig:
        inbox.keep_button.click()
    assert sig.args == [doc["id"]]
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 0, timeout=5000)
    assert _open(store_thread) == []
    assert store_thread.call_blocking(lambda s: s.get(doc["id"]))["phone"] == "13900000000"
    assert not inbox.empty.isHidden()


def test_resubmit_enqueues_a_new_mutation(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    with_phone_conflict(store_thread)
    before = _pending(store_thread)
    inbox = _inbox(qtbot, store_thread, runner)
    with qtbot.waitSignal(inbox.changed, timeout=5000):
        inbox.resubmit_button.click()
    assert _open(store_thread) == []
    assert _pending(store_thread) == before + 1


def test_empty_inbox_says_there_is_nothing_to_resolve(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    inbox = _inbox(qtbot, store_thread, runner)
    assert not inbox.empty.isHidden() and inbox.table.isHidden()
    assert "Nothing to resolve" in inbox.empty.text()
    for button in (inbox.keep_button, inbox.resubmit_button, inbox.editor.submit_button):
        assert not button.isEnabled()


def _rejected_action(thread: StoreThread[Store]) -> dict[str, Any]:
    """A phone change the platform refused, recorded as the sync engine would."""

    def make(store: Store) -> dict[str, Any]:
        doc = intake(store)
        store.set_fields(CLERK, doc["id"], {"phone": "13700000001"})
        create, change = store.pending_mutations(10)
        store.record_outcomes(
            [
                {"op_id": create["op_id"], "outcome": "applied", "version": 1},
                {"op_id": change["op_id"], "outcome": "rejected", "reason": "forbidden"},
            ]
        )
        return doc

    return thread.call_blocking(make)


def test_refused_action_explains_and_a_bad_value_is_refused_inline(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    doc = _rejected_action(store_thread)
    inbox = _inbox(qtbot, store_thread, runner)
    cells = _cells(inbox)
    assert cells["kind"] == inbox.tr("Refused by the platform")
    assert (cells["field"], cells["local"]) == ("Phone", "13700000001")
    assert "may not do it" in cells["what"]  # the reason in plain words, not "forbidden"
    assert "right role" in inbox.explain.text()  # and what to do about it
    assert not inbox.resubmit_button.isEnabled()  # cannot be sent again as it was
    assert "Discard" in inbox.keep_button.text()
    before = _pending(store_thread)
    inbox.editor.value_edit.setText("12345")
    inbox.editor.submit_button.click()
    error = inbox.editor.error.text()
    assert "电话号码格式错误" in error and "Not a phone number" in error  # both languages
    assert len(_open(store_thread)) == 1 and _pending(store_thread) == before
    inbox.editor.value_edit.setText("138 1111 2222")
    with qtbot.waitSignal(inbox.changed, timeout=5000):
        inbox.editor.submit_button.click()
    assert _open(store_thread) == []
    assert store_thread.call_blocking(lambda s: s.get(doc["id"]))["phone"] == "13811112222"
    assert _pending(store_thread) == before + 1


def _area_conflict(thread: StoreThread[Store]) -> dict[str, Any]:
    """A form value (经营面积) changed here and, differently, on the platform."""

    def make(store: Store) -> dict[str, Any]:
        doc = intake(store)
        store.set_fields(CLERK, doc["id"], {"form.area": 90})
        create, change = store.pending_mutations(10)
        platform_doc = {**create["payload"]["doc"], "version": 2}
        platform_doc["form"] = {**platform_doc["form"], "area": 95}
        store.record_outcomes(
            [
                {"op_id": create["op_id"], "outcome": "applied", "version": 1},
                {
                    "op_id": change["op_id"],
                    "outcome": "conflict",
                    "version": 2,
                    "current": platform_doc,
                    "conflicts": [{"path": "form.area", "base": 80, "local": 90, "platform": 95}],
                },
            ]
        )
        return doc

    return thread.call_blocking(make)


def test_form_field_edit_uses_the_schema_label_and_intake_checks(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    doc = _area_conflict(store_thread)
    inbox = _inbox(qtbot, store_thread, runner)
    cells = _cells(inbox)
    assert cells["field"] == "经营面积（平方米）"
    assert (cells["local"], cells["platform"]) == ("90", "95")
    before = _pending(store_thread)
    for bad in ("abc", "-5"):
        inbox.editor.value_edit.setText(bad)
        inbox.editor.submit_button.click()
        assert " / " in inbox.editor.error.text()
        assert len(_open(store_thread)) == 1 and _pending(store_thread) == before
    inbox.editor.value_edit.setText("120")
    with qtbot.waitSignal(inbox.changed, timeout=5000):
        inbox.editor.submit_button.click()
    assert store_thread.call_blocking(lambda s: s.get(doc["id"]))["form"]["area"] == 120
    assert _open(store_thread) == []


def test_refused_status_change_has_nothing_to_type_and_can_be_discarded(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    def make(store: Store) -> dict[str, Any]:
        doc = store.transition(CLERK, intake(store)["id"], "accepted")
        create, accept = store.pending_mutations(10)
        store.record_outcomes(
            [
                {"op_id": create["op_id"], "outcome": "applied", "version": 1},
                {"op_id": accept["op_id"], "outcome": "rejected", "reason": "no_such_code"},
            ]
        )
        return doc

    doc = store_thread.call_blocking(make)
    inbox = _inbox(qtbot, store_thread, runner)
    cells = _cells(inbox)
    assert cells["field"] == "Status" and cells["local"] == status_text("accepted")
    assert "no_such_code" in cells["what"]  # an unknown reason is still shown, with advice
    assert not inbox.editor.submit_button.isEnabled() and inbox.editor.note.text()
    with qtbot.waitSignal(inbox.changed, timeout=5000) as sig:
        inbox.keep_button.click()
    assert sig.args == [doc["id"]]
    assert _open(store_thread) == []


def test_double_click_asks_to_open_the_record(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    doc = with_phone_conflict(store_thread)
    inbox = _inbox(qtbot, store_thread, runner)
    inbox.show()
    qtbot.waitExposed(inbox)
    rect = inbox.table.visualRect(inbox.model.index(0, 1))
    viewport = inbox.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(inbox.openRequested, timeout=2000) as sig:
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert sig.args == [doc["id"]]


def test_refused_change_of_two_fields_is_corrected_and_sent_whole(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    def make(store: Store) -> dict[str, Any]:
        doc = intake(store)
        store.set_fields(CLERK, doc["id"], {"phone": "13700000001", "address": "云岩区1号"})
        create, change = store.pending_mutations(10)
        store.record_outcomes(
            [
                {"op_id": create["op_id"], "outcome": "applied", "version": 1},
                {"op_id": change["op_id"], "outcome": "rejected", "reason": "validation_failed"},
            ]
        )
        return doc

    doc = store_thread.call_blocking(make)
    inbox = _inbox(qtbot, store_thread, runner)
    editor = inbox.editor
    assert _cells(inbox)["field"] == "Phone、Address"
    assert [editor.field_combo.itemText(i) for i in range(2)] == ["Phone", "Address"]
    editor.value_edit.setText("12345")  # wrong phone, then move on to the address
    editor.select_path("address")
    assert editor.value_edit.text() == "云岩区1号"
    editor.value_edit.setText("云岩区2号")
    before = _pending(store_thread)
    editor.submit_button.click()
    assert editor.current_path() == "phone" and editor.value_edit.text() == "12345"
    assert "Not a phone number" in editor.error.text()
    assert _pending(store_thread) == before and len(_open(store_thread)) == 1
    editor.value_edit.setText("13811112222")
    with qtbot.waitSignal(inbox.changed, timeout=5000):
        editor.submit_button.click()
    now = store_thread.call_blocking(lambda s: s.get(doc["id"]))
    assert (now["phone"], now["address"]) == ("13811112222", "云岩区2号")
    assert _pending(store_thread) == before + 1 and _open(store_thread) == []
