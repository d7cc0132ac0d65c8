"""UI benchmark (`make bench`): the clerk's app offscreen over a 1,000,000-row store.

Measures, against real parts only (encrypted store, real window, qasync loop, real
reference platform on loopback for the sync part):
- cold start: a fresh process from `exec` to the main window painted, to the store open
  (sign-in page ready), and to the queue's first rows painted after an offline sign-in
  (the scrypt check included, the clerk's typing not) — budget window ≤ 1.5 s;
- search-as-you-type: from the query (the debounce timer firing) to the result rows
  painted (a synchronous viewport paint in the turn the answer arrives), for names
  (2–3 characters), surnames (1 character: the newest matches up to the queue's cap),
  ID numbers, phones and receipt numbers — budget ≤ 100 ms; the
  debounce (``search_debounce_ms``) is reported apart, and
  ``search_typed_2_chars_ms`` times the whole way from the second typed character
  (input-method commit) to the rows painted, debounce included;
- scrolling 10,000 rows of the 1,000,000-row "whole office" queue page by page while a
  10 ms heartbeat runs on the loop: longest event-loop stall — budget ≤ 30 ms;
- a 10,000-mutation sync to the platform with the window open: heartbeat lateness max and
  p99 — budget max ≤ 50 ms;
- the supervisor's reports screen over the same store (tests/benchmarks/ui_reports.py:
  choose a period → figures painted; issue 6 budget ≤ 1 s each).
Load average and the process CPU time are printed next to the wall times.
Prints one JSON object as its last line. `--rows N` for a quicker run.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parents[1]))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from typing import Any  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["COUNTERDESK_ALLOW_FILE_KEYRING"] = "1"  # benchmark profiles are throwaway

CLERK = "u-clerk01"
PASSWORD = "Bench@2026"
BUDGETS = {"cold_start_window_ms": 1500, "search_ms": 100, "scroll_stall_ms": 30,
           "sync_stall_max_ms": 50}  # fmt: skip


def use_file_keyring(work: Path) -> None:
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(work / "keyring.cfg")
    keyring.set_keyring(backend)


# ----------------------------------------------------------------------------- seeding
def seed_big_store(work: Path, rows: int) -> dict[str, Any]:
    """`rows` applications through the store's bulk pull path, plus a cached clerk."""
    from offline.store.opening import open_profile
    from offline.store.users import CachedUser
    from tests.benchmarks import reports as reports_bench
    from tests.benchmarks import store as store_bench
    from ui.profile import Profile, Registration

    profile = Profile.locate("bench", work).ensure()
    store = open_profile(profile.name, work, create=True)
    store.register_device(store_bench.OFFICE, store_bench.TERMINAL)
    gen = store_bench.Generator(20261126, store.device_id, rows)
    store.upsert_catalog(gen.items)
    # the reports benchmark's seed: first-sync bulk path, two years of realistic
    # acceptance, completion, due dates and ratings (the reports screen reads them)
    seed_s, _seed_cpu_s = reports_bench.seed(store, gen, rows)  # (wall, CPU) seconds
    store.cache_user(CachedUser(CLERK, "clerk01", "张敏", "clerk", store_bench.OFFICE),
                     PASSWORD, policy_days=7, max_failed=5, at=datetime.now(UTC))  # fmt: skip
    store.conn.execute("PRAGMA optimize").fetchall()
    names = [r[0] for r in store.conn.execute(
        "SELECT applicant_name FROM applications WHERE rowid % 997 = 0 LIMIT 40")]  # fmt: skip
    sample = store.conn.execute(
        "SELECT cert_no, phone, receipt_no FROM applications WHERE rowid % 991 = 0 LIMIT 10"
    ).fetchall()
    store.close()
    profile.save_registration(Registration(
        platform_url="http://127.0.0.1:9", office_code=store_bench.OFFICE,
        office_name="南明区政务服务中心", terminal_code=store_bench.TERMINAL))  # fmt: skip
    return {"profile": profile, "seed_s": seed_s, "names": names, "sample": sample}


