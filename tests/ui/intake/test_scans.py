"""Scans attached to materials end up encrypted in the store with the intake."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.intake.support import CLERK, CONTEXT, press, type_text
from ui.intake.runner import ThreadRunner
from ui.intake.store_backend import StoreIntakeBackend
from ui.intake.wizard import IntakeWizard
from ui.readers.simulated import demo_cards


def scan_file(tmp_path: Path) -> Path:
    image = QImage(40, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    path = tmp_path / "lease.png"
    assert image.save(str(path))
    return path


def test_attached_scan_is_stored_with_the_intake(
    qtbot: QtBot,
    store_thread: StoreThread[Store],
    runner: ThreadRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scan = scan_file(tmp_path)
    w = IntakeWizard(StoreIntakeBackend(store_thread, CLERK), runner, CONTEXT, tmp_path)
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    w.start()
    qtbot.waitUntil(lambda: w.drafts.draft_id is not None)
    press(qtbot, Qt.Key.Key_Return)
    w.applicant_page.fill_from_card(demo_cards()[0])
    type_text(qtbot, "13800138000")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "老张粉馆")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "80")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert w.current_step() == 3
    monkeypatch.setattr(w.materials_page, "choose_files", lambda: [scan])
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)  # scan of M03 only
    qtbot.waitUntil(lambda: w.materials_page.model.state()["M03"]["attachment"] is not None)
    press(qtbot, Qt.Key.Key_Return)
    # M03 needs one copy; an electronic scan alone does not satisfy it
    assert [m["code"] for m in w.decision_page._missing] == ["M03"]
    w.back()
    w.materials_page.model.setData(w.materials_page.model.index(2, 4), 1)
    w.materials_page.table.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert w.decision_page.accept.isChecked()
    with qtbot.waitSignal(w.submitted, timeout=10000) as done:
        press(qtbot, Qt.Key.Key_Return)
    doc = done.args[0]
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    scanned = [m for m in doc["materials"] if m["attachment"]]
    assert [(m["code"], m["attachment"]) for m in scanned] == [("M03", digest)]
    stored = store_thread.call_blocking(lambda s: s.read_blob(digest))
    assert stored == scan.read_bytes()
