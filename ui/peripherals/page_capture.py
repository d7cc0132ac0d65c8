"""Document camera in the materials step: F6 captures pages of the current material.

The pages (compressed JPEGs) wait here until the intake is submitted; the intake backend
stores each as an electronic entry of its material with an encrypted attachment, in the
same transaction as the application. The source is the vendor capture service set in
``peripherals/capture_service`` (``http://127.0.0.1:PORT``), or the simulator in demo
mode; with neither, the button is hidden and scans/paper work as before.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from ui.peripherals.capture import CaptureSource, HttpCaptureSource, SimulatedCaptureSource
from ui.peripherals.capture_dialog import CaptureDialog

SETTING = "peripherals/capture_service"


def capture_source(demo: bool) -> CaptureSource | None:
    url = QSettings().value(SETTING, "", type=str)
    if url:
        return HttpCaptureSource(str(url))
    return SimulatedCaptureSource() if demo else None


class PageCapture(QObject):
    """Holds captured pages by material code; :attr:`button` goes in the step's row."""

    def __init__(
        self,
        page: QWidget,
        current_code: Callable[[], str | None],
        status: QLabel,
        source: CaptureSource | None,
    ) -> None:
        super().__init__(page)
        self._page, self._current_code, self._status = page, current_code, status
        self.source = source
        self.pages: dict[str, list[bytes]] = {}
        self.button = QPushButton(self.tr("Capture pages (F6)"))
        self.button.setObjectName("capturePages")
        self.button.setVisible(source is not None)
        self.button.clicked.connect(self.open)
        QShortcut(QKeySequence("F6"), page, self.open)
        self.dialog: CaptureDialog | None = None

    def set_source(self, source: CaptureSource | None) -> None:
        self.source = source
        self.button.setVisible(source is not None)

    def open(self) -> None:
        code = self._current_code()
        if self.source is None or code is None:
            return
        self.dialog = CaptureDialog(self.source, self._page)
        self.dialog.finished_pages.connect(lambda pages: self._keep(code, pages))
        self.dialog.open()

    def _keep(self, code: str, pages: list[bytes]) -> None:
        if not pages:
            return
        self.pages.setdefault(code, []).extend(pages)
        self._status.setText(
            self.tr("%1: %2 page(s) captured")
            .replace("%1", code)
            .replace("%2", str(len(self.pages[code])))
        )

    def clear(self) -> None:
        self.pages = {}
