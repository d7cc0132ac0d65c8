"""The application detail view (办件详情).

Header: receipt number, item, applicant, status, sync state and due date. Tabs: the
status timeline (clerk's and platform's changes), materials and scans, notes and
ratings, conflicts side by side with resolve actions, and reprinting. Action buttons are
exactly :func:`ui.detail.actions.available_actions` for the record and the user's role;
each runs as one store transaction through the backend, then the view reloads.

Keys: Alt+1…Alt+9 trigger the action buttons in order. In the conflicts tab F7 keeps the
platform's value, F8 resubmits the clerk's value and F9 sends a newly typed value (the
last two each make a new mutation). Ctrl+R reloads; Ctrl+E exports the shown scan.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from offline.domain.clock import today_local
from offline.domain.errors import DomainError
from offline.domain.status import status_label
from ui import confirm
from ui.detail.action_panel import ActionPanel
from ui.detail.actions import Action, available_actions
from ui.detail.backend import DetailData, StoreDetailBackend
from ui.detail.deadline_note import deadline_notes
from ui.detail.models import ConflictIdRole, ConflictsModel, TimelineModel, when
from ui.i18n import current_language
from ui.intake.cert_types import cert_label, mask_number
from ui.intake.page import ErrorLabel
from ui.intake.runner import ThreadRunner
from ui.printing.documents import PrintContext
from ui.printing.panel import PrintPanel


def _tr(text: str) -> str:
    return QCoreApplication.translate("DetailView", text)


def sync_label(state: str) -> str:
    """A record's sync state in the UI language."""
    labels = {
        "synced": _tr("Synced"),  # 已同步
        "pending": _tr("Pending sync"),  # 待同步
        "conflict": _tr("Conflict to resolve"),  # 有冲突，需处理
        "rejected": _tr("Rejected by the platform"),  # 平台拒绝，需处理
    }
    return labels.get(state, state)


def stage_label(stage: str) -> str:
    labels = {"acceptance": _tr("at acceptance"), "completion": _tr("at completion")}
    return labels.get(stage, stage)  # 受理时 / 办结时


TAB_TIMELINE, TAB_MATERIALS, TAB_NOTES, TAB_CONFLICTS, TAB_PRINT = range(5)
# Actions that cannot be taken back ask for a confirmation naming the consequence.
IRREVERSIBLE = {"sign_off": confirm.sign_off_texts}


