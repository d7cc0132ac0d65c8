"""Conflict and rejected-action inbox (冲突/被拒操作) for the whole office's device store.

Lists every open conflict (clerk value vs platform value) and every action the platform
refused (with its reason); the supervisor keeps the platform's value, resubmits the
local one, or submits an edited value for a field, through the store's resolve API
(resubmit and edit enqueue a NEW mutation; a rejected action cannot be resubmitted as
is and the store says so).
"""

from __future__ import annotations

import json
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

KEYS = ("kind", "record_id", "path", "clerk_value", "platform_value", "reason", "created_at")


def _fmt(_key: str, value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class ConflictInbox(QWidget):
    """Open conflicts and rejected actions, side by side, with resolve buttons."""

    changed = Signal(str)
    loaded = Signal()

    def __init__(
        self, backend: SupervisorBackend, runner: ThreadRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.runner = runner
        headers = [
            self.tr("Kind"),
            self.tr("Record"),
            self.tr("Field"),
            self.tr("Local value"),
            self.tr("Platform value"),
            self.tr("Reason"),
            self.tr("Since"),
        ]
        kinds = {
            "conflict": self.tr("Conflict"),
            "rejected": self.tr("Refused by the platform"),
        }

        def fmt(key: str, value: Any) -> str:
            return kinds.get(value, str(value)) if key == "kind" else _fmt(key, value)

        self.model = RowsModel(KEYS, headers, fmt)
        self.table = row_table(self.model)
        self.keep_button = QPushButton(self.tr("Keep platform value"))
        self.resubmit_button = QPushButton(self.tr("Resubmit local value"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.field_edit = QLineEdit()
        self.field_edit.setPlaceholderText(self.tr("Field (e.g. phone)"))
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText(self.tr("New value"))
        self.edit_button = QPushButton(self.tr("Submit edited value"))
        self.status = QLabel()
        buttons = QHBoxLayout()
        for b in (self.keep_button, self.resubmit_button, self.refresh_button):
            buttons.addWidget(b)
        edit_row = QHBoxLayout()
        for w in (self.field_edit, self.value_edit, self.edit_button):
            edit_row.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addLayout(edit_row)
        layout.addWidget(self.status)
        self.keep_button.clicked.connect(lambda: self.resolve("keep_platform"))
        self.resubmit_button.clicked.connect(lambda: self.resolve("resubmit"))
        self.refresh_button.clicked.connect(self.reload)
        self.edit_button.clicked.connect(self.submit_edit)
        self.table.selectionModel().selectionChanged.connect(self._selected)

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.field_edit.setText(str(self.model.rows[rows[0].row()].get("path") or ""))

    def submit_edit(self) -> None:
        field, value = self.field_edit.text().strip(), self.value_edit.text().strip()
        if not field or not value:
            self.status.setText(self.tr("Enter the field and its new value first."))
            return
        self.resolve("edit", {field: value})

    def reload(self) -> None:
        self.runner.run(self.backend.open_conflicts, self._loaded, self._failed, owner=self)

    def _loaded(self, rows: list[dict[str, Any]]) -> None:
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
        self.status.setText(self.tr("Open items: %1").replace("%1", str(len(rows))))
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))
        self.loaded.emit()

    def resolve(self, choice: str, fields: dict[str, Any] | None = None) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.status.setText(self.tr("Select a conflict first."))
            return
        row = self.model.rows[rows[0].row()]
        conflict_id, record_id = int(row["id"]), str(row["record_id"])

        def done(_doc: object) -> None:
            self.value_edit.clear()
            self.changed.emit(record_id)
            self.reload()

        self.runner.run(
            lambda: self.backend.resolve(conflict_id, choice, fields),
            done,
            self._failed,
            owner=self,
        )
