"""改派 / Reassign: the supervisor picks another clerk of the office for the chosen records.

The candidates are the office's users cached on this device (everyone who signed in here
online at least once), minus the clerk who already holds every chosen record. The dialog
only picks; the office queue view writes through the store (role checked there) and
opens the dialog with ``open()`` + signals, never a nested ``exec()`` (qasync).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

CANDIDATE_ROLES = ("clerk", "supervisor")  # supervisors often serve at a counter too


def candidates(
    users: Sequence[Mapping[str, str]], current_clerks: set[str]
) -> list[Mapping[str, str]]:
    """Office users who may take the records: not the one clerk who holds them all."""
    sole = next(iter(current_clerks)) if len(current_clerks) == 1 else None
    return [u for u in users if u.get("role") in CANDIDATE_ROLES and u["user_id"] != sole]


class ReassignDialog(QDialog):
    """A list of clerks; OK is enabled once one is chosen."""

    def __init__(
        self,
        users: Sequence[Mapping[str, str]],
        count: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reassign"))
        self.setModal(True)
        self.list = QListWidget()
        for user in users:
            item = QListWidgetItem(f"{user.get('display_name') or ''} ({user['username']})")
            item.setData(Qt.ItemDataRole.UserRole, user["user_id"])
            self.list.addItem(item)
        label = QLabel(
            self.tr("Give %n selected application(s) to:").replace("%n", str(count))
            if users
            else self.tr(
                "No other clerk of this office is known on this computer. A clerk appears "
                "here after signing in on it online once."
            )
        )
        label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.currentItemChanged.connect(lambda cur, _prev: self.ok.setEnabled(cur is not None))
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())

    def choose(self, user_id: str) -> bool:
        """Select a clerk by id (keyboard users and tests); False when not offered."""
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == user_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))
