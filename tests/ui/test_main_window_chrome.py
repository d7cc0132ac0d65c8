"""The main window's chrome: a title that names the app once, and a keyboard shortcut for
the demo's "simulate offline" switch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow

DISPLAY_NAME = "窗口通 CounterDesk"


@pytest.fixture
def display_name() -> Iterator[str]:
    before = QGuiApplication.applicationDisplayName()
    QGuiApplication.setApplicationDisplayName(DISPLAY_NAME)  # as ui.app.make_application does
    yield DISPLAY_NAME
    QGuiApplication.setApplicationDisplayName(before)


def _window(qtbot: QtBot, tmp_path: Path, *, demo: bool = False) -> MainWindow:
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), demo=demo)
    qtbot.addWidget(window)
    return window


def test_title_names_the_app_once(qtbot: QtBot, tmp_path: Path, display_name: str) -> None:
    window = _window(qtbot, tmp_path)
    title = window.windowTitle()
    # Qt's rule (QPlatformWindow::formatWindowTitle): the display name is appended with a
    # separator unless the title already ends with it.
    shown = title if title.endswith(display_name) else f"{title} — {display_name}"
    assert shown.count("窗口通") == 1, shown
    assert shown.count("CounterDesk") == 1, shown


def test_offline_switch_has_a_keyboard_shortcut(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path, demo=True)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=1000)
    window.login.setFocus()
    switch = window.banner.offline
    assert not switch.shortcut().isEmpty()
    assert switch.shortcut().toString() in switch.toolTip()
    with qtbot.waitSignal(window.banner.offlineToggled, timeout=1000) as blocker:
        qtbot.keyClick(
            window.login,
            Qt.Key.Key_O,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert blocker.args == [True]
    assert switch.isChecked()
