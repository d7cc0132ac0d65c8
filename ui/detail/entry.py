"""Wiring of the detail view into a signed-in workspace (the shell's entry point)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from offline.store.actions import Actor
from ui.context import WorkspaceContext
from ui.detail.backend import StoreDetailBackend
from ui.detail.view import DetailView
from ui.intake.entry import documents_dir, print_context
from ui.intake.runner import ThreadRunner


def build_detail(ctx: WorkspaceContext, record_id: str, parent: QWidget) -> DetailView:
    runner = ThreadRunner(parent)
    backend = StoreDetailBackend(ctx.store, Actor(ctx.user.user_id, ctx.user.role))
    view = DetailView(backend, runner, record_id, print_context(ctx), documents_dir(), parent)
    view.changed.connect(lambda rid: ctx.changed([rid]))
    view.destroyed.connect(lambda *_: runner.shutdown())
    view.reload()
    return view
