"""Table models of the detail view: the status timeline and the open conflicts.

Timeline rows come from the document's ``history`` (clerk's entries and the platform's
back-office entries alike, each with who and when). Conflict rows put the clerk's value
and the platform's value side by side (冲突对照).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from offline.domain.clock import local
from offline.domain.status import role_label, status_label
from ui.i18n import current_language

Index = QModelIndex | QPersistentModelIndex
ConflictIdRole = Qt.ItemDataRole.UserRole + 1


def when(stamp: str | None) -> str:
    """An ISO UTC timestamp as Asia/Shanghai local time, minutes precision."""
    if not stamp:
        return ""
    return local(datetime.fromisoformat(stamp)).strftime("%Y-%m-%d %H:%M")


def shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class _Table(QAbstractTableModel):
    headers: tuple[tuple[str, str], ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> dict[str, Any]:
        return self._rows[index]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.headers)
        ):
            zh, en = self.headers[section]
            return zh if current_language().startswith("zh") else en
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._cell(self._rows[index.row()], index.column(), role)

    def _cell(self, row: dict[str, Any], column: int, role: int) -> Any:
        raise NotImplementedError


class TimelineModel(_Table):
    """Every status change, oldest first: when, from → to, who (role), reason."""

    headers = (("时间", "When"), ("状态变更", "Change"), ("操作人", "By"), ("说明", "Reason"))

    def _cell(self, row: dict[str, Any], column: int, role: int) -> Any:
        lang = current_language()
        platform = row.get("role") == "back_office"
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return when(row.get("at"))
            if column == 1:
                source = row.get("from")
                start = (
                    status_label(source, lang) if source else ("新建" if lang == "zh_CN" else "new")
                )
                return f"{start} → {status_label(row['to'], lang)}"
            if column == 2:
                who = row.get("by") or ""
                role_name = role_label(row["role"], lang) if row.get("role") else ""
                return f"{who}（{role_name}）" if role_name else who
            if column == 3:
                return row.get("reason") or ""
        if role == Qt.ItemDataRole.ForegroundRole and platform:
            return QColor("#1565c0")  # the platform's entries stand out from the clerk's
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return row.get("at")
        return None


class ConflictsModel(_Table):
    """Open conflicts: field, base value, the clerk's value, the platform's value."""

    headers = (
        ("字段", "Field"),
        ("原值", "Base"),
        ("本窗口的值", "Clerk's value"),
        ("平台的值", "Platform's value"),
        ("原因", "Reason"),
    )

    def _cell(self, row: dict[str, Any], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                if row.get("kind") == "rejected":
                    return "被拒绝的操作 rejected operation"
                return row.get("path") or "—"
            if column == 1:
                return shown(row.get("base_value"))
            if column == 2:
                return shown(row.get("clerk_value"))
            if column == 3:
                return shown(row.get("platform_value"))
            if column == 4:
                return row.get("reason") or ""
        if role == Qt.ItemDataRole.BackgroundRole and column in (2, 3):
            return QColor("#fff3e0") if column == 2 else QColor("#e3f2fd")
        if role == ConflictIdRole:
            return row.get("id")
        return None
