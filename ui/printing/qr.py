"""QR code (二维码) of the receipt number, as a QImage a QTextDocument can embed."""

from __future__ import annotations

import io

import segno
from PySide6.QtGui import QImage


def qr_image(text: str, scale: int = 4) -> QImage:
    """Encode ``text`` with segno (error level M) and return it as a QImage."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=scale, border=2)
    image = QImage()
    if not image.loadFromData(buffer.getvalue()):
        raise RuntimeError("segno produced an unreadable PNG")
    return image
