"""A natural person's name, certificate type and number, checked as typed.

Used three times: the applicant, a legal person's representative and the agent. Each
instance has a ``prefix`` (``applicant``, ``applicant.legal_rep``, ``agent``) that is both
its widgets' object-name prefix and the domain's issue field prefix, so issues land on
the right inline label.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from offline.domain.errors import Issue
from offline.domain.identity import check_cert_no, id_number_facts, normalize_cert_no
from ui.intake.cert_types import GB11643_TYPES, PERSON_CERT_TYPES
from ui.intake.page import ErrorLabel

ID_LENGTH = 18


class PersonFields(QWidget):
    changed = Signal()

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefix = prefix
        tag = prefix.replace(".", "_")
        self.name = QLineEdit()
        self.name.setObjectName(f"{tag}_name")
        self.cert_type = QComboBox()
        self.cert_type.setObjectName(f"{tag}_cert_type")
        for code, (zh, en) in PERSON_CERT_TYPES.items():
            self.cert_type.addItem(f"{zh} {en}", code)
        self.cert_no = QLineEdit()
        self.cert_no.setObjectName(f"{tag}_cert_no")
        self.cert_no.setMaxLength(32)
        self.facts = QLabel()
        self.facts.setObjectName(f"{tag}_facts")
        self.name_error = ErrorLabel(f"{tag}_name")
        self.cert_error = ErrorLabel(f"{tag}_cert_no")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Name"), self.name)
        form.addRow("", self.name_error)
        form.addRow(self.tr("Certificate type"), self.cert_type)
        form.addRow(self.tr("Certificate number"), self.cert_no)
        form.addRow("", self.cert_error)
        form.addRow("", self.facts)
        self.name.textChanged.connect(self.changed)
        self.cert_type.currentIndexChanged.connect(self._number_typed)
        self.cert_no.textChanged.connect(self._number_typed)

    def _number_typed(self, *_: Any) -> None:
        """Validate as typed; an unfinished ID number only gets a quiet length hint."""
        text = self.cert_no.text()
        code = self.cert_type.currentData()
        number = normalize_cert_no(text)
        self.facts.clear()
        if not text.strip():
            self.cert_error.show_issues([])
        elif code in GB11643_TYPES and len(number) < ID_LENGTH and number.isalnum():
            self.cert_error.show_issues([])
            self.facts.setText(f"{len(number)}/{ID_LENGTH}")
        else:
            issues = check_cert_no(code, text, f"{self.prefix}.cert_no")
            self.cert_error.show_issues(issues)
            if not issues and code == "111":
                sex, birth = id_number_facts(number)
                self.facts.setText(f"{sex} · {birth}")
        self.changed.emit()

    def value(self) -> dict[str, Any]:
        code = self.cert_type.currentData()
        number = normalize_cert_no(self.cert_no.text())
        person: dict[str, Any] = {
            "kind": "person",
            "name": self.name.text().strip(),
            "cert_type": code,
            "cert_no": number,
            "legal_rep": None,
            "sex": None,
            "birth_date": None,
        }
        if code == "111" and not check_cert_no(code, number):
            person["sex"], person["birth_date"] = id_number_facts(number)
        return person

    def set_value(self, person: dict[str, Any]) -> None:
        self.name.setText(person.get("name") or "")
        index = self.cert_type.findData(person.get("cert_type") or "111")
        self.cert_type.setCurrentIndex(max(index, 0))
        self.cert_no.setText(person.get("cert_no") or "")

    def show_issues(self, issues: list[Issue]) -> None:
        self.name_error.show_issues([i for i in issues if i.field == f"{self.prefix}.name"])
        self.cert_error.show_issues(
            [i for i in issues if i.field in (f"{self.prefix}.cert_no", f"{self.prefix}.cert_type")]
        )

    def first_bad_widget(self, issues: list[Issue]) -> QWidget | None:
        fields = {i.field for i in issues}
        if f"{self.prefix}.name" in fields:
            return self.name
        if fields & {f"{self.prefix}.cert_no", f"{self.prefix}.cert_type"}:
            return self.cert_no
        return None
