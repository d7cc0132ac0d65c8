"""A lazy table model over the store: ids first, rows fetched in pages on demand.

Following Anki's browser table: a search yields only the matching ids (cheap even at
1,000,000 rows); a row's columns are fetched, a page at a time, only when the view asks
for it, on the store thread, and cached (bounded). Until a page arrives its cells show a
placeholder, so scrolling never waits for SQLite. When sync changes records their pages
are marked stale and refetched lazily, never all at once.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from offline.domain.clock import TZ
from offline.domain.status import STATUS_LABELS, Status
from ui import i18n, ops
from ui.icons import sync_state_icon
from ui.queue.rows import SORT_KEYS, QueueRow, Urgency

PAGE_SIZE = 100
MAX_CACHED_PAGES = 400  # 40,000 rows
PLACEHOLDER = "…"
ID_ROLE = Qt.ItemDataRole.UserRole + 1
URGENCY_ROLE = Qt.ItemDataRole.UserRole + 2

RED = QColor("#c62828")
AMBER = QColor("#b26a00")

Index = QModelIndex | QPersistentModelIndex

# Plain ints: data() runs thousands of times per paint, and comparing an int with a
# Python enum member is slow. Roles the model never answers return at once.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_DECORATION = Qt.ItemDataRole.DecorationRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_HANDLED = frozenset({_DISPLAY, _DECORATION, _TOOLTIP, _FOREGROUND, ID_ROLE, URGENCY_ROLE})
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


class _Line:
    """One row with everything a paint asks for worked out once, when its page arrives."""

    __slots__ = ("brush", "cells", "icon", "row", "tooltip")

    def __init__(self, row: QueueRow) -> None:
        self.row = row
        self.cells = (
            "",
            row.receipt_no,
            row.applicant_name,
            row.item_name,
            status_label(row.status),
            local_time(row.received_at),
            due_text(row),
        )
        urgency = row.urgency
        self.brush = (
            QBrush(RED) if urgency is Urgency.overdue
            else QBrush(AMBER) if urgency is Urgency.soon
            else None
        )  # fmt: skip
        self.icon = sync_state_icon(row.sync_state)
        self.tooltip = sync_state_label(row.sync_state)


RowFetcher = Callable[[list[int]], Awaitable[Sequence[QueueRow]]]


def _tr(text: str) -> str:
    return QCoreApplication.translate("QueueModel", text)


def status_label(status: str) -> str:
    """The domain's own bilingual label, in the UI language."""
    try:
        zh, en = STATUS_LABELS[Status(status)]
    except (KeyError, ValueError):
        return status
    return zh if i18n.current_language().startswith("zh") else en


def local_time(iso: str) -> str:
    """A stored UTC instant as the counter's local time (Asia/Shanghai), to the minute."""
    try:
        return datetime.fromisoformat(iso).astimezone(TZ).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso[:16].replace("T", " ")


def due_text(row: QueueRow) -> str:
    if row.due_date is None:
        return ""
    if row.remaining_days is None:
        return row.due_date
    if row.remaining_days < 0:
        return (
            _tr("%1 (overdue %2 wd)")
            .replace("%1", row.due_date)
            .replace("%2", str(-row.remaining_days))
        )
    return _tr("%1 (%2 wd left)").replace("%1", row.due_date).replace("%2", str(row.remaining_days))


