"""Keyboard-only intake (收件): the wizard from service item to printed notice.

The shell opens it with :func:`open_intake` (see docs/CONTRACTS.md, "UI shell").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.context import WorkspaceContext


def open_intake(ctx: WorkspaceContext, parent: QWidget) -> QWidget:
    """Build the new-intake wizard for the signed-in user (imports Qt lazily)."""
    from ui.intake.entry import build_intake

    return build_intake(ctx, parent)


__all__ = ["open_intake"]
