"""The intake wizard (收件向导): item → applicant → form → materials → decision → print.

Keyboard only. Enter advances (or, when the step is incomplete, shows every inline error
and puts the cursor in the first field to fix); Alt+Left goes back, Alt+Right forward;
Ctrl+Enter does the same as Enter from inside any widget; Ctrl+F jumps to the item
search. Each step's own keys are listed in its help line and in ``SHORTCUTS``.

The wizard owns no data: it collects what the clerk typed, hands an intake request to the
backend (one store transaction: record + decision + scans + draft removal), and shows the
documents to print for the document that comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import uuid6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from offline.domain.clock import now_iso
from offline.domain.errors import DomainError
from ui.i18n import current_language
from ui.intake.applicant_page import ApplicantPage
from ui.intake.backend import IntakeBackend
from ui.intake.decision_page import ACCEPT, REJECT, SUPPLEMENT, DecisionPage
from ui.intake.drafts import DraftSaver, is_claimed
from ui.intake.form_page import FormPage
from ui.intake.item_page import ItemPage
from ui.intake.materials_page import MaterialsPage
from ui.intake.page import ErrorLabel, Page
from ui.intake.runner import ThreadRunner
from ui.printing.documents import DocKind, PrintContext
from ui.printing.panel import PrintPanel
from ui.readers.base import CardReader

SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    ("Enter", "下一步 / 定位到需修改的字段", "Next step / go to the field to fix"),
    ("Ctrl+Enter", "同 Enter（在任何控件中）", "Same as Enter, from any widget"),
    ("Alt+Left / Alt+Right", "上一步 / 下一步", "Previous / next step"),
    ("Ctrl+F", "搜索事项", "Search service items"),
    ("F2", "读身份证", "Read the ID card"),
    ("F3", "扫码/刷卡输入框", "Scan field for wedge readers and barcodes"),
    ("Space / A", "材料已收 / 条件适用", "Material received / condition applies"),
    ("Ctrl+O / Ctrl+K", "附加扫描件 / 高拍仪", "Attach scans / document camera"),
    ("Alt+A / Alt+S / Alt+R", "受理 / 一次性告知 / 拟不予受理", "Accept / supplement / reject"),
    ("Ctrl+P / Ctrl+S", "打印 / 保存PDF", "Print / save PDF"),
    ("Ctrl+Shift+N", "下一位申请人", "Next applicant"),
    ("F1", "显示/隐藏快捷键", "Show/hide these shortcuts"),
)
RESULT_KIND = {ACCEPT: DocKind.acceptance, SUPPLEMENT: DocKind.supplement, REJECT: DocKind.receipt}


def _shortcut_help() -> str:
    rows = "".join(
        f"<tr><td><b>{keys}</b></td><td>{zh}</td><td>{en}</td></tr>" for keys, zh, en in SHORTCUTS
    )
    return f"<table cellspacing='4'>{rows}</table>"


class IntakeWizard(QWidget):
    """One intake from start to printed notice; ``submitted`` carries the record."""

    submitted = Signal(dict)
    stepChanged = Signal(int)

    def __init__(
        self,
        backend: IntakeBackend,
        runner: ThreadRunner,
        print_context: PrintContext,
        pdf_dir: Path,
        reader: CardReader | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("intakeWizard")
        self.backend = backend
        self.runner = runner
        # The queue ticket (叫号) the next submitted application carries, if any.
        self.ticket_source: Callable[[], dict[str, str] | None] | None = None
        self.item_page = ItemPage()
        self.applicant_page = ApplicantPage(runner, reader)
        self.form_page = FormPage()
        self.materials_page = MaterialsPage(runner, backend.attach_file)
        self.decision_page = DecisionPage()
        self.pages: list[Page] = [
            self.item_page,
            self.applicant_page,
            self.form_page,
            self.materials_page,
            self.decision_page,
        ]
        self.print_panel = PrintPanel(print_context, pdf_dir)
        self.stack = QStackedWidget()
        for page in self.pages:
            self.stack.addWidget(page)
            page.changed.connect(self._edited)
        self.stack.addWidget(self.print_panel)
        self.help = QLabel(_shortcut_help())
        self.help.setObjectName("shortcutHelp")
        self.help.setTextFormat(Qt.TextFormat.RichText)
        self.help.hide()
        self.step_label = QLabel()
        self.step_label.setObjectName("stepLabel")
        self.banner = ErrorLabel("wizard")
        self.info = QLabel()
        self.info.setObjectName("wizardInfo")
        self.back_button = QPushButton(self.tr("Back (Alt+Left)"))
        self.next_button = QPushButton(self.tr("Next (Enter)"))
        self.next_button.setObjectName("nextButton")
        self.new_button = QPushButton(self.tr("Next applicant (Ctrl+Shift+N)"))
        self.discard_button = QPushButton(self.tr("Discard draft"))
        for button in (self.back_button, self.next_button, self.new_button, self.discard_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys, not tab stops
        nav = QHBoxLayout()
        nav.addWidget(self.discard_button)
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        nav.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.info)
        layout.addWidget(self.banner)
        layout.addWidget(self.help)
        layout.addWidget(self.stack, 1)
        layout.addLayout(nav)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.advance)
        self.new_button.clicked.connect(self.restart)
        self.discard_button.clicked.connect(self.discard_draft)
        self._shortcut("Ctrl+Return", self.advance)
        self._shortcut("Ctrl+Enter", self.advance)
        self._shortcut("Alt+Right", self.advance)
        self._shortcut("Alt+Left", self.back)
        self._shortcut("Ctrl+F", self._search)
        self._shortcut("Ctrl+Shift+N", self.restart)
        self._shortcut("F1", lambda: self.help.setVisible(not self.help.isVisible()))
        self.drafts = DraftSaver(runner, backend, self.to_draft, self)
        self._busy = False
        self.record: dict[str, Any] | None = None
        self._show_step(0)

    def _shortcut(self, keys: str, slot: Any) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    # -- start and drafts ------------------------------------------------------------------
    def start(self) -> None:
        """Load the catalog and this user's newest draft (if any), then focus step 1."""
        self.runner.run(
            lambda: (self.backend.catalog(), self.backend.drafts()),
            self._loaded,
            self._failed,
            owner=self,
        )

    def _loaded(self, result: tuple[list[dict[str, Any]], list[Any]]) -> None:
        catalog, drafts = result
        self.item_page.set_catalog(catalog)
        free = [d for d in drafts if not is_claimed(d.draft_id)]
        if free:
            self.resume(free[0].draft_id, free[0].doc)
        else:
            self.drafts.draft_id = str(uuid6.uuid7())
            self._show_step(0)
        self.setEnabled(True)

    def resume(self, draft_id: str, doc: dict[str, Any]) -> None:
        """Put a saved draft back on screen at the step where the clerk left it."""
        self.drafts.enabled = False
        try:
            self.item_page.from_draft(doc)
            self._item_chosen()
            for page in self.pages[1:]:
                page.from_draft(doc)
        finally:
            self.drafts.enabled = True
        self.drafts.draft_id = draft_id
        self.info.setText(
            self.tr("Draft restored (saved %1)").replace("%1", doc.get("saved_at", ""))
        )
        self._show_step(min(int(doc.get("step", 0)), len(self.pages) - 1))

    def to_draft(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"step": self.stack.currentIndex(), "saved_at": now_iso()}
        for page in self.pages:
            doc.update(page.to_draft())
        return doc

    def discard_draft(self) -> None:
        draft_id = self.drafts.draft_id
        self.drafts.cancel()
        if draft_id is not None:
            self.runner.run(lambda: self.backend.delete_draft(draft_id), owner=self)
        self.restart()

    def _edited(self) -> None:
        self.drafts.schedule()

    def in_progress(self) -> bool:
        """True while an intake has been started here and not yet submitted."""
        return self.record is None and self.current_step() > 0

    # -- navigation ------------------------------------------------------------------------
    def current_step(self) -> int:
        return self.stack.currentIndex()

    def _show_step(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        total = len(self.pages) + 1
        if index < len(self.pages):
            title = self.pages[index].title()
            self.pages[index].entered()
        else:
            title = self.tr("Print")
        self.step_label.setText(
            self.tr("Step %1 of %2: %3  (F1: shortcuts)")
            .replace("%1", str(index + 1))
            .replace("%2", str(total))
            .replace("%3", title)
        )
        self.back_button.setEnabled(0 < index < len(self.pages))
        self.next_button.setVisible(index < len(self.pages))
        self.new_button.setVisible(index == len(self.pages))
        self.discard_button.setVisible(index < len(self.pages))
        if index < len(self.pages):
            self.pages[index].focus_first()
        else:
            self.print_panel.list.setFocus()
        self.stepChanged.emit(index)

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving the wizard (tab switch, lock, close) saves a pending draft at once."""
        if self.drafts.pending:
            self.drafts.flush()
        super().hideEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.current_step() < len(self.pages):
            self.advance()
            return
        super().keyPressEvent(event)

    def advance(self) -> None:
        """Validate the current step, then move on (or submit at the decision step)."""
        index = self.current_step()
        if self._busy or index >= len(self.pages):
            return
        page = self.pages[index]
        issues = page.validate()
        if issues:
            page.focus_first(issues)
            return
        self.banner.show_issues([])
        if page is self.item_page:
            self._item_chosen()
        if page is self.materials_page:
            self._enter_decision()
        if page is self.decision_page:
            self.submit()
            return
        self._show_step(index + 1)
        self.drafts.schedule()

    def back(self) -> None:
        index = self.current_step()
        if not self._busy and 0 < index < len(self.pages):
            self._show_step(index - 1)

    def _search(self) -> None:
        if not self._busy and self.current_step() < len(self.pages):
            self._show_step(0)

    def _item_chosen(self) -> None:
        item = self.item_page.selected_item()
        if item is None or item["code"] != self.form_page.item_code():
            self.form_page.set_item(item)
            self.materials_page.set_item(item)

    def _enter_decision(self) -> None:
        self.decision_page.set_missing(self.materials_page.model.missing())
        item = self.item_page.selected_item()
        if item is not None:
            code = item["code"]
            self.decision_page.due.setText(self.tr("Working out the due date…"))
            self.runner.run(
                lambda: self.backend.due_date_preview(code),
                self.decision_page.set_due_date,
                self._failed,
                owner=self,
            )

    # -- submit ----------------------------------------------------------------------------
    def request(self) -> dict[str, Any]:
        """The intake request for the backend (see ui.intake.backend)."""
        item = self.item_page.selected_item() or {}
        return {
            "draft_id": self.drafts.draft_id,
            "item_code": item.get("code"),
            "applicant": self.applicant_page.applicant(),
            "agent": self.applicant_page.agent_value(),
            "phone": self.applicant_page.phone_value(),
            "address": self.applicant_page.address.text().strip() or None,
            "form": self.form_page.values(),
            "materials": self.materials_page.model.received_materials(),
            "applying": self.materials_page.model.applying(),
            "decision": self.decision_page.decision(),
            "ticket": self.ticket_source() if self.ticket_source is not None else None,
            "pages": {k: list(v) for k, v in self.materials_page.capture.pages.items()},
        }

    def submit(self) -> None:
        self._busy = True
        self.drafts.flush()
        self.next_button.setEnabled(False)
        request = self.request()
        self.info.setText(self.tr("Saving…"))
        self.runner.run(
            lambda: self.backend.submit(request), self._submitted, self._submit_failed, owner=self
        )

    def _submitted(self, doc: dict[str, Any]) -> None:
        self._busy = False
        self.next_button.setEnabled(True)
        self.drafts.cancel()
        self.drafts.draft_id = None
        self.materials_page.capture.clear()
        self.record = doc
        self.info.setText(
            self.tr("Saved: receipt %1").replace("%1", str(doc.get("receipt_no", "")))
        )
        self.print_panel.set_record(doc)
        self.print_panel.select(RESULT_KIND[self.decision_page.mode() or ACCEPT])
        self._show_step(len(self.pages))
        self.submitted.emit(doc)

    def _submit_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.next_button.setEnabled(True)
        self.info.clear()
        self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        lang = current_language()
        if isinstance(exc, DomainError):
            text = exc.message(lang)
        elif hasattr(exc, "message") and callable(exc.message):
            text = str(exc.message(lang))
        else:
            text = str(exc)
        self.banner.setText(text)
        self.banner.show()

    def restart(self) -> None:
        """A fresh intake for the next applicant (keeps the loaded catalog)."""
        catalog = [
            self.item_page.model.index(r, 0).data(Qt.ItemDataRole.UserRole + 1)
            for r in range(self.item_page.model.rowCount())
        ]
        self.drafts.enabled = False
        try:
            for page in self.pages:
                page.from_draft({})
            self.item_page.search.clear()
            self.item_page.set_catalog(catalog)
            self.item_page.list.setCurrentIndex(self.item_page.proxy.index(0, 0))
            self.form_page.set_item(None)
            self.materials_page.set_item(None)
            self.applicant_page.has_agent.setChecked(False)
            self.applicant_page.person.set_value({})
        finally:
            self.drafts.enabled = True
        self.record = None
        self.info.clear()
        self.banner.show_issues([])
        self.drafts.draft_id = str(uuid6.uuid7())
        self._show_step(0)
