"""Every error message shows whole at the window's default size: each error state is
rendered offscreen and its label must be as tall as its wrapped text needs, and not cut by
a parent (the missing-key message on the sign-in page lost its second half before)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.profile import Profile, Registration
from ui.settings.dialog import SettingsDialog
from ui.settings.model import Editor, SettingsRefused

LONG_ZH = (
    "数据库 /home/clerk/.local/share/CounterDesk/profiles/default/store.db 存在，但系统密钥环中"
    "没有配置 default 的密钥，无法打开。请勿删除该文件；请用原来的系统账户登录，或恢复密钥环后"
    "重试；若在新电脑上，请在本页选择“从备份恢复”，用恢复密钥打开备份。"
)
LONG_EN = (
    "The database /home/clerk/.local/share/CounterDesk/profiles/default/store.db exists but "
    "the OS keyring holds no key for profile default. Do not delete the file; sign in with the "
    "original OS account or restore the keyring, then retry; on a new PC choose 'Restore from "
    "a backup' on this page and open a backup with the recovery key."
)


def assert_whole(label: QLabel) -> None:
    """The label is visible, tall enough for its wrapped text, and nothing clips it."""
    QApplication.processEvents()
    assert label.isVisible(), label.objectName()
    needed = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
    assert label.height() >= needed, (label.objectName(), label.height(), needed)
    shown = label.visibleRegion().boundingRect()
    assert shown.height() >= needed and shown.width() >= label.width() - 1, (
        label.objectName(),
        shown,
        needed,
    )
    window: QWidget = label.window()
    corner = label.mapTo(window, label.rect().bottomRight())
    assert window.rect().contains(corner), (label.objectName(), corner, window.rect())


def _window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window


def test_sign_in_page_shows_a_long_refusal_whole(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    window.show_page(window.login)
    for text in (LONG_ZH, LONG_EN):
        window.login.show_message(text)
        assert_whole(window.login.message)


def test_setup_page_shows_a_long_refusal_whole(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    window.show_page(window.first_run)
    for text in (LONG_ZH, LONG_EN):
        window.first_run.show_message(text)
        assert_whole(window.first_run.message)


def test_settings_dialog_shows_errors_whole_at_its_default_size(
    qtbot: QtBot, tmp_path: Path
) -> None:
    profile = Profile.locate("t", tmp_path).ensure()
    profile.save_registration(Registration(platform_url="https://zwfw.example.gov.cn"))
    dialog = SettingsDialog(profile, Editor("supervisor", True))
    qtbot.addWidget(dialog)
    dialog.show()
    from offline.domain.errors import Issue

    refused = SettingsRefused(
        [
            Issue("platform_url", "bad_url", LONG_ZH, LONG_EN),
            Issue("proxy_url", "x", LONG_ZH, LONG_EN),
        ]
    )
    dialog.show_errors(refused)
    for name in ("platform_url", "proxy_url"):
        if dialog.errors[name].isVisible():
            assert_whole(dialog.errors[name])
    dialog.message.setText(LONG_ZH)
    dialog.message.show()
    assert_whole(dialog.message)
