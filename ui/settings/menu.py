"""The main window's Tools menu (工具): Settings… and Backup and restore….

Built by the window itself so the entries are always in the same place; they stay
disabled until :func:`ui.settings.install.install_tools` connects them to the running
app (the backup entry additionally needs someone signed in).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


def _tr(text: str) -> str:
    return QCoreApplication.translate("ToolsMenu", text)


class ToolsMenu:
    """The menu and its two actions."""

    def __init__(self, window: QMainWindow) -> None:
        self.menu: QMenu = window.menuBar().addMenu(_tr("&Tools"))
        self.settings = QAction(_tr("Settings…"), window)
        self.settings.setObjectName("settingsAction")
        self.settings.setShortcut(QKeySequence("Ctrl+,"))
        self.backup = QAction(_tr("Backup and restore…"), window)
        self.backup.setObjectName("backupAction")
        for action in (self.settings, self.backup):
            self.menu.addAction(action)
            action.setEnabled(False)
        self.installed = False

    def update(self, signed_in: bool) -> None:
        """Settings are always reachable once installed; backups need a signed-in user."""
        self.settings.setEnabled(self.installed)
        self.backup.setEnabled(self.installed and signed_in)
