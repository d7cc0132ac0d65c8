"""The supervisor's panel (窗口负责人): sign-offs, conflict inbox and audit viewer.

Entry point for the shell: :func:`open_supervisor_panel` builds a tabbed widget over the
workspace's store thread. Role enforcement lives in the store; the panel is only shown
to supervisors for convenience.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from offline.store.actions import Actor
from ui.context import WorkspaceContext
from ui.intake.runner import ThreadRunner
from ui.supervisor.audit import AuditView
from ui.supervisor.backend import SupervisorBackend
from ui.supervisor.conflicts import ConflictInbox
from ui.supervisor.signoffs import SignoffView


class SupervisorPanel(QTabWidget):
    """Three tabs; each loads itself when the panel is built."""

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = ThreadRunner(self)
        self.backend = SupervisorBackend(
            ctx.store, Actor(ctx.user.user_id, ctx.user.role), ctx.office_code
        )
        self.signoffs = SignoffView(self.backend, self.runner)
        self.conflicts = ConflictInbox(self.backend, self.runner)
        self.audit = AuditView(self.backend, self.runner)
        self.addTab(self.signoffs, self.tr("Pending sign-offs"))
        self.addTab(self.conflicts, self.tr("Conflicts and rejected actions"))
        self.addTab(self.audit, self.tr("Audit log"))
        for view in (self.signoffs, self.conflicts):
            view.changed.connect(lambda rid: ctx.changed([rid]))
        self.signoffs.reload()
        self.conflicts.reload()
        self.audit.reload()

    def closeEvent(self, event: object) -> None:
        self.runner.shutdown()
        super().closeEvent(event)  # type: ignore[arg-type]


def open_supervisor_panel(ctx: WorkspaceContext, parent: QWidget) -> QWidget:
    """The supervisor's panel as a widget for a workspace tab."""
    return SupervisorPanel(ctx, parent)


__all__ = ["SupervisorPanel", "open_supervisor_panel"]
