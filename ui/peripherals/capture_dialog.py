"""Capturing a material page by page (高拍仪拍摄): Space takes a page, each page shows as
a thumbnail, Delete drops the selected one, Enter finishes.

Capture and compression run off the UI thread. When the camera fails the dialog says
why and the clerk carries on (another try, a scan file, or the paper copy); nothing
is lost. :func:`save_pages` stores the pages as encrypted attachments of a material
of an application, which sync uploads resumably.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from offline.store.actions import Actor
from offline.store.store import Store
from ui.intake.runner import ThreadRunner
from ui.peripherals.capture import THUMB_SIDE, CaptureError, CaptureSource, compress_page, thumbnail


class CaptureDialog(QDialog):
    """Pages captured so far are in :attr:`pages` (compressed JPEG bytes)."""

    captured = Signal(int)  # number of pages
    finished_pages = Signal(list)

    def __init__(self, source: CaptureSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Document camera"))
        self.source = source
        self.pages: list[bytes] = []
        self._runner = ThreadRunner(self)
        self.thumbs = QListWidget()
        self.thumbs.setObjectName("capturedPages")
        self.thumbs.setViewMode(QListView.ViewMode.IconMode)
        self.thumbs.setIconSize(QSize(THUMB_SIDE, THUMB_SIDE))
        self.status = QLabel(source.name)
        self.status.setObjectName("captureStatus")
        self.shoot = QPushButton(self.tr("Capture page (Space)"))
        done = QPushButton(self.tr("Done (Enter)"))
        done.setDefault(True)
        row = QHBoxLayout()
        row.addWidget(self.shoot)
        row.addStretch(1)
        row.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addWidget(self.thumbs, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.shoot.clicked.connect(self.capture)
        done.clicked.connect(self.finish)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.capture)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self, self.drop_selected)

    def capture(self) -> None:
        if self._runner.busy:
            return
        self.status.setText(self.tr("Capturing…"))
        source = self.source
        self._runner.run(
            lambda: compress_page(source.capture()), self._add, self._failed, owner=self
        )

    def _add(self, page: bytes) -> None:
        self.pages.append(page)
        item = QListWidgetItem(self.tr("Page %1").replace("%1", str(len(self.pages))))
        item.setIcon(QPixmap.fromImage(thumbnail(page)))
        self.thumbs.addItem(item)
        self.status.setText(
            self.tr("Page %1 captured (%2 KB)")
            .replace("%1", str(len(self.pages)))
            .replace("%2", str(len(page) // 1024))
        )
        self.captured.emit(len(self.pages))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, CaptureError):
            self.status.setText(f"{exc.zh} / {exc.en}")
        else:
            self.status.setText(self.tr("The camera failed; use a scan or the paper copy."))

    def drop_selected(self) -> None:
        row = self.thumbs.currentRow()
        if 0 <= row < len(self.pages):
            del self.pages[row]
            self.thumbs.takeItem(row)

    def finish(self) -> None:
        self.finished_pages.emit(list(self.pages))
        self.accept()

    def done(self, result: int) -> None:
        self._runner.shutdown()
        super().done(result)


def save_pages(
    store: Store, actor: Actor, record_id: str, material_code: str, pages: list[bytes]
) -> dict[str, Any]:
    """Each page becomes an electronic entry of the material with its JPEG as an
    encrypted attachment, all in one transaction (run on the store's thread)."""
    entry = {"code": material_code, "originals": 0, "copies": 0, "form": "electronic"}
    with store.transaction():
        doc: dict[str, Any] = store.get(record_id) or {}
        for page in pages:
            doc = store.add_material(actor, record_id, dict(entry), content=page, mime="image/jpeg")
    return doc
