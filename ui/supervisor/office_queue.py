"""办件总览 / Office queue: every application of the office, by clerk and by status.

On top, a clerk x status count grid (the whole office in the first row); clicking a cell
filters the list below to that clerk and status group. The list is the clerk's own lazy
queue model with a clerk column, the same search, and an overdue / due-soon filter
(remaining working days from the official calendar; a date the calendar does not know is
never guessed), most urgent first. Enter or a double-click opens the record in the
workspace; "Reassign" gives the chosen records to another clerk through the store (role
checked there), and the change syncs like any action. Every store call runs on the store thread.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from offline.store.actions import Actor
from ui import confirm, ops
from ui.context import WorkspaceContext
from ui.queue import source
from ui.queue.rows import SORT_KEYS, QueueRow
from ui.supervisor.clerk_grid import ClerkGridModel, names_of
from ui.supervisor.common import error_text
from ui.supervisor.office_list import OfficeListModel
from ui.supervisor.office_source import (
    OfficeFilter,
    clerk_counts,
    office_query,
    office_users,
    reassign_many,
)
from ui.supervisor.reassign import ReassignDialog, candidates

SEARCH_DEBOUNCE_MS = 250
COLUMN_WIDTHS = (44, 210, 90, 230, 90, 130, 190)  # as the clerk's queue; the clerk stretches
GRID_MAX_ROWS = 8  # more clerks scroll inside the grid


def _load(
    store: Any, f: OfficeFilter, office: str
) -> tuple[dict[str, dict[str, int]], list[dict[str, str]], list[int]]:
    """One trip to the store thread: grid counts, office users, list keys."""
    keys, _counts = office_query(store, f, office)
    return clerk_counts(store, office), office_users(store, office), keys


class OfficeQueueView(QWidget):
    """Grid + filters + list + reassign; reloads itself after every change it makes."""

    openRequested = Signal(str)  # record id
    changed = Signal(list)  # record ids reassigned
    refreshed = Signal()  # the latest query's answer (or its error) arrived

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officeQueue")
        self.ctx = ctx
        self.actor = Actor(ctx.user.user_id, ctx.user.role)
        self.filter = OfficeFilter()
        self.users: list[dict[str, str]] = []
        self.reassign_dialog: ReassignDialog | None = None
        self.confirm_dialog: confirm.ConfirmDialog | None = None
        self._generation = 0
        self._notice = ""  # shown once, before the count, after the next refresh

        self.grid = ClerkGridModel()
        self.grid_table = QTableView()
        self.grid_table.setObjectName("clerkGrid")
        self.grid_table.setModel(self.grid)
        self.grid_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.grid_table.clicked.connect(self._cell_clicked)

        self.scope = QLabel()
        self.urgency = QComboBox()
        self.urgency.addItem(self.tr("Any due date"), "all")
        self.urgency.addItem(self.tr("Overdue"), "overdue")
        self.urgency.addItem(self.tr("Due within 2 working days"), "due_soon")
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(200)
        self.search.setPlaceholderText(self.tr("Search name, ID number, receipt no., phone"))
        self.show_all = QPushButton(self.tr("Whole office"))
        self.refresh_button = QPushButton(self.tr("Refresh"))

        self.model = OfficeListModel(self._fetch_rows, self)
        self.table = QTableView()
        self.table.setObjectName("officeList")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(
            SORT_KEYS.index("received_at"), Qt.SortOrder.DescendingOrder
        )
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._activated)

        self.open_button = QPushButton(self.tr("Open"))
        self.reassign_button = QPushButton(self.tr("Reassign…"))
        self.info = QLabel()
        self.info.setWordWrap(True)

        filters = QHBoxLayout()
        filters.addWidget(self.scope, 1)
        filters.addWidget(self.urgency)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.show_all)
        filters.addWidget(self.refresh_button)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(self.reassign_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.grid_table)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.info)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.refresh)
        self.urgency.currentIndexChanged.connect(lambda _i: self._urgency_changed())
        self.show_all.clicked.connect(self.show_whole_office)
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self.open_current)
        self.reassign_button.clicked.connect(self.ask_reassign)
        self.model.sortRequested.connect(self._on_sort)  # after the initial sort indicator
        self._show_scope()

    def showEvent(self, event: QShowEvent) -> None:
        """Each time the tab is shown (not a window restore) the figures are read again."""
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def _fit_grid(self) -> None:
        """The grid as tall as its rows (up to GRID_MAX_ROWS), the list gets the rest."""
        table = self.grid_table
        rows = min(self.grid.rowCount(), GRID_MAX_ROWS)
        height = table.horizontalHeader().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(r) for r in range(rows))
        table.setFixedHeight(height + 2)

    # --- filters ---------------------------------------------------------------------
    def _cell_clicked(self, index: QModelIndex) -> None:
        clerk, statuses = self.grid.filter_at(index.row(), index.column())
        self.filter = replace(self.filter, clerk_id=clerk, statuses=statuses)
        self.refresh()

    def _urgency_changed(self) -> None:
        """Overdue and due-soon lists read best most urgent first: sort by due date (the
        header's sort request then refreshes); any other column can still be chosen."""
        if self.urgency.currentData() != "all" and self.filter.sort != "due_date":
            self.table.horizontalHeader().setSortIndicator(
                SORT_KEYS.index("due_date"), Qt.SortOrder.AscendingOrder
            )
            return
        self.refresh()

    def show_whole_office(self) -> None:
        self.filter = replace(self.filter, clerk_id=None, statuses=frozenset())
        self.refresh()

    def _on_sort(self, key: str, descending: bool) -> None:
        self.filter = replace(self.filter, sort=key, descending=descending)
        self.refresh()

    def _show_scope(self) -> None:
        group = next(
            (label for label, s in self.grid.groups if s == self.filter.statuses),
            self.grid.groups[0][0],
        )
        self.scope.setText(f"{self.grid.clerk_name(self.filter.clerk_id)} · {group}")

    # --- loading -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Query again (filter, search or data changed); the newest request wins."""
        self._debounce.stop()
        self.filter = replace(
            self.filter,
            search=self.search.text().strip(),
            urgency=str(self.urgency.currentData()),
        )
        self._show_scope()
        self._generation += 1
        generation, f, office = self._generation, self.filter, self.ctx.office_code

        def done(result: tuple[dict[str, dict[str, int]], list[dict[str, str]], list[int]]) -> None:
            if generation != self._generation:
                return
            counts, users, keys = result
            self.users = users
            names = names_of(users)
            self.grid.set_counts(counts, names)
            self._fit_grid()
            self.model.set_names(names)
            self.model.set_ids(keys)
            self._show_scope()
            text = self.tr("%n applications").replace("%n", str(len(keys)))
            if f.search and not source.searchable(f.search):
                text = self.tr("Type at least 2 characters to search.")
            notice, self._notice = self._notice, ""
            self.info.setText(f"{notice} {text}" if notice else text)
            self.refreshed.emit()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.info.setText(error_text(exc))
                self.refreshed.emit()

        ops.query_op(self.ctx.store, _load, f, office, parent=self).success(done).failure(
            failed
        ).run_in_background()

    async def _fetch_rows(self, keys: list[int]) -> list[QueueRow]:
        rows: list[QueueRow] = await self.ctx.store.call(source.queue_rows, keys)
        return rows

    # --- records -----------------------------------------------------------------------
    def selected_rows(self) -> list[QueueRow]:
        picked = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        rows = [self.model.cached_row(r) for r in picked]
        return [r for r in rows if r is not None]

    def _activated(self, index: QModelIndex) -> None:
        record_id = self.model.row_id(index.row())
        if record_id:
            self.openRequested.emit(record_id)

    def open_current(self) -> None:
        rows = self.selected_rows()
        if not rows:
            self.info.setText(self.tr("Select an application first."))
            return
        self.openRequested.emit(rows[0].id)

    def ask_reassign(self) -> ReassignDialog | None:
        """Open the reassign dialog for the selected records (non-blocking)."""
        rows = self.selected_rows()
        if not rows:
            self.info.setText(self.tr("Select one or more applications first."))
            return None
        ids = [r.id for r in rows]
        offered = candidates(self.users, {r.clerk_id or "" for r in rows})
        dialog = ReassignDialog(offered, len(ids), self)
        dialog.accepted.connect(lambda: self._confirm_reassign(ids, dialog.chosen()))
        dialog.finished.connect(dialog.deleteLater)
        self.reassign_dialog = dialog
        dialog.open()
        return dialog

    def _confirm_reassign(self, record_ids: list[str], clerk_id: str | None) -> None:
        """Name whom the records go to and what changes; reassign only after "confirm"."""
        self.reassign_dialog = None
        if not clerk_id:
            return
        name = names_of(self.users).get(clerk_id, clerk_id)

        def confirmed() -> None:
            self.confirm_dialog = None
            self._reassign(record_ids, clerk_id)

        self.confirm_dialog = confirm.ask(
            self, **confirm.reassign_texts(len(record_ids), name), on_confirm=confirmed
        )

    def _reassign(self, record_ids: list[str], clerk_id: str | None) -> None:
        self.reassign_dialog = None
        if not clerk_id:
            return
        self.reassign_button.setEnabled(False)

        def done(docs: list[dict[str, Any]]) -> None:
            self.reassign_button.setEnabled(True)
            name = names_of(self.users).get(clerk_id, clerk_id)
            self._notice = (
                self.tr("Reassigned %n application(s) to %1.")
                .replace("%n", str(len(docs)))
                .replace("%1", name)
            )
            self.info.setText(self._notice)
            changed = [str(d["id"]) for d in docs]
            if changed:
                self.changed.emit(changed)
            self.model.mark_stale(record_ids)
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.reassign_button.setEnabled(True)
            self.info.setText(error_text(exc))

        ops.query_op(
            self.ctx.store, reassign_many, self.actor, record_ids, clerk_id, parent=self
        ).success(done).failure(failed).run_in_background()
