"""Icons from ``resources/icons`` (SVG), loaded once and shared.

Qt renders SVG at any device pixel ratio, so the same files serve high-DPI screens.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
SYNC_STATES = ("pending", "synced", "conflict", "rejected")


@cache
def icon(name: str) -> QIcon:
    """``resources/icons/<name>.svg`` as a QIcon (an empty icon when the file is missing)."""
    return QIcon(str(ICON_DIR / f"{name}.svg"))


def app_icon() -> QIcon:
    return icon("counterdesk")


def sync_state_icon(state: str) -> QIcon:
    """Per-row sync state: pending (clock), synced (tick), conflict (warning), rejected (x)."""
    return icon(f"sync-{state}" if state in SYNC_STATES else "sync-pending")
