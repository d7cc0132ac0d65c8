"""Materials checklist (材料清单) of the item being received.

One row per catalog material: whether it is needed (required, or conditional and the
clerk says the condition applies), whether it was received, how many originals and
copies, and the attached scan. What is missing is computed by the domain
(``offline.domain.validation.missing_materials``), never here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from offline.domain.catalog import ServiceItem
from offline.domain.validation import missing_materials
from ui.i18n import current_language

Index = QModelIndex | QPersistentModelIndex

COL_NAME, COL_NEEDED, COL_RECEIVED, COL_ORIGINALS, COL_COPIES, COL_SCAN = range(6)
HEADERS = (
    ("材料", "Material"),
    ("是否需要", "Needed"),
    ("已收", "Received"),
    ("原件", "Originals"),
    ("复印件", "Copies"),
    ("扫描件", "Scan"),
)
MAX_COUNT = 99


@dataclass
class MaterialRow:
    spec: dict[str, Any]
    applies: bool
    received: bool = False
    originals: int = 0
    copies: int = 0
    attachment: dict[str, Any] | None = field(default=None)

    @property
    def conditional(self) -> bool:
        return not self.spec.get("required")


class MaterialsModel(QAbstractTableModel):
    """Checkable, editable checklist; ``changed`` fires on every edit (drafts)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._item: dict[str, Any] | None = None
        self._rows: list[MaterialRow] = []

    # -- loading and state ---------------------------------------------------------------
    def set_item(self, item: dict[str, Any] | None) -> None:
        self.beginResetModel()
        self._item = item
        self._rows = [
            MaterialRow(spec=m, applies=bool(m.get("required")))
            for m in (item or {}).get("materials", [])
        ]
        self.endResetModel()

    def state(self) -> dict[str, dict[str, Any]]:
        """Per material code, what the clerk recorded (kept in drafts)."""
        return {
            r.spec["code"]: {
                "applies": r.applies,
                "received": r.received,
                "originals": r.originals,
                "copies": r.copies,
                "attachment": r.attachment,
            }
            for r in self._rows
        }

    def load_state(self, state: dict[str, dict[str, Any]]) -> None:
        for row in self._rows:
            saved = state.get(row.spec["code"])
            if saved:
                row.applies = bool(saved.get("applies", row.applies)) or not row.conditional
                row.received = bool(saved.get("received"))
                row.originals = int(saved.get("originals", 0))
                row.copies = int(saved.get("copies", 0))
                row.attachment = saved.get("attachment")
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, COL_SCAN))

    def received_materials(self) -> list[dict[str, Any]]:
        """The ``materials`` entries of the application document (without ids)."""
        out = []
        for r in self._rows:
            if not r.received:
                continue
            electronic = r.attachment is not None and r.originals == 0 and r.copies == 0
            out.append(
                {
                    "code": r.spec["code"],
                    "name": r.spec["name"],
                    "originals": r.originals,
                    "copies": r.copies,
                    "form": "electronic" if electronic else "paper",
                    "attachment": r.attachment,
                }
            )
        return out

    def applying(self) -> list[str]:
        """Conditional material codes whose condition the clerk says applies."""
        return [r.spec["code"] for r in self._rows if r.conditional and r.applies]

    def missing(self) -> list[dict[str, str]]:
        """Every needed material missing or short (the one-time notice list)."""
        if self._item is None:
            return []
        item = ServiceItem.from_dict(self._item)
        return missing_materials(item, self.received_materials(), self.applying())

    # -- keyboard helpers ------------------------------------------------------------------
    def toggle_received(self, row: int) -> None:
        r = self._rows[row]
        self._set_received(r, not r.received)
        self.dataChanged.emit(self.index(row, 0), self.index(row, COL_SCAN))

    def toggle_applies(self, row: int) -> None:
        r = self._rows[row]
        if r.conditional:
            r.applies = not r.applies
            self.dataChanged.emit(self.index(row, 0), self.index(row, COL_SCAN))

    def set_attachment(self, row: int, attachment: dict[str, Any]) -> None:
        r = self._rows[row]
        r.attachment = attachment
        if not r.received:
            r.received = True
        self.dataChanged.emit(self.index(row, 0), self.index(row, COL_SCAN))

    def row_spec(self, row: int) -> dict[str, Any]:
        return self._rows[row].spec

    def first_open_required(self) -> int:
        """The row the clerk should look at next: the first required material not yet
        received (else the first row; -1 when there are none)."""
        for row, r in enumerate(self._rows):
            if not r.conditional and not r.received:
                return row
        return 0 if self._rows else -1

    @staticmethod
    def _set_received(r: MaterialRow, received: bool) -> None:
        r.received = received
        if received and r.originals == 0 and r.copies == 0:
            r.originals = int(r.spec.get("originals", 0))
            r.copies = int(r.spec.get("copies", 0))
        elif not received:  # nothing received is nothing counted
            r.originals = r.copies = 0

    # -- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            zh, en = HEADERS[section]
            return zh if current_language().startswith("zh") else en
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        r = self._rows[index.row()]
        column = index.column()
        if column == COL_RECEIVED or (column == COL_NEEDED and r.conditional):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if column in (COL_ORIGINALS, COL_COPIES):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, column)
        if role == Qt.ItemDataRole.EditRole and column in (COL_ORIGINALS, COL_COPIES):
            return r.originals if column == COL_ORIGINALS else r.copies
        if role == Qt.ItemDataRole.CheckStateRole:
            if column == COL_RECEIVED:
                return Qt.CheckState.Checked if r.received else Qt.CheckState.Unchecked
            if column == COL_NEEDED and r.conditional:
                return Qt.CheckState.Checked if r.applies else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and r.conditional:
            zh = current_language().startswith("zh")
            return f"{'适用条件' if zh else 'Condition'}: {r.spec.get('condition') or ''}"
        return None

    @staticmethod
    def _display(r: MaterialRow, column: int) -> Any:
        if column == COL_NAME:
            return r.spec["name"]
        if column == COL_NEEDED:
            if r.conditional:
                return r.spec.get("condition") or ""
            return "必需" if current_language().startswith("zh") else "Required"
        if column == COL_ORIGINALS:
            return f"{r.originals}/{r.spec.get('originals', 0)}"
        if column == COL_COPIES:
            return f"{r.copies}/{r.spec.get('copies', 0)}"
        if column == COL_SCAN:
            return (r.attachment or {}).get("name", "")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        r = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            if column == COL_RECEIVED:
                self._set_received(r, checked)
            elif column == COL_NEEDED and r.conditional:
                r.applies = checked
            else:
                return False
        elif role == Qt.ItemDataRole.EditRole and column in (COL_ORIGINALS, COL_COPIES):
            try:
                count = int(value)
            except (TypeError, ValueError):
                return False
            if not 0 <= count <= MAX_COUNT:
                return False
            if column == COL_ORIGINALS:
                r.originals = count
            else:
                r.copies = count
            if count:
                r.received = True
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), COL_SCAN))
        return True
