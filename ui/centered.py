"""A fixed-width panel centred on a page, whose wrapped messages always show whole.

Centring with an alignment flag gives the panel its size hint only; Qt then never asks a
word-wrapped label how tall it needs to be at the panel's width, and a long message (a
missing key, a refused address) loses every line after the first. Stretches on both
sides keep the panel in the middle while the layout honours height-for-width.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget


def center_panel(page: QWidget, panel: QWidget, width: int) -> QVBoxLayout:
    """Lay `panel` out `width` pixels wide in the middle of `page` (a third from the top)."""
    panel.setFixedWidth(width)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(panel)
    row.addStretch(1)
    outer = QVBoxLayout(page)
    outer.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    return outer
