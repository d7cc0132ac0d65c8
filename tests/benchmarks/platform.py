"""Benchmark: push and pull through the real client against the real platform on loopback.

The platform runs in a subprocess (its own GIL, as in production), the client is the real
``PlatformClient``. It pushes 10,000 ``create`` mutations in batches (timed), tops the
office's change log up to 100,000 changes (untimed), then pulls all 100,000 changes
(timed). Every push outcome must be ``applied`` (a benchmark of rejections would measure
nothing); the counts are printed. Bytes on the wire are counted below the client's gzip
decoding (push bodies go compressed as the client sends them by default). As the physical
yardstick, the same mutation rows and change rows are written with one plain
``executemany`` into SQLite in the same run. On a shared machine wall time depends on the
neighbours, so the CPU seconds of the platform process and of the client in each timed
phase are reported too. The last line printed is one JSON object.

Every pushed action is signed (as the store signs it) and the terminal proves itself. The
same signed pushes then go to a second platform started with ``--no-verify-signatures``
in the same run: the ratio of the two push rates is the cost of checking signatures and
roles at the time of the action (budget: under 10% of push throughput).

The client's garbage collector: ``--client-gc python`` (default) leaves Python's automatic
collection on, as a plain script has it. ``--client-gc app`` runs the client the way the
desktop app does (`ui.gc_guard.MainThreadGC`: automatic collection off, a young-generation
pass every 2 s on the loop): a 5,000-change pull page is ~500,000 new containers, and the
automatic full passes over them were a fifth of the client's CPU time.

Run: ``.venv/bin/python tests/benchmarks/platform.py [--push N] [--pull N] [--batch N]
[--pull-limit N] [--client-gc python|app]``.
Budgets (DESIGN.md): push >= 5,000 mutations/s, pull >= 20,000 changes/s.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would shadow the
# standard library's ``platform`` module: put the project root there instead.
_HERE = Path(__file__).resolve().parent
ROOT = _HERE.parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sqlite3  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from typing import Any  # noqa: E402

import httpx  # noqa: E402
import keyring  # noqa: E402

from central.runner import start_subprocess  # noqa: E402
from central.seed import DEMO_USERS  # noqa: E402
from client.api import PlatformClient, _encode_push  # noqa: E402
from client.responses import parse  # noqa: E402
from client.settings import ClientSettings, RetryPolicy, Timeouts  # noqa: E402
from client.wire import API_PREFIX, MAX_PULL_LIMIT, Cursor, PullResponse  # noqa: E402
from tests.conftest import MemoryKeyring  # noqa: E402
from tests.support.metering import MeteringTransport  # noqa: E402
from tests.support.mutations import creates  # noqa: E402
from tests.support.signing import DeviceKey, UserSigner, register_device  # noqa: E402

PASSWORD = "Demo@2026"
USER = "nm-clerk1"
PUSH_BUDGET = 5_000.0
PULL_BUDGET = 20_000.0


def executemany_rate(rows: list[tuple[Any, ...]], tmp: Path, name: str) -> float:
    """Rows/s of one plain executemany of the same rows into a fresh SQLite file."""
    path = tmp / f"baseline-{name}.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"CREATE TABLE t ({', '.join(f'c{i}' for i in range(len(rows[0])))})")
    marks = ", ".join("?" for _ in rows[0])
    start = time.perf_counter()
    with conn:
        conn.executemany(f"INSERT INTO t VALUES ({marks})", rows)
    elapsed = time.perf_counter() - start
    conn.close()
    return len(rows) / elapsed


def encode_cost(muts: list[dict[str, Any]], batch: int, compress_over: int) -> float:
    """Seconds the client spends validating, serialising and compressing these push batches
    (the client's own encoder, as `PlatformClient.push` calls it; best of 3)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for i in range(0, len(muts), batch):
            _encode_push("bench", muts[i : i + batch], compress_over)
        best = min(best, time.perf_counter() - start)
    return best


def decode_cost(page: PullResponse) -> float:
    """Seconds the client's response parser spends on one pull page like the last one
    (best of 3)."""
    raw = page.model_dump_json().encode()
    response = httpx.Response(200, content=raw, headers={"content-type": "application/json"})
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        parse(response, PullResponse)
        best = min(best, time.perf_counter() - start)
    return best


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def push_all(
    api: PlatformClient, device: str, muts: list[dict[str, Any]], batch: int
) -> tuple[float, Counter[str]]:
    start = time.perf_counter()
    outcomes: Counter[str] = Counter()
    for i in range(0, len(muts), batch):
        result = await api.push(device, muts[i : i + batch])
        outcomes.update(o.outcome.value for o in result.outcomes)
        bad = [o for o in result.outcomes if o.outcome.value != "applied"]
        if bad:
            raise RuntimeError(f"push not applied: {bad[0].outcome} {bad[0].reason}")
    return time.perf_counter() - start, outcomes


async def app_gc(interval: float = 2.0) -> None:
    """The app's collection policy (ui.gc_guard): young generations every ``interval`` s."""
    while True:
        await asyncio.sleep(interval)
        gc.collect(1)


async def enrol(
    api: PlatformClient, base_url: str, device: DeviceKey, signer: UserSigner
) -> tuple[str, Any]:
    """Sign in, have the office's supervisor register the terminal, register the user's
    key: (office code, terminal info)."""
    login = await api.login(USER, PASSWORD, device.device_id)
    office = login.user.office_code or ""
    users = {u.username: u for u in DEMO_USERS}
    await asyncio.to_thread(register_device, base_url + API_PREFIX, users, office, device)
    api.use_device_key(device.device_id, device.key)
    await api.register_user_key(signer.key_id, device.device_id, signer.public_key)
    return office, await api.register_device(device.device_id, "benchmark")


async def unverified_push_rate(
    args: argparse.Namespace,
    tmp: Path,
    settings: ClientSettings,
    device: DeviceKey,
    signer: UserSigner,
    muts: list[dict[str, Any]],
) -> tuple[float, float]:
    """(ops/s, platform CPU s) of the same signed pushes on a platform that skips the
    signature checks (`--no-verify-signatures`): the yardstick for their cost."""
    server = start_subprocess(
        tmp / "platform-unverified.db", seed_demo=True, extra=["--no-verify-signatures"]
    )
    try:
        unverified = ClientSettings(
            server.base_url,
            **{k: getattr(settings, k) for k in ("profile", "trust_env", "timeouts", "retry")},
        )
        async with PlatformClient(unverified) as api:
            await enrol(api, server.base_url, device, signer)
            await push_all(api, device.device_id, muts[:1], 1)
            assert server.proc is not None
            cpu0 = cpu_seconds(server.proc.pid)
            seconds, _ = await push_all(api, device.device_id, muts[1 : args.push + 1], args.batch)
            return args.push / seconds, cpu_seconds(server.proc.pid) - cpu0
    finally:
        server.stop()


async def run(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    keyring.set_keyring(MemoryKeyring())
    server = start_subprocess(tmp / "platform.db", seed_demo=True)
    bench_device = DeviceKey("bench-device-1")
    signer = UserSigner("u-" + USER)
    settings = ClientSettings(
        server.base_url,
        profile="bench",
        trust_env=False,
        timeouts=Timeouts(connect=5, read=120, write=120, pool=10),
        retry=RetryPolicy(attempts=1),
    )
    meter = MeteringTransport(httpx.AsyncHTTPTransport())
    try:
        async with PlatformClient(settings, transport=meter) as api:
            office, device = await enrol(api, server.base_url, bench_device, signer)
            catalog = await api.catalog()
            assert catalog is not None
            item = next(i for i in catalog.items if i.active)
            total = max(args.pull, args.push + 1)
            muts = creates(
                item,
                office_code=office,
                device_id="bench-device-1",
                clerk_id=signer.user_id,
                first_seq=1,
                count=total,
                terminal_code=device.terminal_code,
            )
            signer.sign_all(muts)  # as the store signs each action when it is taken

            # The generated rows are the benchmark's, not the client's: keep the collector
            # from rescanning them during the timed phases.
            # One untimed create first: the platform's first-use costs (imports, stdnum's
            # region table) belong to start-up, not to the throughput.
            await push_all(api, "bench-device-1", muts[:1], 1)
            gc.collect()
            gc.freeze()
            collector = None
            if args.client_gc == "app":
                gc.disable()
                collector = asyncio.ensure_future(app_gc())
            assert server.proc is not None
            pid = server.proc.pid
            meter.reset()
            cpu0, own0 = cpu_seconds(pid), time.process_time()
            timed = muts[1 : args.push + 1]
            push_s, outcomes = await push_all(api, "bench-device-1", timed, args.batch)
            push_cpu = (cpu_seconds(pid) - cpu0, time.process_time() - own0)
            push_bytes = meter.sent + meter.received
            push_requests = meter.requests

            fill_s, fill_outcomes = await push_all(
                api, "bench-device-1", muts[args.push + 1 :], args.batch
            )

            meter.reset()
            cursor, pulled = Cursor(epoch=0, seq=0), 0
            cpu0, own0 = cpu_seconds(pid), time.process_time()
            start = time.perf_counter()
            while True:
                page = await api.pull("bench-device-1", cursor, limit=args.pull_limit)
                pulled += len(page.changes)
                cursor = page.cursor
                if not page.has_more:
                    break
            pull_s = time.perf_counter() - start
            pull_cpu = (cpu_seconds(pid) - cpu0, time.process_time() - own0)
            pull_bytes, pull_body = meter.sent + meter.received, meter.received_body
            pull_requests = meter.requests
            client_decode_s = decode_cost(page) * pull_requests
            if collector is not None:
                collector.cancel()
                gc.enable()
    finally:
        server.stop()
    unverified_rate, unverified_cpu = await unverified_push_rate(
        args, tmp, settings, bench_device, signer, muts
    )
    client_encode_s = encode_cost(muts[: args.push], args.batch, settings.compress_push_over)

    push_rows = [
        (m["op_id"], m["seq"], m["record_id"], json.dumps(m, ensure_ascii=False))
        for m in muts[: args.push]
    ]
    change_rows = [
        (i, m["record_id"], 1, json.dumps(m["payload"]["doc"], ensure_ascii=False))
        for i, m in enumerate(muts[: args.pull], 1)
    ]
    push_base = executemany_rate(push_rows, tmp, "push")
    pull_base = executemany_rate(change_rows, tmp, "pull")
    push_rate = args.push / push_s
    pull_rate = pulled / pull_s
    return {
        "benchmark": "platform",
        "push_mutations": args.push,
        "push_batch": args.batch,
        "push_seconds": round(push_s, 3),
        "push_ops_per_s": round(push_rate, 1),
        "push_budget_ops_per_s": PUSH_BUDGET,
        "push_within_budget": push_rate >= PUSH_BUDGET,
        "push_requests": push_requests,
        "push_wire_bytes_per_mutation": round(push_bytes / args.push, 1),
        "push_client_encode_share": round(client_encode_s / push_s, 3),
        "push_outcomes": dict(outcomes),
        "push_ops_per_s_without_signature_checks": round(unverified_rate, 1),
        "signature_check_cost_share": round(1 - push_rate / unverified_rate, 3),
        "signature_check_platform_cpu_share": round(1 - unverified_cpu / push_cpu[0], 3),
        "signature_check_budget_share": 0.10,
        "fill_outcomes": dict(fill_outcomes),
        "push_platform_cpu_s": round(push_cpu[0], 3),
        "push_client_cpu_s": round(push_cpu[1], 3),
        "push_ops_per_cpu_s": round(args.push / max(sum(push_cpu), 1e-9), 1),
        "fill_mutations": total - args.push,
        "fill_ops_per_s": round((total - args.push - 1) / fill_s, 1) if fill_s else None,
        "pull_changes": pulled,
        "pull_page_limit": args.pull_limit,
        "client_gc": args.client_gc,
        "pull_seconds": round(pull_s, 3),
        "pull_changes_per_s": round(pull_rate, 1),
        "pull_budget_changes_per_s": PULL_BUDGET,
        "pull_within_budget": pull_rate >= PULL_BUDGET,
        "pull_requests": pull_requests,
        "pull_client_decode_share": round(client_decode_s / pull_s, 3),
        "pull_platform_cpu_s": round(pull_cpu[0], 3),
        "pull_client_cpu_s": round(pull_cpu[1], 3),
        "pull_changes_per_cpu_s": round(pulled / max(sum(pull_cpu), 1e-9), 1),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "pull_wire_bytes_per_change": round(pull_bytes / max(pulled, 1), 1),
        "pull_gzip_body_bytes_per_change": round(pull_body / max(pulled, 1), 1),
        "executemany_push_rows_per_s": round(push_base, 1),
        "executemany_pull_rows_per_s": round(pull_base, 1),
        "push_ratio_to_executemany": round(push_rate / push_base, 4),
        "pull_ratio_to_executemany": round(pull_rate / pull_base, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--push", type=int, default=10_000)
    parser.add_argument("--pull", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--pull-limit", type=int, default=MAX_PULL_LIMIT)
    parser.add_argument("--client-gc", choices=["python", "app"], default="python")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cd-bench-platform-") as tmp:
        result = asyncio.run(run(args, Path(tmp)))
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
