"""Benchmark: the sync engine against the real platform on loopback, with a live heartbeat.

(a) 10,000 applications taken in offline (real `Store.intake`, required materials listed)
    are pushed by the engine. (b) 100,000 platform-side changes (a note on every record of
    the office, added by another device) are pulled into a store already holding 100,000
    rows: server copies written, local views rebuilt.
While (a) and (b) run, an asyncio task on the same loop ticks every 10 ms and records how
late each tick is: store work runs on the store's own thread, so the UI loop stays live.
Peak RSS is this (client) process's high-water mark, reset before each phase; the platform
runs in its own process. As the physical yardstick, the same 100,000 change rows are
written with one plain `executemany` into SQLite in the same run.

Budgets (DESIGN.md): (a) <= 5 s, (b) <= 8 s, peak RSS <= 300 MB, heartbeat lateness
max <= 50 ms and p99 <= 20 ms. Last line printed: one JSON object.
CPU seconds (this process by thread group, and the platform's) are printed next to wall
time, since the shared machine's load varies; so is the longest garbage-collection pause.
Collection runs as in the app (`--gc app`, the default: ui/gc_guard's policy, automatic
collection off, young generations every 2 s on the loop) or CPython's automatic one
(`--gc default`, as the headless `counterdesk sync` runs). `--profile DIR` writes CPU-time
cProfile stats of the store thread and of the loop thread for each phase.
Run: `.venv/bin/python tests/benchmarks/sync.py [--push N] [--pull N] [--gc app|default]
[--profile DIR]`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import gc
import json
import logging
import os
import random
import sqlite3
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# Replace the script's own folder on sys.path: tests/benchmarks/platform.py would shadow
# the standard library's `platform` module.
sys.path[0] = str(ROOT)

import keyring  # noqa: E402
import uuid6  # noqa: E402

from central.seed import DEMO_USERS  # noqa: E402
from client.api import PlatformClient  # noqa: E402
from client.wire import ServiceItem  # noqa: E402
from offline.domain.numbering import format_receipt_no  # noqa: E402
from sync.heartbeat import Heartbeat  # noqa: E402
from tests.conftest import MemoryKeyring  # noqa: E402
from tests.support.metering import MeteringTransport  # noqa: E402
from tests.support.mutations import application_doc, create_mutation  # noqa: E402
from tests.sync.harness import (  # noqa: E402
    Device,
    intake_fields,
    make_client,
    start_platform_process,
)

USERS = {u.username: u for u in DEMO_USERS}
BUDGET = {"push_s": 5.0, "pull_s": 8.0, "rss_mb": 300.0, "max_ms": 50.0, "p99_ms": 20.0}


def reset_peak_rss() -> None:
    """Linux: writing 5 to clear_refs resets VmHWM, so each phase gets its own peak."""
    Path("/proc/self/clear_refs").write_text("5")


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return -1.0


def platform_cpu_s(pid: int | None) -> float:
    """CPU seconds (user + system) the platform process has used so far."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def thread_cpu_s() -> dict[str, float]:
    """CPU seconds used so far by this process's threads, grouped: the loop (main)
    thread, the store thread, the default executor's workers (page parsing) and the rest
    (the store's WAL checkpointer, ...)."""
    names = {t.native_id: t.name for t in threading.enumerate()}
    groups: dict[str, float] = {"loop": 0.0, "store": 0.0, "workers": 0.0, "other": 0.0}
    tick = os.sysconf("SC_CLK_TCK")
    for task in Path("/proc/self/task").iterdir():
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        name = names.get(int(task.name), "")
        if int(task.name) == os.getpid():
            group = "loop"
        elif name.startswith("counterdesk-store"):
            group = "store"
        elif name.startswith("asyncio_"):
            group = "workers"
        else:
            group = "other"
        groups[group] += (int(fields[11]) + int(fields[12])) / tick
    return groups


class GcPauses:
    """Longest garbage-collection pause while installed (gc.callbacks), in ms."""

    def __init__(self) -> None:
        self.longest = 0.0
        self.count = 0
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.count += 1
            self.longest = max(self.longest, (time.perf_counter() - self._start) * 1000)


