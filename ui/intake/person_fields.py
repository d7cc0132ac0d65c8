"""A natural person's name, certificate type and number, checked as typed.

Used three times: the applicant, a legal person's representative and the agent. Each
instance has a ``prefix`` (``applicant``, ``applicant.legal_rep``, ``agent``) that is both
its widgets' object-name prefix and the domain's issue field prefix, so issues land on
the right inline label.

An ID number whose region code is missing from the division list is a *warning*: a
checkbox appears and the clerk confirms after looking at the certificate; the person then
carries ``region_confirmed: true`` (the store audits it). A number filled in by an ID card
reader carries ``card_read: true`` as long as it is not edited, and needs no confirmation.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from offline.domain.errors import Issue
from offline.domain.identity import (
    UNKNOWN_REGION,
    check_cert_no,
    id_number_facts,
    normalize_cert_no,
)
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
        self.facts.hide()  # shown only with something to say: no blank line in the form
        self.name_error = ErrorLabel(f"{tag}_name")
        self.cert_error = ErrorLabel(f"{tag}_cert_no")
        self.region_confirm = QCheckBox(
            self.tr("I have checked the certificate: the number is right as written")
        )
        self.region_confirm.setObjectName(f"{tag}_region_confirmed")
        self.region_confirm.setVisible(False)
        self._card_number: str | None = None  # the number as the card reader gave it
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Name"), self.name)
        form.addRow("", self.name_error)
        form.addRow(self.tr("Certificate type"), self.cert_type)
        form.addRow(self.tr("Certificate number"), self.cert_no)
        form.addRow("", self.cert_error)
        form.addRow("", self.region_confirm)
        form.addRow("", self.facts)
        self.name.textChanged.connect(self.changed)
        self.cert_type.currentIndexChanged.connect(self._number_typed)
        self.cert_no.textChanged.connect(self._number_edited)
        self.region_confirm.toggled.connect(self._number_typed)

    def _number_edited(self, *_: Any) -> None:
        """A new number needs its own confirmation; a hand edit is no longer the card's."""
        if normalize_cert_no(self.cert_no.text()) != self._card_number:
            self._card_number = None
        self.region_confirm.setChecked(False)
        self._number_typed()

    def _card_read(self, code: Any, number: str) -> bool:
        return code == "111" and self._card_number is not None and number == self._card_number

    def _check(self, code: Any, text: str) -> list[Issue]:
        return check_cert_no(
            code, text, f"{self.prefix}.cert_no",
            region_confirmed=self.region_confirm.isChecked(),
            card_read=self._card_read(code, normalize_cert_no(text)),
        )  # fmt: skip

    def _number_typed(self, *_: Any) -> None:
        """Validate as typed; an unfinished ID number only gets a quiet length hint."""
        text = self.cert_no.text()
        code = self.cert_type.currentData()
        number = normalize_cert_no(text)
        self.facts.clear()
        if not text.strip():
            self._show_cert_issues([])
        elif code in GB11643_TYPES and len(number) < ID_LENGTH and number.isalnum():
            self._show_cert_issues([])
            self.facts.setText(f"{len(number)}/{ID_LENGTH}")
        else:
            issues = self._check(code, text)
            self._show_cert_issues(issues)
            if code in GB11643_TYPES and not _hard(issues):
                sex, birth = id_number_facts(number)
                self.facts.setText(f"{sex} · {birth}")
        self.facts.setVisible(bool(self.facts.text()))
        self.changed.emit()

    def _show_cert_issues(self, issues: list[Issue]) -> None:
        """Errors and warnings inline; an unlisted region also offers the confirmation."""
        self.cert_error.show_issues(issues)
        unlisted = any(i.code == UNKNOWN_REGION for i in issues)
        self.region_confirm.setVisible(unlisted or self.region_confirm.isChecked())

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
        if code in GB11643_TYPES and not _hard(self._check(code, number)):
            person["sex"], person["birth_date"] = id_number_facts(number)
        if self.region_confirm.isChecked():  # unticked whenever the number changes
            person["region_confirmed"] = True
        if self._card_read(code, number):
            person["card_read"] = True
        return person

    def set_value(self, person: dict[str, Any]) -> None:
        self.name.setText(person.get("name") or "")
        index = self.cert_type.findData(person.get("cert_type") or "111")
        self.cert_type.setCurrentIndex(max(index, 0))
        number = normalize_cert_no(person.get("cert_no") or "")
        self._card_number = number if person.get("card_read") is True else None
        self.cert_no.setText(person.get("cert_no") or "")  # clears any old confirmation
        if person.get("region_confirmed") is True:
            self.region_confirm.setVisible(True)
            self.region_confirm.setChecked(True)

    def show_issues(self, issues: list[Issue], *, refresh: bool = False) -> None:
        """Show the person's issues; ``refresh`` (while typing) only updates shown ones —
        the certificate number is checked as typed anyway."""
        name_issues = [i for i in issues if i.field == f"{self.prefix}.name"]
        if refresh:
            self.name_error.refresh(name_issues)
            return
        self.name_error.show_issues(name_issues)
        self._show_cert_issues(
            [
                i
                for i in issues
                if i.field
                in (
                    f"{self.prefix}.cert_no",
                    f"{self.prefix}.cert_type",
                    f"{self.prefix}.birth_date",
                )
            ]
        )

    def first_bad_widget(self, issues: list[Issue]) -> QWidget | None:
        fields = {i.field for i in issues}
        if f"{self.prefix}.name" in fields:
            return self.name
        if fields & {f"{self.prefix}.cert_no", f"{self.prefix}.cert_type"}:
            return self.cert_no
        return None


def _hard(issues: list[Issue]) -> bool:
    """Any issue a confirmation cannot lift (everything but warnings)."""
    return any(not i.is_warning for i in issues)
