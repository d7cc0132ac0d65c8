"""Session events on the wire: a device reports its sign-ins, failed sign-ins, lockouts,
locks, user switches, settings changes, backups and restores to the platform.

They travel apart from the clerks' mutations on purpose: they consume no device sequence
number, so a backup stays restorable after a sign-in, and the clerk's "waiting to sync"
count shows actions only. Each event carries the id it has in the device's audit log; the
platform keeps the first copy of each (device, event id), so a batch sent twice (a lost
answer, or the same events again from a restored backup) is stored once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from client.wire import IsoTimestamp, Wire

if TYPE_CHECKING:
    from client.session import Session

EVENTS = (
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
)
MAX_BATCH = 200
MAX_DETAIL_KEYS = 20


class SessionEventIn(Wire):
    """One event as the device reports it."""

    event_id: str = Field(min_length=1, max_length=64)
    event: str = Field(pattern="^(" + "|".join(EVENTS) + ")$")
    username: str = Field(min_length=1, max_length=64)
    actor: str = Field(min_length=1, max_length=64)
    at: IsoTimestamp
    detail: dict[str, str | int | float | bool | list[str] | None] = Field(
        default_factory=dict, max_length=MAX_DETAIL_KEYS
    )


class SessionEventBatch(Wire):
    device_id: str = Field(min_length=1, max_length=64)
    events: list[SessionEventIn] = Field(min_length=1, max_length=MAX_BATCH)


class SessionEventsStored(Wire):
    stored: int = Field(description="events new to the platform")
    known: int = Field(description="events it already held (sent before)")


async def send(
    session: Session, device_id: str, events: list[dict[str, Any]]
) -> SessionEventsStored:
    """Report a batch of events (at most `MAX_BATCH`); safe to repeat. Not retried here:
    what fails is simply sent again at the next sync run."""
    body = SessionEventBatch.model_validate({"device_id": device_id, "events": events})
    return await session.call(
        "POST",
        "/audit/events",
        SessionEventsStored,
        idempotent=False,
        json=body.model_dump(mode="json"),
    )