class AppGC:
    """The app's collection policy (ui/gc_guard.MainThreadGC, which needs Qt): automatic
    collection off, start-up objects frozen, the young generations collected every 2 s on
    the loop thread, everything every 150th time. `--gc default` keeps CPython's automatic
    collection instead (what the headless `counterdesk sync` runs with)."""

    INTERVAL_S = 2.0
    FULL_EVERY = 150

    def __init__(self) -> None:
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        gc.disable()
        gc.collect()
        gc.freeze()
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        ticks = 0
        while True:
            await asyncio.sleep(self.INTERVAL_S)
            ticks += 1
            gc.collect(2 if ticks % self.FULL_EVERY == 0 else 1)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        gc.unfreeze()
        gc.enable()


def take_in(store: Any, actor: Any, items: list[dict[str, Any]], count: int) -> None:
    """Runs ON the store thread: `count` real offline intakes, each its own transaction."""
    rng = random.Random(11)
    today = datetime.now(UTC)
    for i in range(count):  # a terminal issues at most 9,999 receipts a day
        when = today - timedelta(days=i // 5000)
        store.intake(actor, now=when, **intake_fields(items[0], rng))


async def fill(
    filler: PlatformClient,
    device_id: str,
    user_id: str,
    item: ServiceItem,
    office: str,
    terminal: str,
    count: int,
    first_seq: int,
) -> int:
    """Push `count` creates from another device of the office; unique receipt numbers."""
    rng = random.Random(12)
    seq = first_seq
    for start in range(0, count, 1000):
        batch = []
        for i in range(start, min(count, start + 1000)):
            doc = application_doc(
                item,
                office_code=office,
                device_id=device_id,
                clerk_id=user_id,
                serial=1,
                terminal_code=terminal,
                rng=rng,
            )
            day = date(2026, 1, 1) + timedelta(days=i // 9000)
            doc["receipt_no"] = format_receipt_no(office, terminal, day, i % 9000 + 1)
            batch.append(create_mutation(doc, device_id=device_id, seq=seq, actor=user_id))
            seq += 1
        await filler.push(device_id, batch)
    return seq


async def notes(
    filler: PlatformClient, device_id: str, user_id: str, record_ids: list[str], first_seq: int
) -> int:
    """One platform-side change per record: a note appended by another device."""
    seq = first_seq
    now = "2026-11-26T04:00:00+00:00"
    for start in range(0, len(record_ids), 1000):
        batch = []
        for rid in record_ids[start : start + 1000]:
            note = {"id": str(uuid6.uuid7()), "text": "已电话告知", "by": user_id, "at": now}
            batch.append(
                {
                    "op_id": str(uuid6.uuid7()),
                    "device_id": device_id,
                    "seq": seq,
                    "kind": "add_note",
                    "record_id": rid,
                    "actor": user_id,
                    "role": "clerk",
                    "at": now,
                    "payload": {"note": note},
                }
            )
            seq += 1
        result = await filler.push(device_id, batch)
        assert all(o.outcome.value == "applied" for o in result.outcomes)
    return seq


def executemany_rate(rows: list[tuple[Any, ...]], tmp: Path) -> float:
    conn = sqlite3.connect(tmp / "baseline.db")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (record_id TEXT PRIMARY KEY, version INTEGER, doc TEXT)")
    start = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
    elapsed = time.perf_counter() - start
    conn.close()
    return len(rows) / elapsed


async def timed(phase: Any, platform_pid: int | None) -> tuple[float, dict[str, Any], float]:
    """Run `phase` with the heartbeat on; (seconds, lateness summary + CPU seconds + GC
    pauses, peak RSS MB)."""
    reset_peak_rss()
    pauses = GcPauses()
    gc.callbacks.append(pauses)
    beat = Heartbeat(0.010)
    beat.start()
    cpu, platform_cpu = time.process_time(), platform_cpu_s(platform_pid)
    threads = thread_cpu_s()
    start = time.perf_counter()
    try:
        await phase
    finally:
        gc.callbacks.remove(pauses)
    seconds = time.perf_counter() - start
    await beat.stop()
    summary: dict[str, Any] = dict(beat.summary_ms())
    summary["cpu_s"] = round(time.process_time() - cpu, 2)
    after = thread_cpu_s()
    summary["cpu_by_thread_s"] = {k: round(after[k] - threads.get(k, 0.0), 2) for k in after}
    summary["platform_cpu_s"] = round(platform_cpu_s(platform_pid) - platform_cpu, 2)
    summary["gc_max_ms"] = round(pauses.longest, 2)
    summary["gc_runs"] = pauses.count
    return seconds, summary, peak_rss_mb()


async def profiled(phase: Any, store: Any, out: Path | None, name: str) -> None:
    """Run `phase` with cProfile on the store thread and on this (loop) thread."""
    if out is None:
        await phase
        return
    out.mkdir(parents=True, exist_ok=True)
    # CPU time of the profiled thread, not wall time: waits for the GIL do not count.
    on_store, on_loop = cProfile.Profile(time.thread_time), cProfile.Profile(time.thread_time)
    await store.call(lambda s: on_store.enable())
    on_loop.enable()
    try:
        await phase
    finally:
        on_loop.disable()
        await store.call(lambda s: on_store.disable())
    on_store.dump_stats(out / f"{name}_store_thread.prof")
    on_loop.dump_stats(out / f"{name}_loop_thread.prof")


async def run(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    keyring.set_keyring(MemoryKeyring())
    logging.getLogger("stamina").setLevel(logging.ERROR)
    platform = await asyncio.to_thread(start_platform_process, tmp / "central.db")
    try:
        dev = await Device.create(
            "bench",
            USERS["nm-clerk1"],
            tmp / "dev",
            platform.base_url,
            refresh_catalog=False,
            **({"pull_limit": args.pull_limit} if args.pull_limit else {}),
            **({"push_batch": args.push_batch} if args.push_batch else {}),
        )
        collector = AppGC() if args.gc == "app" else None
        if collector is not None:
            collector.start()
        meter = MeteringTransport(dev.faults.inner)
        dev.faults.inner = meter
        filler = make_client(platform.base_url, "filler", "nm-clerk2", None)
        await filler.login("nm-clerk2", USERS["nm-clerk2"].password, "bench-filler")
        reg = await filler.register_device("bench-filler", "filler")
        catalog = await filler.catalog()
        assert catalog is not None
        item = next(i for i in catalog.items if i.code == dev.items[0]["code"])

        # (a) push what was taken in offline
        t0 = time.perf_counter()
        await dev.store.call(take_in, dev.actor, dev.items, args.push)
        intake_s = time.perf_counter() - t0
        meter.reset()
        pid = platform.proc.pid if platform.proc is not None else None
        push_s, push_beat, push_rss = await timed(
            profiled(dev.engine._push_all(), dev.store, args.profile, "push"), pid
        )
        push_bytes, push_requests = meter.sent + meter.received, meter.requests
        assert dev.engine.totals.outcomes == {"applied": args.push}, dev.engine.totals.outcomes

        # setup for (b): the office reaches `pull` records, all in the device's store
        next_seq = await fill(
            filler,
            "bench-filler",
            USERS["nm-clerk2"].id,
            item,
            reg.office_code,
            reg.terminal_code,
            args.pull - args.push,
            1,
        )
        t0 = time.perf_counter()
        await dev.engine._pull_all()
        first_pull_s = time.perf_counter() - t0
        rows = await dev.store.call(
            lambda s: s.conn.execute("SELECT count(*) FROM applications").fetchone()[0]
        )
        assert rows == args.pull, rows
        ids = await dev.store.call(
            lambda s: [
                r[0]
                for r in s.conn.execute("SELECT record_id FROM server_copies ORDER BY record_id")
            ]
        )
        await notes(filler, "bench-filler", USERS["nm-clerk2"].id, ids, next_seq)

        # (b) pull one platform-side change per record into the full store
        pulled_before = dev.engine.totals.pulled
        meter.reset()
        pull_s, pull_beat, pull_rss = await timed(
            profiled(dev.engine._pull_all(), dev.store, args.profile, "pull"), pid
        )
        pulled = dev.engine.totals.pulled - pulled_before
        pull_bytes, pull_requests = meter.sent + meter.received, meter.requests
        assert pulled == args.pull, pulled
        sample = await dev.store.call(lambda s, r: s.get(r), ids[0])
        assert sample["notes"], "the pulled change did not reach the local view"
        docs = await dev.store.call(
            lambda s: s.conn.execute(
                "SELECT s.record_id, s.version, coalesce(s.doc, a.doc) FROM server_copies AS s "
                "LEFT JOIN applications AS a ON a.id = s.record_id"
            ).fetchall()
        )
        await filler.aclose()
        await dev.aclose()
        if collector is not None:
            await collector.stop()
    finally:
        await asyncio.to_thread(platform.stop)
    base_rate = executemany_rate([tuple(r) for r in docs], tmp)
    pull_rate = pulled / pull_s
    worst_max = max(push_beat["max_ms"], pull_beat["max_ms"])
    worst_p99 = max(push_beat["p99_ms"], pull_beat["p99_ms"])
    result = {
        "benchmark": "sync",
        "push": {
            "applications": args.push,
            "seconds": round(push_s, 3),
            "ops_per_s": round(args.push / push_s, 1),
            "bytes": push_bytes,
            "requests": push_requests,
            "peak_rss_mb": push_rss,
            "heartbeat_max_ms": push_beat["max_ms"],
            "heartbeat_p99_ms": push_beat["p99_ms"],
            "cpu_s": push_beat["cpu_s"],
            "cpu_by_thread_s": push_beat["cpu_by_thread_s"],
            "platform_cpu_s": push_beat["platform_cpu_s"],
            "gc_max_ms": push_beat["gc_max_ms"],
            "gc_runs": push_beat["gc_runs"],
            "offline_intake_seconds": round(intake_s, 2),
            "batch_size": dev.engine.push_batch,
        },
        "pull": {
            "changes": pulled,
            "store_rows": rows,
            "seconds": round(pull_s, 3),
            "ops_per_s": round(pull_rate, 1),
            "bytes": pull_bytes,
            "requests": pull_requests,
            "peak_rss_mb": pull_rss,
            "heartbeat_max_ms": pull_beat["max_ms"],
            "heartbeat_p99_ms": pull_beat["p99_ms"],
            "cpu_s": pull_beat["cpu_s"],
            "cpu_by_thread_s": pull_beat["cpu_by_thread_s"],
            "platform_cpu_s": pull_beat["platform_cpu_s"],
            "gc_max_ms": pull_beat["gc_max_ms"],
            "gc_runs": pull_beat["gc_runs"],
            "first_pull_seconds": round(first_pull_s, 2),
            "page_size": dev.engine.pull_limit,
            "executemany_rows_per_s": round(base_rate, 1),
            "ratio_to_executemany": round(pull_rate / base_rate, 4),
        },
        "gc_policy": args.gc,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "load_average_5m": round(os.getloadavg()[1], 2),
        "cpus": os.cpu_count(),
        "budgets": BUDGET,
        "within_budget": {
            "push_s": push_s <= BUDGET["push_s"],
            "pull_s": pull_s <= BUDGET["pull_s"],
            "rss_mb": max(push_rss, pull_rss) <= BUDGET["rss_mb"],
            "heartbeat_max_ms": worst_max <= BUDGET["max_ms"],
            "heartbeat_p99_ms": worst_p99 <= BUDGET["p99_ms"],
        },
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--push", type=int, default=10_000)
    parser.add_argument("--pull", type=int, default=100_000)
    parser.add_argument("--pull-limit", type=int, default=0, help="page size (engine default)")
    parser.add_argument("--push-batch", type=int, default=0, help="batch (engine default)")
    parser.add_argument(
        "--gc",
        choices=("app", "default"),
        default="app",
        help="garbage collection as the app runs it (default) or CPython's automatic one",
    )
    parser.add_argument("--profile", type=Path, default=None, help="cProfile both phases into DIR")
    args = parser.parse_args()
    if args.pull < args.push:
        parser.error("--pull must be >= --push (the pushed records are part of the store)")
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        result = asyncio.run(run(args, Path(tmp)))
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