# ----------------------------------------------------------------------------- helpers
async def until(predicate: Any, timeout: float = 60.0, step: float = 0.002) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise TimeoutError("benchmark step did not finish")
        await asyncio.sleep(step)


def visible_rows_loaded(queue: Any) -> bool:
    """True when every row in the table's viewport has its data (no placeholder)."""
    from ui.queue.model import PLACEHOLDER

    table, model = queue.table, queue.model
    if model.rowCount() == 0:
        return True
    first = max(0, table.rowAt(0))
    last = table.rowAt(table.viewport().height() - 1)
    last = model.rowCount() - 1 if last < 0 else last
    return all(model.data(model.index(r, 1)) != PLACEHOLDER for r in range(first, last + 1))


async def open_signed_in(profile: Any) -> tuple[Any, Any]:
    from ui.app import build
    from ui.options import AppOptions

    window, controller = build(AppOptions(profile=profile), language="zh_CN")
    window.resize(1280, 800)
    window.show()
    await controller.start()
    controller.set_simulated_offline(True)
    window.login.username.setText("clerk01")
    window.login.password.setText(PASSWORD)
    window.login.button.click()
    # generous: a pending store migration runs on first open, before the sign-in check
    await until(lambda: controller.current is not None, timeout=600)
    queue = controller.current.queue
    await until(lambda: queue.model.rowCount() > 0 and visible_rows_loaded(queue), timeout=600)
    return window, controller


# ----------------------------------------------------------------------------- cold start
def cold_start_child(work: Path) -> None:
    """Runs in a fresh process; prints perf-counter offsets from interpreter start."""
    started = float(os.environ["CD_BENCH_T0"])
    use_file_keyring(work)
    import qasync

    from ui.app import attach_controller, make_application, make_window
    from ui.options import AppOptions
    from ui.profile import Profile

    marks: dict[str, float] = {}
    app = make_application(["bench"])
    options = AppOptions(profile=Profile.locate("bench", work))
    window = make_window(options, language="zh_CN")  # as ui.app.run: paint first
    window.resize(1280, 800)
    window.show()
    window.repaint()
    app.processEvents()
    marks["window"] = time.time() - started
    controller = attach_controller(window, options)

    async def main() -> None:
        await controller.start()
        window.repaint()
        marks["store_open"] = time.time() - started
        controller.set_simulated_offline(True)
        window.login.username.setText("clerk01")
        window.login.password.setText(PASSWORD)
        window.login.button.click()
        await until(lambda: controller.current is not None)
        queue = controller.current.queue
        await until(lambda: queue.model.rowCount() > 0 and visible_rows_loaded(queue))
        window.repaint()
        marks["queue"] = time.time() - started
        window.close()
        await controller.shutdown()

    qasync.run(main())
    print(json.dumps(marks))


def cold_start(work: Path, runs: int = 3) -> dict[str, Any]:
    results = []
    for _ in range(runs):
        env = {**os.environ, "CD_BENCH_T0": repr(time.time())}
        out = subprocess.run(
            [sys.executable, __file__, "--cold-start-child", "--dir", str(work)],
            env=env, capture_output=True, text=True, check=True, timeout=300,
        )  # fmt: skip
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))

    def ms(key: str) -> dict[str, float]:
        values = sorted(r[key] * 1000 for r in results)
        return {"median": round(statistics.median(values), 1), "max": round(values[-1], 1)}

    return {"window_ms": ms("window"), "store_open_ms": ms("store_open"),
            "queue_after_offline_sign_in_ms": ms("queue"), "runs": runs}  # fmt: skip


