"""The supervisor's panel (窗口负责人): office queue, sign-offs, conflicts, devices, reports, audit.

Entry point for the shell: :func:`open_supervisor_panel` builds a tabbed widget over the
workspace's store thread. Role enforcement lives in the store; the panel is only shown
to supervisors for convenience. Records opened from the panel open in the workspace
(its ``open_record``) through :attr:`SupervisorPanel.openRequested`.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from offline.store.actions import Actor
from ui.context import WorkspaceContext
from ui.intake.runner import ThreadRunner
from ui.peripherals.hall_views import add_hall_tabs
from ui.supervisor.audit import AuditView
from ui.supervisor.backend import SupervisorBackend
from ui.supervisor.conflicts import ConflictInbox
from ui.supervisor.devices import DeviceHealthView
from ui.supervisor.office_queue import OfficeQueueView
from ui.supervisor.platform_link import find_client_getter
from ui.supervisor.reports import ReportsView
from ui.supervisor.signoffs import SignoffView


class SupervisorPanel(QTabWidget):
    """Eight tabs; the lists load themselves (office queue and devices each time shown)."""

    openRequested = Signal(str)  # record id to open in the workspace

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = ThreadRunner(self)
        self.backend = SupervisorBackend(
            ctx.store, Actor(ctx.user.user_id, ctx.user.role), ctx.office_code
        )
        self.office = OfficeQueueView(ctx)
        self.signoffs = SignoffView(self.backend, self.runner)
        self.conflicts = ConflictInbox(self.backend, self.runner)
        self.devices = DeviceHealthView(ctx, find_client_getter(ctx, parent))
        self.reports = ReportsView(ctx, self.runner)
        self.audit = AuditView(self.backend, self.runner)
        self.addTab(self.office, self.tr("Office queue"))
        self.addTab(self.signoffs, self.tr("Pending sign-offs"))
        self.addTab(self.conflicts, self.tr("Conflicts and rejected actions"))
        self.addTab(self.devices, self.tr("Devices and sync"))
        self.addTab(self.reports, self.tr("Reports"))
        self.addTab(self.audit, self.tr("Audit log"))
        add_hall_tabs(self, ctx, self.runner)  # 差评回访, queue ticket times
        for view in (self.signoffs, self.conflicts):
            view.changed.connect(lambda rid: ctx.changed([rid]))
        self.office.changed.connect(lambda ids: ctx.changed(list(ids)))
        self.office.openRequested.connect(self.openRequested)
        self.signoffs.reload()
        self.conflicts.reload()
        self.audit.reload()

    def records_changed(self, record_ids: list[str]) -> None:
        """After an action or a sync: the visible office queue or device list reads again
        (hidden ones read when next shown)."""
        self.office.model.mark_stale(record_ids or None)
        for view in (self.office, self.devices):
            if view.isVisible():
                view.refresh()

    def closeEvent(self, event: object) -> None:
        self.runner.shutdown()
        super().closeEvent(event)  # type: ignore[arg-type]


def open_supervisor_panel(ctx: WorkspaceContext, parent: QWidget) -> QWidget:
    """The supervisor's panel as a widget for a workspace tab; records it asks to open go
    to ``parent.open_record`` when the parent has one (the workspace does)."""
    panel = SupervisorPanel(ctx, parent)
    opener = getattr(parent, "open_record", None)
    if callable(opener):
        panel.openRequested.connect(opener)
    return panel


__all__ = ["SupervisorPanel", "open_supervisor_panel"]
