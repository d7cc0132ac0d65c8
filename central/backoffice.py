"""Back-office (后台审批) actions as domain transitions applied on the platform.

Each action becomes a `transition` mutation by the back-office user, applied with the same
domain rules as device mutations (due dates included), and lands in the office's change
log so the counters see it on their next pull. Used by the API and by the automatic back office.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import uuid6

from central.domain_bridge import apply, platform_calendar
from central.errors import ApiError
from central.records import iso, load, office_item, save
from client.wire import BackOfficeActionKind, MissingMaterial

A = BackOfficeActionKind
TARGETS: dict[A, str] = {
    A.start_review: "under_review",
    A.suspend: "suspended",
    A.resume: "under_review",
    A.approve: "approved",
    A.deny: "denied",
    A.request_supplement: "awaiting_supplement",
}


def act(
    conn: sqlite3.Connection,
    record_id: str,
    action: A,
    actor: str,
    now: float,
    reason: str | None = None,
    missing: list[MissingMaterial] | None = None,
    base_version: int | None = None,
) -> tuple[int, dict[str, Any]]:
    """Apply a back-office action in the caller's transaction; returns (version, doc)."""
    row = load(conn, record_id)
    if row is None:
        raise ApiError(404, "not_found", "未找到该办件", "application not found")
    if base_version is not None and base_version != row["version"]:
        raise ApiError(
            409,
            "stale_version",
            "办件已被更新，请刷新后再操作",
            "application changed meanwhile",
            {"version": row["version"]},
        )
    doc = json.loads(row["doc"])
    data: dict[str, Any] = {}
    if action in (A.approve, A.deny):
        data["decision"] = reason or ("准予许可" if action is A.approve else "不予许可")
    if missing:
        data["missing"] = [m.model_dump() for m in missing]
    mutation = {
        "op_id": str(uuid6.uuid7()),
        "device_id": "platform",
        "seq": None,
        "kind": "transition",
        "record_id": record_id,
        "actor": actor,
        "role": "back_office",
        "at": iso(now),
        "payload": {
            "from": doc.get("status"),
            "to": TARGETS[action],
            "reason": reason,
            "data": data,
        },
    }
    # With the item and the published calendar the domain recomputes the stored due date
    # on suspend and resume (行政许可法 第四十五条), exactly as the counters do.
    item = office_item(conn, row["office_code"], doc.get("item_code"))
    result = apply(doc, mutation, item, calendar=platform_calendar(conn))
    if result.outcome != "applied" or result.doc is None:
        status = {"validation_failed": 422, "forbidden": 403}.get(result.reason or "", 409)
        raise ApiError(
            status,
            result.reason or "illegal_transition",
            "当前状态下不能执行该操作",
            "action not allowed in the current status",
            {"status": doc.get("status"), "issues": result.issues},
        )
    return save(conn, row["office_code"], record_id, result.doc, int(row["version"]), now)
