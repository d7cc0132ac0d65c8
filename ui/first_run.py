"""First run: choose the platform, sign in once online, register this computer.

Registration needs the platform (it hands out the terminal code, 终端编号, that every
receipt number carries), so the first sign-in must be online. The office comes from the
account. When done, the page shows the office and terminal code before work starts.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from client import urls
from ui.centered import center_panel


def _tr(text: str) -> str:
    return QCoreApplication.translate("FirstRunPage", text)


def check_platform_url(url: str) -> tuple[str, str] | None:
    """None when ``url`` is usable, else (zh, en) saying why not: the client's one strict
    rule (``client.urls``), so registration never saves credentials in the address."""
    problem = urls.check_platform_url(url)
    return None if problem is None else (problem.zh, problem.en)


class FirstRunPage(QWidget):
    """Two steps: the form, then the registration result."""

    registerRequested = Signal(str, str, str)  # platform URL, user name, password
    finished = Signal()
    restoreRequested = Signal()  # a new computer: restore a backup with the recovery sheet
    recoverySheetRequested = Signal()  # a supervisor sets up the recovery key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunPage")
        self.steps = QStackedWidget(self)

        form_page = QWidget(self)
        title = QLabel(_tr("Set up this computer"), form_page)
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        hint = QLabel(
            _tr(
                "Enter the platform address and sign in once online to register this "
                "computer as a counter terminal. Only a supervisor can register a "
                "terminal; clerks sign in once it is registered."
            ),
            form_page,
        )
        hint.setWordWrap(True)
        self.url = QLineEdit(form_page)
        self.url.setObjectName("platformUrlEdit")
        self.url.setPlaceholderText("https://zwfw.example.gov.cn")
        self.username = QLineEdit(form_page)
        self.username.setObjectName("setupUsernameEdit")
        self.password = QLineEdit(form_page)
        self.password.setObjectName("setupPasswordEdit")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.button = QPushButton(_tr("Register this computer"), form_page)
        self.button.setObjectName("registerButton")
        self.button.setDefault(True)
        self.message = QLabel("", form_page)
        self.message.setObjectName("setupMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.restore_button = QPushButton(
            _tr("Restore a backup with the recovery sheet…"), form_page
        )
        self.restore_button.setObjectName("restoreWithRecoveryButton")
        self.restore_button.setFlat(True)
        form = QFormLayout()
        form.addRow(_tr("Platform address"), self.url)
        form.addRow(_tr("User name"), self.username)
        form.addRow(_tr("Password"), self.password)
        layout = QVBoxLayout(form_page)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.button)
        layout.addWidget(self.message)
        layout.addWidget(self.restore_button)

        done_page = QWidget(self)
        self.result = QLabel("", done_page)
        self.result.setObjectName("registrationResult")
        self.result.setWordWrap(True)
        self.result.setStyleSheet("font-size: 16px;")
        self.start = QPushButton(_tr("Start work"), done_page)
        self.start.setObjectName("startButton")
        self.start.setDefault(True)
        self.sheet_button = QPushButton(_tr("Print recovery sheet…"), done_page)
        self.sheet_button.setObjectName("firstRunRecoverySheet")
        self.sheet_button.setVisible(False)
        self.recovery_message = QLabel("", done_page)
        self.recovery_message.setObjectName("firstRunRecoveryMessage")
        self.recovery_message.setWordWrap(True)
        done_layout = QVBoxLayout(done_page)
        done_layout.addWidget(self.result)
        done_layout.addWidget(self.sheet_button)
        done_layout.addWidget(self.recovery_message)
        done_layout.addWidget(self.start)

        self.steps.addWidget(form_page)
        self.steps.addWidget(done_page)
        box = QFrame(self)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        QVBoxLayout(box).addWidget(self.steps)
        center_panel(self, box, 560)

        self.url.returnPressed.connect(self.username.setFocus)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._submit)
        self.button.clicked.connect(self._submit)
        self.start.clicked.connect(self.finished)
        self.restore_button.clicked.connect(self.restoreRequested)
        self.sheet_button.clicked.connect(self.recoverySheetRequested)

    def _submit(self) -> None:
        if self.button.isEnabled():
            self.registerRequested.emit(
                self.url.text().strip(), self.username.text(), self.password.text()
            )

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.button.setText(_tr("Registering…") if busy else _tr("Register this computer"))

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def offer_recovery_sheet(self, supervisor: bool) -> None:
        """After registration: a supervisor is asked to set up the recovery key now."""
        self.sheet_button.setVisible(supervisor)
        self.recovery_message.setText(
            _tr(
                "Set up the recovery key now: without the printed sheet, this computer's "
                "backups cannot be opened if it is lost or broken."
            )
            if supervisor
            else ""
        )

    def show_recovery_message(self, text: str) -> None:
        self.recovery_message.setText(text)

    def show_registered(self, office_name: str, office_code: str, terminal_code: str) -> None:
        self.result.setText(
            _tr("This computer is registered.")
            + "<br><br>"
            + _tr("Office: %1 (%2)").replace("%1", office_name).replace("%2", office_code)
            + "<br>"
            + _tr("Terminal code: <b>%1</b>").replace("%1", terminal_code)
            + "<br><br>"
            + _tr("Receipt numbers from this computer carry this terminal code.")
        )
        self.steps.setCurrentIndex(1)
        self.start.setFocus()
