"""What every intake step is: a widget that validates itself and round-trips a draft."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from offline.domain.errors import Issue
from ui.intake.checks import issue_text

ERROR_STYLE = "color: #c62828;"
WARNING_STYLE = "color: #a35c00;"  # amber: a person may confirm it, unlike an error


class ErrorLabel(QLabel):
    """Inline validation message under a field (red, amber for warnings only; empty and
    hidden when fine)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"error_{name}")
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_issues(self, issues: list[Issue]) -> None:
        only_warnings = bool(issues) and all(i.is_warning for i in issues)
        self.setStyleSheet(WARNING_STYLE if only_warnings else ERROR_STYLE)
        self.setText(issue_text(issues))
        self.setVisible(bool(issues))

    def refresh(self, issues: list[Issue]) -> None:
        """While typing: update a message already shown (gone once the field is fixed),
        but never raise a new one before the clerk presses Enter."""
        if not self.isHidden():
            self.show_issues(issues)


class Page(QWidget):
    """One step of the wizard. ``changed`` fires on every edit (drives draft saving)."""

    changed = Signal()

    def title(self) -> str:
        raise NotImplementedError

    def validate(self) -> list[Issue]:
        """Show inline errors and return them; empty means the step is complete."""
        raise NotImplementedError

    def focus_first(self, issues: list[Issue] | None = None) -> None:
        """Put the keyboard focus where the clerk should type next."""
        raise NotImplementedError

    def to_draft(self) -> dict[str, Any]:
        raise NotImplementedError

    def from_draft(self, draft: dict[str, Any]) -> None:
        raise NotImplementedError

    def entered(self) -> None:
        """Called when the step becomes visible."""
