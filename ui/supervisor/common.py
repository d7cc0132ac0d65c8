"""Small helpers shared by the supervisor screens: error text and a read-only table model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from ui.i18n import current_language

Index = QModelIndex | QPersistentModelIndex


def row_table(model: QAbstractTableModel) -> QTableView:
    """A table that selects one whole row at a time, as every supervisor list does.

    ExtendedSelection would make ``selectRow`` depend on whatever keyboard modifiers Qt
    believes are held (seen flaking after other tests' key events).
    """
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def error_text(exc: BaseException) -> str:
    """A refusal in the UI language (store and domain errors carry zh and en)."""
    message = getattr(exc, "message", None)
    if callable(message):
        try:
            return str(message(current_language()))
        except TypeError:
            pass
    return str(exc)


class ListTableModel(QAbstractTableModel):
    """Read-only table over ``self.rows`` with translated column ``self._headers`` and
    numbered rows: the counting and header parts every supervisor list shares."""

    rows: Sequence[Any]
    _headers: Sequence[str]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        return None if orientation == Qt.Orientation.Horizontal else section + 1


class RowsModel(ListTableModel):
    """A read-only table over a list of dict rows; ``headers`` are already translated."""

    def __init__(
        self,
        keys: Sequence[str],
        headers: Sequence[str],
        fmt: Callable[[str, Any], str] | None = None,
    ) -> None:
        super().__init__()
        self._keys = list(keys)
        self._headers = list(headers)
        self._fmt = fmt or (lambda _k, v: "" if v is None else str(v))
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        key = self._keys[index.column()]
        return self._fmt(key, self.rows[index.row()].get(key))
