"""Python's garbage collector runs only on the GUI thread while the app is up.

The cycle collector runs in whichever thread happens to allocate; when that is the store
thread, it can destroy a Qt object (a closed widget in a reference cycle) off the GUI
thread, leaving its timers registered with the GUI thread: a later timer event then hits
freed memory and the process crashes. Anki hit the same and does the same thing: switch
automatic collection off and collect on a GUI-thread timer instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 2_000
FULL_EVERY = 150  # a full (oldest-generation) pass every ~5 minutes


class MainThreadGC(QObject):
    """Owns the collection timer; :meth:`stop` restores automatic collection."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        gc.collect()
        gc.freeze()  # start-up objects live for the whole run: keep them out of every pass
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(interval_ms)

    def collect(self) -> int:
        """Young generations often (cheap, short pauses), everything now and then."""
        self._ticks += 1
        return gc.collect(2 if self._ticks % FULL_EVERY == 0 else 1)

    def stop(self) -> None:
        self._timer.stop()
        gc.unfreeze()
        gc.collect()
        if self._was_enabled:
            gc.enable()
