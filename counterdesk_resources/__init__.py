"""Data files shipped with CounterDesk: document templates, translations, the demo catalog
and icons.

A package of its own (not a folder beside the code) so that ``pip install`` and the frozen
builds carry it, and readers find it with :mod:`importlib.resources` wherever it is
installed. ``i18n/`` holds the ``.ts`` sources; the wheel build adds the compiled ``.qm``.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """A shipped data file or folder as a filesystem path (Qt and ``glob`` need real paths;
    the package is always installed unzipped, by pip and by PyInstaller alike)."""
    return Path(str(files(__name__).joinpath(*parts)))
