"""One signed-in user's workspace: the queue plus tabs for open applications and intakes.

Each user gets their own workspace object, kept (hidden) while another user works, so
switching users never mixes one clerk's half-finished intake or open records into
another's screen, and switching back finds everything as it was. The intake wizard and
the detail view belong to ui/intake and ui/detail; they are reached through the entry
points documented in docs/CONTRACTS.md ("UI shell"), with a placeholder until present.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from ui.context import WorkspaceContext
from ui.peripherals.queue_desk import install_queue_desk
from ui.queue.view import QueueWidget

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Workspace", text)


def _entry_point(module: str, name: str) -> Callable[..., QWidget] | None:
    try:
        found = getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None
    return found if callable(found) else None


def _placeholder(text: str, parent: QWidget) -> QWidget:
    widget = QWidget(parent)
    label = QLabel(text, widget)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    QVBoxLayout(widget).addWidget(label)
    return widget


class Workspace(QWidget):
    """Queue + closable tabs; owned by one user for the whole session."""

    changed = Signal(list)  # record ids changed by an action in this workspace

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"workspace-{ctx.user.user_id}")
        self.ctx = ctx
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("workspaceTabs")
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.queue = QueueWidget(
            ctx.store, user_id=ctx.user.user_id, office_code=ctx.office_code, parent=self
        )
        self.tabs.addTab(self.queue, _tr("Queue"))
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.queue.openRequested.connect(self.open_record)
        self.supervisor_panel = self._supervisor_tab() if ctx.user.role == "supervisor" else None
        self.queue_desk = install_queue_desk(self, ctx.terminal_code, ctx.demo)  # F9 叫号
        QShortcut(QKeySequence("Ctrl+W"), self, self._close_current)
        QShortcut(QKeySequence("Ctrl+1"), self, lambda: self.tabs.setCurrentIndex(0))
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self, lambda step=step: self._step_tab(step))
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._open: dict[str, QWidget] = {}
        self._intakes: list[QWidget] = []

    def _supervisor_tab(self) -> QWidget | None:
        """Supervisors get their panel (sign-offs, conflicts, audit) as a fixed second tab."""
        opener = _entry_point("ui.supervisor", "open_supervisor_panel")
        if opener is None:
            return None
        panel = opener(self.ctx, self)
        index = self.tabs.addTab(panel, _tr("Supervisor"))
        self.tabs.tabBar().setTabButton(index, self.tabs.tabBar().ButtonPosition.RightSide, None)
        return panel

    def start(self) -> None:
        self.queue.refresh()

    def unfinished_intakes(self) -> int:
        """Intake tabs with work started and not yet submitted (their drafts are saved)."""
        tabs = (self.tabs.widget(i) for i in range(self.tabs.count()))
        return sum(1 for tab in tabs if getattr(tab, "in_progress", lambda: False)())

    def new_intake(self) -> QWidget:
        """Ctrl+N: an intake tab with nothing under way is reused (a finished one starts
        afresh); only when every intake tab holds unfinished work does a new one open."""
        idle = self._idle_intake()
        if idle is not None:
            if getattr(idle, "record", None) is not None:
                idle.restart()  # type: ignore[attr-defined]
            self.tabs.setCurrentWidget(idle)
            idle.setFocus()
            return idle
        opener = _entry_point("ui.intake", "open_intake")
        if opener is None:
            page = _placeholder(_tr("The intake wizard is not installed."), self)
        else:
            page = opener(self.ctx, self)
            self._intakes.append(page)
        index = self.tabs.addTab(page, _tr("New intake"))
        self.tabs.setCurrentIndex(index)
        page.setFocus()
        return page

    def _idle_intake(self) -> QWidget | None:
        for page in self._intakes:
            if self.tabs.indexOf(page) >= 0 and not page.in_progress():  # type: ignore[attr-defined]
                return page
        return None

    def _step_tab(self, step: int) -> None:
        """Ctrl+PgDown / Ctrl+PgUp: the next / previous tab, round the end."""
        count = self.tabs.count()
        if count > 1:
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % count)

    def open_record(self, record_id: str) -> QWidget:
        """Enter on a queue row: the application's detail in a tab (reused if open)."""
        existing = self._open.get(record_id)
        if existing is not None and self.tabs.indexOf(existing) >= 0:
            self.tabs.setCurrentWidget(existing)
            return existing
        opener = _entry_point("ui.detail", "open_detail")
        if opener is None:
            page = _placeholder(_tr("The detail view is not installed."), self)
        else:
            page = opener(self.ctx, record_id, self)
        self._open[record_id] = page
        row = self.queue.model.cached_row(self.queue.table.currentIndex().row())
        title = row.receipt_no if row is not None and row.id == record_id else record_id[:8]
        index = self.tabs.addTab(page, title)
        self.tabs.setCurrentIndex(index)
        return page

    def records_changed(self, record_ids: list[str]) -> None:
        self.queue.records_changed(record_ids)
        if self.supervisor_panel is not None:
            self.supervisor_panel.records_changed(record_ids)  # type: ignore[attr-defined]

    def _close_current(self) -> None:
        self._close_tab(self.tabs.currentIndex())

    def _close_tab(self, index: int) -> None:
        if index <= 0 or self.tabs.widget(index) is self.supervisor_panel:
            return
        page = self.tabs.widget(index)
        self.tabs.removeTab(index)
        for key, widget in list(self._open.items()):
            if widget is page:
                del self._open[key]
        if page in self._intakes:
            self._intakes.remove(page)
        if page is not None:
            page.deleteLater()

    def open_pages(self) -> list[Any]:
        return [self.tabs.widget(i) for i in range(1, self.tabs.count())]
