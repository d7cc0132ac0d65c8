"""Audit viewer (审计日志): who did what, when, on which application — newest first.

A lazy table over the store's hash-chained audit log: pages of 200 arrive as the view
scrolls (``canFetchMore``/``fetchMore`` start a background read by keyset on ``seq``), so
a log of millions of entries is never loaded whole. People appear by name, actions as
plain labels, records by receipt number (the record id in the tooltip). Filters: user
and action from combo boxes, a date range with calendar pop-ups. "Verify chain" runs
the store's check off the UI thread, says the verdict in plain words and jumps to the
first broken entry.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from offline.domain.clock import today_local
from offline.store.store import Store
from sync.store_thread import StoreThread
from ui.intake.runner import ThreadRunner
from ui.supervisor.audit_labels import (
    AuditQuery,
    action_labels,
    action_text,
    audit_page,
    intact_text,
    problem_text,
    record_by_receipt,
    system_actors,
)
from ui.supervisor.backend import SupervisorBackend
from ui.supervisor.common import Index, ListTableModel, error_text, row_table
from ui.supervisor.labels import local_time
from ui.supervisor.record_labels import Directory, directory, store_thread_of
from ui.supervisor.table_widgets import fit_columns

PAGE = 200
SEQ_ROLE = Qt.ItemDataRole.UserRole + 1


def _day(edit: QDateEdit) -> date:
    return date.fromisoformat(edit.date().toString(Qt.DateFormat.ISODate))


class AuditModel(ListTableModel):
    """Audit entries, newest first, loaded page by page off the UI thread."""

    page_loaded = Signal()
    failed = Signal(str)

    def __init__(self, store: StoreThread[Store], runner: ThreadRunner, page: int = PAGE) -> None:
        super().__init__()
        self.store = store
        self.runner = runner
        self.page = page
        self.query = AuditQuery()
        self.directory = Directory()
        self.rows: list[dict[str, Any]] = []
        self._done = False
        self._fetching = False
        self._generation = 0
        self._actions = action_labels()
        self._actors = system_actors()
        self._headers = [
            self.tr("No."),
            self.tr("When"),
            self.tr("Who"),
            self.tr("Action"),
            self.tr("Application"),
        ]

    def set_query(self, q: AuditQuery) -> None:
        """Start over with new filters and load their first (newest) page."""
        self.beginResetModel()
        self.query = q
        self.rows = []
        self._done = False
        self._fetching = False
        self._generation += 1
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def set_directory(self, d: Directory) -> None:
        self.directory = d
        if self.rows:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self.rows) - 1, 3))

    def actor_text(self, actor: str) -> str:
        return self._actors.get(actor) or self.directory.user(actor)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == SEQ_ROLE:
            return row["seq"]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(row["seq"])
            if column == 1:
                return local_time(row.get("at"), seconds=True)
            if column == 2:
                return self.actor_text(str(row.get("actor") or ""))
            if column == 3:
                action = str(row.get("action"))
                return action_text(action, row.get("facts") or {}, self._actions, self.directory)
            record = str(row.get("record_id") or "")
            return row.get("receipt_no") or (record[:8] + "…" if record else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 2:
                return str(row.get("actor") or "")
            if column == 3:
                return f"{self.data(index)} ({row.get('action')})"
            if column == 4 and row.get("record_id"):
                return self.tr("Record id: %1").replace("%1", str(row["record_id"]))
        return None

    @property
    def exhausted(self) -> bool:
        """True once the oldest page of the current filter has arrived."""
        return self._done

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._done and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        before = int(self.rows[-1]["seq"]) if self.rows else None
        q, generation, limit = self.query, self._generation, self.page
        self.runner.run(
            lambda: self.store.call_blocking(
                lambda s: audit_page(s, q, before_seq=before, limit=limit)
            ),
            lambda rows: self._append(generation, rows),
            lambda exc: self._fail(generation, exc),
            owner=self,
        )

    def _append(self, generation: int, rows: list[dict[str, Any]]) -> None:
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
        self.store = store_thread_of(backend)
        self.model = AuditModel(self.store, runner)
        self.table = row_table(self.model)
        self.user_combo = QComboBox()
        self.user_combo.setEditable(True)  # a clerk never signed in here: type the id
        self.user_combo.setToolTip(self.tr("User (pick, or type a user id)"))
        self.action_combo = QComboBox()
        self.action_combo.addItem(self.tr("All actions"), None)
        for code, label in action_labels().items():
            self.action_combo.addItem(label, code)
        self.receipt_edit = QLineEdit()
        self.receipt_edit.setPlaceholderText(self.tr("Receipt no."))
        self.receipt_edit.setClearButtonEnabled(True)
        self.range_check = QCheckBox(self.tr("Dates"))
        today = QDate.fromString(today_local().isoformat(), Qt.DateFormat.ISODate)
        self.from_edit = self._date_edit(today.addDays(-30))
        self.to_edit = self._date_edit(today)
        self.apply_button = QPushButton(self.tr("Filter"))
        self.verify_button = QPushButton(self.tr("Verify chain"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        filters = QHBoxLayout()
        filters.addWidget(self.user_combo, 2)
        filters.addWidget(self.action_combo, 2)
        filters.addWidget(self.receipt_edit, 2)
        for w in (self.range_check, self.from_edit, QLabel("–"), self.to_edit):
            filters.addWidget(w)
        filters.addWidget(self.apply_button)
        filters.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        self.range_check.toggled.connect(self._range_toggled)
        self._range_toggled(False)
        self.apply_button.clicked.connect(self.apply_filter)
        self.receipt_edit.returnPressed.connect(self.apply_filter)
        self.action_combo.activated.connect(self.apply_filter)
        self.user_combo.activated.connect(self.apply_filter)
        self.verify_button.clicked.connect(self.verify)
        self.model.failed.connect(self.status.setText)
        self.model.modelReset.connect(self._fit_next_page)
        self.table.verticalHeader().hide()  # the entry number is a column of its own
        self._fill_users(Directory())

    def _date_edit(self, day: QDate) -> QDateEdit:
        edit = QDateEdit(day)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _fit_next_page(self) -> None:
        """Size the columns once, when the first page of a new query arrives."""

        def fit() -> None:
            self.model.page_loaded.disconnect(fit)
            fit_columns(self.table, max_width=420)

        self.model.page_loaded.connect(fit)

    def _range_toggled(self, on: bool) -> None:
        self.from_edit.setEnabled(on)
        self.to_edit.setEnabled(on)

    def _fill_users(self, d: Directory) -> None:
        current = self.selected_user()
        self.user_combo.clear()
        self.user_combo.addItem(self.tr("All users"), None)
        for uid, name in sorted(d.users.items(), key=lambda kv: kv[1]):
            self.user_combo.addItem(f"{name} ({uid})", uid)
        for uid, name in system_actors().items():
            self.user_combo.addItem(name, uid)
        at = self.user_combo.findData(current) if current else 0
        self.user_combo.setCurrentIndex(max(at, 0))

    def reload(self) -> None:
        """Load the user names, then the newest page under the current filters."""

        def loaded(d: Directory) -> None:
            self.model.set_directory(d)
            self._fill_users(d)

        self.runner.run(
            lambda: self.store.call_blocking(directory), loaded, self._failed, owner=self
        )
        self.apply_filter()

    def selected_user(self) -> str | None:
        """The chosen user's id; typed text that names no entry is taken as an id."""
        text = self.user_combo.currentText().strip()
        index = self.user_combo.findText(text)
        if index >= 0:
            data = self.user_combo.itemData(index)
            return None if data is None else str(data)
        return text or None

    def query(self) -> AuditQuery | None:
        """The filters as a query, or None (and a message) when the dates are reversed."""
        action = self.action_combo.currentData()
        q = AuditQuery(actor=self.selected_user(), action=None if action is None else str(action))
        if not self.range_check.isChecked():
            return q
        start = _day(self.from_edit)
        end = _day(self.to_edit)
        if start > end:
            self.status.setText(self.tr("The start date is after the end date."))
            return None
        return AuditQuery(q.actor, q.action, start, end)

    def apply_filter(self) -> None:
        """Apply the filters; reversed dates or an unknown receipt number are refused and
        the table stays as it was."""
        q = self.query()
        if q is None:
            return
        receipt = self.receipt_edit.text().strip()
        if not receipt:
            self.status.clear()
            self.model.set_query(q)
            return

        def found(record_id: str | None) -> None:
            if record_id is None:
                self.status.setText(
                    self.tr("No application has the receipt number %1.").replace("%1", receipt)
                )
                return
            self.status.clear()
            self.model.set_query(replace(q, record_id=record_id))

        self.runner.run(
            lambda: self.store.call_blocking(lambda s: record_by_receipt(s, receipt)),
            found,
            self._failed,
            owner=self,
        )

    # ------------------------------------------------------------------ verify chain
    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.status.setText(self.tr("Checking the audit chain…"))
        self.runner.run(self.backend.verify_audit, self._verified, self._failed, owner=self)

    def _verified(self, report: Any) -> None:
        self.verify_button.setEnabled(True)
        if report.ok:
            self.status.setText(intact_text(report.entries))
        else:
            self.status.setText(problem_text(report.problem, report.first_bad_seq))
            if report.first_bad_seq is not None:
                self.show_entry(int(report.first_bad_seq))
        self.verified.emit(report)

    def show_entry(self, seq: int) -> None:
        """Jump to one entry: filters cleared, the list starts at it, it is selected."""
        self.range_check.setChecked(False)
        self.receipt_edit.clear()
        self.action_combo.setCurrentIndex(0)
        self.user_combo.setCurrentIndex(0)

        def select() -> None:
            self.model.page_loaded.disconnect(select)
            if self.model.rows:
                self.table.selectRow(0)
                self.table.scrollTo(self.model.index(0, 0))

        self.model.page_loaded.connect(select)
        self.model.set_query(AuditQuery(start_before=seq + 1))

    def _failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.status.setText(error_text(exc))
