"""The inline form under the detail view's action buttons (no modal dialogs).

Each action asks only for what the domain requires (``Transition.requires``): a reason,
a supervisor's comment, a delivery record, a material, a note, a rating. Enter confirms,
Escape closes. The form builds the request; the view sends it through the backend.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from offline.domain.case_deadline import legal_extension_days
from offline.domain.catalog import ServiceItem
from offline.domain.errors import DomainError
from offline.domain.supplement_rules import notices
from offline.domain.validation import missing_materials
from ui.detail.actions import Action, rating_stage
from ui.i18n import current_language
from ui.intake.page import ErrorLabel


def _tr(text: str) -> str:
    return QCoreApplication.translate("ActionPanel", text)


def scores() -> tuple[tuple[int, str], ...]:
    """The five 好差评 levels, best first, in the UI language."""
    return (
        (5, _tr("Very satisfied")),  # 非常满意
        (4, _tr("Satisfied")),  # 满意
        (3, _tr("Acceptable")),  # 基本满意
        (2, _tr("Dissatisfied")),  # 不满意
        (1, _tr("Very dissatisfied")),  # 非常不满意
    )


def extension_limit(item: dict[str, Any] | None) -> int:
    """The item's legal extension in working days (0 when the item is unknown)."""
    try:
        return 0 if item is None else legal_extension_days(ServiceItem.from_dict(item))
    except DomainError:
        return 0


