"""Printed documents (文书): notices and receipts rendered offline from HTML templates.

``render(kind, doc, context)`` builds a QTextDocument; ``output`` saves it as PDF, prints
it or opens a print preview. A document is rebuilt from the application record every
time, so a reprint is always possible, with or without a network.
"""

from ui.printing.documents import DocKind, PrintContext, kinds_for, render
from ui.printing.output import preview, print_document, save_pdf

__all__ = [
    "DocKind",
    "PrintContext",
    "kinds_for",
    "preview",
    "print_document",
    "render",
    "save_pdf",
]
