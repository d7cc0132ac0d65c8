"""The one place that decides where CounterDesk keeps its profiles.

Every command (the app, ``sync``, ``status``, ``doctor``, ``diagnostics``, and
``store init|backup|restore``) resolves the folder through :func:`resolve_data_dir`, so a
restore can never "succeed" on a different store than the app opens. Order: an explicit
``--data-dir``, then ``$COUNTERDESK_DATA_DIR``, then the OS user data folder
(platformdirs). Deliberately tiny (no store imports): the app resolves it before the
first paint.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "CounterDesk"
DATA_DIR_ENV = "COUNTERDESK_DATA_DIR"


def resolve_data_dir(explicit: Path | str | None = None) -> Path:
    """Root of all profiles: ``explicit``, else ``$COUNTERDESK_DATA_DIR``, else the OS default."""
    if explicit is not None and str(explicit) != "":
        return Path(explicit)
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
