"""Confirmation of irreversible actions (签批不予受理, 改派): the dialog names the consequence.

One click must not reject a citizen's application or move a clerk's work: the action runs
only after "confirm" in a dialog that says what will happen and that it cannot be taken
back. Cancel is the default button, so Enter on a stray focus cancels.

Opened with ``open()`` and signals, never ``exec()`` (a nested loop breaks qasync). The
widget that asks keeps the dialog in an attribute (``confirm_dialog``) so tests press
its buttons directly, or replace :func:`ask` with a function that answers at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConfirmDialog", text)


class ConfirmDialog(QDialog):
    """A question, its consequence in bold, a named confirm button and Cancel."""

    confirmed = Signal()

    def __init__(
        self,
        title: str,
        question: str,
        consequence: str,
        action_label: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("confirmIrreversible")
        self.setWindowTitle(title)
        self.setModal(True)
        self.question = QLabel(question, self)
        self.question.setWordWrap(True)
        self.consequence = QLabel(consequence, self)
        self.consequence.setObjectName("confirmConsequence")
        self.consequence.setWordWrap(True)
        self.consequence.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.confirm_button = QPushButton(action_label, self)
        self.confirm_button.setObjectName("confirmButton")
        self.confirm_button.setAutoDefault(False)
        self.buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.consequence)
        layout.addWidget(self.buttons)

    def _confirm(self) -> None:
        self.accept()
        self.confirmed.emit()


def ask(
    parent: QWidget,
    *,
    title: str,
    question: str,
    consequence: str,
    action_label: str,
    on_confirm: Callable[[], None],
) -> ConfirmDialog:
    """Open the confirmation (non-blocking); `on_confirm` runs only after "confirm"."""
    dialog = ConfirmDialog(title, question, consequence, action_label, parent)
    dialog.confirmed.connect(on_confirm)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def sign_off_texts(receipt_no: str) -> dict[str, str]:
    """The words of the rejection sign-off confirmation (行政许可法 第三十二条: a refusal
    to accept is decided in writing, and the applicant is told why)."""
    return {
        "title": _tr("Sign off the rejection"),
        "question": _tr("Sign off the proposed rejection of %1?").replace("%1", receipt_no),
        "consequence": _tr(
            "After sign-off the application is not accepted: the applicant will receive "
            "the rejection notice (不予受理通知书). This cannot be undone."
        ),
        "action_label": _tr("Sign off rejection"),
    }


def reassign_texts(count: int, clerk: str) -> dict[str, str]:
    """The words of the reassign confirmation."""
    return {
        "title": _tr("Reassign"),
        "question": _tr("Give %n application(s) to %1?")
        .replace("%n", str(count))
        .replace("%1", clerk),
        "consequence": _tr(
            "They leave their current clerk's queue at once and only %1 can work on them; "
            "the change is recorded and sent to the platform."
        ).replace("%1", clerk),
        "action_label": _tr("Reassign"),
    }
