"""A printed notice as an image, for ``make screenshots`` (no printer, no PDF viewer)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QColor, QImage, QPainter

from demo.intake_data import demo_application, demo_catalog
from ui.printing.documents import DocKind, PrintContext, render

A4_MM = (210.0, 297.0)


def notice_image(
    kind: DocKind = DocKind.acceptance,
    doc: dict[str, Any] | None = None,
    dpi: int = 110,
) -> QImage:
    """The first page of ``kind`` for ``doc`` (demo record by default), white background."""
    status = {
        DocKind.acceptance: "accepted",
        DocKind.supplement: "awaiting_supplement",
        DocKind.rejection: "rejected",
        DocKind.receipt: "received",
    }[kind]
    record = doc or demo_application(status)
    context = PrintContext(
        "南明区政务服务中心",
        "李明",
        date(2026, 11, 26),
        review_body="贵阳市南明区人民政府",
        court="贵阳市南明区人民法院",
        items={item["code"]: item for item in demo_catalog()},
    )
    document = render(kind, record, context)
    width, height = (round(mm / 25.4 * dpi) for mm in A4_MM)
    margin = round(18 / 25.4 * dpi)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    document.setPageSize(QSizeF(width - 2 * margin, height - 2 * margin))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(margin, margin)
    document.drawContents(painter, QRectF(0, 0, width - 2 * margin, height - 2 * margin))
    painter.end()
    return image
