"""How a supervisor screen reaches the platform client that the app's controller owns.

The workspace context carries the store thread but not the client (the client is made
and replaced by the controller as users sign in), so the panel asks lazily, at each use:
``client()`` returns the current ``PlatformClient`` or None (not set up, or signed in
without a platform). Found by duck typing on the main window's children, so ui/supervisor
does not import the controller; a context that carries ``platform_client`` wins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

ClientGetter = Callable[[], Any]


def _none() -> Any:
    return None


def find_client_getter(ctx: Any, widget: QWidget | None) -> ClientGetter:
    """A callable giving the current platform client (or None) for this workspace."""
    direct = getattr(ctx, "platform_client", None)
    if callable(direct):
        return direct  # type: ignore[no-any-return]
    window = widget.window() if widget is not None else None
    if window is None:
        return _none
    owner = next(
        (
            child
            for child in window.children()
            if hasattr(child, "client") and hasattr(child, "sync") and hasattr(child, "store")
        ),
        None,
    )
    if owner is None:
        return _none
    return lambda: getattr(owner, "client", None)
