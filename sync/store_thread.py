"""One thread owns the store; everybody else asks it to run calls.

The encrypted store is synchronous and its connection belongs to the thread that opened
it (``check_same_thread``). The event loop must never wait on SQLite, so every store call
goes through :class:`StoreThread`: a single-worker executor that opens the store on its
own thread and runs each call there, in submission order. The UI reuses the same helper.

Cancellation: cancelling the awaiting coroutine never interrupts a call that has started
(each store method is one transaction, so it either commits or rolls back as a whole); a
call that has not started yet is simply dropped.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Generic, ParamSpec, TypeVar

S = TypeVar("S")
T = TypeVar("T")
P = ParamSpec("P")


class StoreClosed(RuntimeError):
    """Raised when a call arrives after :meth:`StoreThread.close`."""


class StoreThread(Generic[S]):
    """A store object plus the single thread allowed to touch it."""

    def __init__(self, opener: Callable[[], S], *, name: str = "counterdesk-store") -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._thread_ident: int | None = None
        self._closed = False
        try:
            self._store: S = self._executor.submit(self._open, opener).result()
        except BaseException:
            self._executor.shutdown(wait=True)
            raise

    def _open(self, opener: Callable[[], S]) -> S:
        self._thread_ident = threading.get_ident()
        return opener()

    @property
    def on_store_thread(self) -> bool:
        """True when the caller is running on the store's own thread."""
        return threading.get_ident() == self._thread_ident

    async def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run ``fn(store, *args, **kwargs)`` on the store thread and await the result."""
        if self._closed:
            raise StoreClosed("store thread is closed")
        future = self._executor.submit(fn, self._store, *args, **kwargs)
        return await asyncio.wrap_future(future)

    def call_blocking(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Same as :meth:`call` for code outside an event loop (CLI, test setup)."""
        if self._closed:
            raise StoreClosed("store thread is closed")
        if self.on_store_thread:
            return fn(self._store, *args, **kwargs)
        return self._executor.submit(fn, self._store, *args, **kwargs).result()

    def close(self, closer: Callable[[S], object] | None = None) -> None:
        """Finish queued calls, optionally close the store on its thread, stop the thread."""
        if self._closed:
            return
        self._closed = True
        close_fn = closer or _default_close
        self._executor.submit(close_fn, self._store).result()
        self._executor.shutdown(wait=True)


def _default_close(store: object) -> None:
    close = getattr(store, "close", None)
    if callable(close):
        close()
