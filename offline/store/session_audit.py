"""Sign-in and session events in the audit chain, on their way to the platform.

A counter PC is shared, so who signed in, who failed to, who was locked out, who locked
or switched the screen, and who changed settings or made and restored backups belongs in
the same tamper-evident audit log (审计日志) as the clerks' actions. Each event is one
audit entry whose `op_id` column holds the event's id (a UUIDv7). The sync engine sends
the entries after the high-water mark kept in `meta` to the platform, which keeps one copy
per (device, event id) — so a lost answer or a restored backup re-sending them is harmless.

They are not outbox mutations on purpose: they take no device sequence number (a backup
stays restorable after someone signs in) and do not count as actions waiting to sync.

Details carry user names, codes, counts and setting names, never passwords, setting
values or personal data of citizens.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import uuid6

from offline.store import audit
from offline.store.connection import Connection
from offline.store.errors import InvalidArgument
from offline.store.jsonutil import dumps, loads
from offline.store.tx import transaction

ACTION_PREFIX = "session."
_MARK = "session_events_sent_seq"
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
MAX_DETAIL_KEYS = 17  # the platform takes 20; username and role are added here
_NOBODY = "unknown"
_ROLES = ("clerk", "supervisor", "back_office")


def _plain(value: Any) -> bool:
    """What the platform accepts as a detail value: a scalar or a list of strings."""
    if value is None or isinstance(value, str | int | float | bool):
        return True
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _check(event: str, at: datetime, detail: dict[str, Any]) -> None:
    if event not in EVENTS:
        raise InvalidArgument(f"未知的会话事件：{event!r}", f"unknown session event {event!r}")
    if at.tzinfo is None:
        raise InvalidArgument("会话事件的时间缺少时区。", "session event time without time zone")
    if (
        len(detail) > MAX_DETAIL_KEYS
        or not all(isinstance(k, str) and _plain(v) for k, v in detail.items())
        or len(dumps(detail)) > MAX_DETAIL_CHARS
    ):
        raise InvalidArgument(
            "会话事件的说明过长或格式不对。", "session event detail too long or malformed"
        )


def record(
    conn: Connection,
    event: str,
    *,
    at: datetime,
    username: str,
    user_id: str | None = None,
    role: str | None = None,
    detail: dict[str, Any] | None = None,
) -> str:
    """Append the event to the audit log (its own transaction, or the caller's); returns
    the event id. `user_id`/`role` are those of the person concerned when known (a failed
    sign-in of an unknown name has neither)."""
    detail = dict(detail or {})
    _check(event, at, detail)
    event_id = str(uuid6.uuid7())
    username = username.strip()[:64] or _NOBODY
    content = {"username": username, **detail}
    if role in _ROLES:
        content["role"] = role
    with transaction(conn):
        audit.append(
            conn,
            at=at.isoformat(),
            actor=(user_id or "").strip()[:64] or _NOBODY,
            action=ACTION_PREFIX + event,
            op_id=event_id,
            detail=content,
        )
    return event_id


def unsent(conn: Connection, limit: int = 200) -> tuple[list[dict[str, Any]], int | None]:
    """Session events not yet accepted by the platform, oldest first, in the wire shape of
    `client.session_events.SessionEventIn`, and the audit seq of the last one."""
    rows = conn.execute(
        "SELECT seq, at, actor, action, op_id, detail FROM audit_log WHERE seq > ? "
        "AND action LIKE 'session.%' ORDER BY seq LIMIT ?",
        (_sent_mark(conn), max(1, limit)),
    ).fetchall()
    out: list[dict[str, Any]] = []
    for _seq, at, actor, action, op_id, detail in rows:
        data = loads(detail) if detail else {}
        data = dict(data) if isinstance(data, dict) else {}
        username = str(data.pop("username", _NOBODY))
        data.pop("role", None)
        out.append(
            {
                "event_id": op_id,
                "event": str(action).removeprefix(ACTION_PREFIX),
                "username": username,
                "actor": actor,
                "at": at,
                "detail": data,
            }
        )
    return out, (int(rows[-1][0]) if rows else None)


def mark_sent(conn: Connection, seq: int) -> None:
    """The platform holds every session event up to audit seq `seq`."""
    with transaction(conn):
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) "
            "DO UPDATE SET value = excluded.value WHERE CAST(excluded.value AS INTEGER) > "
            "CAST(meta.value AS INTEGER)",
            (_MARK, str(int(seq))),
        )


def _sent_mark(conn: Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_MARK,)).fetchone()
    try:
        return int(row[0]) if row is not None else 0
    except (TypeError, ValueError):
        return 0


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
