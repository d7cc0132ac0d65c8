"""Table models of the detail view: the status timeline and the open conflicts.

Timeline rows come from the document's ``history`` (clerk's entries and the platform's
back-office entries alike, each with who and when). Conflict rows put the clerk's value
and the platform's value side by side (冲突对照), under the field's name as the clerk knows
it from the form (the item's form schema labels, the supervisor screens' field names),
never the stored path such as ``applicant.cert_no``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from offline.domain.clock import local
from offline.domain.status import role_label, status_label
from ui.i18n import current_language
from ui.supervisor.labels import field_label, rejection_text, value_text

Index = QModelIndex | QPersistentModelIndex
ConflictIdRole = Qt.ItemDataRole.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("DetailModels", text)


def when(stamp: str | None) -> str:
    """An ISO UTC timestamp as Asia/Shanghai local time, minutes precision."""
    if not stamp:
        return ""
    return local(datetime.fromisoformat(stamp)).strftime("%Y-%m-%d %H:%M")


class _Table(QAbstractTableModel):
    def headers(self) -> tuple[str, ...]:
        return ()

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
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.headers())
        ):
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._cell(self._rows[index.row()], index.column(), role)

    def _cell(self, row: dict[str, Any], column: int, role: int) -> Any:
        raise NotImplementedError


class TimelineModel(_Table):
    """Every status change, oldest first: when, from → to, who (role), reason."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.names: dict[str, str] = {}  # user_id -> display name, set with the rows

    def set_names(self, names: dict[str, str]) -> None:
        """People by name; an id not among them (a user never seen here) stays as it is."""
        self.names = dict(names)

    def headers(self) -> tuple[str, ...]:
        # 时间 / 状态变更 / 操作人 / 说明
        return (_tr("When"), _tr("Change"), _tr("By"), _tr("Reason"))

    def _cell(self, row: dict[str, Any], column: int, role: int) -> Any:
        lang = current_language()
        platform = row.get("role") == "back_office"
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return when(row.get("at"))
            if column == 1:
                source = row.get("from")
                start = status_label(source, lang) if source else _tr("new")  # 新建
                return f"{start} → {status_label(row['to'], lang)}"
            if column == 2:
                by = row.get("by") or ""
                who = self.names.get(by, by)
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

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._form_labels: dict[str, str] = {}

    def headers(self) -> tuple[str, ...]:
        # 字段 / 原值 / 本窗口的值 / 平台的值 / 原因
        return (_tr("Field"), _tr("Base"), _tr("Clerk's value"), _tr("Platform's value"),
                _tr("Reason"))  # fmt: skip

    def set_item(self, item: dict[str, Any] | None) -> None:
        """The service item whose form schema names the ``form.<key>`` fields."""
        fields = (item or {}).get("form_fields") or []
        self._form_labels = {str(f["key"]): str(f.get("label") or f["key"]) for f in fields}

    def _cell(self, row: dict[str, Any], column: int, role: int) -> Any:
        path = row.get("path")
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                if row.get("kind") == "rejected":
                    return _tr("Action refused by the platform")  # 被平台拒绝的操作
                return field_label(path, self._form_labels) if path else "—"
            if column in (1, 2, 3):
                key = ("base_value", "clerk_value", "platform_value")[column - 1]
                return value_text(path, row.get(key)) if row.get(key) is not None else "—"
            if column == 4:
                if row.get("kind") == "rejected" and row.get("reason"):
                    return rejection_text(str(row["reason"]))[0]
                return row.get("reason") or ""
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return path  # the stored path, for support staff
        if role == Qt.ItemDataRole.BackgroundRole and column in (2, 3):
            return QColor("#fff3e0") if column == 2 else QColor("#e3f2fd")
        if role == ConflictIdRole:
            return row.get("id")
        return None
