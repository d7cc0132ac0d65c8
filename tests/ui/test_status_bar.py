"""The status bar renders the engine's snapshots honestly; the window remembers its size."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from sync.messages import error
from sync.status import Phase, StatusBoard
from ui.main_window import MainWindow
from ui.status_bar import SyncStatusBar, headline, human_age

NOW = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)


def test_never_synced_while_anything_is_pending(qtbot: QtBot) -> None:
    bar = SyncStatusBar(now=lambda: NOW)
    qtbot.addWidget(bar)
    board = StatusBoard()
    board.subscribe(bar.show_status)
    board.update(online=True, last_success_at=NOW - timedelta(minutes=5))
    assert bar.status.settled and headline(bar.status) in bar.state.text()
    settled_text = bar.state.text()
    board.update(pending=3, oldest_pending_at=NOW - timedelta(hours=2, minutes=5))
    assert not bar.status.settled
    assert bar.state.text() != settled_text
    assert "3" in bar.pending.text() and human_age(7500) in bar.pending.text()
    board.update(running=True, phase=Phase.pushing, progress_done=1, progress_total=3)
    assert not bar.progress.isHidden() and bar.progress.value() == 1
    assert not bar.sync_button.isEnabled()  # one run at a time
    board.update(running=False, pending=0, progress_done=3, conflicts=1, rejected=2)
    assert bar.progress.isHidden() and bar.sync_button.isEnabled()
    assert not bar.conflicts.isHidden() and "1" in bar.conflicts.text()
    board.update(online=False, last_error=error("offline"))
    assert "无法连接" in bar.currentMessage() or "Cannot reach" in bar.currentMessage()
    assert not bar.status.settled


def test_sync_button_asks_for_a_run(qtbot: QtBot) -> None:
    bar = SyncStatusBar()
    qtbot.addWidget(bar)
    with qtbot.waitSignal(bar.syncRequested, timeout=1000):
        bar.sync_button.click()


def test_window_geometry_is_remembered(qtbot: QtBot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.resize(640, 480)
    window.close()
    again = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (640, 480)
