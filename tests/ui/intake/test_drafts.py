"""Drafts survive a crash: saved as the clerk types, restored per user."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from offline.store.actions import Actor
from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.intake.support import CLERK, CLERK2, CONTEXT, open_store_thread, press, type_text
from ui.intake import drafts as drafts_module
from ui.intake.runner import ThreadRunner
from ui.intake.store_backend import StoreIntakeBackend
from ui.intake.wizard import IntakeWizard
from ui.readers.simulated import demo_cards


def start(
    qtbot: QtBot, thread: StoreThread[Store], runner: ThreadRunner, actor: Actor, tmp: Path
) -> IntakeWizard:
    w = IntakeWizard(StoreIntakeBackend(thread, actor), runner, CONTEXT, tmp)
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    w.start()
    qtbot.waitUntil(lambda: w.drafts.draft_id is not None)
    return w


def test_draft_is_saved_while_typing_and_restored_after_a_crash(
    qtbot: QtBot, runner: ThreadRunner, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    thread = open_store_thread(data_dir)
    w = start(qtbot, thread, runner, CLERK, tmp_path)
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "李娜")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, demo_cards()[2].number)
    with qtbot.waitSignal(w.drafts.saved, timeout=5000):
        pass  # the debounce timer fires after the clerk pauses
    # "crash": drop the window without any shutdown path, close and reopen the store
    w.drafts.cancel()
    w.hide()
    qtbot.waitUntil(lambda: not runner.busy)
    thread.close()
    drafts_module._CLAIMED.clear()  # the process died: its in-memory claims are gone
    thread = open_store_thread(data_dir)
    try:
        again = start(qtbot, thread, runner, CLERK, tmp_path)
        assert again.current_step() == 1
        assert again.applicant_page.person.name.text() == "李娜"
        assert again.applicant_page.person.cert_no.text() == demo_cards()[2].number
        assert again.item_page.selected_code() == w.item_page.selected_code()
        assert "Draft restored" in again.info.text() or "草稿" in again.info.text()
        # another clerk on the same machine never sees it
        other = start(qtbot, thread, runner, CLERK2, tmp_path)
        assert other.current_step() == 0
        assert other.applicant_page.person.name.text() == ""
        again.drafts.cancel()
        other.drafts.cancel()
    finally:
        qtbot.waitUntil(lambda: not runner.busy)
        thread.close()


def test_discarding_a_draft_removes_it(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, tmp_path: Path
) -> None:
    w = start(qtbot, store_thread, runner, CLERK, tmp_path)
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "王芳")
    w.drafts.flush()
    qtbot.waitUntil(lambda: store_thread.call_blocking(lambda s: s.drafts(CLERK.user_id)) != {})
    w.discard_draft()
    qtbot.waitUntil(lambda: store_thread.call_blocking(lambda s: s.drafts(CLERK.user_id)) == {})
    assert w.current_step() == 0
    assert w.applicant_page.person.name.text() == ""
    w.drafts.cancel()
    qtbot.waitUntil(lambda: not runner.busy)


def test_hiding_the_wizard_saves_the_pending_draft_at_once(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, tmp_path: Path
) -> None:
    w = start(qtbot, store_thread, runner, CLERK, tmp_path)
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "刘强")
    assert w.drafts.pending
    with qtbot.waitSignal(w.drafts.saved, timeout=2000):
        w.hide()  # e.g. the workspace locks or the clerk switches tabs
    saved = store_thread.call_blocking(lambda s: s.drafts(CLERK.user_id))
    assert [d["applicant"]["name"] for d in saved.values()] == ["刘强"]


def test_runner_drops_calls_after_shutdown(qapp: object) -> None:
    r = ThreadRunner()
    r.shutdown()
    future = r.run(lambda: 1)
    assert isinstance(future.exception(), RuntimeError)


def test_a_second_intake_tab_does_not_take_over_an_open_draft(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, tmp_path: Path
) -> None:
    first = start(qtbot, store_thread, runner, CLERK, tmp_path)
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "王芳")
    first.drafts.flush()
    qtbot.waitUntil(lambda: store_thread.call_blocking(lambda s: s.drafts(CLERK.user_id)) != {})
    second = start(qtbot, store_thread, runner, CLERK, tmp_path)
    assert second.drafts.draft_id != first.drafts.draft_id
    assert second.current_step() == 0 and second.applicant_page.person.name.text() == ""
    first.drafts.cancel()
    second.drafts.cancel()
    qtbot.waitUntil(lambda: not runner.busy)