def _table(model: Any, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().hide()
    return view


class DetailView(QWidget):
    """One application; ``changed(record_id)`` after every committed action."""

    changed = Signal(str)
    loaded = Signal()

    def __init__(
        self,
        backend: StoreDetailBackend,
        runner: ThreadRunner,
        record_id: str,
        print_context: PrintContext,
        pdf_dir: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("detailView")
        self.backend = backend
        self.runner = runner
        self.record_id = record_id
        self.data: DetailData | None = None
        self.header = QLabel()
        self.header.setObjectName("detailHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.sync_label = QLabel()
        self.sync_label.setObjectName("syncState")
        self.deadline_label = QLabel()
        self.deadline_label.setObjectName("deadlineNote")
        self.deadline_label.setWordWrap(True)
        self.today: Callable[[], date] = today_local  # tests inject their own day
        self.banner = ErrorLabel("detail")
        self.timeline = TimelineModel(self)
        self.conflicts = ConflictsModel(self)
        self.timeline_view = _table(self.timeline, "timelineView")
        self.conflicts_view = _table(self.conflicts, "conflictsView")
        self.materials = QListWidget()
        self.materials.setObjectName("materialsList")
        self.scan_view = QLabel()
        self.scan_view.setObjectName("scanView")
        self.scan_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notes = QListWidget()
        self.notes.setObjectName("notesList")
        self.print_panel = PrintPanel(print_context, pdf_dir)
        self.keep_platform = QPushButton(self.tr("Keep platform's value (F7)"))
        self.keep_platform.setObjectName("keepPlatform")
        self.resubmit = QPushButton(self.tr("Resubmit my value (F8)"))
        self.resubmit.setObjectName("resubmitMine")
        self.edit_value = QPushButton(self.tr("Enter another value (F9)"))
        self.edit_value.setObjectName("editValue")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.timeline_view, self.tr("Timeline"))
        self.tabs.addTab(self._materials_tab(), self.tr("Materials"))
        self.tabs.addTab(self.notes, self.tr("Notes and ratings"))
        self.tabs.addTab(self._conflicts_tab(), self.tr("Conflicts"))
        self.tabs.addTab(self.print_panel, self.tr("Print"))
        self.action_row = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        self.panel = ActionPanel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.sync_label)
        layout.addWidget(self.deadline_label)
        layout.addWidget(self.banner)
        layout.addLayout(self.action_row)
        layout.addWidget(self.panel)
        layout.addWidget(self.tabs, 1)
        # Keys of this view (Alt+n, F7…F9) need the focus inside it; focusing the view
        # (as the workspace does for a new tab) lands on the timeline.
        self.setFocusProxy(self.timeline_view)
        self.panel.confirmed.connect(self._run_action)
        self.confirm_dialog: confirm.ConfirmDialog | None = None
        self.keep_platform.clicked.connect(lambda: self.resolve_current("keep_platform"))
        self.resubmit.clicked.connect(lambda: self.resolve_current("resubmit"))
        self.edit_value.clicked.connect(self.edit_current)
        self.materials.currentItemChanged.connect(self._show_scan)
        for index in range(9):
            self._shortcut(f"Alt+{index + 1}", lambda i=index: self._press(i))
        # F7/F8, not Ctrl+1/2: the workspace uses Ctrl+1 for the queue tab.
        self._shortcut("F7", lambda: self.resolve_current("keep_platform"))
        self._shortcut("F8", lambda: self.resolve_current("resubmit"))
        self._shortcut("F9", self.edit_current)
        self._shortcut("Ctrl+R", self.reload)
        self._shortcut("Ctrl+E", self.export_scan)

    def _shortcut(self, keys: str, slot: Any) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    def _materials_tab(self) -> QWidget:
        tab = QWidget()
        layout = QHBoxLayout(tab)
        layout.addWidget(self.materials, 1)
        layout.addWidget(self.scan_view, 1)
        return tab

    def _conflicts_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.conflicts_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_platform)
        buttons.addWidget(self.resubmit)
        buttons.addWidget(self.edit_value)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return tab

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self.runner.run(
            lambda: self.backend.load(self.record_id), self.show_data, self._failed, owner=self
        )

    def show_data(self, data: DetailData) -> None:
        self.data = data
        doc = data.doc
        lang = current_language()
        applicant = doc.get("applicant") or {}
        due = doc.get("due_date") or (
            "—" if not doc.get("accepted_at") else self.tr("calendar unknown")  # 日历未知
        )
        e = html.escape
        status_line = (
            self.tr("Status: %1 · Due: %2")  # 状态：%1 · 办结期限：%2
            .replace("%1", f"<b>{e(status_label(doc['status'], lang))}</b>")
            .replace("%2", e(str(due)))
        )
        self.header.setText(
            f"<b>{e(str(doc.get('receipt_no', '')))}</b> · {e(str(doc.get('item_name', '')))}"
            f"<br/>{e(str(applicant.get('name', '')))}（"
            f"{e(cert_label(applicant.get('cert_type', '')))} "
            f"{e(mask_number(applicant.get('cert_no', '')))}） · {e(str(doc.get('phone') or ''))}"
            f"<br/>{status_line}"
        )
        self.sync_label.setText(
            self.tr("Sync: %1").replace("%1", sync_label(data.sync_state))  # 同步：%1
        )
        self._fill_deadline(data)
        self.timeline.set_names(data.user_names)
        self.timeline.set_rows(doc.get("history") or [])
        self.conflicts.set_item(data.item)
        self.conflicts.set_rows(data.conflicts)
        has_conflicts = bool(data.conflicts)
        self.tabs.setTabText(
            TAB_CONFLICTS,
            self.tr("Conflicts") + (f" ({len(data.conflicts)})" if has_conflicts else ""),
        )
        self.keep_platform.setEnabled(has_conflicts)
        self.resubmit.setEnabled(has_conflicts)
        self.edit_value.setEnabled(has_conflicts)
        if has_conflicts and self.conflicts_view.currentIndex().row() < 0:
            self.conflicts_view.selectRow(0)
        self._fill_materials(doc)
        self._fill_notes(doc)
        self.print_panel.set_record(doc)
        self._fill_actions(available_actions(doc, self.backend.role))
        focus = QApplication.focusWidget()
        if self.isVisible() and (focus is None or not self.isAncestorOf(focus)):
            self.timeline_view.setFocus()
        self.loaded.emit()

    def _fill_deadline(self, data: DetailData) -> None:
        notes = deadline_notes(data.doc, data.item, data.calendar, self.today())
        self.deadline_label.setText("\n".join(n.text for n in notes))
        warn = any(n.warning for n in notes)
        self.deadline_label.setStyleSheet("color: #b00020; font-weight: bold;" if warn else "")
        self.deadline_label.setProperty("warning", warn)
        self.deadline_label.setVisible(bool(notes))

    def _fill_materials(self, doc: dict[str, Any]) -> None:
        self.materials.clear()
        for m in doc.get("materials") or []:
            scan = m.get("attachment")
            text = (
                self.tr("%1 · originals %2 · copies %3")  # %1 · 原件 %2 · 复印件 %3
                .replace("%1", str(m.get("name", "")))
                .replace("%2", str(m.get("originals", 0)))
                .replace("%3", str(m.get("copies", 0)))
            )
            if scan:
                text += " · 📎"
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, scan)
            self.materials.addItem(entry)

    def _fill_notes(self, doc: dict[str, Any]) -> None:
        self.notes.clear()
        for note in doc.get("notes") or []:
            self.notes.addItem(
                f"{when(note.get('at'))} {note.get('by', '')}：{note.get('text', '')}"
            )
        for rating in doc.get("ratings") or []:
            stars = "★" * int(rating.get("score", 0)) + "☆" * (5 - int(rating.get("score", 0)))
            self.notes.addItem(
                self.tr("%1 rating %2 %3 %4")  # %1 好差评（%2）%3 %4
                .replace("%1", when(rating.get("at")))
                .replace("%2", stage_label(str(rating.get("stage", ""))))
                .replace("%3", stars)
                .replace("%4", str(rating.get("comment", "")))
                .strip()
            )

    def _fill_actions(self, actions: list[Action]) -> None:
        for button in self.action_buttons.values():
            self.action_row.removeWidget(button)
            button.deleteLater()
        self.action_buttons = {}
        self._actions = actions
        for n, action in enumerate(actions, start=1):
            button = QPushButton(f"{action.label(current_language())} (Alt+{n})")
            button.setObjectName(f"action_{action.key}")
            button.clicked.connect(lambda _c=False, a=action: self.start_action(a))
            self.action_row.addWidget(button)
            self.action_buttons[action.key] = button

    def _press(self, index: int) -> None:
        actions = getattr(self, "_actions", [])
        if index < len(actions):
            self.start_action(actions[index])

    # -- actions ---------------------------------------------------------------------------
    def start_action(self, action: Action) -> None:
        if self.data is None:
            return
        if action.key == "reprint":
            self.tabs.setCurrentIndex(TAB_PRINT)
            self.print_panel.list.setFocus()
            return
        self.panel.open_action(action, self.data.doc, self.data.item)

    def _run_action(self, key: str, request: dict[str, Any]) -> None:
        if key in IRREVERSIBLE:  # ask first, naming the consequence; act on "confirm"
            receipt_no = str((self.data.doc if self.data else {}).get("receipt_no") or "")

            def confirmed() -> None:
                self.confirm_dialog = None
                self._act(key, request)

            texts = IRREVERSIBLE[key](receipt_no)
            self.confirm_dialog = confirm.ask(self, **texts, on_confirm=confirmed)
            return
        self._act(key, request)

    def _act(self, key: str, request: dict[str, Any]) -> None:
        rid, backend = self.record_id, self.backend

        def work() -> object:
            if key == "conflict_edit":
                return backend.resolve_conflict(request["conflict_id"], "edit", request["fields"])
            if key == "note":
                return backend.add_note(rid, request["text"])
            if key == "rate":
                return backend.rate(rid, request["stage"], request["score"], request["comment"])
            if key == "add_material":
                return backend.add_material(rid, request["material"], request["scan"])
            if key == "extend":
                return backend.extend(rid, request["working_days"], request["reason"])
            return backend.transition(rid, request["to"], request["reason"], request["data"])

        self.runner.run(work, self._done, self._action_failed, owner=self)

    def _done(self, _result: object) -> None:
        self.panel.hide()
        self.banner.show_issues([])
        self.changed.emit(self.record_id)
        self.reload()

    def _action_failed(self, exc: BaseException) -> None:
        self.panel.error.setText(self._message(exc))
        self.panel.error.show()

    def edit_current(self) -> None:
        """F9: send a value the person types instead of either side's (a new mutation)."""
        index = self.conflicts_view.currentIndex()
        if self.data is None or not index.isValid():
            return
        conflict = self.conflicts.row(index.row())
        if (
            conflict.get("kind") != "conflict"
            or not conflict.get("path")
            or conflict["path"]
            in (
                "status",
                "clerk_id",
            )
        ):
            self.banner.setText(
                # 此项只能保留平台数据或原样重新提交
                self.tr("Only keep or resubmit is possible for this conflict")
            )
            self.banner.show()
            return
        action = Action("conflict_edit", "修改后提交", "Submit an edited value")
        self.panel.open_action(action, self.data.doc, self.data.item, conflict)

    def resolve_current(self, choice: str) -> None:
        index = self.conflicts_view.currentIndex()
        if not index.isValid():
            return
        conflict_id = index.data(ConflictIdRole)
        self.runner.run(
            lambda: self.backend.resolve_conflict(conflict_id, choice),
            self._done,
            self._failed,
            owner=self,
        )

    # -- scans -----------------------------------------------------------------------------
    def _show_scan(self, current: QListWidgetItem | None, _previous: object = None) -> None:
        self.scan_view.clear()
        self._scan_bytes: bytes | None = None
        sha = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        if not sha:
            return
        self.runner.run(
            lambda: self.backend.read_attachment(sha), self._scan_loaded, self._failed, owner=self
        )

    def _scan_loaded(self, content: bytes) -> None:
        image = QImage()
        if image.loadFromData(content):
            self.scan_view.setPixmap(
                QPixmap.fromImage(image).scaled(
                    480,
                    640,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            return
        # Not an image (e.g. a PDF). Scans are encrypted at rest, so nothing is written to
        # disk unless the clerk exports a copy on purpose (Ctrl+E).
        self._scan_bytes = content
        self.scan_view.setText(
            self.tr("Scan (%1 KB) is not an image; Ctrl+E exports a copy.").replace(
                "%1", str(max(1, len(content) // 1024))
            )
        )

    def export_path(self) -> Path | None:
        """Ask where to export a scan (tests replace this method)."""
        name, _filter = QFileDialog.getSaveFileName(self, self.tr("Export scan"))
        return Path(name) if name else None

    def export_scan(self) -> Path | None:
        content = getattr(self, "_scan_bytes", None)
        if content is None:
            return None
        path = self.export_path()
        if path is not None:
            path.write_bytes(content)
        return path

    # -- errors ----------------------------------------------------------------------------
    def _message(self, exc: BaseException) -> str:
        lang = current_language()
        if isinstance(exc, DomainError):
            return exc.message(lang)
        message = getattr(exc, "message", None)
        return str(message(lang)) if callable(message) else str(exc)

    def _failed(self, exc: BaseException) -> None:
        self.banner.setText(self._message(exc))
        self.banner.show()
