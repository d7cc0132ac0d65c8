"""The office list under the clerk grid: the clerk's lazy queue model plus a clerk column.

Reuses :class:`ui.queue.model.QueueModel` (ids first, rows fetched a page at a time on the
store thread, overdue rows red and due-soon amber) so a supervisor's list behaves like
the clerks' own queue; a supervisor also needs to see whose application each row is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt

from ui.queue.model import PLACEHOLDER, QueueModel, RowFetcher
from ui.supervisor.common import Index


def _tr(text: str) -> str:
    return QCoreApplication.translate("OfficeListModel", text)


class OfficeListModel(QueueModel):
    """QueueModel with one more column: the clerk's display name."""

    def __init__(self, fetch_rows: RowFetcher, parent: QObject | None = None) -> None:
        super().__init__(fetch_rows, parent)
        self._base_columns = super().columnCount()
        self.names: dict[str, str] = {}

    @property
    def clerk_column(self) -> int:
        return self._base_columns

    def set_names(self, names: Mapping[str, str]) -> None:
        self.names = dict(names)
        if self.rowCount():
            column = self.clerk_column
            self.dataChanged.emit(self.index(0, column), self.index(self.rowCount() - 1, column))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._base_columns + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and section == self.clerk_column
            and role == Qt.ItemDataRole.DisplayRole
        ):
            return _tr("Clerk")
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() != self.clerk_column:
            return super().data(index, role)
        if role == Qt.ItemDataRole.ForegroundRole:
            return super().data(self.index(index.row(), 1), role)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.cached_row(index.row())
        if row is None:
            super().data(self.index(index.row(), 1), role)  # asks for the row's page
            return PLACEHOLDER
        clerk = row.clerk_id or ""
        return self.names.get(clerk, clerk)
