"""The main window: demo banner, the page stack (setup, sign-in, workspaces), menus and
the sync status bar. It only arranges widgets and remembers its geometry; the flow
between pages lives in :mod:`ui.controller`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.first_run import FirstRunPage
from ui.icons import app_icon
from ui.login import LoginPage
from ui.settings.menu import ToolsMenu
from ui.status_bar import SyncStatusBar

DEFAULT_SIZE = (1280, 800)
OFFLINE_SHORTCUT = "Ctrl+Shift+O"


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class DemoBanner(QWidget):
    """The visible 演示/DEMO marker, with the "simulate offline" switch."""

    offlineToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBanner")
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "#demoBanner { background: #ff8f00; } QLabel, QCheckBox "
            "{ color: #1a1a1a; font-weight: bold; }"
        )
        self.label = QLabel(
            _tr("DEMO — made-up data; secrets are kept in a file inside this demo profile"),
            self,
        )
        self.label.setObjectName("demoLabel")
        self.offline = QCheckBox(_tr("Simulate offline"), self)
        self.offline.setObjectName("simulateOffline")
        # A shortcut so the trainer can cut the network without leaving the keyboard.
        self.offline.setShortcut(QKeySequence(OFFLINE_SHORTCUT))
        self.offline.setToolTip(
            _tr("Cut the app off the platform, as an unplugged cable would (%1)").replace(
                "%1",
                QKeySequence(OFFLINE_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText),
            )
        )
        self.offline.toggled.connect(self.offlineToggled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.offline)


class MainWindow(QMainWindow):
    """Pages: setup, sign-in/lock, and one workspace per signed-in user."""

    closing = Signal()

    def __init__(self, settings: QSettings, *, demo: bool = False) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings
        # The platform appends the application's display name (窗口通 CounterDesk) to a
        # title that does not already end with it; the name alone is the whole title.
        self.setWindowTitle(QGuiApplication.applicationDisplayName() or _tr("CounterDesk"))
        self.setWindowIcon(app_icon())
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = DemoBanner(central)
        self.banner.setVisible(demo)
        self.pages = QStackedWidget(central)
        self.pages.setObjectName("pages")
        self.first_run = FirstRunPage(self.pages)
        self.login = LoginPage(self.pages)
        self.pages.addWidget(self.first_run)
        self.pages.addWidget(self.login)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.status = SyncStatusBar(self)
        self.setStatusBar(self.status)
        self.status.hide()
        self.user_label = QLabel("", self)
        self.user_label.setObjectName("userLabel")
        self.status.addWidget(self.user_label)
        # Set by the controller: asked before the window closes (unfinished intakes).
        self.confirm_close: Callable[[], bool] | None = None
        self._build_actions()
        self._restore_geometry()

    def _build_actions(self) -> None:
        menu = self.menuBar().addMenu(_tr("&Work"))
        self.new_intake = QAction(_tr("New intake"), self)
        self.new_intake.setShortcut(QKeySequence("Ctrl+N"))
        self.sync_now = QAction(_tr("Sync now"), self)
        self.sync_now.setShortcut(QKeySequence("F5"))
        self.lock = QAction(_tr("Lock"), self)
        self.lock.setShortcut(QKeySequence("Ctrl+L"))
        self.switch_user = QAction(_tr("Switch user"), self)
        self.switch_user.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.sign_out = QAction(_tr("Sign out"), self)
        self.sign_out.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        self.quit = QAction(_tr("Quit"), self)
        self.quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit.triggered.connect(self.close)
        for action in self._session_actions():
            menu.addAction(action)
            action.setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.quit)
        self.status.syncRequested.connect(self.sync_now.trigger)
        # Tools: enabled by ui.settings.install.install_tools once wired to the controller.
        self.tools = ToolsMenu(self)
        self.settings_action = self.tools.settings
        self.backup_action = self.tools.backup
        self.signed_in = False

    def _session_actions(self) -> tuple[QAction, ...]:
        """The actions that need someone signed in."""
        return (self.new_intake, self.sync_now, self.lock, self.switch_user, self.sign_out)

    def set_signed_in(self, signed_in: bool, label: str = "") -> None:
        self.signed_in = signed_in
        for action in self._session_actions():
            action.setEnabled(signed_in)
        self.tools.update(signed_in)
        self.status.setVisible(signed_in)
        self.user_label.setText(label)

    def show_page(self, page: QWidget) -> None:
        if self.pages.indexOf(page) < 0:
            self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)

    def bring_forward(self) -> None:
        """A second start of the same profile asked us to come to the front."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            return
        self.resize(*DEFAULT_SIZE)

    def save_geometry(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.confirm_close is not None and not self.confirm_close():
            event.ignore()
            return
        self.save_geometry()
        self.closing.emit()
        super().closeEvent(event)
