"""Run blocking backend calls off the UI thread and deliver results on it.

Widgets of the intake, detail and printing screens never wait on SQLite: each backend
call (which itself goes to the store's own thread) is submitted here, and the success or
failure callback runs later on the Qt main thread through a queued signal. This works
with or without a running qasync loop, so pytest-qt tests drive the real thing. A
callback whose owner widget is gone is dropped.
"""

from __future__ import annotations

import itertools
import logging
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal

T = TypeVar("T")
log = logging.getLogger(__name__)

Success = Callable[[Any], object]
Failure = Callable[[BaseException], object]


class ThreadRunner(QObject):
    """One worker thread for backend calls; callbacks come back on the main thread."""

    _finished = Signal(int)
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ui-backend")
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Future[Any], Success | None, Failure | None, Any]] = {}
        self._closed = False
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def run(
        self,
        fn: Callable[[], T],
        on_success: Callable[[T], object] | None = None,
        on_failure: Failure | None = None,
        owner: QObject | None = None,
    ) -> Future[T]:
        """Submit ``fn``; ``on_success(result)``/``on_failure(exc)`` run on the UI thread."""
        if self._closed:
            # The app is shutting down; a late call (a draft timer, say) must not raise
            # into the event loop. Callers that need the result see the failed future.
            log.warning("backend call after runner shutdown dropped")
            dropped: Future[T] = Future()
            dropped.set_exception(RuntimeError("runner is shut down"))
            return dropped
        token = next(self._ids)
        future = self._executor.submit(fn)
        self._pending[token] = (future, on_success, on_failure, owner)
        future.add_done_callback(lambda _f: self._finished.emit(token))
        return future

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def _deliver(self, token: int) -> None:
        future, on_success, on_failure, owner = self._pending.pop(token)
        try:
            if owner is not None and not shiboken6.isValid(owner):
                return
            exc = future.exception()
            if exc is None:
                if on_success is not None:
                    on_success(future.result())
            elif on_failure is not None:
                on_failure(exc)
            else:
                sys.excepthook(type(exc), exc, exc.__traceback__)
        finally:
            if not self._pending:
                self.idle.emit()

    def shutdown(self) -> None:
        """Finish queued calls and stop the worker (call from closeEvent / test teardown)."""
        self._closed = True
        self._executor.shutdown(wait=True)
