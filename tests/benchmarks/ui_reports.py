"""Benchmark of the supervisor's reports screen (`--rows N`, default 1,000,000).

Measures, on the real ReportsView offscreen over a real encrypted store, the time from
choosing a period (today, this week, the last year, the last two years) to the view
showing its figures: the report computed on the store thread (ThreadRunner →
StoreThread → ``offline.reports.build`` plus the display names), delivered to the GUI
thread, tables, labels and charts filled, and the widget repainted synchronously. Each
period runs ``--runs`` times (the first, colder run is counted too); p50 and max of wall
time, and the process CPU time over the same span (GUI, runner and store threads).
The issue's budget: each report ≤ 1 s at 1,000,000 records.

The seed is the reports benchmark's (tests/benchmarks/reports.py: the store benchmark's
generator on the first-sync bulk path, with realistic acceptance, completion, due dates
and ratings). Prints one JSON object as its last line.

For the UI benchmark (tests/benchmarks/ui.py), with a QApplication and no event loop
running (e.g. between two ``qasync.run`` calls) and a StoreThread over the seeded store::

    from tests.benchmarks.ui_reports import measure_reports
    result["reports"] = measure_reports(store_thread, now=store_bench.NOW, runs=5)

Inside a running qasync loop use ``await measure_reports_async(...)`` instead (a nested
QEventLoop inside a coroutine is not safe).
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
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402
from typing import Any  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BUDGET_MS = 1000.0
PERIODS = ("today", "this_week", "one_year", "two_years")


class _Probe:
    """One ReportsView and the ways to choose each benchmark period on it."""

    def __init__(self, store: Any, now: datetime, office_name: str) -> None:
        from offline.domain.clock import local_date
        from ui.context import SignedInUser, WorkspaceContext
        from ui.intake.runner import ThreadRunner
        from ui.supervisor.reports import ReportsView

        office = store.call_blocking(lambda s: s.office_code) or ""
        ctx = WorkspaceContext(
            user=SignedInUser("u-bench-super", "super", "主管", office, ("supervisor",)),
            store=store,
            office_code=office,
            office_name=office_name,
            terminal_code="01",
            device_id="bench",
        )
        self.runner = ThreadRunner()
        self.view = ReportsView(ctx, self.runner)
        self.view.clock = lambda: now
        self.view._loaded_once = True  # the benchmark chooses every period itself
        self.view.resize(1280, 800)
        self.view.show()
        self.today = local_date(now)
        self.samples: dict[str, list[tuple[float, float, int]]] = {p: [] for p in PERIODS}

    def choose(self, name: str) -> Callable[[], None]:
        from ui.supervisor.reports import THIS_WEEK, TODAY

        view, today = self.view, self.today
        days = {"one_year": 364, "two_years": 729}
        if name == "today":
            return lambda: view.choose(TODAY)
        if name == "this_week":
            return lambda: view.choose(THIS_WEEK)

        def pick_range() -> None:
            view.set_range(today - timedelta(days=days[name]), today)
            view.apply_range()

        return pick_range

    def close(self) -> None:
        self.view.close()
        self.view.deleteLater()
        self.runner.shutdown()

    def result(self, runs: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, samples in self.samples.items():
            walls = [w for w, _c, _n in samples]
            cpus = [c for _w, c, _n in samples]
            out[name] = {
                "p50_ms": round(statistics.median(walls), 1),
                "max_ms": round(max(walls), 1),
                "first_ms": round(walls[0], 1),
                "cpu_p50_ms": round(statistics.median(cpus), 1),
                "cohort": samples[-1][2],
            }
        out["runs"] = runs
        out["budget_ms"] = BUDGET_MS
        out["within_budget"] = all(out[p]["max_ms"] <= BUDGET_MS for p in PERIODS)
        out["load_average_1m"] = round(os.getloadavg()[0], 2)
        return out


def measure_reports(
    store: Any, *, now: datetime, runs: int = 5, office_name: str = "南明区政务服务中心"
) -> dict[str, Any]:
    """Time each period on a real ReportsView (needs a QApplication, no running loop)."""
    from PySide6.QtCore import QEventLoop, QTimer

    probe = _Probe(store, now, office_name)
    try:
        for _ in range(runs):
            for name in PERIODS:
                shown: list[int] = []
                loop = QEventLoop()

                def on_computed(data: Any, shown: list[int] = shown, loop: Any = loop) -> None:
                    probe.view.repaint()  # synchronous paint: figures, tables and charts
                    shown.append(data.report.total)
                    loop.quit()

                probe.view.computed.connect(on_computed)
                probe.view.failed.connect(loop.quit)
                QTimer.singleShot(120_000, loop.quit)  # a stuck report must not hang the run
                t0, c0 = time.perf_counter(), time.process_time()
                probe.choose(name)()
                if not shown:
                    loop.exec()
                wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                probe.view.computed.disconnect(on_computed)
                probe.view.failed.disconnect(loop.quit)
                if not shown:
                    raise TimeoutError(f"report {name} did not arrive: {probe.view.status.text()}")
                probe.samples[name].append((wall * 1000, cpu * 1000, shown[0]))
        return probe.result(runs)
    finally:
        probe.close()


async def measure_reports_async(
    store: Any, *, now: datetime, runs: int = 5, office_name: str = "南明区政务服务中心"
) -> dict[str, Any]:
    """The same inside a running qasync loop: awaits a future, no nested event loop."""
    probe = _Probe(store, now, office_name)
    loop = asyncio.get_running_loop()
    try:
        for _ in range(runs):
            for name in PERIODS:
                arrived: asyncio.Future[int] = loop.create_future()

                def on_computed(data: Any, arrived: asyncio.Future[int] = arrived) -> None:
                    probe.view.repaint()
                    if not arrived.done():
                        arrived.set_result(data.report.total)

                probe.view.computed.connect(on_computed)
                t0, c0 = time.perf_counter(), time.process_time()
                probe.choose(name)()
                total = await asyncio.wait_for(arrived, 120)
                wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                probe.view.computed.disconnect(on_computed)
                probe.samples[name].append((wall * 1000, cpu * 1000, total))
        return probe.result(runs)
    finally:
        probe.close()


# ----------------------------------------------------------------------------- standalone
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dir", type=Path, default=None, help="work dir (a temp dir, removed)")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from offline.store.store import Store
    from sync.store_thread import StoreThread
    from tests.benchmarks import reports as reports_bench
    from tests.benchmarks import store as store_bench
    from ui.gc_guard import MainThreadGC

    work = Path(tempfile.mkdtemp(prefix="cd-bench-uireports-", dir=args.dir))
    try:
        key = os.urandom(32)
        db = work / "store.db"
        store = Store.create(db, key)
        store.register_device(store_bench.OFFICE, store_bench.TERMINAL)
        gen = store_bench.Generator(20261126, store.device_id, args.rows)
        store.upsert_catalog(gen.items)
        seed_s = reports_bench.seed(store, gen, args.rows)
        store.conn.execute("PRAGMA optimize").fetchall()
        store.close()
        print(f"seeded {args.rows} rows in {seed_s:.1f} s", file=sys.stderr)
        app = QApplication.instance() or QApplication(["bench"])
        collector = MainThreadGC(app)
        thread: StoreThread[Store] = StoreThread(lambda: Store.open(db, key, check="none"))
        c0 = time.process_time()
        try:
            measured = measure_reports(thread, now=store_bench.NOW, runs=args.runs)
        finally:
            thread.close()
            collector.stop()
        result = {
            "benchmark": "ui_reports",
            "rows": args.rows,
            "seed_s": round(seed_s, 1),
            **measured,
            "cpu_s_total": round(time.process_time() - c0, 2),
            "cpus": os.cpu_count(),
        }
        print(json.dumps(result, ensure_ascii=False))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