# ----------------------------------------------------------------------------- in process
async def measure_search(queue: Any, terms: dict[str, list[str]]) -> dict[str, Any]:
    """Time from running the query (the debounce timer firing) to the result rows painted.

    The debounce itself (SEARCH_DEBOUNCE_MS after the last keystroke) is reported apart,
    and ``measure_typed`` times the whole way from a typed character."""
    out: dict[str, Any] = {}
    for kind, values in terms.items():
        times, cpus = [], []
        for text in values:
            queue.search.blockSignals(True)
            queue.search.setText(text)
            queue.search.blockSignals(False)
            t0, c0 = time.perf_counter(), time.process_time()
            painted = await _refresh_and_paint(queue, queue.refresh)
            times.append((painted - t0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
        out[kind] = {"p50": round(statistics.median(times), 1), "max": round(max(times), 1),
                     "cpu_p50_ms": round(statistics.median(cpus), 1),
                     "n": len(times), "rows": queue.model.rowCount()}  # fmt: skip
    queue.search.blockSignals(True)
    queue.search.setText("")
    queue.search.blockSignals(False)
    await _refresh_and_paint(queue, queue.refresh)
    return out


async def _refresh_and_paint(queue: Any, start: Any) -> float:
    """``start()`` (a refresh, or a keystroke that arms the debounce); when the answer
    arrives, paint the viewport synchronously in that same turn of the event loop (what
    Qt's pending update would paint next) and, if a page is still on its way from the
    store thread, wait for it and paint again. Returns once the visible rows are painted
    with real data; the time the coroutine takes to resume is not counted."""
    loop = asyncio.get_running_loop()
    painted: asyncio.Future[float] = loop.create_future()

    def finished() -> None:
        if painted.done():
            return
        queue.table.viewport().repaint()
        if visible_rows_loaded(queue):
            painted.set_result(time.perf_counter())
        else:
            painted.set_result(0.0)

    queue.refreshed.connect(finished)
    try:
        start()
        at = await painted
    finally:
        queue.refreshed.disconnect(finished)
    if not at:  # a page still on its way from the store thread
        await until(lambda: visible_rows_loaded(queue), step=0.001)
        queue.table.viewport().repaint()
        at = time.perf_counter()
    return at


async def measure_typed(queue: Any, names: list[str]) -> dict[str, Any]:
    """From the second typed character of a 2-character name (an input-method commit, as
    a Chinese IME sends it) to the rows painted: debounce + query + paint."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    from ui.queue.view import SEARCH_DEBOUNCE_MS

    def commit(text: str) -> None:
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(queue.search, event)

    times = []
    for name in names:
        queue.search.blockSignals(True)
        queue.search.setText("")
        queue.search.blockSignals(False)
        commit(name[0])
        await asyncio.sleep(0.05)  # the clerk's pause between two characters
        t0 = time.perf_counter()
        painted = await _refresh_and_paint(queue, lambda name=name: commit(name[1]))
        times.append((painted - t0) * 1000)
    return {"p50": round(statistics.median(times), 1), "max": round(max(times), 1),
            "n": len(times), "includes_debounce_ms": SEARCH_DEBOUNCE_MS}  # fmt: skip


async def idle_baseline(seconds: float = 3.0) -> dict[str, float]:
    """Heartbeat lateness with the app idle: what the machine itself (other processes on
    the same cores) costs, to compare the measured stalls against."""
    from sync.heartbeat import Heartbeat

    beat = Heartbeat()
    beat.start()
    await asyncio.sleep(seconds)
    await beat.stop()
    lateness = sorted(x * 1000 for x in beat.lateness)
    return {"max_ms": round(lateness[-1], 1),
            "p99_ms": round(lateness[int(len(lateness) * 0.99) - 1], 1)}  # fmt: skip


async def measure_scroll(queue: Any, rows: int = 10_000) -> dict[str, Any]:
    """PageDown-like scrolling over `rows` rows, ~60 steps a second, heartbeat running."""
    from sync.heartbeat import Heartbeat

    table = queue.table
    bar = table.verticalScrollBar()
    row_height = table.rowHeight(0) or 26
    per_page = max(1, table.viewport().height() // row_height)
    beat = Heartbeat()
    beat.start()
    await asyncio.sleep(0.1)
    fills: list[float] = []
    t0 = time.perf_counter()
    scrolled = 0
    while scrolled < rows:
        scrolled += per_page
        t_step = time.perf_counter()
        bar.setValue(scrolled * row_height)  # the view repaints itself on the loop
        await until(lambda: visible_rows_loaded(queue), step=0.001)
        fills.append((time.perf_counter() - t_step) * 1000)
        await asyncio.sleep(0.016)
    wall = time.perf_counter() - t0
    await beat.stop()
    lateness = sorted(x * 1000 for x in beat.lateness)
    return {
        "rows_scrolled": scrolled, "wall_s": round(wall, 2),
        "loop_stall_max_ms": round(lateness[-1], 1),
        "loop_stall_p99_ms": round(lateness[int(len(lateness) * 0.99) - 1], 1),
        "rows_filled_p50_ms": round(statistics.median(fills), 1),
        "rows_filled_max_ms": round(max(fills), 1),
    }  # fmt: skip


async def big_store_measures(profile: Any, names: list[str], sample: list[Any]) -> dict[str, Any]:
    from ui import ops

    window, controller = await open_signed_in(profile)
    queue = controller.current.queue
    refreshed = asyncio.get_running_loop().create_future()
    queue.refreshed.connect(lambda: refreshed.done() or refreshed.set_result(None))
    t0 = time.perf_counter()
    queue.scope.setCurrentIndex(1)  # whole office: every row
    await refreshed
    queue.table.viewport().repaint()
    await until(lambda: visible_rows_loaded(queue))
    office_ms = (time.perf_counter() - t0) * 1000
    rows_office = queue.model.rowCount()
    terms = {
        "name_3_chars": [n for n in names if len(n) >= 3][:5],
        "name_2_chars": [n[:2] for n in names][:5],
        "surname_1_char": [n[:1] for n in names][:5],
        "id_number": [s[0] for s in sample][:5],
        "phone": [s[1] for s in sample][:5],
        "receipt_no": [s[2] for s in sample][:5],
    }
    search = await measure_search(queue, terms)
    typed = await measure_typed(queue, terms["name_2_chars"])
    await _refresh_and_paint(queue, queue.search.clear)
    baseline = await idle_baseline()
    scroll = await measure_scroll(queue)
    scroll["idle_baseline"] = baseline
    try:  # issue 6: each report <= 1 s at 1M rows, measured in the UI benchmark
        from tests.benchmarks import store as store_bench
        from tests.benchmarks.ui_reports import measure_reports_async

        reports = await measure_reports_async(controller.store, now=store_bench.NOW, runs=3)
    except Exception as exc:  # report the rest even if the reports screen breaks
        reports = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    window.close()
    await controller.shutdown()
    await ops.drain()
    return {"office_queue_ms": round(office_ms, 1), "office_rows": rows_office,
            "search": search, "search_typed_2_chars_ms": typed, "scroll": scroll,
            "reports": reports}  # fmt: skip


async def sync_stall(work: Path, mutations: int) -> dict[str, Any]:
    """A registered demo profile with `mutations` offline intakes, synced with the window
    open on the same loop while the heartbeat ticks."""
    from central.runner import start_thread
    from central.seed import seed
    from central.settings import Settings
    from demo import app as demo_app
    from demo.sample_data import intake
    from offline.store.opening import open_profile
    from sync.heartbeat import Heartbeat
    from ui import ops
    from ui.app import build
    from ui.options import AppOptions
    from ui.profile import Profile

    db = work / "platform.db"
    seed(db)
    platform = start_thread(Settings(db_path=db))
    try:
        profile = Profile.locate("syncbench", work).ensure()
        await demo_app.register_demo_terminal(profile, platform.base_url)
        store = open_profile(profile.name, work)
        rng = random.Random(5)
        now = datetime.now(UTC)
        with store.transaction():
            for i in range(mutations):
                # a terminal issues at most 9,999 receipt numbers a day: spread over days
                intake(store, "u-nm-clerk1", rng, now=now - timedelta(days=i // 5000))
        pending = store.sync_counts()["pending"]
        store.close()
        window, controller = build(
            AppOptions(profile=profile, platform_url=platform.base_url), language="zh_CN"
        )
        window.resize(1280, 800)
        window.show()
        await controller.start()
        beat = Heartbeat()
        beat.start()
        t0 = time.perf_counter()
        # Online sign-in starts the sync service; its first run pushes everything.
        window.login.username.setText("nm-clerk1")
        window.login.password.setText("Demo@2026")
        window.login.button.click()
        await until(lambda: controller.current is not None, timeout=30)
        await until(lambda: controller.sync is not None, timeout=30)
        await until(lambda: controller.window.status.status.settled, timeout=600, step=0.05)
        wall = time.perf_counter() - t0
        await beat.stop()
        status = controller.window.status.status
        window.close()
        await controller.shutdown()
        await ops.drain()
        lateness = sorted(x * 1000 for x in beat.lateness)
        return {
            "mutations": pending, "wall_s": round(wall, 2),
            "loop_stall_max_ms": round(lateness[-1], 1),
            "loop_stall_p99_ms": round(lateness[int(len(lateness) * 0.99) - 1], 1),
            "pending_after": status.pending, "settled": status.settled,
        }  # fmt: skip
    finally:
        platform.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sync-mutations", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--cold-start-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.cold_start_child:
        cold_start_child(args.dir)
        return 0
    work = Path(tempfile.mkdtemp(prefix="cd-uibench-", dir=args.dir))
    try:
        use_file_keyring(work)
        seeded = seed_big_store(work, args.rows)
        print(f"seeded {args.rows} rows in {seeded['seed_s']:.1f} s", file=sys.stderr)
        cold = cold_start(work)
        print(f"cold start: {cold}", file=sys.stderr)
        import qasync

        from ui.app import make_application
        from ui.gc_guard import MainThreadGC

        app = make_application(["bench"])
        collector = MainThreadGC(app)
        big = qasync.run(big_store_measures(seeded["profile"], seeded["names"],
                                            seeded["sample"]))  # fmt: skip
        print(f"queue: {big}", file=sys.stderr)
        try:
            sync = qasync.run(sync_stall(work, args.sync_mutations))
        except Exception as exc:  # report the rest even if the platform side breaks
            sync = {"error": f"{type(exc).__name__}: {exc}"[:300], "loop_stall_max_ms": None}
        collector.stop()
        search_worst = max(v["max"] for v in big["search"].values())
        from ui.queue.view import SEARCH_DEBOUNCE_MS

        reports = big["reports"]
        result = {
            "benchmark": "ui", "rows": args.rows, "seed_s": round(seeded["seed_s"], 1),
            "cold_start": cold, "office_queue_ms": big["office_queue_ms"],
            "search": big["search"], "search_worst_ms": search_worst,
            "search_debounce_ms": SEARCH_DEBOUNCE_MS,
            "search_typed_2_chars_ms": big["search_typed_2_chars_ms"],
            "scroll": big["scroll"], "sync": sync, "reports": reports, "budgets": BUDGETS,
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "cpu_s": round(time.process_time(), 1), "cpus": os.cpu_count(),
            "within_budget": {
                "reports": reports.get("within_budget"),
                "cold_start_window": cold["window_ms"]["max"] <= BUDGETS["cold_start_window_ms"],
                "search": search_worst <= BUDGETS["search_ms"],
                "scroll": big["scroll"]["loop_stall_max_ms"] <= BUDGETS["scroll_stall_ms"],
                "sync": sync["loop_stall_max_ms"] is not None
                and sync["loop_stall_max_ms"] <= BUDGETS["sync_stall_max_ms"],
            },
        }  # fmt: skip
        print(json.dumps(result, ensure_ascii=False))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
