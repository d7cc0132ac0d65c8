"""Sign-in and session events in the audit chain, on their way to the platform.

A counter PC is shared, so who signed in, who failed to, who was locked out, who locked
or switched the screen, and who changed settings or made and restored backups belongs in
the same tamper-evident audit log (审计日志) as the clerks' actions. Each event is one
audit entry and one outbox mutation of kind `session_event`, written in one transaction:
the push moves it to the platform exactly once like any mutation, where the office's
supervisors and back office can list it. Its `record_id` names the event itself (no
application is touched).

Details carry user names, codes, counts and setting names, never passwords, setting
values or personal data of citizens. Before the device is registered there is nowhere to
push to: the event stays in the local audit log only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import uuid6

from offline.store import audit, device, outbox
from offline.store.connection import Connection
from offline.store.errors import InvalidArgument
from offline.store.jsonutil import dumps
from offline.store.tx import transaction

KIND = "session_event"
RECORD_PREFIX = "session-"
EVENTS = frozenset(
    {
        "signed_in",
        "sign_in_failed",
        "locked_out",
        "signed_out",
        "user_switched",
        "idle_locked",
        "screen_locked",
        "settings_changed",
        "backup_made",
        "restored",
    }
)
MAX_DETAIL_CHARS = 2000
_NOBODY = "unknown"
_ROLES = ("clerk", "supervisor", "back_office")


def _check(event: str, detail: dict[str, Any]) -> None:
    if event not in EVENTS:
        raise InvalidArgument(f"未知的会话事件：{event!r}", f"unknown session event {event!r}")
    if len(dumps(detail)) > MAX_DETAIL_CHARS:
        raise InvalidArgument("会话事件的说明过长。", "session event detail too long")


def record(
    conn: Connection,
    event: str,
    *,
    at: datetime,
    username: str,
    user_id: str | None = None,
    role: str | None = None,
    detail: dict[str, Any] | None = None,
) -> str | None:
    """Append the event to the audit log and queue it for the platform, in one transaction.

    `user_id`/`role` are those of the person concerned when known (a failed sign-in of an
    unknown name has neither). Returns the op_id of the queued mutation, or None when the
    device is not registered yet (the audit entry is still written)."""
    detail = dict(detail or {})
    _check(event, detail)
    username = username.strip()[:64] or _NOBODY
    actor = (user_id or "").strip()[:64] or _NOBODY
    when = at.isoformat()
    with transaction(conn):
        mutation: dict[str, Any] | None = None
        if device.load(conn).office_code is not None:
            op_id = str(uuid6.uuid7())
            mutation = outbox.new_mutation(
                conn,
                kind=KIND,
                record_id=RECORD_PREFIX + op_id,
                actor=actor,
                role=role if role in _ROLES else "clerk",
                at=when,
                payload={"event": event, "username": username, "detail": detail},
                op_id=op_id,
            )
            outbox.enqueue(conn, mutation)
        audit.append(
            conn,
            at=when,
            actor=actor,
            action=f"session.{event}",
            record_id=None,
            op_id=None if mutation is None else mutation["op_id"],
            detail={"username": username, **detail},
        )
    return None if mutation is None else str(mutation["op_id"])


def locked_until(conn: Connection, username: str) -> datetime | None:
    """Until when offline sign-in of `username` is locked on this device, or None."""
    row = conn.execute(
        "SELECT locked_until FROM cached_users WHERE username = ?", (username.strip(),)
    ).fetchone()
    if row is None or row[0] is None:
        return None
    try:
        return datetime.fromisoformat(str(row[0]))
    except ValueError:
        return None


def events(conn: Connection, limit: int = 200) -> list[dict[str, Any]]:
    """The latest session events of the local audit log, newest first (seq, at, actor,
    action, op_id)."""
    rows = conn.execute(
        "SELECT seq, at, actor, action, op_id FROM audit_log WHERE action LIKE 'session.%' "
        "ORDER BY seq DESC LIMIT ?",
        (max(1, min(limit, 10_000)),),
    ).fetchall()
    keys = ("seq", "at", "actor", "action", "op_id")
    return [dict(zip(keys, row, strict=True)) for row in rows]
