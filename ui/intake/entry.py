"""Wiring of the intake wizard into a signed-in workspace (the shell's entry point)."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtWidgets import QWidget

from offline.store.actions import Actor
from ui.context import WorkspaceContext
from ui.intake.runner import ThreadRunner
from ui.intake.store_backend import StoreIntakeBackend
from ui.intake.wizard import IntakeWizard
from ui.peripherals.page_capture import capture_source
from ui.peripherals.rating_pad import ask_after_acceptance, rating_pad_from_settings
from ui.peripherals.reader_setup import configured_reader
from ui.peripherals.receipt_signing import ReceiptSigning, signature_pad
from ui.printing import context as printing_context
from ui.printing.documents import PrintContext
from ui.readers import PipeReader


def documents_dir() -> Path:
    """Where saved PDFs go: the user's documents folder, CounterDesk subfolder."""
    return Path(platformdirs.user_documents_dir()) / "CounterDesk"


def print_context(ctx: WorkspaceContext) -> PrintContext:
    return printing_context.print_context(ctx)


def build_intake(ctx: WorkspaceContext, parent: QWidget) -> IntakeWizard:
    runner = ThreadRunner(parent)
    backend = StoreIntakeBackend(ctx.store, Actor(ctx.user.user_id, ctx.user.role))
    reader = configured_reader(ctx.demo)  # helper-process reader when set up, see docs
    wizard = IntakeWizard(backend, runner, print_context(ctx), documents_dir(), reader, parent)
    wizard.materials_page.capture.set_source(capture_source(ctx.demo))  # 高拍仪 (F6)
    desk = getattr(parent, "queue_desk", None)  # the workspace's queue calling (F9)
    if desk is not None:
        wizard.ticket_source = desk.ticket
        wizard.submitted.connect(desk.ticket_used)
    signing = ReceiptSigning(wizard, ctx.store, backend.actor, signature_pad(ctx.demo))  # F7
    wizard.destroyed.connect(lambda *_: signing.shutdown())
    if isinstance(reader, PipeReader):
        wizard.destroyed.connect(lambda *_: reader.close())
    pad = rating_pad_from_settings()  # 好差评: asked when an application is accepted
    if pad is not None:
        ask_after_acceptance(wizard, ctx.store, backend.actor, pad)
    wizard.submitted.connect(lambda doc: ctx.changed([doc["id"]]))
    wizard.destroyed.connect(lambda *_: runner.shutdown())
    wizard.start()
    return wizard
