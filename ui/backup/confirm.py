"""The restore confirmation (确认恢复): the plain warning and, when unsynced actions would
be lost, a field where the supervisor types the confirmation word.

Opened with ``open()`` (never ``exec()``: a nested loop inside qasync breaks tasks);
``confirmed(typed)`` fires only when the typed word satisfies the plan.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import i18n
from ui.backup.model import RestorePlan, RestoreRefused, confirm


def _tr(text: str) -> str:
    return QCoreApplication.translate("RestoreConfirmDialog", text)


class RestoreConfirmDialog(QDialog):
    """Shows :meth:`RestorePlan.warning`; "Restore" stays disabled until confirmed."""

    confirmed = Signal(str)

    def __init__(self, plan: RestorePlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreConfirm")
        self.setWindowTitle(_tr("Restore from backup"))
        self.plan = plan
        self.lang = i18n.current_language()
        self.text = QLabel(plan.warning(self.lang), self)
        self.text.setObjectName("restoreWarning")
        self.text.setWordWrap(True)
        if plan.needs_typed_confirmation:
            self.text.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.typed = QLineEdit(self)
        self.typed.setObjectName("restoreTyped")
        self.typed.setPlaceholderText(_tr("Type RESTORE (or 恢复)"))
        self.typed.setVisible(plan.needs_typed_confirmation)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore = QPushButton(_tr("Restore"), self)
        self.restore.setObjectName("restoreConfirmButton")
        self.buttons.addButton(self.restore, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.typed.textChanged.connect(self._typed_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.typed)
        layout.addWidget(self.buttons)
        self._typed_changed()

    def _typed_changed(self) -> None:
        try:
            confirm(self.plan, self.typed.text())
        except RestoreRefused:
            self.restore.setEnabled(False)
        else:
            self.restore.setEnabled(True)

    def _accept(self) -> None:
        try:
            confirm(self.plan, self.typed.text())
        except RestoreRefused:
            return
        self.accept()
        self.confirmed.emit(self.typed.text())
