"""First run: choose the platform, sign in once online, register this computer.

Registration needs the platform (it hands out the terminal code, 终端编号, that every
receipt number carries), so the first sign-in must be online. The office comes from the
account. When done, the page shows the office and terminal code before work starts.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, Qt, Signal
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


def _tr(text: str) -> str:
    return QCoreApplication.translate("FirstRunPage", text)


def check_platform_url(url: str) -> tuple[str, str] | None:
    """None when ``url`` is usable, else (zh, en) saying why not."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return (
            "平台地址无效，应形如 https://zwfw.example.gov.cn",
            "The platform address is invalid; it looks like https://zwfw.example.gov.cn",
        )
    if parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        return (
            "只允许对本机演示平台使用 http，正式平台必须使用 https。",
            "Plain http is allowed only for a local demo platform; use https.",
        )
    return None


class FirstRunPage(QWidget):
    """Two steps: the form, then the registration result."""

    registerRequested = Signal(str, str, str)  # platform URL, user name, password
    finished = Signal()

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

        done_page = QWidget(self)
        self.result = QLabel("", done_page)
        self.result.setObjectName("registrationResult")
        self.result.setWordWrap(True)
        self.result.setStyleSheet("font-size: 16px;")
        self.start = QPushButton(_tr("Start work"), done_page)
        self.start.setObjectName("startButton")
        self.start.setDefault(True)
        done_layout = QVBoxLayout(done_page)
        done_layout.addWidget(self.result)
        done_layout.addWidget(self.start)

        self.steps.addWidget(form_page)
        self.steps.addWidget(done_page)
        box = QFrame(self)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box.setMaximumWidth(560)
        QVBoxLayout(box).addWidget(self.steps)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

        self.url.returnPressed.connect(self.username.setFocus)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._submit)
        self.button.clicked.connect(self._submit)
        self.start.clicked.connect(self.finished)

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
