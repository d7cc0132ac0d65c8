"""The sign-in page, also used as the lock screen after idle time.

Keyboard first: the user name has focus, Enter moves on and signs in. While signing in
the button is disabled (restored in every outcome). Refusals show their reason (wrong
password with attempts left, offline policy expired, locked out). In demo mode the demo
accounts are listed so anyone can try the app.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.centered import center_panel


def _tr(text: str) -> str:
    return QCoreApplication.translate("LoginPage", text)


class LoginPage(QWidget):
    """User name + password; emits :attr:`submitted`. Lock mode fixes the user name."""

    submitted = Signal(str, str)
    switchUserRequested = Signal()
    restoreRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginPage")
        self.title = QLabel(_tr("Sign in to CounterDesk"), self)
        self.title.setObjectName("loginTitle")
        self.title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.subtitle = QLabel("", self)
        self.subtitle.setObjectName("loginSubtitle")
        self.username = QLineEdit(self)
        self.username.setObjectName("usernameEdit")
        self.username.setMaxLength(64)
        self.password = QLineEdit(self)
        self.password.setObjectName("passwordEdit")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(256)
        self.button = QPushButton(_tr("Sign in"), self)
        self.button.setObjectName("loginButton")
        self.button.setDefault(True)
        self.switch_button = QPushButton(_tr("Switch user"), self)
        self.switch_button.setObjectName("switchUserButton")
        self.switch_button.hide()
        self.restore_button = QPushButton(_tr("Restore from a backup…"), self)
        self.restore_button.setObjectName("restoreFromBackupButton")
        self.restore_button.hide()
        self.message = QLabel("", self)
        self.message.setObjectName("messageLabel")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.demo_accounts = QLabel("", self)
        self.demo_accounts.setObjectName("demoAccounts")
        self.demo_accounts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_accounts.hide()

        form = QFormLayout()
        form.addRow(_tr("User name"), self.username)
        form.addRow(_tr("Password"), self.password)
        box = QFrame(self)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(box)
        for widget in (self.title, self.subtitle):
            inner.addWidget(widget)
        inner.addLayout(form)
        inner.addWidget(self.button)
        inner.addWidget(self.switch_button)
        inner.addWidget(self.message)
        inner.addWidget(self.restore_button)
        inner.addWidget(self.demo_accounts)
        center_panel(self, box, 460)
        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.button)

        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._submit)
        self.button.clicked.connect(self._submit)
        self.switch_button.clicked.connect(self.switchUserRequested)
        self.restore_button.clicked.connect(self.restoreRequested)
        self._locked_user: str | None = None

    def _submit(self) -> None:
        if not self.button.isEnabled():
            return
        self.submitted.emit(self.username.text(), self.password.text())

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.button.setText(_tr("Signing in…") if busy else _tr("Sign in"))

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def offer_restore(self, offered: bool) -> None:
        """The store cannot be opened: show the way back (no sign-in is possible)."""
        self.restore_button.setVisible(offered)
        for widget in (self.username, self.password, self.button):
            widget.setEnabled(not offered)

    def set_demo_accounts(self, accounts: Sequence[tuple[str, str, str]]) -> None:
        """(user name, password, role) rows shown under the form in demo mode."""
        if not accounts:
            self.demo_accounts.hide()
            return
        rows = "".join(
            f"<tr><td>{html.escape(u)}</td><td>{html.escape(p)}</td><td>{html.escape(r)}</td></tr>"
            for u, p, r in accounts
        )
        self.demo_accounts.setText(
            f"<b>{_tr('Demo accounts')}</b><table cellspacing=6>"
            f"<tr><th>{_tr('User name')}</th><th>{_tr('Password')}</th>"
            f"<th>{_tr('Role')}</th></tr>{rows}</table>"
        )
        self.demo_accounts.show()

    def prepare(self, *, locked_user: str | None = None, message: str = "") -> None:
        """Reset for a sign-in, or for unlocking ``locked_user`` after idle time."""
        self._locked_user = locked_user
        self.password.clear()
        self.message.setText(message)
        self.set_busy(False)
        if locked_user is not None:
            self.title.setText(_tr("Locked"))
            self.subtitle.setText(
                _tr("Locked after idle time. Enter the password to continue; your work is kept.")
            )
            self.username.setText(locked_user)
            self.username.setReadOnly(True)
            self.switch_button.show()
            self.password.setFocus()
        else:
            self.title.setText(_tr("Sign in to CounterDesk"))
            self.subtitle.setText("")
            self.username.setReadOnly(False)
            self.switch_button.hide()
            self.username.setFocus()

    @property
    def locked_user(self) -> str | None:
        return self._locked_user
