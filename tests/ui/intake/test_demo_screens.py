"""The screenshot builders keep working (they drive real widgets over a real store)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from demo.detail_screens import detail_with_conflict
from demo.intake_screens import intake_steps, seed_demo_catalog
from demo.printing_screens import notice_image
from offline.store.store import Store
from sync.store_thread import StoreThread
from ui.intake.runner import ThreadRunner
from ui.printing.documents import DocKind


def test_screens_build(
    qtbot: QtBot, store_thread: StoreThread[Store], runner: ThreadRunner, tmp_path: Path
) -> None:
    seed_demo_catalog(store_thread)
    names = []
    for name, widget in intake_steps(store_thread, tmp_path, runner):
        qtbot.addWidget(widget)
        assert not widget.grab().isNull()
        names.append(name)
    assert names == [
        "intake-1-item",
        "intake-2-applicant",
        "intake-3-form",
        "intake-4-materials",
        "intake-5-decision",
        "intake-6-print",
    ]
    view = detail_with_conflict(store_thread, tmp_path, runner)
    qtbot.addWidget(view)
    assert view.conflicts.rowCount() == 1
    assert view.timeline.rowCount() == 3  # received, accepted (clerk), under review (platform)
    image = notice_image(DocKind.rejection)
    assert image.width() > 800 and not image.isNull()
    QApplication.processEvents()
