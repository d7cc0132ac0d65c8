"""The status bar warns while the disk holding the profile is running out of room, and
says nothing while there is enough (real tmpfs)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.support.small_disk import small_disk
from ui.status_bar import SyncStatusBar


def test_low_disk_is_warned_in_the_status_bar(qtbot: QtBot, tmp_path: Path) -> None:
    bar = SyncStatusBar()
    qtbot.addWidget(bar)
    bar.watch_disk(tmp_path)
    roomy = bar.currentMessage()
    with small_disk(tmp_path / "disk", 8) as disk:
        bar.watch_disk(disk)
        warned = bar.currentMessage()
    assert "MB" not in roomy
    assert "MB" in warned and ("磁盘" in warned or "disk space" in warned)
