"""Step 2: the applicant (申请人) — natural or legal person — phone, address and agent.

An ID card can be read with F2 (the configured :class:`ui.readers.CardReader`, e.g. the
demo simulator) or scanned into the scan field (F3) by a keyboard-wedge reader or barcode
scanner; both fill the person's fields. Every number is checked as typed by the domain.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from offline.domain.errors import Issue
from offline.domain.identity import check_credit_code, normalize_cert_no
from offline.domain.text import check_text
from offline.domain.validation import (
    ADDRESS_MAX,
    check_phone,
    normalize_phone,
    validate_agent,
    validate_applicant,
)
from ui.intake.cert_types import LEGAL_CERT_TYPE
from ui.intake.page import ErrorLabel, Page
from ui.intake.person_fields import PersonFields
from ui.intake.runner import ThreadRunner
from ui.readers.base import CardReader, CardRecord, ReaderError
from ui.readers.wedge import ScannedNumber, parse_wedge_line

PERSON, LEGAL = 0, 1


class ApplicantPage(Page):
    def __init__(self, runner: ThreadRunner, reader: CardReader | None = None) -> None:
        super().__init__()
        self._runner = runner
        self.reader = reader
        self.kind = QComboBox()
        self.kind.setObjectName("applicantKind")
        self.kind.addItem(self.tr("Natural person"), "person")
        self.kind.addItem(self.tr("Legal person"), "legal")
        self.person = PersonFields("applicant")
        self.org_name = QLineEdit()
        self.org_name.setObjectName("orgName")
        self.credit_code = QLineEdit()
        self.credit_code.setObjectName("creditCode")
        self.org_name_error = ErrorLabel("orgName")
        self.credit_error = ErrorLabel("creditCode")
        self.rep = PersonFields("applicant.legal_rep")
        legal = QWidget()
        legal_form = QFormLayout(legal)
        legal_form.setContentsMargins(0, 0, 0, 0)
        legal_form.addRow(self.tr("Organisation name"), self.org_name)
        legal_form.addRow("", self.org_name_error)
        legal_form.addRow(self.tr("Unified social credit code"), self.credit_code)
        legal_form.addRow("", self.credit_error)
        legal_form.addRow(QLabel(self.tr("Legal representative")))
        legal_form.addRow(self.rep)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.person)
        self.stack.addWidget(legal)
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.phone_error = ErrorLabel("phone")
        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.address.setMaxLength(ADDRESS_MAX)
        self.address_error = ErrorLabel("address")
        self.has_agent = QCheckBox(self.tr("Submitted by an a&gent"))
        self.has_agent.setObjectName("hasAgent")
        self.agent = PersonFields("agent")
        self.agent.setVisible(False)
        self.read_button = QPushButton(self.tr("Read ID card (F2)"))
        self.read_button.setObjectName("readCard")
        self.scan = QLineEdit()
        self.scan.setObjectName("scanField")
        self.scan.setPlaceholderText(self.tr("Scan card or barcode here (F3)"))
        self.reader_status = QLabel()
        self.reader_status.setObjectName("readerStatus")
        self._build_layout()
        self._connect()
        self._kind_changed(PERSON)

    def _build_layout(self) -> None:
        reader_row = QHBoxLayout()
        reader_row.addWidget(self.read_button)
        reader_row.addWidget(self.scan, 1)
        top = QFormLayout()
        top.addRow(self.tr("Applicant kind"), self.kind)
        common = QFormLayout()
        common.addRow(self.tr("Phone"), self.phone)
        common.addRow("", self.phone_error)
        common.addRow(self.tr("Address"), self.address)
        common.addRow("", self.address_error)
        layout = QVBoxLayout(self)
        layout.addLayout(reader_row)
        layout.addWidget(self.reader_status)
        layout.addLayout(top)
        layout.addWidget(self.stack)
        layout.addLayout(common)
        layout.addWidget(self.has_agent)
        layout.addWidget(self.agent)
        layout.addStretch(1)
        self.read_button.setVisible(self.reader is not None)

    def _connect(self) -> None:
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.has_agent.toggled.connect(self._agent_toggled)
        for widget in (self.person, self.rep, self.agent):
            widget.changed.connect(self.changed)
        for edit in (self.org_name, self.phone, self.address):
            edit.textChanged.connect(self.changed)
        self.credit_code.textChanged.connect(self._credit_typed)
        self.changed.connect(self._recheck)
        self.phone.editingFinished.connect(self._phone_left)
        self.read_button.clicked.connect(self.read_card)
        self.scan.installEventFilter(self)  # Enter ends a scan; it must not advance
        QShortcut(QKeySequence("F2"), self, self.read_card)
        QShortcut(QKeySequence("F3"), self, self.scan.setFocus)

    # -- live checks -----------------------------------------------------------------------
    def _kind_changed(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        # a hidden page must not reserve its height (the legal form is much taller)
        for i in range(self.stack.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            page = self.stack.widget(i)
            if page is not None:
                page.setSizePolicy(policy, policy)
        self.stack.adjustSize()
        self.changed.emit()

    def _agent_toggled(self, on: bool) -> None:
        self.agent.setVisible(on)
        if on:
            self.agent.name.setFocus()
        self.changed.emit()

    def _credit_typed(self, text: str) -> None:
        number = normalize_cert_no(text)
        done = len(number) >= 18 or not number.isalnum()
        self.credit_error.show_issues(
            check_credit_code(text, "applicant.cert_no") if text.strip() and done else []
        )
        self.changed.emit()

    def _phone_left(self) -> None:
        self.phone_error.show_issues(check_phone(self.phone.text(), "phone"))

    # -- card reader -----------------------------------------------------------------------
    def read_card(self) -> None:
        """Read the configured reader off the UI thread, then fill the person."""
        if self.reader is None:
            return
        self.reader_status.setText(self.tr("Reading card…"))
        self._runner.run(self.reader.read, self.fill_from_card, self._reader_failed, owner=self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.scan
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._scanned()
            return True
        return super().eventFilter(watched, event)

    def _scanned(self) -> None:
        line = self.scan.text()
        self.scan.clear()
        try:
            result = parse_wedge_line(line)
        except ReaderError as exc:
            self._reader_failed(exc)
            return
        if isinstance(result, ScannedNumber):
            self.kind.setCurrentIndex(PERSON)
            self.person.cert_type.setCurrentIndex(self.person.cert_type.findData("111"))
            self.person.cert_no.setText(result.number)
            self.reader_status.setText(self.tr("ID number scanned."))
            self.person.name.setFocus()
        else:
            self.fill_from_card(result)

    def fill_from_card(self, card: CardRecord) -> None:
        self.kind.setCurrentIndex(PERSON)
        self.person.set_value(card.applicant())
        if not self.address.text().strip():
            self.address.setText(card.address)
        self.reader_status.setText(self.tr("Card read: %1").replace("%1", card.name))
        self.phone.setFocus()

    def _reader_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ReaderError):
            self.reader_status.setText(f"{exc.zh} / {exc.en}")
        else:
            self.reader_status.setText(str(exc))

    # -- page interface --------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("Applicant")

    def applicant(self) -> dict[str, Any]:
        if self.kind.currentData() == "person":
            return self.person.value()
        return {
            "kind": "legal",
            "name": self.org_name.text().strip(),
            "cert_type": LEGAL_CERT_TYPE,
            "cert_no": normalize_cert_no(self.credit_code.text()),
            "legal_rep": self.rep.value(),
            "sex": None,
            "birth_date": None,
        }

    def agent_value(self) -> dict[str, Any] | None:
        return self.agent.value() if self.has_agent.isChecked() else None

    def phone_value(self) -> str:
        return normalize_phone(self.phone.text())

    def _issues(self) -> list[Issue]:
        issues = validate_applicant(self.applicant())
        issues += validate_agent(self.agent_value())
        issues += check_phone(self.phone.text(), "phone", required=True)
        issues += check_text(
            self.address.text(), "address", max_length=ADDRESS_MAX, label=("地址", "Address")
        )
        return issues

    def validate(self) -> list[Issue]:
        issues = self._issues()
        self._show(issues, refresh=False)
        return issues

    def _recheck(self) -> None:
        """After each edit: a message whose field is now right goes away at once."""
        self._show(self._issues(), refresh=True)

    def _show(self, issues: list[Issue], *, refresh: bool) -> None:
        for person in (self.person, self.rep, self.agent):
            person.show_issues(issues, refresh=refresh)
        credit_issues = [
            i for i in issues if i.field in ("applicant.cert_no", "applicant.cert_type")
        ]
        for label, shown in (
            (self.org_name_error, [i for i in issues if i.field == "applicant.name"]),
            (self.credit_error, credit_issues),
            (self.phone_error, [i for i in issues if i.field == "phone"]),
            (self.address_error, [i for i in issues if i.field == "address"]),
        ):
            if refresh:
                label.refresh(shown)
            else:
                label.show_issues(shown)

    def focus_first(self, issues: list[Issue] | None = None) -> None:
        issues = issues or []
        fields = {i.field for i in issues}
        legal = self.kind.currentData() == "legal"
        candidates: list[QWidget | None] = []
        if legal:
            if "applicant.name" in fields:
                candidates.append(self.org_name)
            if fields & {"applicant.cert_no", "applicant.cert_type"}:
                candidates.append(self.credit_code)
            candidates.append(self.rep.first_bad_widget(issues))
        else:
            candidates.append(self.person.first_bad_widget(issues))
        if "phone" in fields:
            candidates.append(self.phone)
        if "address" in fields:
            candidates.append(self.address)
        candidates.append(self.agent.first_bad_widget(issues))
        target = next((w for w in candidates if w is not None), None)
        if target is None:
            target = self.org_name if legal else self.person.name
        target.setFocus()

    def to_draft(self) -> dict[str, Any]:
        return {
            "applicant": self.applicant(),
            "agent": self.agent_value(),
            "phone": self.phone.text(),
            "address": self.address.text(),
        }

    def from_draft(self, draft: dict[str, Any]) -> None:
        applicant = draft.get("applicant") or {}
        if applicant.get("kind") == "legal":
            self.kind.setCurrentIndex(LEGAL)
            self.org_name.setText(applicant.get("name") or "")
            self.credit_code.setText(applicant.get("cert_no") or "")
            self.rep.set_value(applicant.get("legal_rep") or {})
        else:
            self.kind.setCurrentIndex(PERSON)
            self.person.set_value(applicant)
        agent = draft.get("agent")
        self.has_agent.setChecked(agent is not None)
        if agent:
            self.agent.set_value(agent)
        self.phone.setText(draft.get("phone", ""))
        self.address.setText(draft.get("address", ""))