class ActionPanel(QWidget):
    """Shows the fields of one action; ``confirmed(action_key, request)`` on Enter."""

    confirmed = Signal(str, dict)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionPanel")
        self.action: Action | None = None
        self._doc: dict[str, Any] = {}
        self._item: dict[str, Any] | None = None
        self._form = QFormLayout(self)
        self.fields: dict[str, QWidget] = {}
        self.error = ErrorLabel("action")
        self.scan: Path | None = None
        self.conflict: dict[str, Any] | None = None
        attach = QShortcut(QKeySequence("Ctrl+O"), self)
        attach.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        attach.activated.connect(self._choose_scan)
        self.hide()

    def open_action(
        self,
        action: Action,
        doc: dict[str, Any],
        item: dict[str, Any] | None,
        conflict: dict[str, Any] | None = None,
    ) -> None:
        self.action, self._doc, self._item, self.conflict = action, doc, item, conflict
        self.scan = None
        while self._form.rowCount():
            self._form.removeRow(0)
        self.fields = {}
        self.error = ErrorLabel("action")
        self._form.addRow(QLabel(f"<b>{action.label(current_language())}</b>"))
        getattr(self, f"_build_{action.key}", self._build_confirm)()
        confirm = QPushButton(self.tr("Confirm (Enter)"))
        confirm.setObjectName("confirmAction")
        confirm.clicked.connect(self.confirm)
        self._form.addRow(self.error)
        self._form.addRow(confirm)
        self.show()
        first = next(iter(self.fields.values()), confirm)
        first.setFocus()

    # -- per-action fields -----------------------------------------------------------------
    def _line(self, key: str, label: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"action_{key}")
        self._form.addRow(label, edit)
        self.fields[key] = edit
        return edit

    def _build_confirm(self) -> None:
        self._form.addRow(QLabel(self.tr("Press Enter to confirm, Escape to cancel.")))

    def _build_withdraw(self) -> None:
        self._line("reason", self.tr("Reason"))

    _build_propose_rejection = _build_withdraw

    def _build_return(self) -> None:
        self._line("comment", self.tr("Comment to the clerk"))

    def _build_supplement(self) -> None:
        for entry in self._missing():
            self._form.addRow(QLabel(f"· {entry['name']}：{entry['problem']}"))
        if self.action is not None and "override_reason" in self.action.needs:
            # 行政许可法 第三十二条: a further notice listing new materials is an override.
            for entry in self._first_notice():
                self._form.addRow(QLabel(f"· {entry.get('name', '')}：{entry.get('problem', '')}"))
            added = QComboBox()
            added.setObjectName("action_added_material")
            for m in (self._item or {}).get("materials", []):
                added.addItem(m["name"], m["code"])
            self._form.addRow(self.tr("Material not on the first notice"), added)
            self.fields["added_material"] = added
            self._line("added_problem", self.tr("What is wrong with it"))
            self._line("override_reason", self.tr("Reason for a further notice (override)"))

    def _build_extend(self) -> None:
        days = QSpinBox()
        days.setObjectName("action_working_days")
        limit = extension_limit(self._item)
        days.setRange(1 if limit else 0, limit)
        days.setValue(limit)
        self._form.addRow(self.tr("Working days (at most %1)").replace("%1", str(limit)), days)
        self.fields["working_days"] = days
        self._line("reason", self.tr("Reason told to the applicant"))

    def _build_deliver(self) -> None:
        method = QComboBox()
        method.setObjectName("action_method")
        method.addItem(self.tr("Pickup"), "pickup")  # 自取
        method.addItem(self.tr("Mail"), "mail")  # 邮寄
        self._form.addRow(self.tr("Method"), method)
        self.fields["method"] = method
        self._line("tracking_no", self.tr("Tracking number (mail)"))
        self._line("recipient", self.tr("Received by"))

    def _build_conflict_edit(self) -> None:
        conflict = self.conflict or {}
        edit = self._line("value", str(conflict.get("path") or ""))
        value = conflict.get("clerk_value")
        edit.setText("" if value is None else str(value))
        edit.selectAll()

    def _build_note(self) -> None:
        self._line("text", self.tr("Note"))

    def _build_rate(self) -> None:
        stage = rating_stage(self._doc) or "acceptance"
        self._form.addRow(
            self.tr("Stage"),
            # 受理 / 办结
            QLabel(self.tr("Acceptance") if stage == "acceptance" else self.tr("Completion")),
        )
        score = QComboBox()
        score.setObjectName("action_score")
        for value, label in scores():
            score.addItem(f"{value} · {label}", value)
        self._form.addRow(self.tr("Score (voluntary)"), score)
        self.fields["score"] = score
        self._line("comment", self.tr("Comment"))

    def _build_add_material(self) -> None:
        material = QComboBox()
        material.setObjectName("action_material")
        for m in (self._item or {}).get("materials", []):
            material.addItem(m["name"], m["code"])
        self._form.addRow(self.tr("Material"), material)
        self.fields["material"] = material
        for key, label in (("originals", self.tr("Originals")), ("copies", self.tr("Copies"))):
            spin = QSpinBox()
            spin.setRange(0, 99)
            spin.setObjectName(f"action_{key}")
            self._form.addRow(label, spin)
            self.fields[key] = spin
        attach = QPushButton(self.tr("Attach scan (Ctrl+O)"))
        attach.clicked.connect(self._choose_scan)
        self._form.addRow(attach)

    def choose_file(self) -> Path | None:
        """Ask for one scan (tests replace this method instead of driving a dialog)."""
        name, _filter = QFileDialog.getOpenFileName(self, self.tr("Attach scan"))
        return Path(name) if name else None

    def _choose_scan(self) -> None:
        if self.action is not None and self.action.key == "add_material":
            self.scan = self.choose_file()

    def _missing(self) -> list[dict[str, str]]:
        if self._item is None:
            return []
        item = ServiceItem.from_dict(self._item)
        return missing_materials(item, self._doc.get("materials") or [])

    def _first_notice(self) -> list[dict[str, Any]]:
        earlier = notices(self._doc)
        return list(earlier[0].get("missing") or []) if earlier else []

    def _override_list(self, missing: list[dict[str, str]]) -> list[dict[str, str]]:
        """Everything still missing, the first notice's entries, and the added material."""
        listed = {m["code"]: m for m in [*self._first_notice(), *missing]}
        code, problem = self._data("added_material"), self._text("added_problem")
        if code and problem:
            names = {m["code"]: m["name"] for m in (self._item or {}).get("materials", [])}
            listed[code] = {"code": code, "name": names.get(code, code), "problem": problem}
        return list(listed.values())

    # -- request ---------------------------------------------------------------------------
    def _text(self, key: str) -> str:
        widget = self.fields.get(key)
        return widget.text().strip() if isinstance(widget, QLineEdit) else ""

    def _data(self, key: str) -> Any:
        widget = self.fields.get(key)
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QSpinBox):
            return widget.value()
        return None

    def request(self) -> dict[str, Any]:
        """What the view needs to carry out the action (see DetailView._run_action)."""
        assert self.action is not None
        key = self.action.key
        if key == "note":
            return {"text": self._text("text")}
        if key == "conflict_edit":
            conflict = self.conflict or {}
            return {
                "conflict_id": conflict.get("id"),
                "fields": {conflict.get("path"): self._text("value")},
            }
        if key == "rate":
            return {
                "stage": rating_stage(self._doc) or "acceptance",
                "score": self._data("score"),
                "comment": self._text("comment"),
            }
        if key == "add_material":
            code = self._data("material")
            names = {m["code"]: m["name"] for m in (self._item or {}).get("materials", [])}
            return {
                "material": {
                    "code": code,
                    "name": names.get(code, ""),
                    "originals": self._data("originals"),
                    "copies": self._data("copies"),
                    "form": "paper" if self.scan is None else "electronic",
                },
                "scan": self.scan,
            }
        if key == "extend":
            return {"working_days": self._data("working_days"), "reason": self._text("reason")}
        data: dict[str, Any] = {}
        reason = self._text("reason") or None
        if key == "return":
            data["comment"] = self._text("comment")
        if key == "supplement":
            data["missing"] = self._missing()
            if "override_reason" in self.fields:
                data["missing"] = self._override_list(data["missing"])
                data["override_reason"] = self._text("override_reason")
        if key == "deliver":
            data["delivery"] = {
                "method": self._data("method"),
                "tracking_no": self._text("tracking_no") or None,
                "recipient": self._text("recipient") or None,
            }
        return {"to": str(self.action.target), "reason": reason, "data": data}

    def confirm(self) -> None:
        if self.action is not None:
            self.confirmed.emit(self.action.key, self.request())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            self.closed.emit()
            return
        super().keyPressEvent(event)
