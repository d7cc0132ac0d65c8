"""What the sync engine tells the UI: plain state plus change callbacks.

The UI (and the CLI) never asks the engine questions mid-run; it reads the latest
:class:`SyncStatus` snapshot or subscribes to changes. Snapshots are immutable, so a
callback can keep one without copying. Rule from the field: never claim success while
anything is still pending, so :attr:`SyncStatus.settled` requires an empty outbox.

Each run's outcome is also recorded in the store (``offline.store.sync_runs``); a new
process (``counterdesk status``, the app after a restart) starts from that record via
:func:`recorded_runs`, so it reports the real last success instead of "never".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from client.server_time import ServerTime
from sync.messages import Message


class Phase(StrEnum):
    """What the engine is doing right now."""

    idle = "idle"
    probing = "probing"
    uploading = "uploading"  # attachments 附件
    pushing = "pushing"
    pulling = "pulling"
    resyncing = "resyncing"  # full resync after an epoch change
    refreshing = "refreshing"  # catalog 事项目录 and calendar 节假日


class RecordSyncState(StrEnum):
    """Per-record sync state shown next to each application."""

    pending = "pending"
    synced = "synced"
    conflict = "conflict"
    rejected = "rejected"


@dataclass(frozen=True)
class SyncStatus:
    """A snapshot of the engine's state."""

    online: bool | None = None  # None: not probed yet
    running: bool = False
    phase: Phase = Phase.idle
    progress_done: int = 0
    progress_total: int = 0
    pending: int = 0
    oldest_pending_at: datetime | None = None
    last_success_at: datetime | None = None
    last_attempt_at: datetime | None = None
    offline_since: datetime | None = None
    last_error: Message | None = None
    conflicts: int = 0
    rejected: int = 0
    warnings: tuple[Message, ...] = ()
    server_time: ServerTime | None = None  # the platform's clock at the last stored response

    @property
    def settled(self) -> bool:
        """True only when nothing is pending, nothing is running and the last run succeeded."""
        return (
            not self.running
            and self.pending == 0
            and self.last_error is None
            and self.last_success_at is not None
        )

    def oldest_pending_age(self, now: datetime) -> float | None:
        """Seconds the oldest unsent action has waited, or None when nothing is pending."""
        if self.pending == 0 or self.oldest_pending_at is None:
            return None
        return max(0.0, (now - self.oldest_pending_at).total_seconds())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for `counterdesk status --json`."""

        def iso(value: datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "online": self.online,
            "running": self.running,
            "phase": str(self.phase),
            "progress": {"done": self.progress_done, "total": self.progress_total},
            "pending": self.pending,
            "oldest_pending_at": iso(self.oldest_pending_at),
            "last_success_at": iso(self.last_success_at),
            "last_attempt_at": iso(self.last_attempt_at),
            "offline_since": iso(self.offline_since),
            "last_error": self.last_error.to_dict() if self.last_error else None,
            "conflicts": self.conflicts,
            "rejected": self.rejected,
            "warnings": [w.to_dict() for w in self.warnings],
            "settled": self.settled,
        }


Listener = Callable[[SyncStatus], None]


@dataclass
class StatusBoard:
    """Holds the current snapshot and calls listeners on every change (on the loop thread)."""

    status: SyncStatus = field(default_factory=SyncStatus)
    _listeners: list[Listener] = field(default_factory=list)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Register a listener; returns a function that unsubscribes it."""
        self._listeners.append(listener)
        listener(self.status)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def update(self, **changes: Any) -> SyncStatus:
        """Replace some fields; listeners hear about it only if something changed."""
        new = replace(self.status, **changes)
        if new != self.status:
            self.status = new
            for listener in list(self._listeners):
                listener(new)
        return new


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def recorded_runs(runs: dict[str, Any]) -> dict[str, Any]:
    """Board fields from the runs recorded in the store (``Store.sync_runs()``)."""
    error = runs.get("last_error")
    message = None
    if isinstance(error, dict) and all(isinstance(error.get(k), str) for k in ("code", "zh", "en")):
        message = Message(error["code"], error["zh"], error["en"])
    return {
        "last_attempt_at": _instant(runs.get("last_attempt_at")),
        "last_success_at": _instant(runs.get("last_success_at")),
        "last_error": message,
    }
