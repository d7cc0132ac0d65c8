"""The detail view over a real store: actions by role and state, conflicts, ratings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from offline.store.actions import Actor
from offline.store.store import Store
from offline.store.users import CachedUser
from sync.store_thread import StoreThread
from tests.ui.detail.records import (
    approved_by_platform,
    awaiting_supplement,
    new_record,
    with_phone_conflict,
)
from tests.ui.intake.support import CLERK, CONTEXT, SUPERVISOR, focused, press, type_text
from ui.detail.backend import StoreDetailBackend
from ui.detail.view import TAB_CONFLICTS, DetailView
from ui.intake.runner import ThreadRunner

ViewFactory = Callable[[str, Actor], DetailView]


@pytest.fixture
def open_view(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, tmp_path: Path
) -> ViewFactory:
    def make(record_id: str, actor: Actor = CLERK) -> DetailView:
        view = DetailView(
            StoreDetailBackend(store_thread, actor), runner, record_id, CONTEXT, tmp_path
        )
        qtbot.addWidget(view)
        with qtbot.waitActive(view):
            view.show()
            view.activateWindow()
        with qtbot.waitSignal(view.loaded):
            view.reload()
        return view

    return make


def test_buttons_are_the_allowed_actions(
    store_thread: StoreThread[Store], open_view: ViewFactory
) -> None:
    doc = new_record(store_thread, "rejection_proposed")
    clerk = open_view(doc["id"], CLERK)
    assert list(clerk.action_buttons) == ["note", "reprint"]
    supervisor = open_view(doc["id"], SUPERVISOR)
    assert list(supervisor.action_buttons) == ["sign_off", "return", "note", "reprint"]
    assert clerk.timeline.rowCount() == 2
    assert "pending" in clerk.sync_label.text().lower() or "待同步" in clerk.sync_label.text()


def test_supervisor_signs_off_a_rejection_by_keyboard(
    qtbot: QtBot, store_thread: StoreThread[Store], open_view: ViewFactory
) -> None:
    doc = new_record(store_thread, "rejection_proposed")
    view = open_view(doc["id"], SUPERVISOR)
    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # sign off
    assert view.panel.isVisible()
    press(qtbot, Qt.Key.Key_Return)
    # it only asks, naming the consequence; Enter again means Cancel (the default)
    ask = view.confirm_dialog
    assert ask is not None and ask.isVisible() and doc["receipt_no"] in ask.question.text()
    assert "cannot be undone" in ask.consequence.text()
    qtbot.waitUntil(lambda: focused() is ask.cancel_button)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not ask.isVisible())
    stored = store_thread.call_blocking(lambda s: s.get(doc["id"]))
    assert stored["status"] == "rejection_proposed"
    view.panel.confirm()
    assert view.confirm_dialog is not None and view.confirm_dialog is not ask
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.confirm_dialog.confirm_button.click()
    assert view.data is not None and view.data.doc["status"] == "rejected"
    assert view.timeline.rowCount() == 3
    assert view.timeline.index(2, 2).data().startswith("u-super1")
    panel = view.print_panel.list
    assert "rejection" in [panel.item(i).data(256) for i in range(panel.count())]


def test_withdraw_needs_a_reason_and_changes_nothing_without_it(
    qtbot: QtBot, store_thread: StoreThread[Store], open_view: ViewFactory
) -> None:
    doc = new_record(store_thread, "received")
    view = open_view(doc["id"])
    view.start_action(next(a for a in view._actions if a.key == "withdraw"))
    assert focused().objectName() == "action_reason"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.panel.error.isVisible())
    assert "理由" in view.panel.error.text()
    assert store_thread.call_blocking(lambda s: s.get(doc["id"]))["status"] == "received"
    type_text(qtbot, "申请人主动撤回")
    with qtbot.waitSignal(view.loaded, timeout=10000):
        press(qtbot, Qt.Key.Key_Return)
    stored = store_thread.call_blocking(lambda s: s.get(doc["id"]))
    assert stored["status"] == "withdrawn"
    assert stored["history"][-1]["reason"] == "申请人主动撤回"
    assert list(view.action_buttons) == ["note", "reprint"]


def test_rating_given_offline_is_kept_and_queued(
    qtbot: QtBot, store_thread: StoreThread[Store], open_view: ViewFactory
) -> None:
    doc = new_record(store_thread, "accepted")
    view = open_view(doc["id"])
    view.start_action(next(a for a in view._actions if a.key == "rate"))
    press(qtbot, Qt.Key.Key_Down)  # 5 → 4
    with qtbot.waitSignal(view.loaded, timeout=10000):
        press(qtbot, Qt.Key.Key_Return)
    stored = store_thread.call_blocking(lambda s: s.get(doc["id"]))
    assert [(r["stage"], r["score"]) for r in stored["ratings"]] == [("acceptance", 4)]
    pending = store_thread.call_blocking(lambda s: s.pending_mutations(10))
    assert pending[-1]["kind"] == "rate"
    assert "rate" not in view.action_buttons  # once per stage
    assert view.notes.count() == 1


def test_conflict_side_by_side_and_resubmit_makes_a_new_mutation(
    qtbot: QtBot, store_thread: StoreThread[Store], open_view: ViewFactory
) -> None:
    doc = with_phone_conflict(store_thread)
    view = open_view(doc["id"])
    assert view.conflicts.rowCount() == 1
    row = [view.conflicts.index(0, c).data() for c in range(4)]
    assert row[0] in ("联系电话", "Phone")  # the field's name, not the stored path
    assert row[1:] == ["13800138000", "13700000000", "13900000000"]
    assert view.conflicts.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "phone"
    header = view.header.text()
    assert "Status:" not in header or view.tr("Status: %1 · Due: %2").startswith("Status")
    assert "Sync: " in view.sync_label.text() or "同步" in view.sync_label.text()
    assert "冲突" in view.sync_label.text() or "onflict" in view.sync_label.text()
    assert view.tabs.tabText(TAB_CONFLICTS).endswith("(1)")
    before = store_thread.call_blocking(lambda s: s.pending_mutations(10))
    assert before == []  # everything settled: the clerk's value lives only in the conflict
    view.tabs.setCurrentIndex(TAB_CONFLICTS)
    view.conflicts_view.setFocus()
    with qtbot.waitSignal(view.loaded, timeout=10000):
        press(qtbot, Qt.Key.Key_F8)
    after = store_thread.call_blocking(lambda s: s.pending_mutations(10))
    assert len(after) == 1
    assert after[0]["kind"] == "set_fields"
    assert after[0]["payload"]["fields"] == {"phone": "13700000000"}
    assert after[0]["payload"]["base"] == {"phone": "13900000000"}
    assert view.conflicts.rowCount() == 0
    assert store_thread.call_blocking(lambda s: s.open_conflicts(doc["id"])) == []


def test_keep_platform_value_closes_the_conflict_without_a_mutation(
    qtbot: QtBot, store_thread: StoreThread[Store], open_view: ViewFactory
) -> None:
    doc = with_phone_conflict(store_thread)
    view = open_view(doc["id"])
    view.conflicts_view.setFocus()
    with qtbot.waitSignal(view.loaded, timeout=10000):
        press(qtbot, Qt.Key.Key_F7)
    assert store_thread.call_blocking(lambda s: s.pending_mutations(10)) == []
    assert store_thread.call_blocking(lambda s: s.get(doc["id"]))["phone"] == "13900000000"
    assert view.conflicts.rowCount() == 0


def test_models_pass_qtmodeltester(
    qtmodeltester: ModelTester, store_thread: StoreThread[Store], open_view: ViewFactory
) -> None:
    view = open_view(with_phone_conflict(store_thread)["id"])
    qtmodeltester.check(view.timeline)
    qtmodeltester.check(view.conflicts)


def test_delivery_record_after_platform_approval(
    qtbot: QtBot, store_thread: StoreThread[Store], open_view: ViewFactory
) -> None:
    doc = approved_by_platform(store_thread)
    view = open_view(doc["id"])
    assert list(view.action_buttons) == ["deliver", "rate", "note", "reprint"]
    platform_rows = [r for r in range(view.timeline.rowCount())
                     if view.timeline.index(r, 2).data().startswith("bo-1")]  # fmt: skip
    assert len(platform_rows) == 2
    view.start_action(view._actions[0])
    press(qtbot, Qt.Key.Key_Down)  # mail
    press(qtbot, Qt.Key.Key_Return)  # no tracking number yet
    qtbot.waitUntil(lambda: view.panel.error.isVisible())
    assert "运单号" in view.panel.error.text()
    view.panel.fields["tracking_no"].setFocus()
    type_text(qtbot, "SF1234567890")
    with qtbot.waitSignal(view.loaded, timeout=10000):
        press(qtbot, Qt.Key.Key_Return)
    stored = store_thread.call_blocking(lambda s: s.get(doc["id"]))
    assert stored["status"] == "delivered"
    assert stored["delivery"]["tracking_no"] == "SF1234567890"


@pytest.mark.usefixtures("device_clock")  # the due date needs a day the calendar knows
def test_supplied_material_with_scan_then_accept(
    qtbot: QtBot,
    store_thread: StoreThread[Store],
    open_view: ViewFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = awaiting_supplement(store_thread)
    view = open_view(doc["id"])
    assert "add_material" in view.action_buttons
    scan = tmp_path / "lease.pdf"
    scan.write_bytes(b"%PDF-1.4 lease contract scan")
    view.start_action(next(a for a in view._actions if a.key == "add_material"))
    monkeypatch.setattr(view.panel, "choose_file", lambda: scan)
    press(qtbot, Qt.Key.Key_End)  # last material of the item: M04 …
    press(qtbot, Qt.Key.Key_Up)  # … so M03
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "1")  # one copy
    press(qtbot, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert view.panel.scan == scan
    with qtbot.waitSignal(view.loaded, timeout=10000):
        press(qtbot, Qt.Key.Key_Return)
    stored = store_thread.call_blocking(lambda s: s.get(doc["id"]))
    added = stored["materials"][-1]
    assert added["code"] == "M03" and added["copies"] == 1 and added["attachment"]
    assert (
        store_thread.call_blocking(lambda s: s.read_blob(added["attachment"])) == scan.read_bytes()
    )
    view.materials.setCurrentRow(view.materials.count() - 1)
    qtbot.waitUntil(lambda: "Ctrl+E" in view.scan_view.text())
    exported = tmp_path / "copy.pdf"
    monkeypatch.setattr(view, "export_path", lambda: exported)
    press(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert exported.read_bytes() == scan.read_bytes()
    accept = next(a for a in view._actions if a.key == "accept")
    view.start_action(accept)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        press(qtbot, Qt.Key.Key_Return)
    assert view.data is not None and view.data.doc["status"] == "accepted"
    assert view.data.doc["due_date"] is not None


def test_conflict_resolved_with_a_typed_value(
    qtbot: QtBot, store_thread: StoreThread[Store], open_view: ViewFactory
) -> None:
    doc = with_phone_conflict(store_thread)
    view = open_view(doc["id"])
    view.conflicts_view.setFocus()
    press(qtbot, Qt.Key.Key_F9)
    assert focused().objectName() == "action_value"
    assert focused().text() == "13700000000"  # starts from the clerk's value
    type_text(qtbot, "13600000000")  # replaces the selection
    with qtbot.waitSignal(view.loaded, timeout=10000):
        press(qtbot, Qt.Key.Key_Return)
    pending = store_thread.call_blocking(lambda s: s.pending_mutations(10))
    assert [(m["kind"], m["payload"]["fields"]) for m in pending] == [
        ("set_fields", {"phone": "13600000000"})
    ]
    assert store_thread.call_blocking(lambda s: s.get(doc["id"]))["phone"] == "13600000000"
    assert view.conflicts.rowCount() == 0


def test_view_takes_the_focus_so_its_keys_work(
    qtbot: QtBot, store_thread: StoreThread[Store], open_view: ViewFactory
) -> None:
    view = open_view(new_record(store_thread, "received")["id"])
    assert view.isAncestorOf(focused())
    press(qtbot, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)  # 6th action: note
    assert view.panel.isVisible() and focused().objectName() == "action_text"


def test_conflict_fields_use_the_form_schema_labels() -> None:
    from ui.detail.models import ConflictsModel

    model = ConflictsModel()
    model.set_item({"form_fields": [{"key": "area", "label": "建筑面积"}]})
    model.set_rows([
        {"id": "c1", "kind": "conflict", "path": "form.area", "base_value": 80,
         "clerk_value": 90, "platform_value": 85, "reason": None},
        {"id": "c2", "kind": "conflict", "path": "applicant.cert_no",
         "base_value": "520102199003071234", "clerk_value": None,
         "platform_value": "520102199003075678", "reason": None},
        {"id": "c3", "kind": "rejected", "path": None, "reason": "wrong_office"},
    ])  # fmt: skip
    cells = [[model.index(r, c).data() for c in range(5)] for r in range(3)]
    assert cells[0][:4] == ["建筑面积", "80", "90", "85"]
    assert cells[1][0] in ("证件号码", "Certificate number")
    assert "1234" in cells[1][1] and "19900307" not in cells[1][1]  # masked
    assert cells[1][2] == "—"
    assert cells[2][0] != "—" and cells[2][4] and cells[2][4] != "wrong_office"
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert all(headers) and ("Field" in headers or "字段" in headers)


def test_history_names_people_known_on_this_device(
    store_thread: StoreThread[Store], open_view: ViewFactory
) -> None:
    doc = new_record(store_thread, "rejection_proposed")
    office = doc["office_code"]

    def remember_and_sign_off(store: Store) -> None:
        clerk = CachedUser("u-clerk1", "clerk1", "李明", "clerk", office)
        store.cache_user(clerk, "Demo@2026", policy_days=30, max_failed=5)
        # the same id in another office must not lend its name here
        elsewhere = CachedUser("u-super1", "super1", "别处的人", "supervisor", "999999999999")
        store.cache_user(elsewhere, "Demo@2026", policy_days=30, max_failed=5)
        store.transition(SUPERVISOR, doc["id"], "rejected")

    store_thread.call_blocking(remember_and_sign_off)
    view = open_view(doc["id"], SUPERVISOR)
    by = [view.timeline.index(r, 2).data() for r in range(view.timeline.rowCount())]
    assert len(by) == 3, by
    assert all(cell.startswith("李明") for cell in by[:2]), by
    assert not any("u-clerk1" in cell for cell in by), by
    assert by[2].startswith("u-super1"), by  # not known here: the id, never a wrong name
