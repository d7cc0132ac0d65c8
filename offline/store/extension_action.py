"""The supervisor's extension of a time limit (延期, 行政许可法 第四十二条) as a store
action: one transaction writing the record, its `extend` outbox mutation and an audit
entry, or nothing. The domain (`offline.domain.extension`) decides who may extend, by how
much and how often; the platform applies the same rules when the mutation is pushed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from offline.store import due_claims
from offline.store.actions import Actor, _at, _check_actor, _commit, _item, _load
from offline.store.connection import Connection
from offline.store.tx import transaction


def extend(
    conn: Connection,
    actor: Actor,
    record_id: str,
    working_days: int,
    reason: str,
    *,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Extend the application's time limit by `working_days` with `reason`."""
    _check_actor(actor)
    at = _at(now)
    with transaction(conn):
        doc = _load(conn, record_id)
        item = _item(conn, doc["item_code"])
        payload: dict[str, Any] = {"working_days": working_days, "reason": reason}
        payload["due_date"] = due_claims.predicted_due(
            conn, doc, "extend", payload, actor=actor.user_id, role=actor.role, at=at, item=item
        )
        return _commit(
            conn,
            actor,
            "extend",
            record_id,
            payload,
            doc,
            at,
            {"working_days": working_days, "due_date": payload["due_date"]},
            item,
        )
