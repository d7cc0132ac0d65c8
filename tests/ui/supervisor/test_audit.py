"""Audit viewer: lazy pages over the real audit log, filters, and a real chain check."""

from __future__ import annotations

from datetime import date, datetime

from pytestqt.qtbot import QtBot

from offline.domain.clock import TZ
from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.detail.records import new_record
from tests.ui.intake.support import SUPERVISOR
from ui.intake.runner import ThreadRunner
from ui.supervisor.audit import AuditModel, AuditView
from ui.supervisor.backend import AuditFilter, SupervisorBackend


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


def test_model_pages_lazily_and_filters(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, qtmodeltester
) -> None:
    for _ in range(3):
        new_record(store_thread, "rejection_proposed")
    entries = _entries(store_thread)
    assert len(entries) >= 6
    model = AuditModel(_backend(store_thread), runner, page=2)
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.set_filter(AuditFilter())
    assert model.rowCount() == 2 and model.canFetchMore()
    _load_all(qtbot, model)
    assert [r[0] for r in model.rows] == [seq for seq, _ in entries]
    qtmodeltester.check(model)
    action = entries[-1][1]
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.set_filter(AuditFilter(action=action))
    _load_all(qtbot, model)
    assert model.rowCount() == sum(1 for _, a in entries if a == action)
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.set_filter(AuditFilter(date_to=date(2000, 1, 1)))
    assert model.rowCount() == 0
    today = datetime.now(TZ).date()
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.set_filter(AuditFilter(date_from=today, date_to=today))
    _load_all(qtbot, model)
    assert model.rowCount() == len(entries)


def test_view_filters_by_user_and_refuses_a_bad_date(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    doc = new_record(store_thread, "rejection_proposed")
    store_thread.call_blocking(lambda s: s.transition(SUPERVISOR, doc["id"], "rejected"))
    view = AuditView(_backend(store_thread), runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.model.page_loaded, timeout=5000):
        view.reload()
    _load_all(qtbot, view.model)
    everything = view.model.rowCount()
    view.user_edit.setText(SUPERVISOR.user_id)
    with qtbot.waitSignal(view.model.page_loaded, timeout=5000):
        view.apply_button.click()
    _load_all(qtbot, view.model)
    assert 0 < view.model.rowCount() < everything
    assert {r[2] for r in view.model.rows} == {SUPERVISOR.user_id}
    shown = list(view.model.rows)
    view.from_edit.setText("2026-13-45")
    view.apply_button.click()
    assert "YYYY-MM-DD" in view.status.text()
    assert view.model.rows == shown


def test_verify_chain_ok_then_names_the_first_edited_entry(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner
) -> None:
    new_record(store_thread, "rejection_proposed")
    view = AuditView(_backend(store_thread), runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.model.page_loaded, timeout=5000):
        view.reload()
    with qtbot.waitSignal(view.verified, timeout=5000) as sig:
        view.verify_button.click()
    assert sig.args[0].ok
    store_thread.call_blocking(
        lambda s: s.conn.execute("UPDATE audit_log SET actor = 'someone' WHERE seq = 2")
    )
    with qtbot.waitSignal(view.verified, timeout=5000) as sig:
        view.verify_button.click()
    report = sig.args[0]
    assert not report.ok and report.first_bad_seq == 2
    assert "2" in view.status.text()
    assert view.table.selectionModel().selectedRows()[0].row() == 1
