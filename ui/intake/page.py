"""What every intake step is: a widget that validates itself and round-trips a draft."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

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


class _RowFollower(QObject):
    """Shows a form row's blank label only while its field is shown."""

    def __init__(self, label: QWidget, field: QWidget) -> None:
        super().__init__(field)
        self.label = label
        field.installEventFilter(self)
        label.setVisible(not field.isHidden())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            self.label.setVisible(event.type() == QEvent.Type.ShowToParent)
        return False


def collapse_hidden_rows(form: QFormLayout) -> None:
    """Rows with a blank label (error lines, confirmations) take no room while their field
    is hidden: QFormLayout skips a row only when both its label and field are hidden."""
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        label_widget = label.widget() if label is not None else None
        field_widget = field.widget() if field is not None else None
        if isinstance(label_widget, QLabel) and not label_widget.text() and field_widget:
            _RowFollower(label_widget, field_widget)


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
