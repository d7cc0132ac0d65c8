"""Work around a PySide6 reference-count bug that crashes long-running apps on Python 3.11.

Measured here with PySide6 6.12.0 on CPython 3.11: every ``SignalInstance.emit()`` from
Python drops one reference to ``True`` that it never took (see tests/ui/test_qt_compat.py).
On 3.12+ ``True``/``False`` are immortal and nothing happens; on 3.11 a few thousand emits
bring ``True``'s count to zero and the interpreter aborts ("deallocating True or False").
The same happened to ``None`` during the UI benchmark (a long session with many signals).
The guard gives ``True``, ``False`` and ``None`` a huge number of extra references once at
start-up. Extra references to these singletons cost nothing (they are never freed anyway),
so the guard stays harmless when PySide fixes the bug.
"""

from __future__ import annotations

import ctypes
import sys

EXTRA_REFERENCES = 1 << 40  # ~10^12 emits
_guarded = False


def guard_bool_refcounts() -> bool:
    """Apply the guard once (CPython < 3.12 only); True when it was applied now."""
    global _guarded
    if _guarded or sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    for singleton in (True, False, None):
        ctypes.c_ssize_t.from_address(id(singleton)).value += EXTRA_REFERENCES
    _guarded = True
    return True
