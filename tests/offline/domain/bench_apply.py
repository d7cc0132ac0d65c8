"""Benchmark: `apply_mutation(strict=True)` as the platform runs it on pushed mutations.

Not a test (pytest collects only test_*.py): run
`.venv/bin/python tests/offline/domain/bench_apply.py [N]`. Builds N realistic `create`
mutations over the first ten demo catalog items whose generated documents apply
(tests/support/mutations.py, the generator tests/benchmarks/platform.py pushes), applies
each with `owned=True` (a freshly parsed copy, as the platform's push does), then a
`set_fields` update (phone and address) of every created document. Prints one JSON
object: µs per mutation p50/mean (wall, per call) and CPU µs per mutation
(time.process_time over the loop), best of three runs by p50, with the load average.
`DOMAIN_ROOT=<dir holding an older offline/ package>` measures that version instead.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from counterdesk_resources import resource_path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
if os.environ.get("DOMAIN_ROOT"):
    sys.path.insert(0, os.environ["DOMAIN_ROOT"])

from client.wire import ServiceItem as WireItem  # noqa: E402
from offline.domain.catalog import ServiceItem  # noqa: E402
from offline.domain.mutations import apply_mutation  # noqa: E402
from tests.support.mutations import creates  # noqa: E402


def workload(count: int) -> tuple[list[dict[str, Any]], list[ServiceItem]]:
    raw = json.loads(resource_path("catalog", "items.json").read_text(encoding="utf-8"))
    usable = []
    for data in raw:
        if not data.get("active", True):
            continue
        wire, item = WireItem.model_validate(data), ServiceItem.from_dict(data)
        probe = creates(
            wire, office_code="520102", device_id="d", clerk_id="u", first_seq=1, count=1
        )
        if apply_mutation(None, probe[0], strict=True, item=item).outcome == "applied":
            usable.append((wire, item))  # the generator's text may miss an item's pattern
    muts: list[dict[str, Any]] = []
    items: list[ServiceItem] = []
    for k, (wire, item) in enumerate(usable[:10]):
        batch = creates(
            wire, office_code="520102", device_id="dev", clerk_id="u-clerk1",
            first_seq=1, count=count // 10, seed=k,
        )  # fmt: skip
        muts += batch
        items += [item] * len(batch)
    return muts, items


def update(doc: dict[str, Any], i: int) -> dict[str, Any]:
    return {
        "op_id": f"op-{i}", "device_id": "dev", "seq": 2, "kind": "set_fields",
        "record_id": doc["id"], "actor": "u-clerk1", "role": "clerk",
        "at": "2026-11-26T10:00:00+08:00",
        "payload": {
            "fields": {"phone": "13912345678", "address": "贵州省贵阳市云岩区"},
            "base": {"phone": doc["phone"], "address": doc["address"]},
        },
    }  # fmt: skip


def run(muts: list[dict[str, Any]], items: list[ServiceItem]) -> dict[str, float]:
    owned = [json.loads(json.dumps(m)) for m in muts]  # what a push parse hands over
    gc.collect()
    gc.disable()
    create_ns, update_ns, docs = [], [], []
    cpu0 = time.process_time()
    for m, item in zip(owned, items, strict=True):
        t = time.perf_counter_ns()
        applied = apply_mutation(None, m, strict=True, item=item, owned=True)
        create_ns.append(time.perf_counter_ns() - t)
        assert applied.outcome == "applied", applied.issues
        docs.append(applied.doc)
    cpu1 = time.process_time()
    for i, (doc, item) in enumerate(zip(docs, items, strict=True)):
        assert doc is not None
        m = update(doc, i)
        t = time.perf_counter_ns()
        applied = apply_mutation(doc, m, strict=True, item=item)
        update_ns.append(time.perf_counter_ns() - t)
        assert applied.outcome == "applied", applied.issues
    cpu2 = time.process_time()
    gc.enable()
    n = len(owned)
    return {
        "create_p50_us": statistics.median(create_ns) / 1000,
        "create_mean_us": statistics.mean(create_ns) / 1000,
        "create_cpu_us_per_mutation": (cpu1 - cpu0) / n * 1e6,
        "update_p50_us": statistics.median(update_ns) / 1000,
        "update_mean_us": statistics.mean(update_ns) / 1000,
        "update_cpu_us_per_mutation": (cpu2 - cpu1) / n * 1e6,
    }


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    muts, items = workload(count)
    best = min((run(muts, items) for _ in range(3)), key=lambda r: r["create_p50_us"])
    out: dict[str, Any] = {"benchmark": "domain_apply", "creates": len(muts)}
    out |= {k: round(v, 2) for k, v in best.items()}
    out["domain_root"] = os.environ.get("DOMAIN_ROOT", str(ROOT))
    out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    out["process_cpu_s"] = round(time.process_time(), 2)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
