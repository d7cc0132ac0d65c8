"""Audit viewer: newest-first lazy pages over the real audit log, labels, filters, and a
real chain check that jumps to the first broken entry."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from offline.domain.clock import TZ
from offline.domain.payloads import Kind
from offline.store.store import Store
from offline.store.users import CachedUser
from sync.store_thread import StoreThread
from tests.ui.detail.records import new_record, with_phone_conflict
from tests.ui.intake.support import SUPERVISOR
from ui.intake.runner import ThreadRunner
from ui.supervisor.audit import AuditModel, AuditView
from ui.supervisor.audit_labels import AuditQuery, action_labels
from ui.supervisor.backend import SupervisorBackend
from ui.supervisor.labels import status_text

STORE_SOURCES = Path(__file__).resolve().parents[3] / "offline" / "store"


def _backend(thread: StoreThread[Store]) -> SupervisorBackend:
    return SupervisorBackend(thread, SUPERVISOR, "520102")


def _entries(thread: StoreThread[Store]) -> list[tuple[int, str]]:
    return thread.call_blocking(
        lambda s: s.conn.execute("SELECT seq, action FROM audit_log ORDER BY seq").fetchall()
    )


def _load_all(qtbot: QtBot, model: AuditModel) -> None:
    """Scroll to the end: ask for more until the last page arrived (the model tester
    may start fetches of its own, so wait on the state, not on one signal)."""

    def step() -> bool:
        if model.canFetchMore():
            model.fetchMore()
        return model.exhausted

    qtbot.waitUntil(step, timeout=5000)


def _view(qtbot: QtBot, thread: StoreThread[Store], runner: ThreadRunner) -> AuditView:
    view = AuditView(_backend(thread), runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.model.page_loaded, timeout=5000):
        view.reload()
    return view


def test_every_action_the_store_writes_has_a_label() -> None:
    written: set[str] = set()
    for path in STORE_SOURCES.rglob("*.py"):
        written |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text("utf-8")))
    assert 'action=f"application.{kind}"' in (STORE_SOURCES / "actions.py").read_text("utf-8")
    written |= {f"application.{k}" for k in Kind}
    assert written, "no audit actions found: has the store's audit call changed?"
    assert written <= set(action_labels()), written - set(action_labels())


def test_model_pages_newest_first_and_filters(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, qtmodeltester
) -> None:
    for _ in range(3):
        new_record(store_thread, "rejection_proposed")
    entries = _entries(store_thread)
    assert len(entries) >= 6
    model = AuditModel(store_thread, runner, page=2)
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.set_query(AuditQuery())
    assert model.rowCount() == 2 and model.canFetchMore()
    assert model.rows[0]["seq"] == entries[-1][0]  # the newest entry on top
    _load_all(qtbot, model)
    assert [r["seq"] for r in model.rows] == [seq for seq, _ in reversed(entries)]
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.set_query(AuditQuery(action="application.create"))
    _load_all(qtbot, model)
    assert model.rowCount() == 3
    assert {model.index(r, 3).data() for r in range(3)} == {"Application received"}
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.set_query(AuditQuery(date_to=date(2000, 1, 1)))
    assert model.rowCount() == 0
    today = datetime.now(TZ).date()
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.set_query(AuditQuery(date_from=today, date_to=today))
    _load_all(qtbot, model)
    assert model.rowCount() == len(entries)


def test_rows_show_names_labels_receipt_numbers_and_local_time(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    user = CachedUser(SUPERVISOR.user_id, "wang", "王芳", "supervisor", "520102")
    store_thread.call_blocking(lambda s: s.cache_user(user, "pw-1", policy_days=7, max_failed=5))
    doc = new_record(store_thread, "rejection_proposed")
    store_thread.call_blocking(lambda s: s.transition(SUPERVISOR, doc["id"], "rejected"))
    view = _view(qtbot, store_thread, runner)
    top = view.model.rows[0]
    assert top["action"] == "application.transition"
    cells = [view.model.index(0, c).data() for c in range(5)]
    local = datetime.fromisoformat(top["at"]).astimezone(TZ).strftime("%Y-%m-%d %H:%M:%S")
    steps = f"{status_text('rejection_proposed')} → {status_text('rejected')}"
    change = f"Status changed: {steps}"  # the safe part of the entry's detail
    assert cells[1:] == [local, "王芳", change, doc["receipt_no"]]
    assert "application.transition" in view.model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert doc["id"] in view.model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    system = next(r for r, e in enumerate(view.model.rows) if e["actor"] == "system")
    assert view.model.index(system, 2).data() == "System"


def test_view_filters_by_user_and_action_from_combos_and_refuses_reversed_dates(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    user = CachedUser(SUPERVISOR.user_id, "wang", "王芳", "supervisor", "520102")
    store_thread.call_blocking(lambda s: s.cache_user(user, "pw-1", policy_days=7, max_failed=5))
    doc = new_record(store_thread, "rejection_proposed")
    store_thread.call_blocking(lambda s: s.transition(SUPERVISOR, doc["id"], "rejected"))
    view = _view(qtbot, store_thread, runner)
    _load_all(qtbot, view.model)
    everything = view.model.rowCount()
    qtbot.waitUntil(lambda: view.user_combo.findData(SUPERVISOR.user_id) > 0, timeout=5000)
    assert view.action_combo.count() == len(action_labels()) + 1
    assert view.from_edit.calendarPopup() and not view.from_edit.isEnabled()
    view.user_combo.setCurrentIndex(view.user_combo.findData(SUPERVISOR.user_id))
    assert "王芳" in view.user_combo.currentText()
    with qtbot.waitSignal(view.model.page_loaded, timeout=5000):
        view.apply_button.click()
    _load_all(qtbot, view.model)
    assert 0 < view.model.rowCount() < everything
    assert {r["actor"] for r in view.model.rows} == {SUPERVISOR.user_id}
    view.action_combo.setCurrentIndex(view.action_combo.findData("application.transition"))
    with qtbot.waitSignal(view.model.page_loaded, timeout=5000):
        view.apply_button.click()
    assert [(r["actor"], r["action"]) for r in view.model.rows] == [
        (SUPERVISOR.user_id, "application.transition")
    ]
    shown = list(view.model.rows)
    view.range_check.setChecked(True)
    view.from_edit.setDate(QDate(2026, 12, 31))
    view.to_edit.setDate(QDate(2026, 1, 1))
    view.apply_button.click()
    assert "start date is after the end date" in view.status.text()
    assert view.model.rows == shown


def test_verify_chain_in_plain_words_then_jumps_to_the_first_broken_entry(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    for _ in range(4):
        new_record(store_thread, "rejection_proposed")
    view = AuditView(_backend(store_thread), runner)
    view.model.page = 3  # the broken entry lies many pages below the newest
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.model.page_loaded, timeout=5000):
        view.reload()
    with qtbot.waitSignal(view.verified, timeout=5000) as sig:
        view.verify_button.click()
    assert sig.args[0].ok and "intact" in view.status.text()
    store_thread.call_blocking(
        lambda s: s.conn.execute("UPDATE audit_log SET actor = 'someone' WHERE seq = 2")
    )
    with qtbot.waitSignal(view.verified, timeout=5000) as sig:
        view.verify_button.click()
    report = sig.args[0]
    assert not report.ok and report.first_bad_seq == 2
    assert "Entry 2 was changed" in view.status.text()
    qtbot.waitUntil(lambda: bool(view.table.selectionModel().selectedRows()), timeout=5000)
    selected = view.table.selectionModel().selectedRows()[0].row()
    assert view.model.rows[selected]["seq"] == 2
    assert view.model.rowCount() <= 3  # only the page from the broken entry down was read


def test_receipt_number_filter_shows_one_application_and_refuses_an_unknown_one(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    doc = new_record(store_thread, "rejection_proposed")
    new_record(store_thread, "rejection_proposed")
    store_thread.call_blocking(lambda s: s.transition(SUPERVISOR, doc["id"], "rejected"))
    view = _view(qtbot, store_thread, runner)
    view.receipt_edit.setText(doc["receipt_no"])
    with qtbot.waitSignal(view.model.page_loaded, timeout=5000):
        view.apply_button.click()
    assert [r["action"] for r in view.model.rows] == [
        "application.transition",
        "application.transition",
        "application.create",
    ]
    assert {r["record_id"] for r in view.model.rows} == {doc["id"]}
    shown = list(view.model.rows)
    view.receipt_edit.setText("520102-03-20000101-9999")
    view.apply_button.click()
    qtbot.waitUntil(lambda: "No application" in view.status.text(), timeout=5000)
    assert view.model.rows == shown


def test_sync_results_and_resolutions_say_what_happened(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    with_phone_conflict(store_thread)  # one applied, one conflict
    conflict = store_thread.call_blocking(lambda s: s.open_conflicts())[0]
    store_thread.call_blocking(
        lambda s: s.resolve_conflict(conflict["id"], "keep_platform", actor=SUPERVISOR)
    )
    view = _view(qtbot, store_thread, runner)
    texts = {r["action"]: view.model.index(i, 3).data() for i, r in enumerate(view.model.rows)}
    assert texts["sync.outcomes"] == "Sync results recorded: accepted 1 · conflicts 1"
    assert texts["conflict.resolved"] == "Conflict resolved: kept the platform's value"
    assert texts["application.set_fields"] == "Details corrected: Phone"
