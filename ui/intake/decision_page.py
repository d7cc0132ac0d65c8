"""Step 5: the decision — accept (受理), one-time supplement notice (一次性告知), or propose
rejection (拟不予受理) with a reason.

Accepting is offered only when nothing needed is missing, and shows the due date the
working-day calendar gives (or says the calendar is unknown — never a guess). The
supplement notice lists every missing or short material, computed by the domain.
Alt+A / Alt+S / Alt+R pick a decision; Enter submits.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QLabel,
    QLineEdit,
    QListWidget,
    QRadioButton,
    QVBoxLayout,
)

from offline.domain.errors import Issue
from offline.domain.status import Status
from offline.domain.transitions import check_requirements, find_transition
from offline.domain.validation import check_text
from ui.intake.page import ErrorLabel, Page

ACCEPT, SUPPLEMENT, REJECT = "accept", "supplement", "reject"
TARGETS = {
    ACCEPT: Status.ACCEPTED,
    SUPPLEMENT: Status.AWAITING_SUPPLEMENT,
    REJECT: Status.REJECTION_PROPOSED,
}
REASON_MAX = 500


class DecisionPage(Page):
    def __init__(self) -> None:
        super().__init__()
        self._missing: list[dict[str, str]] = []
        self.accept = QRadioButton(self.tr("Accept (Alt+A)"))
        self.accept.setObjectName("decideAccept")
        self.supplement = QRadioButton(self.tr("One-time supplement notice (Alt+S)"))
        self.supplement.setObjectName("decideSupplement")
        self.reject = QRadioButton(self.tr("Propose rejection (Alt+R)"))
        self.reject.setObjectName("decideReject")
        # Explicit shortcuts, not "&" mnemonics: mnemonics are off on some platforms and
        # change with the translation.
        for keys, button in (
            ("Alt+A", self.accept),
            ("Alt+S", self.supplement),
            ("Alt+R", self.reject),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda b=button: self._pick(b))
        self.group = QButtonGroup(self)
        for button in (self.accept, self.supplement, self.reject):
            self.group.addButton(button)
            button.toggled.connect(self._mode_changed)
        self.due = QLabel()
        self.due.setObjectName("dueDate")
        self.missing_list = QListWidget()
        self.missing_list.setObjectName("missingList")
        self.reason = QLineEdit()
        self.reason.setObjectName("rejectReason")
        self.reason.setMaxLength(REASON_MAX)
        self.reason.setPlaceholderText(self.tr("Reason for not accepting"))
        self.reason.textChanged.connect(lambda _t: self.changed.emit())
        self.error = ErrorLabel("decision")
        layout = QVBoxLayout(self)
        layout.addWidget(self.accept)
        layout.addWidget(self.due)
        layout.addWidget(self.supplement)
        layout.addWidget(self.missing_list)
        layout.addWidget(self.reject)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self._mode_changed()

    def title(self) -> str:
        return self.tr("Decision")

    def set_missing(self, missing: list[dict[str, str]]) -> None:
        """What the materials step says is missing; picks a sensible default decision."""
        self._missing = missing
        self.missing_list.clear()
        for entry in missing:
            self.missing_list.addItem(f"{entry['name']}：{entry['problem']}")
        self.accept.setEnabled(not missing)
        self.supplement.setEnabled(bool(missing))
        if missing and self.accept.isChecked():
            self.supplement.setChecked(True)
        checked = self.group.checkedButton()
        if checked is None or not checked.isEnabled():
            (self.supplement if missing else self.accept).setChecked(True)
        self._mode_changed()

    def set_due_date(self, due: str | None) -> None:
        if due:
            self.due.setText(self.tr("Due date if accepted today: %1").replace("%1", due))
        else:
            self.due.setText(self.tr("Due date: calendar unknown (the platform will set it)"))

    def _pick(self, button: QRadioButton) -> None:
        if button.isEnabled():
            button.setChecked(True)
            if button is not self.reject:
                button.setFocus()

    def _mode_changed(self, *_: Any) -> None:
        mode = self.mode()
        self.missing_list.setVisible(mode == SUPPLEMENT)
        self.reason.setEnabled(mode == REJECT)
        if mode == REJECT:
            self.reason.setFocus()
        self.changed.emit()

    def mode(self) -> str | None:
        if self.accept.isChecked():
            return ACCEPT
        if self.supplement.isChecked():
            return SUPPLEMENT
        if self.reject.isChecked():
            return REJECT
        return None

    def decision(self) -> dict[str, Any]:
        mode = self.mode()
        return {
            "kind": mode,
            "reason": self.reason.text().strip() if mode == REJECT else None,
            "missing": list(self._missing) if mode == SUPPLEMENT else [],
        }

    def validate(self) -> list[Issue]:
        mode = self.mode()
        if mode is None:
            issues = [Issue("decision", "required", "请选择处理决定", "Choose a decision")]
        elif mode == ACCEPT and self._missing:
            issues = [
                Issue("decision", "materials_missing", "材料不齐，不能受理", "Materials missing")
            ]
        else:
            row = find_transition(Status.RECEIVED, TARGETS[mode])
            assert row is not None
            decision = self.decision()
            issues = check_requirements(row, decision)
            if mode == REJECT:
                issues += check_text(
                    decision["reason"], "reason", max_length=REASON_MAX, label=("理由", "Reason")
                )
        self.error.show_issues(issues)
        return issues

    def focus_first(self, issues: list[Issue] | None = None) -> None:
        if self.mode() == REJECT:
            self.reason.setFocus()
        else:
            button = self.group.checkedButton() or self.accept
            button.setFocus()

    def to_draft(self) -> dict[str, Any]:
        return {"decision": {"kind": self.mode(), "reason": self.reason.text()}}

    def from_draft(self, draft: dict[str, Any]) -> None:
        decision = draft.get("decision") or {}
        self.reason.setText(decision.get("reason") or "")
        button = {ACCEPT: self.accept, SUPPLEMENT: self.supplement, REJECT: self.reject}.get(
            decision.get("kind") or ""
        )
        if button is not None and button.isEnabled():
            button.setChecked(True)
