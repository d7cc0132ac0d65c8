"""Push: apply one device's batch of mutations exactly once and in sequence order.

The batch runs in one write transaction. Mutations below the device's next expected seq
are replays: the stored outcome is returned (a changed payload under the same op_id is
refused with 409). A seq beyond the next expected one is a gap, refused with the seq the
platform expects. A refused batch changes nothing except the device's highest seen seq
(for the supervisors' sync-health view).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from central.db import Database
from central.errors import ApiError
from central.jsontext import legacy_payload_hash, payload_hash
from central.records import Batch, Sequencer, apply_one
from client.wire import Mutation, MutationOutcome, PushResponse, SeqGapDetail

__all__ = ["payload_hash", "push_batch"]

_RECORD = (
    "INSERT INTO mutations (op_id, device_id, seq, record_id, payload_hash, outcome, result,"
    " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def _known_ops(conn: sqlite3.Connection, op_ids: list[str]) -> dict[str, tuple[str, str]]:
    """Stored (payload hash, outcome JSON) of the batch's op_ids seen before, in one query."""
    if not op_ids:
        return {}
    marks = ",".join("?" * len(op_ids))
    rows = conn.execute(
        f"SELECT op_id, payload_hash, result FROM mutations WHERE op_id IN ({marks})", op_ids
    )
    return {r[0]: (r[1], r[2]) for r in rows}


def _refuse_reused(op_id: str) -> ApiError:
    return ApiError(
        409,
        "op_id_reused",
        "同一操作编号提交了不同的内容",
        "op_id already used with a different payload",
        {"op_id": op_id},
    )


def push_batch(
    db: Database, office: str, device_id: str, mutations: list[Mutation], now: float
) -> PushResponse:
    if any(m.device_id != device_id for m in mutations):
        raise ApiError(
            422,
            "validation_failed",
            "批次中含有其他终端的操作",
            "mutation of another device in the batch",
        )
    for i, m in enumerate(mutations[1:], 1):
        if m.seq != mutations[0].seq + i:
            raise ApiError(
                422,
                "validation_failed",
                "批次中的序号必须连续递增",
                "batch seqs must be consecutive",
            )
    highest = mutations[-1].seq if mutations else 0
    try:
        return _apply(db, office, device_id, mutations, now)
    except ApiError:
        with db.write() as conn:
            conn.execute(
                "UPDATE devices SET highest_seen_seq = MAX(highest_seen_seq, ?),"
                " last_push_at = ? WHERE device_id = ?",
                (highest, now, device_id),
            )
        raise


def _apply(
    db: Database, office: str, device_id: str, mutations: list[Mutation], now: float
) -> PushResponse:
    outcomes: list[MutationOutcome] = []
    with db.write() as conn:
        device = conn.execute("SELECT * FROM devices WHERE device_id = ?", (device_id,)).fetchone()
        if device is None or device["office_code"] != office:
            raise ApiError(
                403,
                "device_not_registered",
                "终端未在本单位登记",
                "device not registered to your office",
            )
        expected = int(device["last_applied_seq"]) + 1
        batch = Batch(conn, office, now, Sequencer(conn))
        known = _known_ops(conn, [m.op_id for m in mutations])
        datas = [m.model_dump(mode="json") for m in mutations]
        batch.prefetch([d for d, m in zip(datas, mutations, strict=True) if m.op_id not in known])
        rows: list[tuple[Any, ...]] = []
        for m, data in zip(mutations, datas, strict=True):
            digest = payload_hash(data)
            stored = known.get(m.op_id)
            if stored is not None:
                if stored[0] != digest and stored[0] != legacy_payload_hash(data):
                    raise _refuse_reused(m.op_id)
                outcomes.append(MutationOutcome.model_validate_json(stored[1]))
                continue
            if m.seq < expected:
                raise ApiError(
                    409,
                    "seq_taken",
                    "该序号已被其他操作占用",
                    "seq already applied under another op_id",
                    {"seq": m.seq, "op_id": m.op_id},
                )
            if m.seq > expected:
                raise ApiError(
                    409,
                    "seq_gap",
                    "操作序号不连续，请从平台期望的序号重新提交",
                    "sequence gap",
                    SeqGapDetail(expected_seq=expected, got_seq=m.seq).model_dump(),
                )
            fields: dict[str, Any] = apply_one(batch, data)
            outcome = MutationOutcome(op_id=m.op_id, seq=m.seq, record_id=m.record_id, **fields)
            result = outcome.model_dump_json()
            known[m.op_id] = (digest, result)  # the same op_id twice in one batch
            rows.append(
                (m.op_id, device_id, m.seq, m.record_id, digest, outcome.outcome.value, result, now)
            )
            outcomes.append(outcome)
            expected += 1
        last = expected - 1
        batch.flush()
        conn.executemany(_RECORD, rows)
        conn.execute(
            "UPDATE devices SET last_applied_seq = ?, last_push_at = ?,"
            " highest_seen_seq = MAX(highest_seen_seq, ?) WHERE device_id = ?",
            (last, now, last, device_id),
        )
    return PushResponse(outcomes=outcomes, last_applied_seq=last)
