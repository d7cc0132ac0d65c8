"""Application detail (办件详情): timeline, materials, notes, ratings, sync state,
conflicts and the actions the state machine and the user's role allow.

The shell opens it with :func:`open_detail` (see docs/CONTRACTS.md, "UI shell").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.context import WorkspaceContext


def open_detail(ctx: WorkspaceContext, record_id: str, parent: QWidget) -> QWidget:
    """Build the detail view of one application (imports Qt lazily)."""
    from ui.detail.entry import build_detail

    return build_detail(ctx, record_id, parent)


__all__ = ["open_detail"]
