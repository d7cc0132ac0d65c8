"""Send the device's session events (sign-ins, lockouts, locks, backups...) to the platform.

Runs inside every sync run after the clerks' actions. It never fails the run: a platform
that cannot take them now (offline, an older platform without the endpoint) gets them at
a later run, since only what the platform accepted moves the local mark forward.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from client import errors as cerr
from client import session_events as wire
from offline.store import session_audit
from sync.store_thread import StoreThread

log = logging.getLogger(__name__)


def _unsent(store: Any, limit: int) -> tuple[list[dict[str, Any]], int | None]:
    return session_audit.unsent(store.conn, limit)


def _mark(store: Any, seq: int) -> None:
    session_audit.mark_sent(store.conn, seq)


async def push_session_events(store: StoreThread[Any], client: Any, device_id: str) -> int:
    """Send every unsent event in batches; returns how many the platform newly stored."""
    stored = 0
    while True:
        events, last = await store.call(_unsent, wire.MAX_BATCH)
        if not events or last is None:
            return stored
        try:
            answer = await wire.send(client, device_id, events)
        except (cerr.InvalidRequest, ValidationError) as exc:
            # the platform will never take this batch (an older or stricter platform, an
            # entry written by an older version): it stays in the local audit log, and must
            # not hold back every later event
            code = getattr(exc, "code", None) or type(exc).__name__
            log.warning("session events refused, kept in the local audit log only: %s", code)
            await store.call(_mark, last)
            continue
        except cerr.ClientError as exc:
            log.info("session events not sent this run: %s", exc.code)
            return stored
        stored += answer.stored
        await store.call(_mark, last)
