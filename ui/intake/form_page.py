"""Step 3: the item's own form (表单), generated from its field schema.

Field types map to widgets: ``choice`` → combo box, everything else → a line edit
(dates typed as YYYY-MM-DD, which is faster at a counter than a calendar popup). Each
field is checked by the domain when the clerk leaves it, and again on Enter.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from offline.domain.catalog import FieldType, FormField, ServiceItem
from offline.domain.errors import Issue
from offline.domain.validation import validate_form
from ui.intake.checks import check_field, field_value
from ui.intake.page import ErrorLabel, Page


def _tr(text: str) -> str:
    return QCoreApplication.translate("FormPage", text)


def placeholders() -> dict[FieldType, str]:
    """Hints in the empty field, in the UI language."""
    return {
        FieldType.DATE: "YYYY-MM-DD",
        FieldType.CERT_NO: _tr("18-character ID number"),  # 18位身份证号码
        FieldType.CREDIT_CODE: _tr("18-character credit code"),  # 18位统一社会信用代码
        FieldType.PHONE: _tr("mobile or landline"),  # 手机或固话
    }


class FormPage(Page):
    def __init__(self) -> None:
        super().__init__()
        self._item: ServiceItem | None = None
        self._specs: list[FormField] = []
        self.widgets: dict[str, QLineEdit | QComboBox] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self._body = QWidget()
        self._empty = QLabel(self.tr("This item has no form fields; press Enter to continue."))
        layout = QVBoxLayout(self)
        layout.addWidget(self._empty)
        layout.addWidget(self._body)
        layout.addStretch(1)

    def title(self) -> str:
        return self.tr("Form")

    def item_code(self) -> str | None:
        return self._item.code if self._item else None

    def set_item(self, item: dict[str, Any] | None) -> None:
        """Rebuild the widgets for ``item``'s schema (values of shared keys are kept)."""
        old = self.values_raw()
        self._item = ServiceItem.from_dict(item) if item else None
        self._specs = list(self._item.form_fields) if self._item else []
        self.widgets.clear()
        self.errors.clear()
        body = QWidget()
        form = QFormLayout(body)
        for spec in self._specs:
            widget = self._widget(spec)
            error = ErrorLabel(f"form_{spec.key}")
            label = spec.label + (" *" if spec.required else "")
            form.addRow(label, widget)
            form.addRow("", error)
            self.widgets[spec.key] = widget
            self.errors[spec.key] = error
        layout = self.layout()
        assert layout is not None
        layout.replaceWidget(self._body, body)
        self._body.deleteLater()
        self._body = body
        self._empty.setVisible(not self._specs)
        self.set_values_raw(old)

    def _widget(self, spec: FormField) -> QLineEdit | QComboBox:
        if spec.type is FieldType.CHOICE:
            combo = QComboBox()
            combo.addItem("", None)
            for choice in spec.choices or ():
                combo.addItem(choice, choice)
            combo.setObjectName(f"form_{spec.key}")
            combo.currentIndexChanged.connect(lambda *_: self._check(spec))
            return combo
        edit = QLineEdit()
        edit.setObjectName(f"form_{spec.key}")
        edit.setPlaceholderText(placeholders().get(spec.type, ""))
        if spec.max_length:
            edit.setMaxLength(spec.max_length)
        edit.editingFinished.connect(lambda: self._check(spec))
        edit.textChanged.connect(lambda _t: self._recheck_if_shown(spec))
        return edit

    def _raw(self, key: str) -> str:
        widget = self.widgets[key]
        if isinstance(widget, QComboBox):
            return str(widget.currentData() or "")
        return widget.text()

    def _check(self, spec: FormField) -> list[Issue]:
        _value, issues = check_field(spec, self._raw(spec.key))
        self.errors[spec.key].show_issues(issues)
        self.changed.emit()
        return issues

    def _recheck_if_shown(self, spec: FormField) -> None:
        if self.errors[spec.key].isVisible():
            self._check(spec)
        else:
            self.changed.emit()

    def values(self) -> dict[str, Any]:
        """The ``form`` object of the application document (blank fields left out)."""
        out = {}
        for spec in self._specs:
            value = field_value(spec, self._raw(spec.key))
            if value is not None:
                out[spec.key] = value
        return out

    def values_raw(self) -> dict[str, str]:
        return {key: self._raw(key) for key in self.widgets}

    def set_values_raw(self, raw: dict[str, str]) -> None:
        for key, text in raw.items():
            widget = self.widgets.get(key)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findData(text or None), 0))
            elif widget is not None:
                widget.setText(text)

    def validate(self) -> list[Issue]:
        if self._item is None:
            return []
        issues = validate_form(self._item, self.values())
        for key, label in self.errors.items():
            label.show_issues([i for i in issues if i.field == f"form.{key}"])
        return issues

    def focus_first(self, issues: list[Issue] | None = None) -> None:
        fields = {i.field for i in issues or []}
        for spec in self._specs:
            if not fields or f"form.{spec.key}" in fields:
                self.widgets[spec.key].setFocus()
                return

    def to_draft(self) -> dict[str, Any]:
        return {"form_raw": self.values_raw()}

    def from_draft(self, draft: dict[str, Any]) -> None:
        self.set_values_raw(draft.get("form_raw") or {})
