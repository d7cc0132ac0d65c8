"""Session events reported by counter devices (sign-ins, failed sign-ins, lockouts, locks,
user switches, settings changes, backups, restores) and the list supervisors read.

The platform cannot witness what happened at a counter: an event is the device's
statement, kept with the device and the office it is registered to, and listed only to
that office's supervisors and back office. A batch is stored whole or not at all; the
first copy of each (device, event id) wins, so repeating a batch stores nothing twice.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field

from central.deps import PlatformDep, PrincipalDep, require_office, require_role
from central.errors import ApiError
from client.session_events import SessionEventBatch, SessionEventsStored
from client.wire import ErrorBody, Role, Wire

MAX_DETAIL_CHARS = 2000


class SessionEvent(Wire):
    event_id: str
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


@router.post(
    "/events",
    response_model=SessionEventsStored,
    responses={403: {"model": ErrorBody}, 413: {"model": ErrorBody}},
)
def report_events(
    body: SessionEventBatch, who: PrincipalDep, ctx: PlatformDep
) -> SessionEventsStored:
    """Store a device's session events (idempotent by device and event id)."""
    office = require_office(who)
    texts = [json.dumps(e.detail, ensure_ascii=False, sort_keys=True) for e in body.events]
    if any(len(t) > MAX_DETAIL_CHARS for t in texts):
        raise ApiError(
            413,
            "detail_too_large",
            "会话事件的说明过长",
            "session event detail too long",
            {"max_chars": MAX_DETAIL_CHARS},
        )
    now = ctx.now()
    with ctx.db.write() as conn:
        device = conn.execute(
            "SELECT office_code FROM devices WHERE device_id = ?", (body.device_id,)
        ).fetchone()
        if device is None or device["office_code"] != office:
            raise ApiError(
                403,
                "device_not_registered",
                "终端未在本单位登记",
                "device not registered to your office",
            )
        before = conn.total_changes
        conn.executemany(
            "INSERT OR IGNORE INTO session_events (device_id, event_id, office_code, event,"
            " actor, username, at, detail, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (body.device_id, e.event_id, office, e.event, e.actor, e.username, e.at, t, now)
                for e, t in zip(body.events, texts, strict=True)
            ],
        )
        stored = conn.total_changes - before
    return SessionEventsStored(stored=stored, known=len(body.events) - stored)


@router.get("/events", response_model=SessionEventList, responses={403: {"model": ErrorBody}})
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
                event_id=r["event_id"],
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
