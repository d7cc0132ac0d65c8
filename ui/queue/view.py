"""The queue widget: status tabs with counts, mine/whole office, search-as-you-type, table.

Every query runs on the store thread; the newest request wins (answers to older ones
are dropped), and typing is debounced so a fast typist causes one search, not ten.
Keyboard: Ctrl+F search, Ctrl+Tab/Ctrl+Shift+Tab tabs, arrows/PageUp/PageDown in the
table, Enter opens the application.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from offline.domain.status import STATUS_LABELS, Status
from sync.store_thread import StoreThread
from ui import i18n, ops
from ui.queue import source
from ui.queue.model import PAGE_SIZE, QueueModel
from ui.queue.rows import QueueFilter, QueueRow

SEARCH_DEBOUNCE_MS = 250


def _tr(text: str) -> str:
    return QCoreApplication.translate("QueueWidget", text)


def _label(status: Status) -> str:
    zh, en = STATUS_LABELS[status]
    return zh if i18n.current_language().startswith("zh") else en


def status_groups() -> list[tuple[str, frozenset[str]]]:
    """Tabs: (label, statuses); an empty set is 'all'."""
    s = Status
    return [
        (_tr("All"), frozenset()),
        (_label(s.RECEIVED), frozenset({s.RECEIVED})),
        (_label(s.AWAITING_SUPPLEMENT), frozenset({s.AWAITING_SUPPLEMENT})),
        (_label(s.REJECTION_PROPOSED), frozenset({s.REJECTION_PROPOSED})),
        (_label(s.ACCEPTED), frozenset({s.ACCEPTED})),
        (_tr("In review"), frozenset({s.UNDER_REVIEW, s.SUSPENDED})),
        (_tr("Decided"), frozenset({s.APPROVED, s.DENIED})),
        (_tr("Closed"), frozenset({s.DELIVERED, s.REJECTED, s.WITHDRAWN})),
    ]


class QueueWidget(QWidget):
    """One user's queue over the store."""

    openRequested = Signal(str)  # record id
    refreshed = Signal()  # keys and counts of the latest request arrived

    def __init__(
        self,
        store: StoreThread[Any],
        *,
        user_id: str,
        office_code: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("queueWidget")
        self.store = store
        self.user_id = user_id
        self.office_code = office_code
        self.filter = QueueFilter(clerk_id=user_id)
        self._generation = 0
        self._started = False
        self._groups = status_groups()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)

        self.tabs = QTabBar(self)
        self.tabs.setObjectName("statusTabs")
        # Every status tab readable in full ("已审批 (12)", never "已审批("): the bar has a
        # row of its own and its labels are never elided.
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        self.tabs.setExpanding(False)
        for label, _ in self._groups:
            self.tabs.addTab(label)
        self.scope = QComboBox(self)
        self.scope.setObjectName("scopeCombo")
        self.scope.addItem(_tr("Mine"), "mine")
        self.scope.addItem(_tr("Whole office"), "office")
        self.search = QLineEdit(self)
        self.search.setObjectName("searchEdit")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_tr("Search name, ID number, receipt no., phone (Ctrl+F)"))
        self.search.setMaxLength(200)
        self.info = QLabel("", self)
        self.info.setObjectName("queueInfo")

        self.model = QueueModel(self._fetch_rows, self)
        self.model.sortRequested.connect(self._on_sort)
        self.table = QTableView(self)
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(5, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().hide()
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        for column, width in enumerate((44, 210, 110, 260, 90, 130)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._on_activated)

        top = QHBoxLayout()
        top.addWidget(self.scope)
        top.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.info)

        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.search.returnPressed.connect(self._search_now)
        self.setFocusProxy(self.table)

    # --- queries -----------------------------------------------------------------------
    def current_filter(self) -> QueueFilter:
        statuses = self._groups[max(0, self.tabs.currentIndex())][1]
        mine = self.scope.currentData() == "mine"
        return QueueFilter(
            statuses=statuses,
            clerk_id=self.user_id if mine else None,
            search=self.search.text().strip(),
            sort=self.filter.sort,
            descending=self.filter.descending,
        )

    def _search_now(self) -> None:
        self._debounce.stop()
        self.refresh()
        self.table.setFocus()
        if self.model.rowCount():
            self.table.selectRow(0)

    def refresh(self) -> None:
        """Re-run the query (new filter, search, sort, or data changed)."""
        self._debounce.stop()
        self._started = True
        self.filter = self.current_filter()
        self._generation += 1
        generation, f, office = self._generation, self.filter, self.office_code

        def work(store: Any) -> tuple[list[int], dict[str, int], list[QueueRow]]:
            return source.query_with_first_page(store, f, office, PAGE_SIZE)

        def done(result: tuple[list[int], dict[str, int], list[QueueRow]]) -> None:
            if generation != self._generation:
                return  # an older request; a newer one is on its way
            keys, counts, first_page = result
            self.model.set_ids(keys, first_page)
            self._show_counts(counts)
            text = _tr("%n applications").replace("%n", str(len(keys)))
            if f.search and len(keys) >= source.SEARCH_CAP:
                text = _tr("Showing the first %n matches; type more to narrow the search.")
                text = text.replace("%n", str(source.SEARCH_CAP))
            self.info.setText(text)
            self.refreshed.emit()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                message = getattr(exc, "message", None)
                text = message(i18n.current_language()) if callable(message) else str(exc)
                self.info.setText(text)
                self.refreshed.emit()

        ops.query_op(self.store, work, parent=self).success(done).failure(
            failed
        ).run_in_background()

    def _show_counts(self, counts: dict[str, int]) -> None:
        for index, (label, statuses) in enumerate(self._groups):
            n = sum(counts.values()) if not statuses else sum(counts.get(s, 0) for s in statuses)
            self.tabs.setTabText(index, f"{label} ({n})")
            self.tabs.setTabData(index, n)

    def tab_count(self, index: int) -> int:
        value = self.tabs.tabData(index)
        return int(value) if value is not None else 0

    async def _fetch_rows(self, keys: list[int]) -> list[QueueRow]:
        return await self.store.call(source.queue_rows, keys)

    def _on_sort(self, key: str, descending: bool) -> None:
        self.filter = QueueFilter(
            statuses=self.filter.statuses,
            clerk_id=self.filter.clerk_id,
            search=self.filter.search,
            sort=key,
            descending=descending,
        )
        if self._started:
            self.refresh()

    def _on_activated(self, index: QModelIndex) -> None:
        record_id = self.model.row_id(index.row())
        if record_id:
            self.openRequested.emit(record_id)

    def records_changed(self, record_ids: list[str]) -> None:
        """After an action or a sync: counts and order may change, so query again."""
        self.model.mark_stale(record_ids or None)
        self.refresh()

    def select_first(self) -> None:
        if self.model.rowCount():
            self.table.selectRow(0)
            self.table.setFocus()


def on_next_refresh(widget: QueueWidget, callback: Callable[[], None]) -> None:
    """Run ``callback`` once after the next completed refresh (tests, screenshots)."""

    def once() -> None:
        widget.refreshed.disconnect(once)
        callback()

    widget.refreshed.connect(once)
