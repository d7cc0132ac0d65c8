"""StoreThread: every call runs on one thread, in order, and the loop stays free."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from sync.store_thread import StoreClosed, StoreThread

WAIT_LIMIT_S = 10.0  # only fails a hung test; nothing waits this long when all is well


def _open(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)  # check_same_thread=True: wrong thread raises
    conn.execute("create table t (n integer)")
    return conn


@pytest.mark.asyncio
async def test_calls_run_on_the_owning_thread_in_order(tmp_path: Path) -> None:
    st = StoreThread(lambda: _open(tmp_path / "a.db"))
    idents: set[int] = set()

    def insert(conn: sqlite3.Connection, n: int) -> None:
        idents.add(threading.get_ident())
        with conn:
            conn.execute("insert into t values (?)", (n,))

    await asyncio.gather(*(st.call(insert, n) for n in range(50)))
    rows = await st.call(lambda c: [r[0] for r in c.execute("select n from t order by rowid")])
    assert rows == list(range(50))
    assert len(idents) == 1 and threading.get_ident() not in idents
    assert st.call_blocking(lambda c: c.execute("select count(*) from t").fetchone()[0]) == 50
    st.close()
    with pytest.raises(StoreClosed):
        await st.call(insert, 1)


@pytest.mark.asyncio
async def test_slow_store_call_does_not_block_the_loop(tmp_path: Path) -> None:
    st = StoreThread(lambda: _open(tmp_path / "b.db"))
    started = threading.Event()
    release = threading.Event()

    def held(conn: sqlite3.Connection) -> bool:
        started.set()
        return release.wait(WAIT_LIMIT_S)  # False if the loop never got to release it

    call = asyncio.create_task(st.call(held))
    assert await asyncio.to_thread(started.wait, WAIT_LIMIT_S)
    assert not call.done()
    release.set()  # only a loop left free by the held call gets here before the limit
    assert await asyncio.wait_for(call, WAIT_LIMIT_S) is True
    st.close()


@pytest.mark.asyncio
async def test_cancelled_waiter_does_not_interrupt_a_started_call(tmp_path: Path) -> None:
    st = StoreThread(lambda: _open(tmp_path / "c.db"))
    started = threading.Event()
    release = threading.Event()

    def held_insert(conn: sqlite3.Connection) -> None:
        started.set()
        release.wait(WAIT_LIMIT_S)
        with conn:
            conn.execute("insert into t values (1)")

    task = asyncio.create_task(st.call(held_insert))
    assert await asyncio.to_thread(started.wait, WAIT_LIMIT_S)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    release.set()  # the call was already running on the store thread: it must finish
    count = await st.call(lambda c: c.execute("select count(*) from t").fetchone()[0])
    assert count == 1
    st.close()
