"""Document camera (高拍仪): where page images come from, and how they are made small.

A :class:`CaptureSource` hands back one page image (encoded bytes: JPEG, PNG, BMP…) per
``capture()``; the call may block, so callers run it off the UI thread. Sources:

* :class:`HttpCaptureSource` — a vendor's local capture service, the usual way document
  cameras are integrated: ``GET {base}/capture?format=jpeg`` answers the image bytes
  (``Content-Type: image/jpeg``); ``GET {base}/status`` answers ``{"ok": true}``.
* :class:`SimulatedCaptureSource` — draws numbered test pages, for demo and tests.
* Qt Multimedia's camera through :class:`ui.intake.camera.CameraDialog` (interactive,
  where a camera and the system multimedia libraries exist).

:func:`compress_page` turns any page into a JPEG under a size cap (downscaling until it
fits) and :func:`thumbnail` makes the small picture shown per page.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from offline.domain.errors import BilingualError

MAX_PAGE_BYTES = 500 * 1024  # per page, after compression
MAX_SIDE = 2480  # pixels: A4 at 300 dpi on the long side
THUMB_SIDE = 160
_QUALITIES = (85, 70, 55)


class CaptureError(BilingualError):
    """No page: device missing, service down, or bytes that are not an image."""


@runtime_checkable
class CaptureSource(Protocol):
    name: str

    def available(self) -> bool: ...

    def capture(self) -> bytes:
        """One page as encoded image bytes; raise CaptureError."""
        ...


def _encode(image: QImage, quality: int) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", quality)
    buffer.close()
    return bytes(data.data())


def _decode(data: bytes) -> QImage:
    image = QImage.fromData(data) if isinstance(data, bytes) and data else QImage()
    if image.isNull():
        raise CaptureError(
            "not_an_image", "拍摄结果不是可识别的图像", "The captured data is not an image"
        )
    return image


def compress_page(data: bytes, max_bytes: int = MAX_PAGE_BYTES, max_side: int = MAX_SIDE) -> bytes:
    """The page as a JPEG of at most `max_bytes`: first capped at `max_side` pixels on
    the long side, then lower quality, then smaller by a fifth at a time."""
    image = _decode(data).convertToFormat(QImage.Format.Format_RGB32)
    if max(image.width(), image.height()) > max_side:
        image = image.scaled(
            max_side, max_side, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )  # fmt: skip
    while True:
        for quality in _QUALITIES:
            encoded = _encode(image, quality)
            if len(encoded) <= max_bytes:
                return encoded
        if min(image.width(), image.height()) < 64:
            raise CaptureError(
                "too_large", "图像无法压缩到规定大小", "The page cannot be made small enough"
            )
        image = image.scaled(
            int(image.width() * 0.8), int(image.height() * 0.8),
            Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation,
        )  # fmt: skip


def thumbnail(data: bytes, side: int = THUMB_SIDE) -> QImage:
    """A small picture of a page for the list of captured pages."""
    return _decode(data).scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


class HttpCaptureSource:
    """A vendor's capture service on this computer (e.g. ``http://127.0.0.1:38088``)."""

    name = "高拍仪（本机服务）/ Document camera (local service)"

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _get(self, path: str) -> tuple[str, bytes]:
        try:
            with urllib.request.urlopen(self.base_url + path, timeout=self.timeout) as response:
                return response.headers.get_content_type(), response.read()
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise CaptureError(
                "camera_unreachable",
                "无法连接高拍仪服务，请检查设备，或改用扫描件/纸质材料",
                f"The document camera service is not reachable ({type(exc).__name__}); "
                "check the device or take the paper copy",
            ) from None

    def available(self) -> bool:
        try:
            kind, body = self._get("/status")
            return kind == "application/json" and bool(json.loads(body).get("ok"))
        except (CaptureError, ValueError, AttributeError):
            return False

    def capture(self) -> bytes:
        kind, body = self._get("/capture?format=jpeg")
        if not kind.startswith("image/"):
            raise CaptureError(
                "not_an_image", "高拍仪服务未返回图像", "The camera service did not send an image"
            )
        return body


class SimulatedCaptureSource:
    """Draws a numbered A4-shaped test page per capture (PNG), no hardware needed."""

    name = "模拟高拍仪（演示）/ Simulated document camera (demo)"

    def __init__(self, width: int = 1240, height: int = 1754) -> None:
        self.width, self.height = width, height
        self.pages = 0
        self.fail_next = False

    def available(self) -> bool:
        return True

    def capture(self) -> bytes:
        if self.fail_next:
            self.fail_next = False
            raise CaptureError("no_page", "高拍仪未检测到文件", "No document under the camera")
        self.pages += 1
        image = QImage(self.width, self.height, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setPen(QPen(QColor("black"), 3))
        painter.drawRect(40, 40, self.width - 80, self.height - 80)
        for y in range(260, self.height - 120, 60):  # ruled lines read as "text"
            painter.drawLine(120, y, self.width - 120 - (y * 7) % 300, y)
        font = QFont()
        font.setPixelSize(80)
        painter.setFont(font)
        painter.drawText(QRect(0, 80, self.width, 140), Qt.AlignmentFlag.AlignCenter,
                         f"Page {self.pages}")  # fmt: skip
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(data.data())
