"""Run chaos schedules in batches, shrink failures, and report one JSON object.

A batch shares one platform subprocess and one set of devices (state accumulates across
the batch, as in an office that keeps working). After every schedule the network heals,
every device syncs to quiescence and all nine invariants are checked. A schedule that
breaks one is rerun alone on a fresh world and shrunk to a minimal replay, printed with
its seed. `python -m tests.chaos.runner --schedules 1000` is what `make chaos` runs.

Several engineers edit the same checkout while a 1,000-schedule run takes many minutes,
so by default the runner first copies the committed tree (`git archive HEAD`) to a temp
dir and runs there (`--in-place` runs the working tree as it is; so does a checkout
without git). The JSON names the commit it tested.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests.chaos.schedule import Options, Step, generate, replay_text, shrink
from tests.chaos.world import World


@dataclass
class Failure:
    seed: int
    problems: list[str]
    replay: str


@dataclass
class BatchReport:
    schedules: int = 0
    mutations: int = 0
    kills: int = 0
    restarts: int = 0
    epochs: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    violations: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    harness_errors: int = 0


async def run_steps(world: World, steps: list[Step]) -> list[str]:
    for step in steps:
        await world.run_step(step)
    return await world.check()


async def run_alone(root: Path, steps: list[Step], devices: int) -> list[str]:
    world = World(root, devices)
    await world.start()
    try:
        return await run_steps(world, steps)
    finally:
        await world.close()


async def explain(root: Path, seed: int, steps: list[Step], devices: int) -> str:
    """Rerun a failed schedule alone; if it fails there, shrink it to a minimal replay."""
    counter = iter(range(10_000))

    def fails(candidate: list[Step]) -> bool:
        sub = root / f"shrink-{next(counter)}"
        return bool(
            asyncio.run_coroutine_threadsafe(run_alone(sub, candidate, devices), loop).result()
        )

    loop = asyncio.get_running_loop()
    if not await run_alone(root / "alone", steps, devices):
        return (
            replay_text(seed, steps) + "\n  (fails only after the earlier schedules of its batch)"
        )
    minimal = await asyncio.to_thread(shrink, steps, fails, budget=20)
    return replay_text(seed, minimal)


async def run_batch(
    root: Path, seeds: list[int], options: Options | None = None, *, shrink_failures: bool = True
) -> BatchReport:
    opts = options or Options()
    report = BatchReport()
    world = World(root / "world", opts.devices)
    await world.start()
    try:
        for seed in seeds:
            steps = generate(seed, opts)
            problems = await run_steps(world, steps)
            report.schedules += 1
            if problems:
                replay = replay_text(seed, steps)
                if shrink_failures:
                    replay = await explain(root / f"seed-{seed}", seed, steps, opts.devices)
                report.failures.append(Failure(seed, problems, replay))
                print(
                    f"chaos seed {seed} FAILED:\n  " + "\n  ".join(problems[:20]), file=sys.stderr
                )
                print(replay, file=sys.stderr)
        stats = world.stats
        report.mutations = len(await asyncio.to_thread(_platform_mutations, world))
        report.kills, report.restarts, report.epochs = stats.kills, stats.restarts, stats.epochs
        report.faults = stats.faults + Counter(
            {
                "platform_restart": stats.restarts,
                "epoch_reset": stats.epochs,
                "partition": stats.partitions,
                "sigkill": stats.kills,
            }
        )
        report.violations = stats.violations
    finally:
        await world.close()
    return report


def _platform_mutations(world: World) -> list[object]:
    from tests.chaos.invariants import read_platform

    return list(read_platform(world.db_path).mutations)


def summary(reports: list[BatchReport], seconds: float) -> dict[str, object]:
    v: Counter[str] = Counter()
    faults: Counter[str] = Counter()
    for r in reports:
        v += r.violations
        faults += r.faults
    return {
        "schedules": sum(r.schedules for r in reports),
        "mutations": sum(r.mutations for r in reports),
        "faults": dict(sorted(faults.items())),
        "kills": sum(r.kills for r in reports),
        "duplicates": v["I1"] + v["I2"],
        "lost": v["I3"] + v["I3/I9"],
        "diverged": v["I5"] + v["I6"] + v["I7"] + v["I4"],
        "wedged": v["I8"],
        "failed_seeds": [f.seed for r in reports for f in r.failures],
        "harness_errors": sum(r.harness_errors for r in reports),
        "seconds": round(seconds, 1),
    }


def deep(steps: int) -> Options:
    """The `make chaos` mix: every fault kind, kills and restarts a little rarer than
    clerk work so 1,000 schedules fit in well under an hour on two cores."""
    return Options(
        steps=steps,
        weights={
            "clerk": 8,
            "backoffice": 3,
            "sync": 5,
            "partition": 1,
            "heal_link": 1,
            "kill": 0.5,
            "restart": 0.2,
            "epoch": 0.3,
        },
    )


ROOT = Path(__file__).resolve().parents[2]


def _setup_process() -> None:
    import keyring

    from tests.conftest import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())  # secrets of throwaway test profiles stay in memory
    logging.getLogger("stamina").setLevel(logging.ERROR)  # retries are expected here


def _run_batch_job(job: tuple[Path, list[int], Options]) -> BatchReport:
    """One batch in a pool process; a broken harness (e.g. the platform would not start)
    is counted, not raised."""
    root, seeds, options = job
    try:
        return asyncio.run(run_batch(root, seeds, options))
    except Exception:
        traceback.print_exc()
        return BatchReport(harness_errors=1)


_SNAPSHOT_ENV = "COUNTERDESK_CHAOS_COMMIT"


def _head() -> str | None:
    """The checkout's HEAD commit, or None outside a git checkout."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def run_from_snapshot(argv: list[str], commit: str) -> int:
    """Run this runner in a temp copy of `commit` (the same interpreter and venv)."""
    with tempfile.TemporaryDirectory(prefix="chaos-src-") as src:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", commit], cwd=ROOT, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", src], input=archive.stdout, check=True)
        env = {**os.environ, _SNAPSHOT_ENV: commit}
        print(f"chaos: running commit {commit[:12]} from {src}", file=sys.stderr, flush=True)
        cmd = [sys.executable, "-m", "tests.chaos.runner", *argv, "--in-place"]
        return subprocess.run(cmd, cwd=src, env=env, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description="CounterDesk sync chaos suite")
    parser.add_argument("--schedules", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=25)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--steps", type=int, default=14)
    parser.add_argument(
        "--in-place", action="store_true", help="run the working tree, not a copy of HEAD"
    )
    parser.add_argument("--jobs", type=int, default=1, help="batches run in parallel processes")
    args = parser.parse_args(argv)
    _setup_process()
    if not args.in_place:
        commit = _head()
        if commit is not None:
            return run_from_snapshot(argv, commit)
    seeds = list(range(args.first_seed, args.first_seed + args.schedules))
    reports: list[BatchReport] = []
    started = time.perf_counter()
    chunks = [seeds[i : i + args.batch] for i in range(0, len(seeds), args.batch)]
    with tempfile.TemporaryDirectory(prefix="chaos-") as tmp:
        jobs = [
            (Path(tmp) / f"batch-{n}", chunk, deep(args.steps)) for n, chunk in enumerate(chunks)
        ]
        with ProcessPoolExecutor(max(1, args.jobs), initializer=_setup_process) as pool:
            for n, report in enumerate(pool.map(_run_batch_job, jobs)):
                reports.append(report)
                progress = summary(reports, time.perf_counter() - started)
                print(
                    f"batch {n} done; so far: {json.dumps(progress)}",
                    file=sys.stderr,
                    flush=True,
                )
    result = summary(reports, time.perf_counter() - started)
    result["commit"] = os.environ.get(_SNAPSHOT_ENV) or "working tree"
    result["load_average_1m"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result, ensure_ascii=False))
    bad = result["duplicates"] or result["lost"] or result["diverged"] or result["wedged"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
