"""Pending sign-offs inbox (待签批): the office's proposed rejections (拟不予受理).

The supervisor reads the clerk's reason and the materials received, then either signs
off (after a confirmation naming the consequence: the application becomes rejected and
the 不予受理通知书 printable) or returns it to
the clerk with a comment (required for a return only). Both go through the store's
transition as role supervisor; it works offline and syncs later. A decided row leaves
the list at once and the record is reported changed; a double-click opens the
application in the workspace.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import SIGNAL, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui import confirm
from ui.intake.runner import ThreadRunner
from ui.supervisor.backend import SupervisorBackend
from ui.supervisor.common import Index, RowsModel, error_text, row_table
from ui.supervisor.labels import local_time
from ui.supervisor.record_labels import signoff_rows, store_thread_of
from ui.supervisor.signoff_widgets import (
    SignoffDetail,
    materials_summary,
    materials_tooltip,
    open_in_workspace,
)
from ui.supervisor.table_widgets import fit_columns

LIMIT = 500  # proposals listed at once, oldest first
KEYS = (
    "receipt_no",
    "applicant_name",
    "item_name",
    "clerk_name",
    "received_at",
    "materials",
    "reason",
)


def _cell(key: str, value: Any) -> str:
    if key == "received_at":
        return local_time(value)
    if key == "materials":
        return materials_summary(value or [])
    return "" if value is None else str(value)


class SignoffModel(RowsModel):
    """Proposals; long cells (item, materials, reason) show their full text as a tooltip."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole:
            row, key = self.rows[index.row()], KEYS[index.column()]
            if key == "materials":
                return materials_tooltip(row.get("materials") or [])
            if key == "clerk_name":
                return str(row.get("clerk_id") or "")
            return _cell(key, row.get(key))
        return super().data(index, role)

    def remove_id(self, record_id: str) -> None:
        for i, row in enumerate(self.rows):
            if row["id"] == record_id:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self.rows[i]
                self.endRemoveRows()
                return


class SignoffView(QWidget):
    """Table of proposals, the selected one's details, comment and decision buttons."""

    changed = Signal(str)  # record id after a committed decision
    loaded = Signal()
    # record id (double-click / Enter); unconnected, the enclosing workspace is asked
    openRequested = Signal(str)

    def __init__(
        self, backend: SupervisorBackend, runner: ThreadRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.runner = runner
        self.store = store_thread_of(backend)
        headers = [
            self.tr("Receipt no."),
            self.tr("Applicant"),
            self.tr("Service item"),
            self.tr("Clerk"),
            self.tr("Received"),
            self.tr("Materials"),
            self.tr("Clerk's reason"),
        ]
        self.model = SignoffModel(KEYS, headers, _cell)
        self.table = row_table(self.model)
        self.detail = SignoffDetail()
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("Comment for the clerk (required to return)"))
        self.comment.setMaxLength(500)
        self.sign_button = QPushButton(self.tr("Sign off rejection"))
        self.return_button = QPushButton(self.tr("Return to clerk"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.empty = QLabel(self.tr("No proposed rejections are waiting for your sign-off."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.sign_button, self.return_button, self.refresh_button):
            buttons.addWidget(b)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(split)
        layout.addWidget(self.comment)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.sign_button.clicked.connect(self.sign_off)
        self.return_button.clicked.connect(self.send_back)
        self.refresh_button.clicked.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(self._open)
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        enter.activated.connect(lambda: self._open(self.table.currentIndex()))
        self.confirm_dialog: confirm.ConfirmDialog | None = None  # open confirmation
        self._set_empty(True)

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        office = self.backend.office_code

        def read() -> list[dict[str, Any]]:
            return self.store.call_blocking(lambda s: signoff_rows(s, office, LIMIT))

        self.runner.run(read, self._loaded, self._failed, owner=self)

    def _loaded(self, rows: list[dict[str, Any]]) -> None:
        keep = self.selected_id()
        self.model.set_rows(rows)
        ids = [r["id"] for r in rows]
        if rows:
            self.table.selectRow(ids.index(keep) if keep in ids else 0)
        self._set_empty(not rows)
        if len(rows) >= LIMIT:
            self.status.setText(
                self.tr("Showing the oldest %1 proposals; decide these to see more.").replace(
                    "%1", str(LIMIT)
                )
            )
        fit_columns(self.table)
        self.loaded.emit()

    def _set_empty(self, empty: bool) -> None:
        self.empty.setVisible(empty)
        for w in (self.sign_button, self.return_button, self.comment):
            w.setEnabled(not empty)
        if empty:
            self.detail.show_row(None)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))
        self.loaded.emit()

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.detail.show_row(self.model.rows[rows[0].row()] if rows else None)

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(self.model.rows[rows[0].row()]["id"]) if rows else None

    def _open(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        record_id = str(self.model.rows[index.row()]["id"])
        if self.receivers(SIGNAL("openRequested(QString)")):  # the panel wires it
            self.openRequested.emit(record_id)
        elif not open_in_workspace(self, record_id):
            self.status.setText(self.tr("Open the application from the queue to see it whole."))

    # ------------------------------------------------------------------ decisions
    def sign_off(self) -> None:
        """Ask first (the rejection cannot be undone); decide only after "confirm"."""
        record_id = self.selected_id()
        if record_id is None:
            self.status.setText(self.tr("Select an application first."))
            return
        rows = self.table.selectionModel().selectedRows()
        receipt_no = str(self.model.rows[rows[0].row()].get("receipt_no") or "")

        def confirmed() -> None:
            self.confirm_dialog = None
            self._decide(record_id, lambda: self.backend.sign_off(record_id))

        self.confirm_dialog = confirm.ask(
            self, **confirm.sign_off_texts(receipt_no), on_confirm=confirmed
        )

    def send_back(self) -> None:
        record_id = self.selected_id()
        if record_id is None:
            self.status.setText(self.tr("Select an application first."))
            return
        comment = self.comment.text().strip()
        if not comment:
            self.status.setText(
                self.tr("A return needs a comment: tell the clerk what to correct.")
            )
            self.comment.setFocus()
            return
        self._decide(record_id, lambda: self.backend.send_back(record_id, comment))

    def _decide(self, record_id: str, call: Any) -> None:
        self.sign_button.setEnabled(False)
        self.return_button.setEnabled(False)

        def done(doc: dict[str, Any]) -> None:
            self.comment.clear()
            self.model.remove_id(record_id)
            self._set_empty(self.model.rowCount() == 0)
            if self.model.rowCount():
                self.table.selectRow(0)
            verb = (
                self.tr("Signed off %1: its rejection notice can now be printed.")
                if doc.get("status") == "rejected"
                else self.tr("Returned to the clerk: %1")
            )  # fmt: skip
            self.status.setText(verb.replace("%1", str(doc.get("receipt_no", ""))))
            self.changed.emit(record_id)
            self.reload()

        def failed(exc: BaseException) -> None:
            self._set_empty(self.model.rowCount() == 0)
            self._failed(exc)

        self.runner.run(call, done, failed, owner=self)
