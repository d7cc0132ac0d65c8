"""Pending sign-offs inbox (待签批): the office's proposed rejections (拟不予受理).

The supervisor reads the clerk's reason and either signs off (the application becomes
rejected and the 不予受理通知书 printable) or returns it to the clerk with a comment. Both
go through the store's transition as role supervisor; it works offline and syncs later.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.intake.runner import ThreadRunner
from ui.supervisor.backend import SupervisorBackend
from ui.supervisor.common import RowsModel, error_text, row_table

KEYS = (
    "receipt_no",
    "applicant_name",
    "item_code",
    "clerk_id",
    "received_at",
    "materials",
    "reason",
)


class SignoffView(QWidget):
    """Table of proposals + comment field + sign-off / return buttons."""

    changed = Signal(str)  # record id after a committed decision
    loaded = Signal()

    def __init__(
        self, backend: SupervisorBackend, runner: ThreadRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.runner = runner
        headers = [
            self.tr("Receipt no."),
            self.tr("Applicant"),
            self.tr("Item"),
            self.tr("Clerk"),
            self.tr("Received"),
            self.tr("Materials"),
            self.tr("Clerk's reason"),
        ]
        self.model = RowsModel(KEYS, headers)
        self.table = row_table(self.model)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("Comment for the clerk (required to return)"))
        self.sign_button = QPushButton(self.tr("Sign off rejection"))
        self.return_button = QPushButton(self.tr("Return to clerk"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.status = QLabel()
        buttons = QHBoxLayout()
        for b in (self.sign_button, self.return_button, self.refresh_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.comment)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.sign_button.clicked.connect(self.sign_off)
        self.return_button.clicked.connect(self.send_back)
        self.refresh_button.clicked.connect(self.reload)

    def reload(self) -> None:
        self.runner.run(self.backend.pending_signoffs, self._loaded, self._failed, owner=self)

    def _loaded(self, rows: list[dict[str, Any]]) -> None:
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))
        self.loaded.emit()

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(self.model.rows[rows[0].row()]["id"]) if rows else None

    def sign_off(self) -> None:
        record_id = self.selected_id()
        if record_id is None:
            self.status.setText(self.tr("Select an application first."))
            return
        self.runner.run(
            lambda: self.backend.sign_off(record_id), self._done, self._failed, owner=self
        )

    def send_back(self) -> None:
        record_id = self.selected_id()
        comment = self.comment.text().strip()
        if record_id is None:
            self.status.setText(self.tr("Select an application first."))
            return
        if not comment:
            self.status.setText(self.tr("Write a comment for the clerk before returning."))
            return
        self.runner.run(
            lambda: self.backend.send_back(record_id, comment), self._done, self._failed, owner=self
        )

    def _done(self, doc: dict[str, Any]) -> None:
        self.comment.clear()
        self.status.setText(self.tr("Saved: %1").replace("%1", str(doc.get("receipt_no", ""))))
        self.changed.emit(str(doc["id"]))
        self.reload()
