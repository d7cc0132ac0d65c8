"""Stop the platform when the process that started it is gone.

The demo launcher runs the reference platform as a child process and stops it when the
app closes; but if the app dies hard (a Qt abort, kill -9), nobody is left to stop it and
an orphaned server keeps the demo database and port busy. With ``--exit-with-parent PID``
the server watches that PID and exits once it is no longer its parent.
"""

from __future__ import annotations

import os
import signal
import threading
import time


def _parent_gone(pid: int) -> bool:
    # An orphan is re-parented (to init or a subreaper), so its parent id changes.
    return os.getppid() != pid


def watch_parent(pid: int, interval: float = 0.5) -> threading.Thread | None:
    """Start a daemon thread that sends SIGTERM to this process once ``pid`` is gone.

    POSIX only: on Windows the parent id does not change on the parent's death and the
    watch is not started (the launcher's own shutdown path still stops the server).
    """
    if os.name != "posix":
        return None

    def run() -> None:
        while not _parent_gone(pid):
            time.sleep(interval)
        os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=run, name="parent-watch", daemon=True)
    thread.start()
    return thread
