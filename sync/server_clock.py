"""Hand the platform's time, learned from response headers, to the store and the UI.

The HTTP session notes the `Date` of every response (``client.server_time``); after each
sync pass the engine passes the newest observation to the store, which keeps it for the
clock guard that refuses intake on a clock it knows is wrong, and to the status board,
from which the status bar estimates drift. The store is only written when the
observation changed.
"""

from __future__ import annotations

import logging
from typing import Any

from client.server_time import ServerTime, ServerTimeWatch
from sync.store_thread import StoreThread

log = logging.getLogger(__name__)


def latest(client: object) -> ServerTime | None:
    """The newest platform time the client saw, or None (no response yet, or a client
    without a watch, such as a test double)."""
    watch = getattr(client, "server_time", None)
    return watch.latest if isinstance(watch, ServerTimeWatch) else None


def _note(store: object, seen: ServerTime) -> None:
    note = getattr(store, "note_server_time", None)
    if note is not None:
        note(seen.server_at, seen.device_at)


async def hand_over(
    store: StoreThread[Any], client: object, previous: ServerTime | None
) -> ServerTime | None:
    """Store the client's newest platform time if it is new; returns what is now known.

    A failure to store it is logged and does not fail the sync pass: the guard then keeps
    comparing with the older time, which is still a time that has passed.
    """
    seen = latest(client)
    if seen is None or seen == previous:
        return previous
    try:
        await store.call(_note, seen)
    except Exception:
        log.exception("could not store the platform's time")
        return previous
    return seen
