"""Signature pad (签名板): the applicant signs the receipt (收件凭证).

A :class:`SignaturePad` returns the signature as PNG bytes (blocking: callers run it
off the UI thread) or raises :class:`SignatureError`. Sources:

* :class:`HttpSignaturePad` — a vendor's local signing service: ``POST {base}/sign``
  with ``{"prompt": "..."}`` blocks until the applicant confirms on the pad and answers
  the PNG (``image/png``); ``GET {base}/status`` answers ``{"ok": true}``.
* :class:`SimulatedSignaturePad` — draws a signature stroke, for demo and tests.
* :class:`SignatureCanvas` — signing on the screen with a mouse or touch screen, the
  fallback when no pad works.

The image is kept with the application (``offline.store.ratings.attach_signature``) and
printed on the receipt (``ui.printing.documents.render(..., signature=...)``).
"""

from __future__ import annotations

import json
import math
import urllib.error
import urllib.request
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from offline.domain.errors import BilingualError

WIDTH, HEIGHT = 480, 160


class SignatureError(BilingualError):
    """No signature: pad missing, applicant cancelled, or an unusable image."""


@runtime_checkable
class SignaturePad(Protocol):
    name: str

    def available(self) -> bool: ...

    def sign(self, prompt: str) -> bytes:
        """The signature as PNG bytes; raise SignatureError."""
        ...


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def checked_signature(data: bytes) -> QImage:
    """The image of a signature, refusing what is not an image or is blank."""
    image = QImage.fromData(data) if isinstance(data, bytes) and data else QImage()
    if image.isNull():
        raise SignatureError(
            "not_an_image", "签名不是可识别的图像", "The signature is not an image"
        )
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    step = max(1, min(gray.width(), gray.height()) // 50)
    inked = any(
        gray.pixelColor(x, y).value() < 128
        for y in range(0, gray.height(), step)
        for x in range(0, gray.width(), step)
    )
    if not inked:
        raise SignatureError("blank", "签名为空，请重新签名", "The signature is blank; sign again")
    return image


class HttpSignaturePad:
    name = "签名板（本机服务）/ Signature pad (local service)"

    def __init__(self, base_url: str, timeout: float = 120.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout  # the applicant takes their time

    def available(self) -> bool:
        try:
            with urllib.request.urlopen(self.base_url + "/status", timeout=3) as response:
                return bool(json.loads(response.read()).get("ok"))
        except (urllib.error.URLError, OSError, ValueError, AttributeError):
            return False

    def sign(self, prompt: str) -> bytes:
        request = urllib.request.Request(
            self.base_url + "/sign",
            data=json.dumps({"prompt": prompt}, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                kind, body = response.headers.get_content_type(), response.read()
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise SignatureError(
                "pad_unreachable",
                "签名板无响应，请改用屏幕签名或纸质签字",
                f"The signature pad did not answer ({type(exc).__name__}); "
                "sign on screen or on paper",
            ) from None
        if kind != "image/png":
            raise SignatureError("not_an_image", "签名板未返回图像", "The pad sent no image")
        checked_signature(body)
        return body


class SimulatedSignaturePad:
    """Draws a flowing stroke as a signature; ``cancel_next`` simulates a refusal."""

    name = "模拟签名板（演示）/ Simulated signature pad (demo)"

    def __init__(self) -> None:
        self.cancel_next = False

    def available(self) -> bool:
        return True

    def sign(self, prompt: str) -> bytes:
        if self.cancel_next:
            self.cancel_next = False
            raise SignatureError("cancelled", "申请人取消了签名", "The applicant cancelled")
        image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("black"), 4))
        path = QPainterPath(QPointF(30, 100))
        for i in range(1, 120):
            x = 30 + i * 3.5
            path.lineTo(x, 90 - 40 * math.sin(i / 7) * math.cos(i / 23))
        painter.drawPath(path)
        painter.end()
        return png_bytes(image)


class SignatureCanvas(QWidget):
    """Sign with the mouse or a touch screen; :meth:`png` gives the result."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signatureCanvas")
        self.setFixedSize(WIDTH, HEIGHT)
        self.image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32)
        self.clear()
        self._last: QPointF | None = None

    def clear(self) -> None:
        self.image.fill(QColor("white"))
        self.update()
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._last = event.position()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._last is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        painter = QPainter(self.image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("black"), 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(self._last, event.position())
        painter.end()
        self._last = event.position()
        self.update()
        self.changed.emit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._last = None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawImage(0, 0, self.image)
        painter.setPen(QPen(QColor("gray"), 1, Qt.PenStyle.DashLine))
        painter.drawRect(0, 0, WIDTH - 1, HEIGHT - 1)
        painter.end()

    def png(self) -> bytes:
        """The drawn signature as PNG; raises SignatureError when nothing was drawn."""
        data = png_bytes(self.image)
        checked_signature(data)
        return data
