"""Service item list (事项目录) for the wizard's first step, with search by name, code,
full pinyin or pinyin initials (keys computed once per catalog load)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from ui.intake.pinyin_keys import pinyin_keys

ItemRole = Qt.ItemDataRole.UserRole + 1
CodeRole = Qt.ItemDataRole.UserRole + 2
SearchKeyRole = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


def _search_key(item: dict[str, Any]) -> str:
    name = str(item.get("name", ""))
    full, initials = pinyin_keys(name)
    return f"{name} {item.get('code', '')} {full} {initials}".lower()


class CatalogModel(QAbstractListModel):
    """One row per active service item; the item dict is under :data:`ItemRole`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[dict[str, Any]] = []
        self._keys: list[str] = []

    def set_items(self, items: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._items = [dict(i) for i in items if i.get("active", True)]
        self._keys = [_search_key(i) for i in self._items]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{item['name']}    {item['code']}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.get('department', '')} · {item.get('item_type', '')}"
        if role == ItemRole:
            return item
        if role == CodeRole:
            return item["code"]
        if role == SearchKeyRole:
            return self._keys[index.row()]
        return None

    def item(self, code: str) -> dict[str, Any] | None:
        return next((i for i in self._items if i["code"] == code), None)


class CatalogFilter(QSortFilterProxyModel):
    """Keeps rows whose name, code, full pinyin or pinyin initials contain every typed
    word (case-insensitive)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.lower().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        haystack = index.data(SearchKeyRole) or ""
        return all(word in haystack for word in self._words)
