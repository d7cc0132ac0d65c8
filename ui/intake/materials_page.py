"""Step 4: the materials checklist (材料核验), originals and copies, scans attached.

Keys in the table: Space marks the current material received (or not), A toggles whether
a conditional material's condition applies, typing a digit on a count column edits it,
Ctrl+O attaches scanned files to the current material, Ctrl+K takes a photo with the
document camera (only shown when a camera exists).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from offline.domain.errors import Issue
from ui.intake.camera import CameraDialog, camera_available
from ui.intake.materials_model import COL_NAME, MaterialsModel
from ui.intake.page import ErrorLabel, Page
from ui.intake.runner import ThreadRunner
from ui.peripherals.capture import CaptureSource
from ui.peripherals.page_capture import PageCapture


class MaterialsTable(QTableView):
    """A table that toggles with Space/A instead of starting an editor."""

    def __init__(self, model: MaterialsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.setModel(model)
        self.setObjectName("materialsTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.setTabKeyNavigation(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.currentIndex().row()
        if row >= 0 and event.key() == Qt.Key.Key_Space:
            self._model.toggle_received(row)
            return
        if row >= 0 and event.key() == Qt.Key.Key_A and not event.modifiers():
            self._model.toggle_applies(row)
            return
        super().keyPressEvent(event)


class MaterialsPage(Page):
    def __init__(
        self,
        runner: ThreadRunner,
        attach: Callable[[Path], dict[str, Any]],
        capture: CaptureSource | None = None,
    ) -> None:
        super().__init__()
        self._runner = runner
        self._attach = attach
        self.model = MaterialsModel(self)
        self.table = MaterialsTable(self.model)
        self.error = ErrorLabel("materials")
        self.attach_button = QPushButton(self.tr("Attach scans (Ctrl+O)"))
        self.attach_button.setObjectName("attachScan")
        self.camera_button = QPushButton(self.tr("Document camera (Ctrl+K)"))
        self.camera_button.setObjectName("cameraButton")
        self.camera_button.setVisible(camera_available())
        self.status = QLabel()
        help_text = QLabel(
            self.tr("Space: received · A: condition applies · digits: counts · Ctrl+O: attach")
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.camera_button)
        self.capture = PageCapture(self, self._current_code, self.status, capture)  # 高拍仪 F6
        buttons.addWidget(self.capture.button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(help_text)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        self.model.dataChanged.connect(lambda *_: self.changed.emit())
        self.attach_button.clicked.connect(self.attach_files)
        self.camera_button.clicked.connect(self.open_camera)
        QShortcut(QKeySequence("Ctrl+O"), self, self.attach_files)
        camera_shortcut = QShortcut(QKeySequence("Ctrl+K"), self)
        camera_shortcut.activated.connect(self.open_camera)

    def title(self) -> str:
        return self.tr("Materials")

    def set_item(self, item: dict[str, Any] | None) -> None:
        self.model.set_item(item)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, COL_NAME))

    # -- scans -----------------------------------------------------------------------------
    def choose_files(self) -> list[Path]:
        """Ask for scan files (tests replace this method instead of driving a dialog)."""
        names, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Attach scans"), "", self.tr("Scans (*.pdf *.jpg *.jpeg *.png)")
        )
        return [Path(n) for n in names]

    def attach_files(self) -> None:
        row = self.table.currentIndex().row()
        if row < 0:
            return
        for path in self.choose_files():
            self._attach_path(row, path)

    def _attach_path(self, row: int, path: Path) -> None:
        self.status.setText(self.tr("Attaching %1…").replace("%1", path.name))
        self._runner.run(
            lambda: self._attach(path),
            lambda ref: self._attached(row, ref),
            lambda exc: self.status.setText(str(exc)),
            owner=self,
        )

    def _attached(self, row: int, ref: dict[str, Any]) -> None:
        self.model.set_attachment(row, ref)
        self.status.setText(self.tr("Attached %1").replace("%1", str(ref.get("name", ""))))

    def _current_code(self) -> str | None:
        row = self.table.currentIndex().row()
        return None if row < 0 else str(self.model.row_spec(row)["code"])

    def open_camera(self) -> None:
        row = self.table.currentIndex().row()
        if row < 0 or not self.camera_button.isVisible():
            return
        target = Path(tempfile.mkdtemp(prefix="counterdesk-scan-")) / "capture.jpg"
        dialog = CameraDialog(target, self)
        dialog.captured.connect(lambda path: self._attach_path(row, Path(path)))
        dialog.open()

    # -- page interface --------------------------------------------------------------------
    def validate(self) -> list[Issue]:
        # Missing materials are not an error here: the decision step turns them into a
        # one-time supplement notice. Only impossible entries are refused.
        self.error.show_issues([])
        return []

    def focus_first(self, issues: list[Issue] | None = None) -> None:
        """On the first required material still missing, wherever the cursor was left
        (coming back a step must not leave it on an optional row a Space would tick)."""
        row = self.model.first_open_required()
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, COL_NAME))
        self.table.setFocus()

    def to_draft(self) -> dict[str, Any]:
        return {"materials": self.model.state()}

    def from_draft(self, draft: dict[str, Any]) -> None:
        self.model.load_state(draft.get("materials") or {})
