"""The print panel offers the record's documents and saves a PDF by keyboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from demo.intake_data import demo_application
from tests.ui.printing.pdftext import pdf_text
from ui.printing import DocKind, PrintContext
from ui.printing.panel import PrintPanel

CONTEXT = PrintContext(
    office_name="南明区政务服务中心", clerk_name="李明", printed_on=date(2026, 11, 26)
)


def test_panel_saves_selected_document_by_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    panel = PrintPanel(CONTEXT, tmp_path)
    qtbot.addWidget(panel)
    doc = demo_application("accepted")
    panel.set_record(doc)
    assert panel.list.count() == 2
    assert panel.current_kind() == DocKind.acceptance
    with qtbot.waitActive(panel):
        panel.show()
        panel.activateWindow()
    panel.list.setFocus()
    with qtbot.waitSignal(panel.pdfSaved) as saved:
        qtbot.keyClick(panel.list, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    path = Path(saved.args[0])
    assert path.name == f"{doc['receipt_no']}-acceptance.pdf"
    text = pdf_text(path)
    assert doc["receipt_no"] in text and "受理通知书" in text


def test_reprint_after_state_change(qtbot: QtBot, tmp_path: Path) -> None:
    panel = PrintPanel(CONTEXT, tmp_path)
    qtbot.addWidget(panel)
    panel.set_record(demo_application("rejection_proposed"))
    assert panel.list.count() == 1
    panel.set_record(demo_application("rejected"))
    panel.select(DocKind.rejection)
    path = panel.save_current_pdf()
    assert path is not None and "六个月" in pdf_text(path)


def test_preview_by_keyboard_then_garbage_collection_is_safe(qtbot: QtBot, tmp_path: Path) -> None:
    import gc

    panel = PrintPanel(CONTEXT, tmp_path)
    qtbot.addWidget(panel)
    panel.set_record(demo_application("awaiting_supplement"))
    with qtbot.waitActive(panel):
        panel.show()
        panel.activateWindow()
    panel.list.setFocus()
    qtbot.keyClick(
        panel.list,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = panel.preview_dialog
    assert dialog is not None and dialog.isVisible()
    gc.collect()
    dialog.repaint()  # painting after a collection must not touch a freed printer
    dialog.close()


def test_selected_document_is_shown_as_it_prints(qtbot: QtBot, tmp_path: Path) -> None:
    panel = PrintPanel(CONTEXT, tmp_path)
    qtbot.addWidget(panel)
    doc = demo_application("awaiting_supplement")
    panel.set_record(doc)
    assert "一次性告知书" in panel.page.toPlainText()
    assert doc["receipt_no"] in panel.page.toPlainText()
    panel.select(DocKind.receipt)
    assert "收件凭证" in panel.page.toPlainText()
