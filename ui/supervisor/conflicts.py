"""Conflict and refused-action inbox (冲突与被拒操作) for this device's office store.

Each row names the application by receipt number and applicant, the field by its form
label, and puts this device's value beside the platform's in readable form. A refused
action says in plain words what the platform objected to and what to do. The supervisor
keeps the platform's value (for a refused action: discards it), resubmits the local
value, or corrects a field with the same checks as intake — through the store's resolve
API (resubmit and edit enqueue a NEW mutation).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import SIGNAL, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.intake.runner import ThreadRunner
from ui.supervisor.backend import SupervisorBackend
from ui.supervisor.common import Index, RowsModel, error_text, row_table
from ui.supervisor.conflict_widgets import ConflictEditor
from ui.supervisor.labels import (
    conflict_text,
    field_label,
    local_time,
    rejection_text,
    status_text,
    value_text,
)
from ui.supervisor.record_labels import Directory, conflict_rows, directory, store_thread_of
from ui.supervisor.signoff_widgets import open_in_workspace
from ui.supervisor.table_widgets import fit_columns

KEYS = (
    "kind",
    "receipt_no",
    "applicant_name",
    "field",
    "local",
    "platform",
    "created_at",
    "what",
)
LOCAL_BG, PLATFORM_BG = QColor("#fff3e0"), QColor("#e3f2fd")


class ConflictModel(RowsModel):
    """Rows already worked into display text by :meth:`ConflictInbox.shape`."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key = KEYS[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and key in ("local", "platform"):
            return LOCAL_BG if key == "local" else PLATFORM_BG
        if role == Qt.ItemDataRole.ToolTipRole:
            row = self.rows[index.row()]
            if key == "what":
                return row["todo"]
            if key == "receipt_no":
                return str(row.get("record_id") or "")
            return str(row.get(key) or "")
        return super().data(index, role)


def _rejected_summary(payload: Any, labels: Mapping[str, str], d: Directory) -> tuple[str, str]:
    """(what the refused action touched, its value) from the stored payload."""
    if not isinstance(payload, Mapping):
        return field_label(None), ""
    fields = payload.get("fields")
    if isinstance(fields, Mapping):
        names = "、".join(field_label(str(p), labels) for p in fields)
        values = "、".join(value_text(str(p), v, d.users) for p, v in fields.items())
        return names, values
    if "to" in payload:
        return field_label("status"), status_text(payload["to"])
    if "clerk_id" in payload:
        return field_label("clerk_id"), d.user(payload["clerk_id"])
    return field_label(None), ""


class ConflictInbox(QWidget):
    """Open conflicts and refused actions, side by side, with resolve buttons."""

    changed = Signal(str)
    loaded = Signal()
    # record id (double-click); unconnected, the enclosing workspace is asked
    openRequested = Signal(str)

    def __init__(
        self, backend: SupervisorBackend, runner: ThreadRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.runner = runner
        self.store = store_thread_of(backend)
        self.directory = Directory()
        headers = [
            self.tr("Kind"),
            self.tr("Receipt no."),
            self.tr("Applicant"),
            self.tr("Field"),
            self.tr("This device"),
            self.tr("Platform"),
            self.tr("Since"),
            self.tr("What happened"),
        ]
        self.model = ConflictModel(KEYS, headers)
        self.table = row_table(self.model)
        self.empty = QLabel(self.tr("Nothing to resolve: no conflicts or refused actions."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.keep_button = QPushButton(self.tr("Keep platform value"))
        self.resubmit_button = QPushButton(self.tr("Resubmit local value"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.editor = ConflictEditor()
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.keep_button, self.resubmit_button, self.refresh_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addWidget(self.explain)
        layout.addLayout(buttons)
        layout.addWidget(self.editor)
        layout.addWidget(self.status)
        self.keep_button.clicked.connect(lambda: self.resolve("keep_platform"))
        self.resubmit_button.clicked.connect(lambda: self.resolve("resubmit"))
        self.refresh_button.clicked.connect(self.reload)
        self.editor.submitted.connect(lambda fields: self.resolve("edit", dict(fields)))
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(self._open)
        self._selected()

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        def read() -> tuple[Directory, list[dict[str, Any]]]:
            return self.store.call_blocking(lambda s: (directory(s), conflict_rows(s)))

        self.runner.run(read, self._loaded, self._failed, owner=self)

    def shape(self, row: dict[str, Any]) -> dict[str, Any]:
        """One store row as the table shows it."""
        d = self.directory
        labels = d.form_labels(row.get("item_code"))
        rejected = row["kind"] == "rejected"
        if rejected:
            field, local = _rejected_summary(row.get("clerk_value"), labels, d)
            platform = "—"
            what, todo = rejection_text(row.get("reason"))
        else:
            path = row.get("path")
            field = field_label(path, labels)
            local = value_text(path, row.get("clerk_value"), d.users)
            platform = value_text(path, row.get("platform_value"), d.users)
            what, todo = conflict_text()
        kind = self.tr("Refused by the platform") if rejected else self.tr("Conflict")
        return {
            **row,
            "kind": kind,
            "raw_kind": row["kind"],
            "field": field,
            "local": local,
            "platform": platform,
            "what": what,
            "todo": todo,
            "created_at": local_time(row.get("created_at")),
        }

    def _loaded(self, result: tuple[Directory, list[dict[str, Any]]]) -> None:
        keep = self.selected_row()
        self.directory, rows = result
        self.model.set_rows([self.shape(r) for r in rows])
        ids = [r["id"] for r in rows]
        if rows:
            self.table.selectRow(ids.index(keep["id"]) if keep and keep["id"] in ids else 0)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        fit_columns(self.table)
        self._selected()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))
        self.loaded.emit()

    # ------------------------------------------------------------------ selection
    def selected_row(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _selected(self) -> None:
        row = self.selected_row()
        rejected = row is not None and row["raw_kind"] == "rejected"
        self.keep_button.setEnabled(row is not None)
        self.resubmit_button.setEnabled(row is not None and not rejected)
        self.keep_button.setText(
            self.tr("Discard this action (keep platform data)") if rejected
            else self.tr("Keep platform value")
        )  # fmt: skip
        self.resubmit_button.setToolTip(
            self.tr("A refused action cannot be sent again as it was: correct it below.")
            if rejected else ""
        )  # fmt: skip
        if row is None:
            self.explain.clear()
        else:
            self.explain.setText(f"{row['what']}\n{row['todo']}")
        self.editor.set_row(row, self.directory)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            record_id = str(self.model.rows[index.row()]["record_id"])
            if self.receivers(SIGNAL("openRequested(QString)")):  # the panel wires it
                self.openRequested.emit(record_id)
            elif not open_in_workspace(self, record_id):
                self.status.setText(self.tr("Open the application from the queue to see it whole."))

    # ------------------------------------------------------------------ resolving
    def resolve(self, choice: str, fields: dict[str, Any] | None = None) -> None:
        row = self.selected_row()
        if row is None:
            self.status.setText(self.tr("Select a conflict first."))
            return
        conflict_id, record_id = int(row["id"]), str(row["record_id"])

        def done(_doc: object) -> None:
            self.status.setText(self.tr("Resolved: %1").replace("%1", row["receipt_no"]))
            self.changed.emit(record_id)
            self.reload()

        self.runner.run(
            lambda: self.backend.resolve(conflict_id, choice, fields),
            done,
            self._failed,
            owner=self,
        )
