"""A chaos world: one real platform subprocess, three real devices in two offices, a back
office, and the code that carries out one schedule step at a time.

Faults wrap the real parts: the devices' HTTP goes through `FaultTransport`, the platform
is a subprocess that can be killed and restarted on the same port and database, epochs
are bumped on the live database, and device kills are SIGKILLs of a real child process
running a sync on the device's encrypted store.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import keyring

from central.admin import bump_epoch
from central.runner import ProcessServer
from central.seed import DEMO_USERS, seed
from client.errors import ClientError
from offline.domain.errors import DomainError
from offline.store.errors import StoreError
from tests.chaos.invariants import DeviceSnapshot, Ledger, check_all, read_platform
from tests.chaos.schedule import Step
from tests.fixtures.platform import FAST_HASHER
from tests.sync.harness import (
    Device,
    back_office_act,
    back_office_client,
    ensure_started,
    start_platform_process,
)

USERS = {u.username: u for u in DEMO_USERS}
DEVICE_USERS = ("nm-clerk1", "zz-clerk1", "nm-clerk2", "zz-clerk2")
CHILD = Path(__file__).with_name("child.py")
ROOT = Path(__file__).resolve().parents[2]
CLERK_MOVES: dict[str, list[tuple[str, str | None, Any]]] = {
    "received": [
        ("accepted", None, {}),
        ("awaiting_supplement", None, "missing"),
        ("rejection_proposed", "材料不符合法定形式", {}),
        ("withdrawn", "申请人撤回", {}),
    ],
    "awaiting_supplement": [
        ("received", None, {}),
        ("accepted", None, {}),
        ("withdrawn", "逾期未补正", {}),
    ],
    "accepted": [("withdrawn", "申请人撤回", {})],
    "approved": [("delivered", None, {"delivery": {"method": "pickup"}})],
    "denied": [("delivered", None, {"delivery": {"method": "pickup"}})],
}


@dataclass
class Stats:
    schedules: int = 0
    steps: int = 0
    clerk_actions: int = 0
    refused_actions: int = 0
    backoffice_actions: int = 0
    kills: int = 0
    restarts: int = 0
    epochs: int = 0
    partitions: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    violations: Counter[str] = field(default_factory=Counter)


class World:
    """Everything one batch of schedules runs against."""

    def __init__(self, root: Path, devices: int = 3) -> None:
        self.root = root
        self.n_devices = devices
        self.platform: ProcessServer | None = None
        self.devices: list[Device] = []
        self.backoffice: Any = None
        self.ledger = Ledger()
        self.stats = Stats()
        self.db_path = root / "central.db"

    async def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        seed(self.db_path, hasher=FAST_HASHER)
        self.platform = await asyncio.to_thread(
            start_platform_process, self.db_path, seed_demo=False
        )
        url = self.platform.base_url
        for i in range(self.n_devices):
            user = USERS[DEVICE_USERS[i]]
            self.devices.append(
                await Device.create(
                    f"chaos-{i}", user, self.root / f"dev{i}", url, seed=i, refresh_catalog=False
                )
            )
        self.backoffice = await back_office_client(url, USERS["backoffice"])

    async def close(self) -> None:
        """Stop everything even if one part fails to close (never leak a platform)."""
        try:
            for d in self.devices:
                with contextlib.suppress(Exception):
                    await d.aclose()
            if self.backoffice is not None:
                with contextlib.suppress(Exception):
                    await self.backoffice.aclose()
        finally:
            if self.platform is not None:
                await asyncio.to_thread(self.platform.stop)

    # -- steps --------------------------------------------------------------------------
    async def run_step(self, step: Step) -> None:
        self.stats.steps += 1
        dev = self.devices[step.device % len(self.devices)]
        rng = random.Random(step.pick)
        if step.kind == "clerk":
            await self._clerk(dev, step.action, rng)
        elif step.kind == "backoffice":
            await self._backoffice(step.action, rng)
        elif step.kind == "sync":
            dev.faults.add(*step.faults)
            await self._sync(dev)
            dev.faults.schedule.clear()
        elif step.kind == "partition":
            self.stats.partitions += 1
            dev.faults.down = True
        elif step.kind == "heal_link":
            dev.faults.down = False
        elif step.kind == "kill":
            await self._kill(dev, rng)
        elif step.kind == "restart":
            self.stats.restarts += 1
            assert self.platform is not None
            await asyncio.to_thread(self._restart_platform)
        elif step.kind == "epoch":
            self.stats.epochs += 1
            await asyncio.to_thread(bump_epoch, self.db_path)

    def _restart_platform(self) -> None:
        assert self.platform is not None
        self.platform.kill()
        ensure_started(self.platform)

    async def _sync(self, dev: Device) -> Any:
        outcome = await dev.engine.run()
        cursor = await dev.store.call(lambda s: s.pull_cursor())
        if cursor:
            self.ledger.cursor(dev.name, (cursor["epoch"], cursor["seq"]))
        return outcome

    async def _clerk(self, dev: Device, action: str, rng: random.Random) -> None:
        self.stats.clerk_actions += 1
        actor = dev.actor
        before = await dev.store.call(
            lambda s: s.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
        )
        try:
            if action == "intake":
                await dev.intake(rng)
            else:
                rows = await dev.store.call(
                    lambda s: s.conn.execute(
                        "SELECT id, status FROM applications ORDER BY id"
                    ).fetchall()
                )
                if not rows:
                    return
                rid, status = rows[rng.randrange(len(rows))]
                await self._clerk_on(dev, actor, action, str(rid), str(status), rng)
        except (DomainError, StoreError) as exc:  # refused: nothing may have changed
            self.stats.refused_actions += 1
            after = await dev.store.call(
                lambda s: s.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
            )
            assert after == before, f"a refused action changed the outbox: {exc}"
            return
        after = await dev.store.call(
            lambda s: s.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
        )
        if after > before:
            self.ledger.op(dev.name, await dev.last_op())

    async def _clerk_on(
        self, dev: Device, actor: Any, action: str, rid: str, status: str, rng: random.Random
    ) -> None:
        call = dev.store.call
        if action == "edit":
            fields = rng.choice(
                [
                    {"phone": f"137{rng.randint(10000000, 99999999)}"},
                    {"address": f"贵阳市云岩区{rng.randint(1, 99)}号"},
                ]
            )
            await call(lambda s: s.set_fields(actor, rid, fields))
        elif action == "transition":
            moves = CLERK_MOVES.get(status)
            if not moves:
                return
            to, reason, data = rng.choice(moves)
            if data == "missing":
                data = {"missing": [{"code": "M02", "name": "申请书", "problem": "未签字"}]}
            await call(lambda s: s.transition(actor, rid, to, reason=reason, data=data))
        elif action == "note":
            await call(lambda s: s.add_note(actor, rid, f"电话回访 {rng.randint(1, 99)}"))
        elif action == "rate":
            await call(lambda s: s.rate(actor, rid, "acceptance", rng.randint(1, 5), ""))
        elif action == "material":
            item = dev.items[0]
            code = item["materials"][0]["code"]
            content = rng.randbytes(rng.choice((0, 2000, 300_000))) or None
            await call(
                lambda s: s.add_material(
                    actor,
                    rid,
                    {"code": code, "originals": 1, "copies": 0},
                    content=content,
                    mime="image/jpeg",
                )
            )

    async def _backoffice(self, action: str, rng: random.Random) -> None:
        snap = await asyncio.to_thread(read_platform, self.db_path)
        if not snap.records:
            return
        rids = sorted(snap.records)
        rid = rids[rng.randrange(len(rids))]
        try:
            await back_office_act(self.backoffice, rid, action)
            self.stats.backoffice_actions += 1
        except ClientError:
            pass  # illegal for the record's status, or the platform is restarting

    async def _kill(
        self, dev: Device, rng: random.Random, max_delay: float = 1.0, after_runs: int = 0
    ) -> None:
        """SIGKILL a real child process syncing this device's store at a random instant
        (after ``after_runs`` of its sync runs have finished), then reopen the store."""
        self.stats.kills += 1
        dev.store.close()
        secrets = keyring.get_keyring().secrets  # type: ignore[attr-defined]
        env = {
            **os.environ,
            "CHAOS_KEYRING": json.dumps([[s, u, p] for (s, u), p in secrets.items()]),
            "CHAOS_PROFILE": dev.name,
            "CHAOS_DATA_DIR": str(dev.data_dir),
            "CHAOS_URL": dev.base_url,
            "CHAOS_USER": dev.username,
        }
        proc = subprocess.Popen(
            [sys.executable, str(CHILD)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert proc.stdout is not None
            ready = await asyncio.to_thread(proc.stdout.readline)  # child is about to sync
            for _ in range(after_runs):
                ready = ready and await asyncio.to_thread(proc.stdout.readline)
            if ready:
                # the crash instant is the simulated fault itself, drawn from the seeded rng
                await asyncio.sleep(rng.uniform(0.0, max_delay))
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
            await asyncio.to_thread(proc.wait)
            if proc.stdout is not None:
                proc.stdout.close()
        dev.reopen_store()

    # -- heal and check -----------------------------------------------------------------
    async def heal(self, max_rounds: int = 6) -> list[str]:
        """Network back, every device syncs until quiescent; returns wedged devices."""
        for d in self.devices:
            d.faults.down = False
            d.faults.schedule.clear()
        quiet = 0
        for _ in range(max_rounds):
            moved = 0
            all_ok = True
            for d in self.devices:
                before = d.engine.totals.pushed + d.engine.totals.pulled
                outcome = await self._sync(d)
                moved += d.engine.totals.pushed + d.engine.totals.pulled - before
                all_ok &= outcome.ok
            quiet = quiet + 1 if all_ok and moved == 0 else 0
            if quiet:
                return []
        return [d.name for d in self.devices if not (d.engine.board.status.settled)]

    async def snapshot(self, dev: Device) -> DeviceSnapshot:
        def read(s: Any) -> DeviceSnapshot:
            c = s.conn
            outbox = [
                (int(a), str(b), str(st))
                for a, b, st in c.execute("SELECT seq, op_id, state FROM outbox ORDER BY seq")
            ]
            copies = {
                str(r): (int(v), json.loads(d))
                for r, v, d in c.execute(
                    "SELECT s.record_id, s.version, coalesce(s.doc, a.doc) FROM server_copies AS s "
                    "LEFT JOIN applications AS a ON a.id = s.record_id"
                )
            }
            views = {
                str(r): json.loads(d) for r, d in c.execute("SELECT id, doc FROM applications")
            }
            issues = [
                (str(k), str(o), r is not None)
                for k, o, r in c.execute("SELECT kind, op_id, resolved_at FROM conflicts")
            ]
            ep, sq = c.execute("SELECT cursor_epoch, cursor_seq FROM sync_state").fetchone()
            return DeviceSnapshot(
                dev.name,
                s.device_id,
                s.office_code,
                outbox,
                copies,
                views,
                issues,
                (int(ep), int(sq)),
            )

        return await dev.store.call(read)

    async def check(self) -> list[str]:
        wedged = await self.heal()
        problems = [f"I8 {name}: did not settle after healing" for name in wedged]
        platform = await asyncio.to_thread(read_platform, self.db_path)
        snaps = [await self.snapshot(d) for d in self.devices]
        problems += check_all(platform, snaps, self.ledger)
        for p in problems:
            self.stats.violations[p.split(" ", 1)[0]] += 1
        for d in self.devices:
            self.stats.faults.update({str(k): v for k, v in d.faults.injected.items()})
            d.faults.injected.clear()
        return problems
