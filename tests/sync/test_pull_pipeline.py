"""Pull pages are parsed off the event loop; a pull from seq 0 runs in the store's first sync.

Why: parsing and validating a 500-change page holds the GIL for milliseconds; on the
loop that stalls the UI. These tests spy on the real parse and dump functions (they
still do the work) and on the real store's begin/end_first_sync().
"""

from __future__ import annotations

import random
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

import client.api
import sync.engine
from tests.sync.harness import Device


@pytest_asyncio.fixture
async def pair(fresh_platform: Any, tmp_path: Path) -> AsyncIterator[tuple[Device, Device]]:
    users = fresh_platform.users
    a = await Device.create("dev-a", users["nm-clerk1"], tmp_path / "a", fresh_platform.base_url)
    b = await Device.create(
        "dev-b", users["nm-clerk2"], tmp_path / "b", fresh_platform.base_url, pull_limit=2
    )
    yield a, b
    await a.aclose()
    await b.aclose()


def _spy(calls: list[int], fn: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(threading.get_ident())
        return fn(*args, **kwargs)

    return wrapper


def _watch_first_sync(store: Any, events: list[str]) -> None:
    """On the store thread: wrap the real begin/end_first_sync() so both calls are seen."""
    begin, end = store.begin_first_sync, store.end_first_sync

    def watched_begin() -> None:
        events.append("enter")
        begin()

    def watched_end() -> None:
        end()
        events.append("exit")

    store.begin_first_sync, store.end_first_sync = watched_begin, watched_end


def _cache_size(store: Any) -> int:
    return int(store.conn.execute("PRAGMA cache_size").fetchone()[0])


@pytest.mark.asyncio
async def test_pages_are_parsed_off_the_loop_and_dumped_like_model_dump(
    pair: tuple[Device, Device], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pair
    rng = random.Random(7)
    ids = [(await a.intake(rng))["id"] for _ in range(5)]
    assert (await a.engine.run()).ok
    parsed: list[int] = []
    dumped: list[Any] = []
    real_dump = sync.engine._dump_page

    def dump(response: Any) -> Any:
        page = real_dump(response)
        dumped.append((page, [c.model_dump(mode="json") for c in response.changes]))
        return page

    monkeypatch.setattr(client.api, "parse", _spy(parsed, client.api.parse))
    monkeypatch.setattr(sync.engine, "_dump_page", dump)
    loop_thread = threading.get_ident()
    assert (await b.engine.run()).ok
    pages = b.engine.totals.pages
    assert pages >= 3  # 5 records, 2 per page
    assert len(dumped) == pages and len(parsed) >= pages
    for page, expected in dumped:  # the cheap field-by-field dump is the same data
        assert page.changes == expected
        assert page.cursor == page.response.cursor.model_dump()
    # pull pages are parsed on workers; only small non-pull answers may parse on the loop
    assert sum(1 for t in parsed if t != loop_thread) >= pages
    rows = await b.store.call(
        lambda s: s.conn.execute("SELECT record_id FROM server_copies").fetchall()
    )
    assert sorted(r[0] for r in rows) == sorted(ids)


@pytest.mark.asyncio
async def test_first_sync_context_only_from_seq_zero(pair: tuple[Device, Device]) -> None:
    a, b = pair
    rng = random.Random(8)
    for _ in range(3):
        await a.intake(rng)
    assert (await a.engine.run()).ok
    events: list[str] = []
    before = await b.store.call(_cache_size)
    await b.store.call(_watch_first_sync, events)
    assert (await b.engine.run()).ok
    assert events == ["enter", "exit"]  # first full sync: bigger cache, then compaction
    assert await b.store.call(_cache_size) == before  # restored afterwards
    await a.intake(rng)
    assert (await a.engine.run()).ok
    assert (await b.engine.run()).ok
    assert events == ["enter", "exit"]  # cursor past seq 0: the ordinary path
    assert b.engine.totals.pulled == 4


def _watch_sync_level(store: Any, seen: dict[str, list[int]]) -> None:
    """On the store thread: note PRAGMA synchronous while each sync write runs."""

    def level() -> int:
        return int(store.conn.execute("PRAGMA synchronous").fetchone()[0])

    for name in ("apply_pull_page", "record_outcomes", "mark_in_flight"):
        real = getattr(store, name)

        def watched(*args: Any, _real: Any = real, _name: str = name) -> Any:
            seen.setdefault(_name, []).append(level())
            return _real(*args)

        setattr(store, name, watched)


@pytest.mark.asyncio
async def test_rederivable_writes_skip_the_fsync_and_restore_full(
    pair: tuple[Device, Device],
) -> None:
    """Pull pages and push outcomes commit with synchronous=NORMAL (the platform can give
    them again); the store's FULL level is back for the clerk's next action."""
    a, b = pair
    rng = random.Random(9)
    await a.intake(rng)
    assert (await a.engine.run()).ok
    await b.intake(rng)
    full = await b.store.call(lambda s: int(s.conn.execute("PRAGMA synchronous").fetchone()[0]))
    assert full == 2  # the store's own level: FULL
    seen: dict[str, list[int]] = {}
    await b.store.call(_watch_sync_level, seen)
    assert (await b.engine.run()).ok
    assert set(seen) == {"apply_pull_page", "record_outcomes", "mark_in_flight"}
    assert all(level == 1 for levels in seen.values() for level in levels)  # NORMAL
    after = await b.store.call(lambda s: int(s.conn.execute("PRAGMA synchronous").fetchone()[0]))
    assert after == full
