"""The status bar says which version to install when the platform refuses this one."""

from __future__ import annotations

from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from sync.messages import upgrade_required
from sync.status import StatusBoard
from ui.status_bar import SyncStatusBar

NOW = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)


def test_please_update_names_the_version_and_keeps_the_pending_count(qtbot: QtBot) -> None:
    bar = SyncStatusBar(now=lambda: NOW)
    qtbot.addWidget(bar)
    board = StatusBoard()
    board.subscribe(bar.show_status)
    board.update(online=True, pending=4, oldest_pending_at=NOW, last_error=upgrade_required("0.3"))
    message = bar.currentMessage()
    assert "请更新到 0.3 或更高版本才能同步" in message or "update to 0.3 or later" in message
    assert "4" in bar.pending.text() and not bar.status.settled
    assert bar.sync_button.isEnabled()  # the clerk may still try (after an update)
