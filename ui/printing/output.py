"""Where a rendered document goes: a PDF file, a printer, or a print preview.

All of it is local Qt printing; nothing needs a network. PDFs are A4 at 300 dpi via
QPdfWriter so they look the same on every machine.

Pages are laid out and painted here (``paint_pages``) rather than by
``QTextDocument.print_``: that one adds its own 2 cm margin inside the page margins and
stamps a bare page number in the default font, so a notice's text layer would hold a
number the notice never says.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import (
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from ui.settings.live import apply_printer

MARGINS_MM = QMarginsF(18, 18, 18, 18)


def _layout(device: QPagedPaintDevice) -> None:
    device.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    device.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)


def paint_pages(document: QTextDocument, device: QPagedPaintDevice) -> int:
    """Lay ``document`` out for ``device`` and paint every page; returns the page count."""
    copy = document.clone()  # keeps the images (QR code); the on-screen layout stays intact
    copy.documentLayout().setPaintDevice(device)
    width, height = float(device.width()), float(device.height())
    copy.setPageSize(QSizeF(width, height))
    _keep_paragraphs_whole(copy, height)
    pages = copy.pageCount()
    painter = QPainter(device)
    try:
        for page in range(pages):
            if page:
                device.newPage()
            painter.save()
            painter.translate(0, -page * height)
            copy.drawContents(painter, QRectF(0, page * height, width, height))
            painter.restore()
    finally:
        painter.end()
    return pages


def _keep_paragraphs_whole(document: QTextDocument, page_height: float) -> None:
    """Start on a new page every paragraph that would run across a page break.

    Qt draws a page's paragraphs from the last line *above* the page's clip, so the final
    line of a paragraph split over two pages is painted (clipped, invisible) on the next
    page too, and the PDF's text layer holds it twice. A paragraph kept on one page is
    skipped whole. Paragraphs taller than a page are left to break.
    """
    layout = document.documentLayout()
    for _ in range(64):  # each pass moves one paragraph; notices have far fewer
        block = document.begin()
        moved = False
        while block.isValid():
            lines = block.layout()
            if lines.lineCount() > 1:
                top = lines.position().y() + lines.lineAt(0).y()
                last = lines.lineAt(lines.lineCount() - 1)
                bottom = lines.position().y() + last.y() + last.height()
                if int(top // page_height) != int(bottom // page_height) and (
                    bottom - top < page_height / 2
                ):
                    cursor = QTextCursor(block)
                    fmt = block.blockFormat()
                    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    cursor.setBlockFormat(fmt)
                    moved = True
                    break
            block = block.next()
        if not moved:
            return
        layout.documentSize()  # relayout before looking again


def save_pdf(document: QTextDocument, path: Path) -> Path:
    """Write ``document`` to ``path`` as an A4 PDF and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setTitle(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    writer.setCreator("CounterDesk 窗口通")
    _layout(writer)
    paint_pages(document, writer)
    del writer  # the file is finished when the writer is destroyed
    return path


def print_document(document: QTextDocument, parent: QWidget | None = None) -> bool:
    """Ask for a printer and print; returns False when the clerk cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _layout(printer)
    apply_printer(printer)  # the printer chosen in Settings, when it is installed
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    paint_pages(document, printer)
    return True


def preview(document: QTextDocument, parent: QWidget | None = None) -> QPrintPreviewDialog:
    """Open a non-modal print preview (``open()``, safe inside qasync)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _layout(printer)
    apply_printer(printer)
    dialog = QPrintPreviewDialog(printer, parent)
    # The dialog only holds C++ pointers: keep the Python wrappers alive with it, or the
    # printer is collected when this function returns and the preview paints freed memory.
    dialog._keep_alive = (printer, document)  # type: ignore[attr-defined]
    dialog.paintRequested.connect(lambda device: paint_pages(document, device))
    dialog.open()
    return dialog
