"""The outbox (待推送队列): one row per clerk mutation, in per-device seq order.

Rows are never deleted: their final state (applied, duplicate, conflict, rejected) is the
record that nothing a clerk did was lost. A row stays "open" (pending or in_flight) until
the platform gives its outcome.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import uuid6

from offline.store import device
from offline.store.connection import Connection
from offline.store.jsonutil import dumps, loads

OPEN_STATES = ("pending", "in_flight")
_COLUMNS = "seq, op_id, kind, record_id, actor, role, at, payload, key_id, prev, sig"


def new_mutation(
    conn: Connection,
    *,
    kind: str,
    record_id: str,
    actor: str,
    role: str,
    at: str,
    payload: dict[str, Any],
    op_id: str | None = None,
) -> dict[str, Any]:
    """A mutation in the wire shape with a fresh op_id (UUIDv7) and the next seq.

    Must run inside the action's transaction (it consumes a seq number)."""
    return {
        "op_id": op_id or str(uuid6.uuid7()),
        "device_id": device.load(conn).device_id,
        "seq": device.take_seq(conn),
        "kind": kind,
        "record_id": record_id,
        "actor": actor,
        "role": role,
        "at": at,
        "payload": payload,
    }


def enqueue(conn: Connection, mutation: dict[str, Any]) -> None:
    """Write the mutation as a pending outbox row (caller's transaction)."""
    conn.execute(
        "INSERT INTO outbox (seq, op_id, kind, record_id, actor, role, at, payload, "
        "created_at, key_id, prev, sig, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            mutation["seq"],
            mutation["op_id"],
            mutation["kind"],
            mutation["record_id"],
            mutation["actor"],
            mutation["role"],
            mutation["at"],
            dumps(mutation["payload"]),
            mutation["at"],
            mutation.get("key_id"),
            mutation.get("prev"),
            mutation.get("sig"),
            mutation.get("digest"),
        ),
    )


def _to_wire(row: tuple[Any, ...], device_id: str) -> dict[str, Any]:
    seq, op_id, kind, record_id, actor, role, at, payload, key_id, prev, sig = row
    wire: dict[str, Any] = {
        "op_id": op_id,
        "device_id": device_id,
        "seq": seq,
        "kind": kind,
        "record_id": record_id,
        "actor": actor,
        "role": role,
        "at": at,
        "payload": loads(payload),
    }
    if sig is not None:  # signed by the user who acted (offline.store.signing)
        wire.update(key_id=key_id, prev=prev, sig=sig)
    return wire


def pending(conn: Connection, limit: int) -> list[dict[str, Any]]:
    """Open rows (no outcome yet) in seq order, in the wire Mutation shape."""
    device_id = device.load(conn).device_id
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE state IN ('pending', 'in_flight') "
        "ORDER BY seq LIMIT ?",
        (limit,),
    ).fetchall()
    return [_to_wire(r, device_id) for r in rows]


def get(conn: Connection, op_id: str) -> dict[str, Any] | None:
    """One outbox row as a wire mutation plus its `state`, or None."""
    row = conn.execute(f"SELECT {_COLUMNS}, state FROM outbox WHERE op_id = ?", (op_id,)).fetchone()
    if row is None:
        return None
    mutation = _to_wire(row[:-1], device.load(conn).device_id)
    mutation["state"] = row[-1]
    return mutation


def mark_in_flight(conn: Connection, op_ids: Iterable[str]) -> None:
    """Note a push attempt: state in_flight, attempts + 1 (open rows only)."""
    conn.executemany(
        "UPDATE outbox SET state = 'in_flight', attempts = attempts + 1 "
        "WHERE op_id = ? AND state IN ('pending', 'in_flight')",
        [(op_id,) for op_id in op_ids],
    )


def note_failure(conn: Connection, op_ids: Iterable[str], error: str) -> None:
    """A push attempt failed without outcomes: keep the rows open, remember why."""
    conn.executemany(
        "UPDATE outbox SET state = 'pending', last_error = ? "
        "WHERE op_id = ? AND state IN ('pending', 'in_flight')",
        [(error[:500], op_id) for op_id in op_ids],
    )


def replayable(conn: Connection, record_id: str, server_version: int) -> list[dict[str, Any]]:
    """Mutations to replay on the server copy for the local view: open rows, and applied
    rows whose result the server copy does not show yet (outcome version newer)."""
    device_id = device.load(conn).device_id
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE record_id = ? AND (state IN "
        "('pending', 'in_flight') OR (state IN ('applied', 'duplicate') AND "
        "coalesce(outcome_version, 0) > ?)) ORDER BY seq",
        (record_id, server_version),
    ).fetchall()
    return [_to_wire(r, device_id) for r in rows]


def has_open(conn: Connection, record_id: str) -> bool:
    """Whether the record has mutations still waiting for an outcome."""
    row = conn.execute(
        "SELECT 1 FROM outbox WHERE record_id = ? AND state IN ('pending', 'in_flight') LIMIT 1",
        (record_id,),
    ).fetchone()
    return row is not None
