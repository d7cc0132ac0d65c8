"""The print panel: pick a document for a record, then preview, print or save as PDF.

Shown as the wizard's last step and in the application detail (reprint). Saving a PDF
needs no dialog: files go to the profile's documents folder named after the receipt
number, so a clerk can keep working with the keyboard.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.printing.documents import TITLES, DocKind, PrintContext, kinds_for, render
from ui.printing.output import preview, print_document, save_pdf


class PrintPanel(QWidget):
    """List of printable documents with preview / print / PDF actions."""

    pdfSaved = Signal(str)

    def __init__(self, context: PrintContext, pdf_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self._pdf_dir = pdf_dir
        self._doc: dict[str, Any] = {}
        self._signature: QImage | None = None
        self.preview_dialog: QDialog | None = None
        self.list = QListWidget()
        self.list.setObjectName("printKinds")
        self.preview_button = QPushButton(self.tr("Preview (Ctrl+Shift+P)"))
        self.print_button = QPushButton(self.tr("Print (Ctrl+P)"))
        self.pdf_button = QPushButton(self.tr("Save PDF (Ctrl+S)"))
        # QShortcut fires at once; a button's own shortcut only animates a delayed click.
        for keys, button in (
            ("Ctrl+Shift+P", self.preview_button),
            ("Ctrl+P", self.print_button),
            ("Ctrl+S", self.pdf_button),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(button.click)
        self.status = QLabel()
        self.status.setWordWrap(True)
        # The selected document as it will print (QR code included), so the clerk can
        # check it without opening the preview dialog.
        self.page = QTextBrowser()
        self.page.setObjectName("pagePreview")
        self.page.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._shown: QTextDocument | None = None
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.print_button, self.pdf_button):
            buttons.addWidget(button)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Documents")))
        left.addWidget(self.list)
        left.addLayout(buttons)
        left.addWidget(self.status)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addWidget(self.page, 3)
        self.preview_button.clicked.connect(self.preview_current)
        self.print_button.clicked.connect(self.print_current)
        self.pdf_button.clicked.connect(self.save_current_pdf)
        self.list.itemActivated.connect(lambda _item: self.save_current_pdf())
        self.list.currentRowChanged.connect(lambda _row: self._show_page())

    def set_record(self, doc: Mapping[str, Any]) -> None:
        """Show the documents this record allows, newest-relevant first."""
        self._doc = dict(doc)
        self._signature = None  # another record's signature never carries over
        self.list.clear()
        kinds = kinds_for(doc)
        for kind in reversed(kinds):
            item = QListWidgetItem(f"{TITLES[kind][0]} / {TITLES[kind][1]}")
            item.setData(256, kind.value)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        enabled = bool(kinds)
        for button in (self.preview_button, self.print_button, self.pdf_button):
            button.setEnabled(enabled)

    def set_signature(self, image: QImage | None) -> None:
        """The applicant's signature for the receipt of the record shown."""
        self._signature = image
        self._show_page()

    def _show_page(self) -> None:
        kind = self.current_kind()
        self._shown = (
            None if kind is None else render(kind, self._doc, self._context, self._signature)
        )
        if self._shown is None:
            self.page.clear()
        else:
            self.page.setDocument(self._shown)

    def current_kind(self) -> DocKind | None:
        item = self.list.currentItem()
        return DocKind(item.data(256)) if item is not None else None

    def select(self, kind: DocKind) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(256) == kind.value:
                self.list.setCurrentRow(row)

    def _document(self) -> Any:
        kind = self.current_kind()
        return None if kind is None else render(kind, self._doc, self._context, self._signature)

    def preview_current(self) -> None:
        document = self._document()
        if document is not None:
            self.preview_dialog = preview(document, self)  # keep it (and its printer) alive

    def print_current(self) -> None:
        document = self._document()
        if document is not None and print_document(document, self):
            self.status.setText(self.tr("Sent to the printer."))

    def save_current_pdf(self) -> Path | None:
        kind = self.current_kind()
        if kind is None:
            return None
        name = f"{self._doc.get('receipt_no', 'draft')}-{kind.value}.pdf"
        path = save_pdf(
            render(kind, self._doc, self._context, self._signature), self._pdf_dir / name
        )
        self.status.setText(self.tr("Saved: %1").replace("%1", str(path)))
        self.pdfSaved.emit(str(path))
        return path
