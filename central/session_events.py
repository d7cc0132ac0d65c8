"""Session events pushed by counter devices (sign-ins, failed sign-ins, lockouts, locks,
user switches, settings changes, backups, restores) and the list supervisors read.

A device sends each event as an ordinary mutation of kind `session_event`, so it arrives
exactly once and in sequence with the clerks' actions. The platform cannot witness what
happened at the counter: an event is the device's statement, kept with the device and the
office it is registered to, and listed only to that office's supervisors and back office.
It never touches an application.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field

from central.deps import PlatformDep, PrincipalDep, require_office, require_role
from client.wire import ErrorBody, Role, Wire

KIND = "session_event"
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


def _outcome(outcome: str, reason: str | None = None) -> dict[str, Any]:
    return {"outcome": outcome, "reason": reason, "conflicts": [], "current": None, "version": None}


def apply(conn: sqlite3.Connection, office: str, now: float, m: dict[str, Any]) -> dict[str, Any]:
    """Store one `session_event` mutation for `office` (caller's push transaction); the
    outcome fields. A malformed event is rejected and stores nothing."""
    payload = m.get("payload")
    if not isinstance(payload, dict):
        return _outcome("rejected", "invalid_payload")
    event, username, detail = payload.get("event"), payload.get("username"), payload.get("detail")
    if (
        event not in EVENTS
        or not isinstance(username, str)
        or not 1 <= len(username) <= 64
        or not isinstance(detail, dict)
        or set(payload) - {"event", "username", "detail"}
        or not str(m.get("record_id", "")).startswith("session-")
    ):
        return _outcome("rejected", "invalid_payload")
    text = json.dumps(detail, ensure_ascii=False, sort_keys=True)
    if len(text) > MAX_DETAIL_CHARS:
        return _outcome("rejected", "invalid_payload")
    conn.execute(
        "INSERT OR IGNORE INTO session_events (op_id, office_code, device_id, event, actor,"
        " username, at, detail, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (m["op_id"], office, m["device_id"], event, m["actor"], username, m["at"], text, now),
    )
    return _outcome("applied")


class SessionEvent(Wire):
    op_id: str
    device_id: str
    terminal_code: str | None
    event: str
    actor: str
    username: str
    at: str = Field(description="when it happened, by the device's clock")
    received_at: datetime
    detail: dict[str, Any]


class SessionEventList(Wire):
    events: list[SessionEvent]


router = APIRouter(prefix="/audit", tags=["audit"])


@router.get(
    "/events",
    response_model=SessionEventList,
    responses={403: {"model": ErrorBody}},
)
def list_events(
    who: PrincipalDep,
    ctx: PlatformDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    event: Annotated[str | None, Query(max_length=40)] = None,
) -> SessionEventList:
    """The office's session events, newest first (supervisors and back office)."""
    require_role(who, Role.supervisor, Role.back_office)
    office = require_office(who)
    with ctx.db.read() as conn:
        rows = conn.execute(
            "SELECT e.*, d.terminal_code FROM session_events e"
            " LEFT JOIN devices d ON d.device_id = e.device_id"
            " WHERE e.office_code = ? AND (? IS NULL OR e.event = ?)"
            " ORDER BY e.received_at DESC, e.rowid DESC LIMIT ?",
            (office, event, event, limit),
        ).fetchall()
    return SessionEventList(
        events=[
            SessionEvent(
                op_id=r["op_id"],
                device_id=r["device_id"],
                terminal_code=r["terminal_code"],
                event=r["event"],
                actor=r["actor"],
                username=r["username"],
                at=r["at"],
                received_at=datetime.fromtimestamp(r["received_at"], UTC),
                detail=json.loads(r["detail"]),
            )
            for r in rows
        ]
    )
