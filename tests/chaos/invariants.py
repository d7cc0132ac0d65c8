"""The nine invariants of DESIGN.md, checked on snapshots of the platform and the devices.

Snapshots are plain data read with SQL from the platform's SQLite file and from each
device's encrypted store (on its store thread), so the checks do not trust either side's
API to describe itself. Each failed check returns one line saying which invariant broke
and where; an empty list means all nine hold.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from offline.domain.transitions import find_transition

CLOSED = {"applied", "duplicate", "conflict", "rejected"}


@dataclass
class PlatformSnapshot:
    epoch: int
    mutations: list[tuple[str, str, int, str]]  # op_id, device_id, seq, outcome
    records: dict[str, tuple[str, int, dict[str, Any]]]  # id -> office, version, doc
    last_applied: dict[str, int]  # device_id -> last_applied_seq
    # op_ids the platform refused for who signed them: honest clerks must never get one
    signature_rejections: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class DeviceSnapshot:
    name: str
    device_id: str
    office_code: str
    outbox: list[tuple[int, str, str]]  # seq, op_id, state
    server_copies: dict[str, tuple[int, dict[str, Any]]]
    local_views: dict[str, dict[str, Any]]
    issues: list[tuple[str, str, bool]]  # kind, op_id, resolved
    cursor: tuple[int, int]


@dataclass
class Ledger:
    """What the driver saw: op_ids each clerk action returned, cursors after each sync."""

    ops: dict[str, list[str]] = field(default_factory=dict)  # device name -> op_ids
    cursors: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def op(self, device: str, op_id: str) -> None:
        self.ops.setdefault(device, []).append(op_id)

    def cursor(self, device: str, cursor: tuple[int, int]) -> None:
        self.cursors.setdefault(device, []).append(cursor)


def read_platform(db_path: Path) -> PlatformSnapshot:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    try:
        epoch = int(conn.execute("SELECT epoch FROM meta").fetchone()[0])
        muts = [
            (str(a), str(b), int(c), str(d))
            for a, b, c, d in conn.execute(
                "SELECT op_id, device_id, seq, outcome FROM mutations ORDER BY device_id, seq"
            )
        ]
        records = {
            str(i): (str(o), int(v), json.loads(d))
            for i, o, v, d in conn.execute("SELECT id, office_code, version, doc FROM applications")
        }
        last = {
            str(d): int(s)
            for d, s in conn.execute("SELECT device_id, last_applied_seq FROM devices")
        }
        refused = [
            (str(op), str(reason))
            for op, reason in conn.execute(
                "SELECT op_id, json_extract(result, '$.reason') FROM mutations"
                " WHERE outcome = 'rejected' AND json_extract(result, '$.reason') IN"
                " ('unsigned', 'bad_signature', 'key_revoked', 'role_not_held',"
                " 'action_time_invalid')"
            )
        ]
    finally:
        conn.close()
    return PlatformSnapshot(epoch, muts, records, last, refused)


def check_all(
    platform: PlatformSnapshot, devices: list[DeviceSnapshot], ledger: Ledger
) -> list[str]:
    """Every broken invariant as a line of text; [] when all nine hold."""
    bad: list[str] = []
    by_op: dict[str, tuple[str, str, int, str]] = {}
    # 1. one outcome per op_id, no duplicate records
    counts = Counter(m[0] for m in platform.mutations)
    bad += [f"I1 op {op} has {n} outcomes" for op, n in counts.items() if n > 1]
    for m in platform.mutations:
        by_op[m[0]] = m
    receipts = Counter(doc.get("receipt_no") for _, _, doc in platform.records.values())
    bad += [f"I1 receipt {r} on {n} records" for r, n in receipts.items() if n > 1]
    for dev in devices:
        bad += _check_device(platform, dev, by_op, ledger)
    # 10. claims are proven: every honest clerk action carried a signature that verified
    bad += [f"I10 op {op} refused as {reason}" for op, reason in platform.signature_rejections]
    # 4. history holds only legal transitions
    for rid, (_, _, doc) in platform.records.items():
        for step in doc.get("history", []):
            row = find_transition(step.get("from"), step["to"], str(step.get("role")))
            if row is None:
                bad.append(f"I4 record {rid} illegal step {step.get('from')}->{step['to']}")
    return bad


def _check_device(
    platform: PlatformSnapshot,
    dev: DeviceSnapshot,
    by_op: dict[str, tuple[str, str, int, str]],
    ledger: Ledger,
) -> list[str]:
    bad: list[str] = []
    name = dev.name
    # 2. in order, no gaps: the platform holds seqs 1..N for this device and N = outbox size
    seqs = sorted(m[2] for m in platform.mutations if m[1] == dev.device_id)
    if seqs != list(range(1, len(seqs) + 1)):
        bad.append(f"I2 {name}: platform seqs have gaps: {_short(seqs)}")
    local_seqs = [s for s, _, _ in dev.outbox]
    if local_seqs != list(range(1, len(local_seqs) + 1)):
        bad.append(f"I2 {name}: outbox seqs have gaps: {_short(local_seqs)}")
    if platform.last_applied.get(dev.device_id, 0) != len(dev.outbox):
        bad.append(
            f"I2 {name}: platform last_applied_seq {platform.last_applied.get(dev.device_id)}"
            f" != outbox size {len(dev.outbox)}"
        )
    # 3 + 9. nothing lost: every op the clerk made is in the outbox, closed, and on the
    # platform with the same seq; conflicts/rejections are held in a record a person sees
    outbox_ops = {op: (seq, state) for seq, op, state in dev.outbox}
    for op in ledger.ops.get(name, []):
        if op not in outbox_ops:
            bad.append(f"I3/I9 {name}: committed op {op} missing from the outbox")
    issue_ops = {op for _, op, _ in dev.issues}
    for seq, op, state in dev.outbox:
        if state not in CLOSED:
            bad.append(f"I8 {name}: op {op} (seq {seq}) still {state} after heal")
            continue
        remote = by_op.get(op)
        if remote is None or remote[1] != dev.device_id or remote[2] != seq:
            bad.append(f"I3 {name}: op {op} seq {seq} not on the platform as sent: {remote}")
            continue
        platform_state = remote[3]
        if platform_state in {"conflict", "rejected"} and op not in issue_ops:
            bad.append(f"I3 {name}: {platform_state} op {op} has no conflict/rejection record")
        if state in {"conflict", "rejected"} and platform_state != state:
            bad.append(f"I3 {name}: op {op} is {state} locally, {platform_state} on platform")
    # 5. server copy == platform rows of the office; local view == server copy
    office_rows = {
        rid: (ver, doc)
        for rid, (office, ver, doc) in platform.records.items()
        if office == dev.office_code
    }
    if set(dev.server_copies) != set(office_rows):
        missing = set(office_rows) - set(dev.server_copies)
        extra = set(dev.server_copies) - set(office_rows)
        bad.append(
            f"I5 {name}: server copies differ: missing {_short(missing)} extra {_short(extra)}"
        )
    for rid, (ver, doc) in office_rows.items():
        mine = dev.server_copies.get(rid)
        if mine is not None and (mine[0] != ver or mine[1] != doc):
            bad.append(f"I5 {name}: record {rid} server copy v{mine[0]} != platform v{ver}")
    for rid, (_, doc) in dev.server_copies.items():
        if dev.local_views.get(rid) != doc:
            bad.append(f"I5 {name}: record {rid} local view != server copy")
    if set(dev.local_views) - set(dev.server_copies):
        bad.append(f"I5 {name}: local records never reached the platform")
    # 6. cursors never go backwards except on an epoch change
    seen = ledger.cursors.get(name, [])
    for before, after in itertools.pairwise(seen):
        if after < before and after[0] <= before[0]:
            bad.append(f"I6 {name}: cursor went back {before} -> {after}")
    # 7. never another office's rows
    for rid, (_, doc) in dev.server_copies.items():
        if doc.get("office_code") != dev.office_code:
            bad.append(f"I7 {name}: holds record {rid} of office {doc.get('office_code')}")
    for rid, doc in dev.local_views.items():
        if doc.get("office_code") != dev.office_code:
            bad.append(f"I7 {name}: local view {rid} of office {doc.get('office_code')}")
    return bad


def _short(values: Any) -> str:
    items = sorted(values)
    return str(items[:8]) + ("…" if len(items) > 8 else "")
