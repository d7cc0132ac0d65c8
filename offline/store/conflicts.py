"""Conflict and rejection records a person must see and resolve (冲突处理).

`keep_platform` closes the record and keeps what the platform has. `resubmit` sends the
clerk's value again as a NEW mutation (new op_id, next seq) on top of the current view;
`edit` sends values the person typed. The new mutation and the closing of the conflict
happen in one transaction, so a resolution is never half-done.
"""

from __future__ import annotations

from typing import Any

from offline.domain.clock import now_iso
from offline.store import actions, audit, rebase
from offline.store.actions import Actor
from offline.store.connection import Connection
from offline.store.errors import InvalidArgument, RecordNotFound
from offline.store.jsonutil import loads
from offline.store.tx import transaction

CHOICES = ("keep_platform", "resubmit", "edit")
_COLUMNS = (
    "id",
    "kind",
    "record_id",
    "path",
    "base_value",
    "clerk_value",
    "platform_value",
    "op_id",
    "reason",
    "created_at",
)


def _row(values: tuple[Any, ...]) -> dict[str, Any]:
    row = dict(zip(_COLUMNS, values, strict=True))
    for key in ("base_value", "clerk_value", "platform_value"):
        row[key] = None if row[key] is None else loads(row[key])
    return row


def open_conflicts(conn: Connection, record_id: str | None = None) -> list[dict[str, Any]]:
    """Unresolved conflicts/rejections (all, or of one record), oldest first."""
    sql = f"SELECT {', '.join(_COLUMNS)} FROM conflicts WHERE resolved_at IS NULL"
    params: tuple[Any, ...] = ()
    if record_id is not None:
        sql += " AND record_id = ?"
        params = (record_id,)
    return [_row(r) for r in conn.execute(sql + " ORDER BY id", params)]


def resolve(
    conn: Connection,
    conflict_id: int,
    choice: str,
    *,
    actor: Actor,
    fields: dict[str, Any] | None,
) -> dict[str, Any] | None:
    """Close one conflict; returns the new local view when a mutation was made."""
    if choice not in CHOICES:
        raise InvalidArgument(f"未知的处理方式：{choice!r}", f"unknown choice {choice!r}")
    with transaction(conn):
        values = conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM conflicts WHERE id = ? AND resolved_at IS NULL",
            (conflict_id,),
        ).fetchone()
        if values is None:
            raise RecordNotFound(
                f"找不到待处理冲突 {conflict_id}", f"no open conflict {conflict_id}"
            )
        row = _row(values)
        at = now_iso()
        conn.execute(
            "UPDATE conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?",
            (at, actor.user_id, choice, conflict_id),
        )
        doc: dict[str, Any] | None = None
        if choice == "resubmit":
            doc = _resubmit(conn, actor, row)
        elif choice == "edit":
            if not fields:
                raise InvalidArgument("请填写要提交的值。", "edit needs the values to submit")
            doc = actions.set_fields(conn, actor, row["record_id"], fields)
        audit.append(
            conn,
            at=at,
            actor=actor.user_id,
            action="conflict.resolved",
            record_id=row["record_id"],
            op_id=row["op_id"],
            detail={"conflict_id": conflict_id, "choice": choice, "path": row["path"]},
        )
        rebase.rebuild(conn, [row["record_id"]])
        return doc


def _resubmit(conn: Connection, actor: Actor, row: dict[str, Any]) -> dict[str, Any] | None:
    path, value = row["path"], row["clerk_value"]
    if row["kind"] == "conflict" and path == "status":
        return actions.transition(conn, actor, row["record_id"], value, reason=None, data={})
    if row["kind"] == "conflict" and path == "clerk_id":
        return actions.reassign(conn, actor, row["record_id"], value)
    if row["kind"] == "conflict" and path:
        return actions.set_fields(conn, actor, row["record_id"], {path: value})
    raise InvalidArgument(
        "被拒绝的操作不能原样重新提交，请选择“修改后提交”或“保留平台数据”。",
        "a rejected operation cannot be resubmitted as is; edit it or keep the platform's data",
    )
