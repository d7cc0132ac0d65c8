"""Verifying who did each pushed action: the actor's signature and role at the action's time.

For every new mutation of a push batch `verdicts` gives a rejection reason, or nothing:

- `unsigned`: no signature;
- `bad_signature`: the key is unknown, not the actor's, not registered for this device or
  office, or the signature does not verify over the canonical bytes;
- `action_time_invalid`: the claimed time `at` is after the push (plus the allowed clock
  skew) or before the key was registered (minus the skew);
- `key_revoked`: the key was revoked before `at` (actions signed before stay valid);
- `role_not_held`: the actor did not hold the claimed role in this office at `at`.

Cost: one Ed25519 verification is dearer than applying a mutation, so a run of one key's
mutations linked by `prev` (each names the digest of the one before) is checked with the
signature of its LAST mutation only: that signature covers its own digest, which covers
the previous digest, and so on. If the last signature fails, every mutation of the run is
verified on its own, so one bad action never takes good ones down with it. Loaded public
keys are cached (`central.device_auth.public_key`).
"""

from __future__ import annotations

import base64
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from central.device_auth import public_key
from offline.domain.canonical import NotCanonical, mutation_digest, signed_message

# How far a counter PC's clock may be off when it stamps an action. Township PCs drift by
# minutes; a false rejection is a clerk's work set aside, while what a wider bound allows
# (an action dated a little after the push, or a little before its key) gains nothing.
CLOCK_SKEW = 3600.0


@dataclass(frozen=True)
class KeyRow:
    user_id: str
    device_id: str
    office_code: str
    public_key: str
    registered_at: float
    revoked_at: float | None


def _at_seconds(text: Any) -> float | None:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return None if moment.tzinfo is None else moment.timestamp()


def _verify(key_text: str, digest: bytes, sig: Any) -> bool:
    key = public_key(key_text)
    if key is None or not isinstance(sig, str):
        return False
    try:
        key.verify(base64.b64decode(sig, validate=True), signed_message(digest))
    except Exception:  # malformed base64, wrong length, InvalidSignature
        return False
    return True


class Roles:
    """Role history of the users a batch names, read once per user."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.cache: dict[str, list[tuple[str | None, str, float, float | None]]] = {}

    def held(self, user_id: str, role: str, office: str, at: float) -> bool:
        if user_id not in self.cache:
            self.cache[user_id] = [
                (r[0], r[1], float(r[2]), None if r[3] is None else float(r[3]))
                for r in self.conn.execute(
                    "SELECT office_code, role, from_at, to_at FROM role_history WHERE user_id = ?",
                    (user_id,),
                )
            ]
        return any(
            o == office and r == role and start <= at and (end is None or at < end)
            for o, r, start, end in self.cache[user_id]
        )


def _keys(conn: sqlite3.Connection, key_ids: list[str]) -> dict[str, KeyRow]:
    if not key_ids:
        return {}
    marks = ",".join("?" * len(key_ids))
    rows = conn.execute(
        "SELECT key_id, user_id, device_id, office_code, public_key, registered_at, revoked_at"
        f" FROM user_keys WHERE key_id IN ({marks})",
        key_ids,
    )
    return {r[0]: KeyRow(r[1], r[2], r[3], r[4], float(r[5]), r[6]) for r in rows}


def verdicts(
    conn: sqlite3.Connection,
    office: str,
    device_id: str,
    mutations: Sequence[tuple[dict[str, Any], Any, Any, Any]],
    now: float,
    roles: Roles | None = None,
    digests_out: list[str | None] | None = None,
) -> list[str | None]:
    """One rejection reason (or None) per `(fields, key_id, prev, sig)` of the batch's new
    mutations, in order; `fields` is the mutation's JSON-shaped dict (`json_fields`).
    `digests_out` (if given) receives the hex digest each signed mutation was checked
    against, None where there is none."""
    reasons: list[str | None] = [None] * len(mutations)
    keys = _keys(conn, list({k for _, k, _, s in mutations if isinstance(k, str) and s}))
    digests: list[bytes | None] = [None] * len(mutations)
    runs: dict[str, list[list[int]]] = {}
    for i, (data, key_id, prev, sig) in enumerate(mutations):
        key = keys.get(key_id) if isinstance(key_id, str) else None
        if sig is None:
            reasons[i] = "unsigned"
            continue
        if (
            key is None
            or key.user_id != data["actor"]
            or key.device_id != device_id
            or key.office_code != office
            or not isinstance(prev, str)
        ):
            reasons[i] = "bad_signature"
            continue
        try:
            digests[i] = mutation_digest({**data, "key_id": key_id, "prev": prev})
        except NotCanonical:
            reasons[i] = "bad_signature"
            continue
        key_runs = runs.setdefault(key_id, [])
        last = key_runs[-1][-1] if key_runs else None
        linked = last is not None and prev == (digests[last] or b"").hex()
        if linked:
            key_runs[-1].append(i)
        else:
            key_runs.append([i])
    for key_id, key_runs in runs.items():
        key_text = keys[key_id].public_key
        for run in key_runs:
            tail = run[-1]
            if _verify(key_text, digests[tail] or b"", mutations[tail][3]):
                continue
            for i in run:
                if not _verify(key_text, digests[i] or b"", mutations[i][3]):
                    reasons[i] = "bad_signature"
    roles = roles or Roles(conn)
    for i, (data, key_id, _, _) in enumerate(mutations):
        if reasons[i] is not None:
            continue
        key = keys[key_id]
        at = _at_seconds(data["at"])
        if at is None or at > now + CLOCK_SKEW or at < key.registered_at - CLOCK_SKEW:
            reasons[i] = "action_time_invalid"
        elif key.revoked_at is not None and at >= key.revoked_at:
            reasons[i] = "key_revoked"
        elif not roles.held(data["actor"], data["role"], office, at):
            reasons[i] = "role_not_held"
    if digests_out is not None:
        digests_out.extend(None if d is None else d.hex() for d in digests)
    return reasons
