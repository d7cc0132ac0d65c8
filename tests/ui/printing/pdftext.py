"""Extract a PDF's text with QtPdf (pdfium), so tests read what was really written.

Whitespace is removed from the result: compare against needles without spaces.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from PySide6.QtPdf import QPdfDocument


def pdf_text(path: Path) -> str:
    document = QPdfDocument(None)
    error = document.load(str(path))
    assert error == QPdfDocument.Error.None_, error
    text = "\n".join(document.getAllText(page).text() for page in range(document.pageCount()))
    document.close()
    # Fonts without CJK cmap entries map some glyphs to Kangxi radicals (⼈ for 人);
    # NFKC folds them back. Line breaks from wrapping are dropped so phrases match.
    return "".join(unicodedata.normalize("NFKC", text).split())
