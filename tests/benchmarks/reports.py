"""Benchmark of the supervisor reports (offline/reports.py) at scale (`--rows N`, default 1e6).

Seeds N applications over two years with the store benchmark's generator (same first-sync
bulk path), each given a realistic spread — acceptance 0.5 h–3 days after receipt,
completion 1–20 days after acceptance, due dates 7–27 days out, a rating on 60 % — then
times `reports.build` for today, this week, the last 30 days, the last year and the whole
two years, plus the CSV and XLSX exports of the year. Prints one JSON object as its last line.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this folder would be sys.path[0], and its platform.py (another
# benchmark) would shadow the standard library's `platform`. Use the repo root instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parents[1]))

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402
from typing import Any  # noqa: E402

from offline import reports  # noqa: E402
from offline.reports_export import to_csv, to_xlsx  # noqa: E402
from offline.store.store import Store  # noqa: E402
from tests.benchmarks.store import NOW, OFFICE, TERMINAL, Generator, timed  # noqa: E402

BUDGET_MS = 1000.0


def _spread(doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    received = datetime.fromisoformat(doc["received_at"])
    at = received
    for step in doc["history"][1:]:
        hours = rng.uniform(0.5, 72) if step["to"] == "accepted" else rng.uniform(24, 480)
        at = at + timedelta(hours=hours)
        step["at"] = at.isoformat(timespec="seconds")
        if step["to"] == "accepted":
            doc["accepted_at"] = step["at"]
    if doc["accepted_at"] is not None:
        doc["due_date"] = (received + timedelta(days=7 + rng.randrange(20))).date().isoformat()
    if rng.random() < 0.6:
        score = rng.choices((1, 2, 3, 4, 5), weights=(2, 2, 6, 30, 60))[0]
        doc["ratings"] = [{"id": f"{doc['id']}-r", "stage": "acceptance", "score": score,
                           "comment": "", "at": doc["received_at"]}]  # fmt: skip
    return doc


def seed(store: Store, gen: Generator, rows: int, chunk: int = 20_000) -> tuple[float, float]:
    """Wall and process CPU seconds of the seed (document generation included)."""
    rng = random.Random(7)
    t0, c0 = time.perf_counter(), time.process_time()
    with store.first_sync():
        for start in range(0, rows, chunk):
            docs = [
                _spread(gen.doc(i), rng) for i in range(start + 1, min(rows, start + chunk) + 1)
            ]
            changes = [{"seq": i, "record_id": d["id"], "version": d["version"], "doc": d}
                       for i, d in enumerate(docs, start=start + 1)]  # fmt: skip
            store.apply_pull_page(changes, {"epoch": 1, "seq": start + len(docs)})
    return time.perf_counter() - t0, time.process_time() - c0


def run(rows: int, work: Path, seed_value: int, reps: int) -> int:
    key = os.urandom(32)
    db = work / "store.db"
    store = Store.create(db, key)
    store.register_device(OFFICE, TERMINAL)
    gen = Generator(seed_value, store.device_id, rows)
    store.upsert_catalog(gen.items)
    seed_s, seed_cpu = seed(store, gen, rows)
    store.conn.execute("PRAGMA optimize").fetchall()
    store.close()
    store = Store.open(db, key, check="none")
    periods = {
        "today": reports.today(NOW),
        "this_week": reports.this_week(NOW),
        "last_30_days": reports.date_range((NOW - timedelta(days=29)).date(), NOW.date()),
        "last_year": reports.date_range((NOW - timedelta(days=364)).date(), NOW.date()),
        "two_years": reports.date_range((NOW - timedelta(days=731)).date(), NOW.date()),
    }
    out: dict[str, Any] = {"benchmark": "reports", "rows": rows, "seed_seconds": round(seed_s, 1),
                           "seed_cpu_seconds": round(seed_cpu, 1)}  # fmt: skip
    for name, period in periods.items():
        out[name] = timed(lambda p=period: reports.build(store, p), reps)
        out[name]["cohort"] = reports.build(store, period).total
    year = reports.build(store, periods["last_year"])
    out["export_csv"] = timed(lambda: to_csv(year, work / "r.csv"), reps)
    out["export_xlsx"] = timed(lambda: to_xlsx(year, work / "r.xlsx"), reps)
    store.close()
    out["within_budget_1s"] = {k: out[k]["p99_ms"] <= BUDGET_MS for k in periods}
    out["load_average_1m"] = round(os.getloadavg()[0], 2)
    out["cpus"] = os.cpu_count()
    print(json.dumps(out, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--dir", type=Path, help="work dir (default: a temp dir, removed)")
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="cd-bench-reports-", dir=args.dir))
    try:
        return run(args.rows, work, args.seed, args.reps)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
