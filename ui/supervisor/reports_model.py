"""A read-only table of counts (name, count, share) beside each report chart.

One model class serves the by-status, by-clerk, by-item and ratings tables: rows are
``(key, label, count)`` tuples made by ``reports_data``; the share column is the count's
part of the model's total. ``UserRole`` gives the raw key and count for tests and sorting.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from ui.supervisor.common import Index, ListTableModel
from ui.supervisor.reports_data import share

Row = tuple[str, str, int]


class CountsModel(ListTableModel):
    """Three columns: the label, the count and its share of ``total``."""

    def __init__(self, headers: tuple[str, str, str]) -> None:
        super().__init__()
        self._headers = headers
        self.rows: list[Row] = []
        self.total = 0

    def set_rows(self, rows: list[Row], total: int | None = None) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.total = sum(r[2] for r in self.rows) if total is None else total
        self.endResetModel()

    def counts(self) -> dict[str, int]:
        """{key: count} as shown (what the tests compare with the report)."""
        return {key: count for key, _label, count in self.rows}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key, label, count = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (label, str(count), share(count, self.total))[column]
        if role == Qt.ItemDataRole.UserRole:
            return (key, count, count)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
