"""Icons from ``counterdesk_resources/icons`` (SVG), loaded once and shared.

Qt renders SVG at any device pixel ratio, so the same files serve high-DPI screens.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from counterdesk_resources import resource_path

ICON_DIR = resource_path("icons")
SYNC_STATES = ("pending", "synced", "conflict", "rejected")


@cache
def icon(name: str) -> QIcon:
    """``counterdesk_resources/icons/<name>.svg`` as a QIcon (empty when the file is missing)."""
    return QIcon(str(ICON_DIR / f"{name}.svg"))


def app_icon() -> QIcon:
    return icon("counterdesk")


def sync_state_icon(state: str) -> QIcon:
    """Per-row sync state: pending (clock), synced (tick), conflict (warning), rejected (x)."""
    return icon(f"sync-{state}" if state in SYNC_STATES else "sync-pending")
