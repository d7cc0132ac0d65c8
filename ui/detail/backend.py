"""What the detail view needs from the store, and its implementation over the real store.

Methods are blocking and thread-safe (each goes to the store's own thread through
``StoreThread.call_blocking``); widgets call them only through
:class:`ui.intake.runner.ThreadRunner`. Every write is one store transaction that also
queues its outbox mutation, so a resolved conflict or a rating given offline is pushed
by the sync engine later.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from offline.store.actions import Actor
from offline.store.store import Store
from sync.store_thread import StoreThread


@dataclass(frozen=True)
class DetailData:
    """One consistent read of a record and what surrounds it."""

    doc: dict[str, Any]
    sync_state: str  # synced | pending | conflict | rejected
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    item: dict[str, Any] | None = None
    calendar: dict[date, bool] = field(default_factory=dict)  # the platform's overrides
    user_names: dict[str, str] = field(default_factory=dict)  # user_id -> display name


def _user_names(store: Store, doc: dict[str, Any]) -> dict[str, str]:
    """Display names of the office's users cached on this device, to show people by name
    (users never seen here stay as their ids)."""
    office = doc.get("office_code")
    if not isinstance(office, str):
        return {}
    return {
        u["user_id"]: u["display_name"] for u in store.office_users(office) if u["display_name"]
    }


class StoreDetailBackend:
    """Detail-view calls for one signed-in user over a :class:`StoreThread`."""

    def __init__(self, store: StoreThread[Store], actor: Actor) -> None:
        self._store = store
        self.actor = actor

    @property
    def role(self) -> str:
        return self.actor.role

    def load(self, record_id: str) -> DetailData:
        def read(store: Store) -> DetailData:
            doc = store.get(record_id)
            if doc is None:
                raise LookupError(f"找不到办件 {record_id} / No application {record_id}")
            return DetailData(
                doc=doc,
                sync_state=store.record_sync_state(record_id),
                conflicts=store.open_conflicts(record_id),
                item=store.get_item(doc["item_code"]),
                calendar=store.calendar_overrides(),
                user_names=_user_names(store, doc),
            )

        return self._store.call_blocking(read)

    def transition(
        self, record_id: str, to: str, reason: str | None, data: Mapping[str, Any]
    ) -> dict[str, Any]:
        return self._store.call_blocking(
            lambda s: s.transition(self.actor, record_id, to, reason=reason, data=data)
        )

    def extend(self, record_id: str, working_days: int, reason: str) -> dict[str, Any]:
        return self._store.call_blocking(
            lambda s: s.extend(self.actor, record_id, working_days, reason)
        )

    def add_material(
        self, record_id: str, material: Mapping[str, Any], scan: Path | None = None
    ) -> dict[str, Any]:
        content = scan.read_bytes() if scan is not None else None
        mime = (mimetypes.guess_type(scan.name)[0] if scan else None) or "application/octet-stream"
        return self._store.call_blocking(
            lambda s: s.add_material(self.actor, record_id, material, content=content, mime=mime)
        )

    def add_note(self, record_id: str, text: str) -> dict[str, Any]:
        return self._store.call_blocking(lambda s: s.add_note(self.actor, record_id, text))

    def rate(self, record_id: str, stage: str, score: int, comment: str) -> dict[str, Any]:
        return self._store.call_blocking(
            lambda s: s.rate(self.actor, record_id, stage, score, comment)
        )

    def resolve_conflict(
        self, conflict_id: int, choice: str, fields: Mapping[str, Any] | None = None
    ) -> dict[str, Any] | None:
        result: dict[str, Any] | None = self._store.call_blocking(
            lambda s: s.resolve_conflict(conflict_id, choice, actor=self.actor, fields=fields)
        )
        return result

    def read_attachment(self, sha256: str) -> bytes:
        content: bytes = self._store.call_blocking(lambda s: s.read_blob(sha256))
        return content
