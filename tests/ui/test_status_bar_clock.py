"""The status bar warns while the computer clock is more than ten minutes from the platform's
time (the last response's Date plus the monotonic time since), and says which way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from client.server_time import ServerTime
from sync.status import StatusBoard
from ui.status_bar import SyncStatusBar

SERVER = datetime(2026, 12, 31, 15, 59, 30, tzinfo=UTC)


def test_clock_drift_warning_follows_the_device_clock(qtbot: QtBot) -> None:
    wall, mono = [SERVER + timedelta(minutes=2)], [1000.0]
    bar = SyncStatusBar(now=lambda: wall[0], monotonic=lambda: mono[0])
    qtbot.addWidget(bar)
    board = StatusBoard()
    board.subscribe(bar.show_status)
    assert bar.clock.isHidden()  # nothing known about the platform's time yet
    board.update(server_time=ServerTime(SERVER, wall[0], mono[0]))
    assert bar.clock.isHidden()  # two minutes of skew: fine
    mono[0] += 3600
    wall[0] += timedelta(hours=1)  # an hour later, the clock kept time
    bar.show_status(bar.status)
    assert bar.clock.isHidden()
    wall[0] -= timedelta(hours=2)  # then someone set it back two hours
    bar.show_status(bar.status)
    assert not bar.clock.isHidden()
    assert "behind" in bar.clock.text() and "1 h 58 min" in bar.clock.text()
    assert bar.clock.text() in bar.summary()
    wall[0] = SERVER + timedelta(seconds=3600 + 11 * 60)  # 11 minutes fast
    bar.show_status(bar.status)
    assert "ahead" in bar.clock.text() and "11 min" in bar.clock.text()
    wall[0] = SERVER + timedelta(seconds=3600 + 9 * 60)
    bar.show_status(bar.status)
    assert bar.clock.isHidden() and bar.clock.text() == ""
