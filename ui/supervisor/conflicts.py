"""Conflict and rejected-action inbox (冲突/被拒操作) for the whole office's device store.

Lists every open conflict (clerk value vs platform value) and every action the platform
refused (with its reason); the supervisor keeps the platform's value or resubmits the
local one through the store's resolve API (resubmit enqueues a NEW mutation).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.intake.runner import ThreadRunner
from ui.supervisor.backend import SupervisorBackend
from ui.supervisor.common import RowsModel, error_text

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
        self.model = RowsModel(KEYS, headers, _fmt)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.keep_button = QPushButton(self.tr("Keep platform value"))
        self.resubmit_button = QPushButton(self.tr("Resubmit local value"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.status = QLabel()
        buttons = QHBoxLayout()
        for b in (self.keep_button, self.resubmit_button, self.refresh_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.keep_button.clicked.connect(lambda: self.resolve("keep_platform"))
        self.resubmit_button.clicked.connect(lambda: self.resolve("resubmit"))
        self.refresh_button.clicked.connect(self.reload)

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

    def resolve(self, choice: str) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.status.setText(self.tr("Select a conflict first."))
            return
        row = self.model.rows[rows[0].row()]
        conflict_id, record_id = int(row["id"]), str(row["record_id"])

        def done(_doc: object) -> None:
            self.changed.emit(record_id)
            self.reload()

        self.runner.run(
            lambda: self.backend.resolve(conflict_id, choice), done, self._failed, owner=self
        )
