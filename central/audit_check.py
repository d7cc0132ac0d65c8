"""Verifying an exported audit log against the platform's registered keys.

The export is one JSON object per line, each an `audit_log` row of a device's store
(`seq, at, actor, action, record_id, op_id, detail, prev_hash, hash`, `detail` parsed).
The check trusts nothing the device says: it recomputes the hash chain, and for every
entry that records a signature (`detail.key_id`, `detail.digest`, `detail.sig`) it checks
the signature with the public key registered on the platform, that the key belongs to the
entry's actor, that the key was not revoked before the entry's time, and, for an action
the platform received, that it is the very action (same actor, key and signed digest).
It reports the first problem per entry.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from central.signatures import _at_seconds, _verify
from offline.store.audit import GENESIS, entry_hash


def check(db_path: Path, lines: list[str]) -> list[str]:
    """Problems found (empty when the whole log verifies)."""
    problems: list[str] = []
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        keys = {
            r[0]: (r[1], r[2], r[3])
            for r in conn.execute("SELECT key_id, user_id, public_key, revoked_at FROM user_keys")
        }
        applied = {
            r[0]: (r[1], r[2], r[3])
            for r in conn.execute(
                "SELECT op_id, actor, key_id, digest FROM mutations WHERE digest IS NOT NULL"
            )
        }
    finally:
        conn.close()
    prev = GENESIS
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row: dict[str, Any] = json.loads(line)
            content = {k: row[k] for k in ("at", "actor", "action", "record_id", "op_id", "detail")}
        except (ValueError, KeyError, TypeError):
            problems.append(f"line {number}: not an audit entry")
            continue
        if row.get("prev_hash") != prev or entry_hash(prev, content) != row.get("hash"):
            problems.append(f"line {number}: hash chain broken (edited, dropped or reordered)")
        prev = str(row.get("hash"))
        detail = row.get("detail")
        if not isinstance(detail, dict) or "sig" not in detail:
            continue
        key = keys.get(detail.get("key_id"))
        at = _at_seconds(row.get("at"))
        try:
            digest = bytes.fromhex(str(detail.get("digest")))
        except ValueError:
            digest = b""
        if key is None or key[0] != row.get("actor"):
            problems.append(f"line {number}: key not registered to {row.get('actor')}")
        elif not _verify(key[1], digest, detail.get("sig")):
            problems.append(f"line {number}: signature does not verify")
        elif key[2] is not None and (at is None or at >= key[2]):
            problems.append(f"line {number}: signed after the key was revoked")
        elif (mine := applied.get(row.get("op_id"))) is not None and mine != (
            row.get("actor"),
            detail.get("key_id"),
            digest.hex(),
        ):
            problems.append(f"line {number}: differs from the action the platform received")
    return problems


def main(db_path: Path, path: Path) -> int:
    problems = check(db_path, path.read_text(encoding="utf-8").splitlines())
    for problem in problems:
        print(problem)
    print("审计日志签名核验通过 / audit log verified" if not problems else "核验失败 / FAILED")
    return 0 if not problems else 1
