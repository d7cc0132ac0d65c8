"""Read QR codes back the way a scanner at the counter would: zxing-cpp on pixels.

zxing-cpp's own QImage path calls an older PySide6 signature, so images are handed over as
a plain grayscale buffer. A PDF page is rasterised with QtPdf onto white paper first.
"""

from __future__ import annotations

from pathlib import Path

import zxingcpp
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument


def _grayscale(image: QImage) -> memoryview:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = gray.width(), gray.height(), gray.bytesPerLine()
    raw = bytes(gray.constBits())
    rows = b"".join(raw[y * stride : y * stride + width] for y in range(height))
    return memoryview(rows).cast("B", (height, width))


def qr_texts(image: QImage) -> list[str]:
    """The text of every QR code found in ``image`` (empty when there is none)."""
    found = zxingcpp.read_barcodes(_grayscale(image), formats=zxingcpp.BarcodeFormat.QRCode)
    return [barcode.text for barcode in found]


def pdf_page_image(path: Path, page: int = 0, dpi: int = 150) -> QImage:
    """Page ``page`` of the PDF at ``path`` as pixels on a white sheet."""
    document = QPdfDocument()
    if document.load(str(path)) != QPdfDocument.Error.None_:
        raise AssertionError(f"QtPdf cannot open {path}")
    points = document.pagePointSize(page)
    size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
    rendered = document.render(page, size)
    sheet = QImage(size, QImage.Format.Format_RGB32)
    sheet.fill(Qt.GlobalColor.white)
    painter = QPainter(sheet)
    painter.drawImage(0, 0, rendered)
    painter.end()
    document.close()
    return sheet
