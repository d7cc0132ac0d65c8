"""Asking before work is left: quitting or signing out with unfinished intakes.

Drafts are saved as the clerk types, so nothing is lost either way; the question exists so
that nobody closes the app believing an intake was finished. Kept in one small module so
tests replace `ask` (never drive a modal dialog with timers).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("QuitGuard", text)


def question(unfinished: int, leaving: str) -> str:
    """The question's text: how many intakes are unfinished, and that they are kept."""
    return (
        QCoreApplication.translate("QuitGuard", "%n intake(s) are not finished.", None, unfinished)
        + " "
        + _tr(
            "Their drafts are kept on this computer; "
            "the same user can continue them after signing in again."
        )
        + "\n\n"
        + leaving
    )


def ask(parent: QWidget | None, unfinished: int, leaving: str) -> bool:
    """True when the user confirms leaving; the default button is to stay."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_tr("Unfinished intakes"))
    box.setText(question(unfinished, leaving))
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
