"""The office's applications counted by clerk (rows) and status group (columns).

The columns are the clerk's queue tabs (全部, 已收件, 待补正, …), so a supervisor reads the
same groups the clerks see. The first row adds up the whole office. A cell carries the
(clerk, statuses) it counts, so clicking it filters the office list below.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QFont

from ui.queue.view import status_groups
from ui.supervisor.common import Index

FILTER_ROLE = Qt.ItemDataRole.UserRole + 1  # (clerk_id | None, frozenset of statuses)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ClerkGridModel", text)


class ClerkGridModel(QAbstractTableModel):
    """Counts per clerk and status group; read-only."""

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[tuple[str, frozenset[str]]] = status_groups()
        self.clerks: list[str | None] = [None]  # None: the whole office
        self.names: dict[str, str] = {}
        self.counts: dict[str | None, dict[str, int]] = {None: {}}

    def set_counts(self, counts: Mapping[str, Mapping[str, int]], names: Mapping[str, str]) -> None:
        """``counts`` {clerk_id: {status: n}}; ``names`` {clerk_id: display name}."""
        self.beginResetModel()
        total: dict[str, int] = {}
        for per_status in counts.values():
            for status, n in per_status.items():
                total[status] = total.get(status, 0) + n
        clerks = sorted((c for c in counts if c), key=lambda c: (names.get(c, c), c))
        self.clerks = [None, *clerks]
        self.names = dict(names)
        self.counts = {None: total, **{c: dict(counts[c]) for c in clerks}}
        self.endResetModel()

    def clerk_name(self, clerk_id: str | None) -> str:
        if clerk_id is None:
            return _tr("Whole office")
        return self.names.get(clerk_id, clerk_id)

    def count(self, row: int, column: int) -> int:
        per_status = self.counts.get(self.clerks[row], {})
        statuses = self.groups[column][1]
        if not statuses:
            return sum(per_status.values())
        return sum(per_status.get(s, 0) for s in statuses)

    def filter_at(self, row: int, column: int) -> tuple[str | None, frozenset[str]]:
        return self.clerks[row], self.groups[column][1]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.clerks)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.groups)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self.count(row, column))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == FILTER_ROLE:
            return self.filter_at(row, column)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.groups[section][0] if 0 <= section < len(self.groups) else None
        if 0 <= section < len(self.clerks):
            return self.clerk_name(self.clerks[section])
        return None


def names_of(users: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """{user_id: display name} from the office's cached users."""
    return {u["user_id"]: u.get("display_name") or u["user_id"] for u in users}
