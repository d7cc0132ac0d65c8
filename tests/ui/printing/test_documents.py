"""Printed documents: rendered to real PDF files and read back with QtPdf."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument

from demo.intake_data import demo_application
from tests.ui.printing.pdftext import pdf_text
from tests.ui.printing.qrread import pdf_page_image, qr_texts
from ui.printing import DocKind, PrintContext, kinds_for, render, save_pdf
from ui.printing.documents import render_html

CONTEXT = PrintContext(
    office_name="南明区政务服务中心", clerk_name="李明", printed_on=date(2026, 11, 26)
)


@pytest.mark.parametrize(
    ("status", "kind", "needle"),
    [
        ("received", DocKind.receipt, "收件凭证"),
        ("accepted", DocKind.acceptance, "2026年12月1日"),
        ("awaiting_supplement", DocKind.supplement, "经营场所使用证明"),
        ("rejected", DocKind.rejection, "六十日内"),
    ],
)
def test_pdf_contains_receipt_number_and_content(
    qapp: object, tmp_path: Path, status: str, kind: DocKind, needle: str
) -> None:
    doc = demo_application(status)
    path = save_pdf(render(kind, doc, CONTEXT), tmp_path / f"{kind}.pdf")
    text = pdf_text(path)
    assert doc["receipt_no"] in text
    assert doc["query_password"] in text
    assert needle in text
    assert "南明区政务服务中心" in text


def test_rejection_notice_states_both_rights(qapp: object, tmp_path: Path) -> None:
    text = pdf_text(
        save_pdf(
            render(DocKind.rejection, demo_application("rejected"), CONTEXT), tmp_path / "r.pdf"
        )
    )
    assert "行政复议" in text and "六十日" in text
    assert "行政诉讼" in text and "六个月" in text
    assert "不属于本机关职权范围" in text  # the reason


def test_id_number_is_masked_on_paper(qapp: object) -> None:
    doc = demo_application("accepted")
    html = render_html(DocKind.acceptance, doc, CONTEXT)
    number = doc["applicant"]["cert_no"]
    assert number not in html
    assert number[:4] + "*" * 10 + number[-4:] in html


def test_unknown_due_date_is_said_not_guessed(qapp: object) -> None:
    doc = demo_application("accepted")
    doc["due_date"] = None
    assert "日历未知" in render_html(DocKind.acceptance, doc, CONTEXT)


def test_values_are_escaped(qapp: object) -> None:
    doc = demo_application("received")
    doc["applicant"]["name"] = "<b>张三</b>&"
    html = render_html(DocKind.receipt, doc, CONTEXT)
    assert "&lt;b&gt;张三&lt;/b&gt;&amp;" in html


def test_qr_code_is_embedded_and_scans_as_the_receipt_number(qapp: object, tmp_path: Path) -> None:
    doc = demo_application("received")
    doc["receipt_no"] = "520102-03-20261127-0421"  # not the demo's own number
    document = render(DocKind.receipt, doc, CONTEXT)
    image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl("qr:receipt"))
    assert isinstance(image, QImage) and not image.isNull()
    assert qr_texts(image) == [doc["receipt_no"]]
    assert 'src="qr:receipt"' in render_html(DocKind.receipt, doc, CONTEXT)
    # and on the printed page, as a scanner at the counter would read it
    page = pdf_page_image(save_pdf(document, tmp_path / "receipt.pdf"))
    assert qr_texts(page) == [doc["receipt_no"]]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("received", [DocKind.receipt]),
        ("accepted", [DocKind.receipt, DocKind.acceptance]),
        ("awaiting_supplement", [DocKind.receipt, DocKind.supplement]),
        ("rejection_proposed", [DocKind.receipt]),
        ("rejected", [DocKind.receipt, DocKind.rejection]),
        ("approved", [DocKind.receipt, DocKind.acceptance]),
    ],
)
def test_kinds_follow_the_state(status: str, expected: list[DocKind]) -> None:
    assert kinds_for(demo_application(status)) == expected


def test_print_preview_opens_without_blocking(qtbot: object) -> None:
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    from ui.printing.output import preview

    dialog = preview(render(DocKind.acceptance, demo_application("accepted"), CONTEXT))
    try:
        assert dialog.isVisible()  # open(), not exec(): safe inside the qasync loop
        widget = dialog.findChild(QPrintPreviewWidget)
        assert widget is not None
        widget.updatePreview()
        assert widget.pageCount() == 1
    finally:
        dialog.close()
        dialog.deleteLater()


def test_print_goes_to_the_printer_the_clerk_picks(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The modal printer dialog is replaced (pytest-qt's advice for modal dialogs); the
    printer itself is Qt's real one, set to write a PDF as a printer driver would."""
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QDialog

    from ui.printing import output

    target = tmp_path / "printed.pdf"

    class PickPdfPrinter:
        def __init__(self, printer: QPrinter, parent: object = None) -> None:
            self.printer = printer

        def exec(self) -> QDialog.DialogCode:
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(target))
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(output, "QPrintDialog", PickPdfPrinter)
    doc = demo_application("accepted")
    assert output.print_document(render(DocKind.acceptance, doc, CONTEXT))
    assert doc["receipt_no"] in pdf_text(target)


def test_cancelled_print_prints_nothing(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QDialog

    from ui.printing import output

    class Cancel:
        def __init__(self, *_: object) -> None:
            pass

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Rejected

    monkeypatch.setattr(output, "QPrintDialog", Cancel)
    assert not output.print_document(render(DocKind.receipt, demo_application(), CONTEXT))


def test_empty_materials_table_keeps_the_headers_columns(qapp: object) -> None:
    doc = {**demo_application("rejected"), "materials": []}
    document = render(DocKind.receipt, doc, CONTEXT)
    found = document.find("（无 none）")
    assert not found.isNull()
    table = found.currentTable()
    assert table is not None
    header = [table.cellAt(0, c).firstCursorPosition().block().text() for c in range(4)]
    assert header[0].startswith("序号") and header[3].startswith("复印件")
    assert table.columns() == 4  # the "none" row spans the header, adds no columns
    assert table.cellAt(1, 0).columnSpan() == 4
