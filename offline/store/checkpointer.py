"""Background WAL checkpoints, so a clerk's save never pays for one.

With SQLite's automatic checkpoint, every ~1000 pages one unlucky commit copies the WAL
back into the database and waits for its fsyncs — a 20–50 ms spike in the middle of an
intake. Instead the store's own connection only checkpoints as a backstop at a large WAL
size, and this daemon thread, with its OWN connection (one connection per thread), runs a
PASSIVE checkpoint (never blocks the writer) whenever the WAL has grown. It stops with
the store; a final TRUNCATE checkpoint happens in `Store.close`.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import sqlcipher3

from offline.store import connection

BACKSTOP_PAGES = 16384  # the writer's own autocheckpoint, only if this thread falls behind
WAL_THRESHOLD_BYTES = 4 * 1024 * 1024
INTERVAL_S = 0.5


class Checkpointer:
    """Checkpoints `db` from a daemon thread until `stop()`."""

    def __init__(self, db: Path, key: bytes) -> None:
        self._db = db
        self._key = key
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="store-checkpoint", daemon=True)
        self.checkpoints = 0

    def start(self) -> None:
        """Start the thread."""
        self._thread.start()

    def _wal_bytes(self) -> int:
        try:
            return Path(str(self._db) + "-wal").stat().st_size
        except OSError:
            return 0

    def _run(self) -> None:
        conn = connection._raw_connect(self._db, self._key)
        try:
            conn.execute("PRAGMA busy_timeout = 100")
            while not self._stop.wait(INTERVAL_S):
                if self._wal_bytes() < WAL_THRESHOLD_BYTES:
                    continue
                with contextlib.suppress(sqlcipher3.Error):  # busy or closing: next round
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.checkpoints += 1
        finally:
            conn.close()

    def stop(self) -> None:
        """Stop and wait for the thread (at most a few seconds)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