class QueueModel(QAbstractTableModel):
    """Rows are ids; cells come from pages fetched by ``fetch_rows`` (on the store thread)."""

    sortRequested = Signal(str, bool)  # sort key, descending
    pageLoaded = Signal(int)  # page number

    def __init__(self, fetch_rows: RowFetcher, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, _Line]] = OrderedDict()
        self._stale: set[int] = set()
        self._inflight: set[int] = set()
        self._generation = 0
        self._headers = [
            _tr("Sync"),
            _tr("Receipt no."),
            _tr("Applicant"),
            _tr("Service item"),
            _tr("Status"),
            _tr("Received"),
            _tr("Due"),
        ]

    # --- content -------------------------------------------------------------------
    def set_ids(self, ids: Sequence[int], first_page: Sequence[QueueRow] = ()) -> None:
        """Replace the result set (a new search, filter or sort); ``first_page`` holds the
        rows of the first ``PAGE_SIZE`` ids when the caller fetched them along."""
        self.beginResetModel()
        self._generation += 1
        self._ids = list(ids)
        self._pages.clear()
        self._stale.clear()
        self._inflight.clear()
        if first_page and self._ids:
            self._pages[0] = {r.key: _Line(r) for r in first_page}
        self.endResetModel()

    def ids(self) -> list[int]:
        """The keys (store rowids) of every row, in display order."""
        return self._ids

    def row_id(self, row: int) -> str | None:
        """The record id of a row, once its page has been fetched."""
        cached = self.cached_row(row)
        return cached.id if cached is not None else None

    def cached_row(self, row: int) -> QueueRow | None:
        page = self._pages.get(row // PAGE_SIZE)
        if page is None or not 0 <= row < len(self._ids):
            return None
        line = page.get(self._ids[row])
        return line.row if line is not None else None

    def mark_stale(self, record_ids: Sequence[str] | None = None) -> None:
        """Records changed (sync, an action): refetch their pages when next shown."""
        if record_ids is None:
            self._stale.update(self._pages)
        else:
            wanted = set(record_ids)
            for number, page in self._pages.items():
                if any(line.row.id in wanted for line in page.values()):
                    self._stale.add(number)
        if self._ids and self._stale:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, self.columnCount() - 1)
            )

    def loaded_pages(self) -> int:
        return len(self._pages)

    def pending_fetches(self) -> int:
        return len(self._inflight)

    # --- Qt model API ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._ids):
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else _NO_FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(SORT_KEYS):
            self.sortRequested.emit(SORT_KEYS[column], order == Qt.SortOrder.DescendingOrder)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = int(role)
        if role not in _HANDLED or not index.isValid():
            return None
        row_number, column = index.row(), index.column()
        if not 0 <= row_number < len(self._ids):
            return None
        line = self._line_or_request(row_number)
        if line is None:
            return PLACEHOLDER if role == _DISPLAY and column > 0 else None
        if role == _DISPLAY:
            return line.cells[column] if 0 <= column < len(line.cells) else None
        if role == _FOREGROUND:
            return line.brush
        if column == 0 and role == _DECORATION:
            return line.icon
        if column == 0 and role == _TOOLTIP:
            return line.tooltip
        if role == ID_ROLE:
            return line.row.id
        if role == URGENCY_ROLE:
            return str(line.row.urgency)
        return None

    def _cell(self, row: QueueRow, column: int, role: int) -> Any:
        """One cell of one row (tests); data() serves the same from the cached line."""
        line = _Line(row)
        role = int(role)
        if role == _DISPLAY:
            return line.cells[column]
        if role == _FOREGROUND:
            return line.brush
        if column == 0 and role == _DECORATION:
            return line.icon
        return None

    # --- paging ------------------------------------------------------------------------
    def _line_or_request(self, row: int) -> _Line | None:
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            if number in self._stale:
                self._request(number)
            return page.get(self._ids[row])
        if number not in self._inflight:  # a paint asks ~7 times per placeholder cell
            self._request(number)
        return None

    def _request(self, number: int) -> None:
        if number in self._inflight:
            return
        ids = self._ids[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
        if not ids:
            return
        self._inflight.add(number)
        generation = self._generation
        fetch = self._fetch_rows

        async def work() -> Sequence[QueueRow]:
            return await fetch(ids)

        def done(rows: Sequence[QueueRow]) -> None:
            if generation != self._generation:
                return
            self._inflight.discard(number)
            self._stale.discard(number)
            self._pages[number] = {r.key: _Line(r) for r in rows}
            self._pages.move_to_end(number)
            while len(self._pages) > MAX_CACHED_PAGES:
                self._pages.popitem(last=False)
            first = number * PAGE_SIZE
            last = min(len(self._ids), first + PAGE_SIZE) - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))
            self.pageLoaded.emit(number)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._inflight.discard(number)
            sys.excepthook(type(exc), exc, exc.__traceback__)

        task = ops.network_op(work, self).success(done).failure(failed).run_in_background()
        if task is None:
            self._inflight.discard(number)


def sync_state_label(state: str) -> str:
    labels = {
        "pending": _tr("Waiting to sync"),
        "synced": _tr("Synced"),
        "conflict": _tr("Conflict: needs a decision"),
        "rejected": _tr("Refused by the platform"),
    }
    return labels.get(state, state)
