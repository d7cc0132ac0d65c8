"""Background work for widgets: store calls on the store thread, network calls on the loop.

The Anki pattern (``CollectionOp``/``QueryOp``): a widget describes the work and what to
do with the result; the helper runs it off the UI thread and calls back on the main
thread. Store calls go through the sync engine's :class:`sync.store_thread.StoreThread`
(the one thread that owns the SQLite connection); network calls are coroutines on the
qasync loop. Results for a widget that has been deleted meanwhile are dropped, and an
unhandled failure goes to ``sys.excepthook`` (logged, shown, app keeps running).
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject

from sync.store_thread import StoreThread

T = TypeVar("T")
log = logging.getLogger(__name__)

_running: set[asyncio.Task[Any]] = set()


class Op(Generic[T]):
    """One piece of background work with success/failure callbacks on the main thread."""

    def __init__(self, work: Callable[[], Awaitable[T]], parent: QObject | None = None) -> None:
        self._work = work
        self._parent = parent
        self._on_success: Callable[[T], object] | None = None
        self._on_failure: Callable[[BaseException], object] | None = None

    def success(self, callback: Callable[[T], object]) -> Op[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], object]) -> Op[T]:
        self._on_failure = callback
        return self

    def _alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    async def _run(self) -> T | None:
        try:
            result = await self._work()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if not self._alive():
                return None
            if self._on_failure is not None:
                self._on_failure(exc)
            else:
                sys.excepthook(type(exc), exc, exc.__traceback__)
            return None
        if self._alive() and self._on_success is not None:
            self._on_success(result)
        return result

    def run_in_background(self) -> asyncio.Task[T | None] | None:
        """Start the work on the running (qasync) loop; the task is kept alive until done.

        Outside a running loop (a paint during shutdown) nothing starts and None is
        returned: there is nobody left to deliver a result to.
        """
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            log.debug("no running loop; background work skipped")
            return None
        if loop.is_closed():
            return None
        task = loop.create_task(self._run())
        _running.add(task)
        task.add_done_callback(_running.discard)
        return task


def query_op(
    store: StoreThread[Any], fn: Callable[..., T], *args: Any, parent: QObject | None = None
) -> Op[T]:
    """``fn(store, *args)`` on the store thread (read or write; one transaction per call)."""
    return Op(lambda: store.call(fn, *args), parent)


def network_op(coro_fn: Callable[[], Awaitable[T]], parent: QObject | None = None) -> Op[T]:
    """A coroutine on the loop (platform client calls)."""
    return Op(coro_fn, parent)


async def drain() -> None:
    """Wait for every background op started so far (tests, shutdown)."""
    while _running:
        await asyncio.gather(*list(_running), return_exceptions=True)
