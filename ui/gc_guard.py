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

INTERVAL_MS = 10_000


class MainThreadGC(QObject):
    """Owns the collection timer; :meth:`stop` restores automatic collection."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(interval_ms)

    def collect(self) -> int:
        return gc.collect()

    def stop(self) -> None:
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
