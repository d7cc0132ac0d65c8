"""The conflict inbox's value editor: pick the field from the row, type the new value.

No field paths to type: the fields come from the selected conflict (its one path) or
refused change (the fields of its payload), shown by their form labels. The typed value
goes through the same domain checks as intake (``ui.intake.checks`` for form fields,
``offline.domain`` for phone, names, certificate numbers…); an invalid value shows an
inline bilingual error and nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from offline.domain.catalog import FormField
from offline.domain.errors import Issue
from offline.domain.identity import check_cert_no, normalize_cert_no
from offline.domain.payloads import check_field_value
from offline.domain.validation import normalize_phone
from ui.intake.checks import check_field
from ui.supervisor.labels import field_label
from ui.supervisor.record_labels import Directory

# Structured values (an agent, a legal representative) are corrected in the record itself.
NOT_TYPED = frozenset({"agent", "applicant.legal_rep"})


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConflictEditor", text)


def bilingual(issues: list[Issue]) -> str:
    """Issues as "中文 / English", one per line: shown under the value as it is typed."""
    return "\n".join(f"{i.zh} / {i.en}" for i in issues)


def checked_value(
    path: str, raw: str, row: Mapping[str, Any], d: Directory
) -> tuple[Any, list[Issue]]:
    """(the value to store, issues) for one typed value, by the domain's own rules."""
    text = raw.strip()
    if path.startswith("form."):
        spec = d.form_field(row.get("item_code"), path.removeprefix("form."))
        if spec is not None:
            return check_field(FormField.from_dict(spec), raw)
        return text or None, check_field_value(path, text or None)
    if path == "phone":
        value = normalize_phone(text)
        return value, check_field_value(path, value)
    if path == "applicant.cert_no":
        value = normalize_cert_no(text) if text.isascii() else text
        return value, check_cert_no(row.get("cert_type"), value, path)
    plain = text or None
    return plain, check_field_value(path, plain)


def _initial(value: Any) -> str:
    return "" if value is None or isinstance(value, dict | list) else str(value)


class ConflictEditor(QWidget):
    """Field picker + value + inline error + "Edit and submit".

    A refused change may carry several fields; each keeps what was typed for it while
    the supervisor moves between them, and "Edit and submit" sends them all (the
    untouched ones with the clerk's values), each checked first."""

    submitted = Signal(object)  # {path: checked value}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row: Mapping[str, Any] = {}
        self.directory = Directory()
        self.texts: dict[str, str] = {}  # typed text per typable path
        self._shown: str | None = None  # the path whose text is in the line edit
        self.field_combo = QComboBox()
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText(_tr("New value"))  # 新值
        self.submit_button = QPushButton(_tr("Edit and submit"))  # 修改后提交
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828")
        self.error.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(_tr("Correct the field")), 0, 0)  # 更正字段
        grid.addWidget(self.field_combo, 0, 1)
        grid.addWidget(self.value_edit, 0, 2)
        grid.addWidget(self.submit_button, 0, 3)
        grid.addWidget(self.error, 1, 1, 1, 3)
        grid.addWidget(self.note, 2, 0, 1, 4)
        grid.setColumnStretch(2, 1)
        self.field_combo.currentIndexChanged.connect(self._field_changed)
        self.value_edit.textEdited.connect(lambda _t: self.error.clear())
        self.value_edit.returnPressed.connect(self.submit)
        self.submit_button.clicked.connect(self.submit)
        self.set_row(None, Directory())

    def set_row(self, row: Mapping[str, Any] | None, d: Directory) -> None:
        """Offer the row's editable fields (none: the editor is disabled and says why)."""
        self.row, self.directory = row or {}, d
        fields = [(p, v) for p, v in self.row.get("fields") or [] if p not in NOT_TYPED]
        self.texts = {p: _initial(v) for p, v in fields}
        self._shown = None
        labels = d.form_labels(self.row.get("item_code"))
        self.field_combo.blockSignals(True)
        self.field_combo.clear()
        for path, _value in fields:
            self.field_combo.addItem(field_label(path, labels), path)
        self.field_combo.blockSignals(False)
        usable = bool(fields)
        for w in (self.field_combo, self.value_edit, self.submit_button):
            w.setEnabled(usable)
        self.error.clear()
        if row is not None and not usable:
            self.note.setText(
                _tr("Nothing to correct here: keep the platform's data or resubmit.")
            )  # 此项无可更正的值：请保留平台数据或重新提交。
        else:
            self.note.clear()
        self._field_changed()

    def _keep_typed(self) -> None:
        if self._shown is not None:
            self.texts[self._shown] = self.value_edit.text()

    def _field_changed(self) -> None:
        self._keep_typed()
        self._shown = self.current_path()
        self.value_edit.setText(self.texts.get(self._shown or "", ""))

    def current_path(self) -> str | None:
        data = self.field_combo.currentData()
        return None if data is None else str(data)

    def select_path(self, path: str) -> bool:
        index = self.field_combo.findData(path)
        if index >= 0:
            self.field_combo.setCurrentIndex(index)
        return index >= 0

    def submit(self) -> None:
        """Check every field; emit ``submitted`` only when the domain finds nothing wrong
        (otherwise the first field with a problem is shown with its bilingual error)."""
        if self.current_path() is None:
            return
        self._keep_typed()
        values: dict[str, Any] = {}
        for path, original in self.row.get("fields") or []:
            if path not in self.texts:  # structured: sent again as the clerk had it
                values[path] = original
                continue
            value, issues = checked_value(path, self.texts[path], self.row, self.directory)
            if issues:
                self.select_path(path)
                self.error.setText(bilingual(issues))
                return
            values[path] = value
        self.error.clear()
        self.submitted.emit(values)
