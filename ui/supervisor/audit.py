"""Audit viewer (审计日志): a lazy table over the store's hash-chained audit log.

Rows arrive in pages of 200 as the view scrolls (``canFetchMore``/``fetchMore`` start a
background read; rows are inserted when it returns), filtered by user, action and date.
"Verify chain" runs the store's ``verify_audit()`` off the UI thread and names the first
edited, deleted or reordered entry.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from offline.domain.clock import TZ
from ui.i18n import current_language
from ui.intake.runner import ThreadRunner
from ui.supervisor.backend import AUDIT_COLUMNS, AuditFilter, SupervisorBackend
from ui.supervisor.common import Index, error_text, row_table

PAGE = 200


class AuditModel(QAbstractTableModel):
    """Audit entries loaded page by page through the backend, off the UI thread."""

    page_loaded = Signal()
    failed = Signal(str)

    def __init__(self, backend: SupervisorBackend, runner: ThreadRunner, page: int = PAGE) -> None:
        super().__init__()
        self.backend = backend
        self.runner = runner
        self.page = page
        self.filter = AuditFilter()
        self.rows: list[tuple[Any, ...]] = []
        self._done = False
        self._fetching = False
        self._generation = 0
        self._headers = [
            self.tr("No."),
            self.tr("When"),
            self.tr("Who"),
            self.tr("Action"),
            self.tr("Record"),
        ]

    def set_filter(self, f: AuditFilter) -> None:
        """Start over with a new filter and load its first page."""
        self.beginResetModel()
        self.filter = f
        self.rows = []
        self._done = False
        self._fetching = False
        self._generation += 1
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(AUDIT_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        value = self.rows[index.row()][index.column()]
        if value is None:
            return ""
        if index.column() == 1:  # stored as a UTC instant; clerks read local time
            try:
                return (
                    datetime.fromisoformat(str(value)).astimezone(TZ).strftime("%Y-%m-%d %H:%M:%S")
                )
            except ValueError:
                return str(value)
        return str(value)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        return None if orientation == Qt.Orientation.Horizontal else section + 1

    @property
    def exhausted(self) -> bool:
        """True once the last page of the current filter has arrived."""
        return self._done

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._done and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        after = int(self.rows[-1][0]) if self.rows else 0
        f, generation = self.filter, self._generation
        self.runner.run(
            lambda: self.backend.audit_page(f, after_seq=after, limit=self.page),
            lambda rows: self._append(generation, rows),
            lambda exc: self._fail(generation, exc),
            owner=self,
        )

    def _append(self, generation: int, rows: list[tuple[Any, ...]]) -> None:
        if generation != self._generation:
            return
        self._done = len(rows) < self.page
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        # Only now: a view or tester reacting to the insertion must not start a fetch
        # from the old last row.
        self._fetching = False
        self.page_loaded.emit()

    def _fail(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._fetching = False
            self._done = True
            self.failed.emit(error_text(exc))


class AuditView(QWidget):
    """Filters, the lazy table, and the verify-chain button with its verdict."""

    verified = Signal(object)  # the AuditReport

    def __init__(
        self, backend: SupervisorBackend, runner: ThreadRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.runner = runner
        self.model = AuditModel(backend, runner)
        self.table = row_table(self.model)
        self.user_edit = QLineEdit()
        self.user_edit.setPlaceholderText(self.tr("User"))
        self.action_edit = QLineEdit()
        self.action_edit.setPlaceholderText(self.tr("Action"))
        self.from_edit = QLineEdit()
        self.from_edit.setPlaceholderText(self.tr("From (YYYY-MM-DD)"))
        self.to_edit = QLineEdit()
        self.to_edit.setPlaceholderText(self.tr("To (YYYY-MM-DD)"))
        self.apply_button = QPushButton(self.tr("Filter"))
        self.verify_button = QPushButton(self.tr("Verify chain"))
        self.status = QLabel()
        filters = QHBoxLayout()
        for w in (self.user_edit, self.action_edit, self.from_edit, self.to_edit):
            filters.addWidget(w)
        filters.addWidget(self.apply_button)
        filters.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        self.apply_button.clicked.connect(self.apply_filter)
        self.verify_button.clicked.connect(self.verify)
        self.model.failed.connect(self.status.setText)

    def reload(self) -> None:
        self.apply_filter()

    def apply_filter(self) -> None:
        """Apply the filters; a malformed date is refused and the table stays as it was."""

        def text(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        days: list[date | None] = []
        for edit in (self.from_edit, self.to_edit):
            raw = text(edit)
            try:
                days.append(date.fromisoformat(raw) if raw else None)
            except ValueError:
                self.status.setText(
                    self.tr("Not a date: %1 (use YYYY-MM-DD)").replace("%1", raw or "")
                )
                return
        self.status.clear()
        self.model.set_filter(
            AuditFilter(
                actor=text(self.user_edit),
                action=text(self.action_edit),
                date_from=days[0],
                date_to=days[1],
            )
        )

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.status.setText(self.tr("Verifying the audit chain…"))
        self.runner.run(self.backend.verify_audit, self._verified, self._failed, owner=self)

    def _verified(self, report: Any) -> None:
        self.verify_button.setEnabled(True)
        self.status.setText(report.message(current_language()))
        if not report.ok and report.first_bad_seq is not None:
            for row, entry in enumerate(self.model.rows):
                if entry[0] == report.first_bad_seq:
                    self.table.selectRow(row)
                    break
        self.verified.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.status.setText(error_text(exc))
