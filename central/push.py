"""Push: apply one device's batch of mutations exactly once and in sequence order.

The batch runs in one write transaction. Mutations below the device's next expected seq
are replays: the stored outcome is returned (a changed payload under the same op_id is
refused with 409). A seq beyond the next expected one is a gap, refused with the seq the
platform expects. A refused batch changes nothing except the device's highest seen seq
(for the supervisors' sync-health view), and only once the device proved itself.

Before a new mutation is applied its signature and the actor's role at the time of the
action are checked (`central.signatures`); a failing one is `rejected` with the reason
and still advances the device's sequence, like any other rejection.

Cost per mutation matters (budget: 5,000 mutations/s through HTTP). The mutation handed to
the domain is assembled from the validated model's fields and its payload as parsed from
the request (JSON values already, nothing to convert) rather than `model_dump(mode="json")`,
which walked and copied every document (~20 us a create). The answer is written as JSON
bytes from each outcome's text, the same text stored for replays: an `applied` outcome,
nearly every one, is dumped by orjson in the `MutationOutcome` field order; any other goes
through `MutationOutcome`, whose validation checks what the domain returned.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import orjson

from central.db import Database
from central.device_auth import (
    DeviceClaim,
    check_device,
    record_proof,
    replay_refused,
    replayed,
)
from central.errors import ApiError
from central.jsontext import legacy_payload_hash, payload_hash
from central.records import Batch, Sequencer, apply_one, rejected
from central.signatures import verdicts
from client.wire import Mutation, MutationOutcome, SeqGapDetail

__all__ = ["payload_hash", "push_batch"]

_RECORD = (
    "INSERT INTO mutations (op_id, device_id, seq, record_id, payload_hash, outcome, result,"
    " received_at, actor, key_id, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
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


def _outcome_json(m: Mutation, fields: dict[str, Any]) -> bytes:
    """One `MutationOutcome` as JSON text."""
    if (
        fields["outcome"] == "applied"
        and fields["reason"] is None
        and not fields["conflicts"]
        and fields["current"] is None
        and type(fields["version"]) is int
    ):
        return orjson.dumps(
            {
                "op_id": m.op_id,
                "seq": m.seq,
                "record_id": m.record_id,
                "outcome": "applied",
                "reason": None,
                "conflicts": [],
                "current": None,
                "version": fields["version"],
            }
        )
    outcome = MutationOutcome(op_id=m.op_id, seq=m.seq, record_id=m.record_id, **fields)
    return outcome.model_dump_json().encode()


def push_batch(
    db: Database,
    office: str,
    device_id: str,
    mutations: list[Mutation],
    now: float,
    claim: DeviceClaim,
    verify_signatures: bool = True,
) -> bytes:
    """Apply the batch; the `PushResponse` as JSON bytes. The mutations' payloads must hold
    JSON values only (parsed from a request body), see `Mutation.json_fields`.

    Nothing is written unless the device proves itself (see `central.device_auth`): a
    refusal for who is asking leaves every row as it was. Only a proven device's own
    sequence refusal (gap, taken seq, reused op_id) notes the highest seq it tried, for
    the supervisors' sync-health view."""
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
    proven: list[bool] = []
    try:
        return _apply(db, office, device_id, mutations, now, claim, verify_signatures, proven)
    except ApiError as exc:
        if proven and exc.code in _SEQ_REFUSALS:
            with db.write() as conn:
                conn.execute(
                    "UPDATE devices SET highest_seen_seq = MAX(highest_seen_seq, ?),"
                    " last_push_at = ? WHERE device_id = ?",
                    (highest, now, device_id),
                )
        raise


_SEQ_REFUSALS = frozenset({"seq_gap", "seq_taken", "op_id_reused"})


def _apply(
    db: Database,
    office: str,
    device_id: str,
    mutations: list[Mutation],
    now: float,
    claim: DeviceClaim,
    verify_signatures: bool,
    proven: list[bool],
) -> bytes:
    outcomes: list[bytes] = []
    with db.write() as conn:
        device = check_device(conn, claim, device_id, office, now)  # reads only
        expected = int(device["last_applied_seq"]) + 1
        batch = Batch(conn, office, now, Sequencer(conn))
        known = _known_ops(conn, [m.op_id for m in mutations])
        again = replayed(conn, claim)
        if again:  # the same signed request twice: only its stored outcomes, no write
            if any(m.op_id not in known for m in mutations):
                raise replay_refused()
            return b'{"outcomes":[%b],"last_applied_seq":%d}' % (
                b",".join(known[m.op_id][1].encode() for m in mutations),
                expected - 1,
            )
        proven.append(True)
        datas = [m.json_fields() for m in mutations]
        fresh = [i for i, m in enumerate(mutations) if m.op_id not in known]
        batch.prefetch([datas[i] for i in fresh])
        reasons: dict[int, str | None] = {}
        digests: dict[int, str | None] = {}
        if verify_signatures:
            signed = [
                (datas[i], mutations[i].key_id, mutations[i].prev, mutations[i].sig) for i in fresh
            ]
            found: list[str | None] = []
            checked = verdicts(conn, office, device_id, signed, now, digests_out=found)
            reasons = dict(zip(fresh, checked, strict=True))
            digests = dict(zip(fresh, found, strict=True))
        rows: list[tuple[Any, ...]] = []
        for index, (m, data) in enumerate(zip(mutations, datas, strict=True)):
            digest = payload_hash(data)
            stored = known.get(m.op_id)
            if stored is not None:
                if stored[0] != digest and stored[0] != legacy_payload_hash(data):
                    raise _refuse_reused(m.op_id)
                outcomes.append(stored[1].encode())  # the outcome stored at the first push
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
            reason = reasons.get(index)
            fields: dict[str, Any] = (
                rejected(reason) if reason else apply_one(batch, data, verified=verify_signatures)
            )
            text = _outcome_json(m, fields)
            result = text.decode()
            known[m.op_id] = (digest, result)  # the same op_id twice in one batch
            rows.append(
                (
                    *(m.op_id, device_id, m.seq, m.record_id, digest, fields["outcome"], result),
                    *(now, m.actor, m.key_id, digests.get(index)),
                )
            )
            outcomes.append(text)
            expected += 1
        last = expected - 1
        batch.flush()
        conn.executemany(_RECORD, rows)
        record_proof(conn, claim, now)
        conn.execute(
            "UPDATE devices SET last_applied_seq = ?, last_push_at = ?,"
            " highest_seen_seq = MAX(highest_seen_seq, ?) WHERE device_id = ?",
            (last, now, last, device_id),
        )
    return b'{"outcomes":[%b],"last_applied_seq":%d}' % (b",".join(outcomes), last)
