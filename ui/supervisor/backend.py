"""What the supervisor's screens (窗口负责人) need from the store, over its own thread.

Methods are blocking and run through ``StoreThread.call_blocking``; widgets call them
only through :class:`ui.intake.runner.ThreadRunner`, so no screen waits on SQLite. Every
decision goes through the store's own actions as role ``supervisor``: the store enforces
the role (a clerk gets ``PermissionDenied`` and nothing is written), writes the outbox
mutation and the audit entry in one transaction, and sync pushes it later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from offline.domain.clock import TZ, to_iso
from offline.store.actions import Actor
from offline.store.queue import QueueFilter
from offline.store.store import Store
from sync.store_thread import StoreThread
from ui.supervisor.office_source import office_users

SIGNOFF_STATUS = "rejection_proposed"


@dataclass(frozen=True)
class AuditFilter:
    """Audit viewer filters; all optional, combined with AND (dates are Asia/Shanghai)."""

    actor: str | None = None
    action: str | None = None
    date_from: date | None = None  # inclusive
    date_to: date | None = None  # inclusive


def local_day_start(day: date) -> str:
    """The UTC instant (wire form, as the audit log stores it) of a local midnight."""
    return to_iso(datetime.combine(day, time(0), TZ))


AUDIT_COLUMNS = ("seq", "at", "actor", "action", "record_id")


def _materials(doc: dict[str, Any], item: dict[str, Any] | None) -> str:
    """Received materials as names from the catalog (code when the item is unknown)."""
    names = {m["code"]: m.get("name") or m["code"] for m in (item or {}).get("materials") or []}
    return "、".join(
        str(names.get(m.get("code"), m.get("code"))) for m in doc.get("materials") or []
    )


def _proposal_reason(doc: dict[str, Any]) -> str:
    for step in reversed(doc.get("history") or []):
        if step.get("to") == SIGNOFF_STATUS:
            return str(step.get("reason") or "")
    return ""


class SupervisorBackend:
    """Supervisor calls for one signed-in user of one office."""

    def __init__(self, store: StoreThread[Store], actor: Actor, office_code: str) -> None:
        self.store = store  # the workspace's store thread (other supervisor screens use it)
        self._store = store
        self.actor = actor
        self.office_code = office_code

    # ---------------------------------------------------------------- users
    def users(self) -> list[dict[str, str]]:
        """The office's users known on this device: ``user_id username display_name role``."""
        office = self.office_code
        return self._store.call_blocking(lambda s: office_users(s, office))

    # ---------------------------------------------------------------- sign-offs
    def pending_signoffs(self, limit: int = 500) -> list[dict[str, Any]]:
        """Proposed rejections (拟不予受理) of the office, oldest first, with the clerk's
        reason and the materials received."""

        def read(store: Store) -> list[dict[str, Any]]:
            f = QueueFilter(statuses=frozenset({SIGNOFF_STATUS}), office_code=self.office_code)
            rows = store.queue(f, sort="received_asc", limit=limit).rows
            out = []
            for row in rows:
                doc = store.get(row["id"]) or {}
                item = store.get_item(row["item_code"])
                out.append(
                    {**row, "reason": _proposal_reason(doc), "materials": _materials(doc, item)}
                )
            return out

        return self._store.call_blocking(read)

    def sign_off(self, record_id: str) -> dict[str, Any]:
        """Agree with the proposal: the application becomes 不予受理 (rejected)."""
        return self._store.call_blocking(lambda s: s.transition(self.actor, record_id, "rejected"))

    def send_back(self, record_id: str, comment: str) -> dict[str, Any]:
        """Return the application to the clerk (received) with the supervisor's comment."""
        return self._store.call_blocking(
            lambda s: s.transition(self.actor, record_id, "received", data={"comment": comment})
        )

    # ---------------------------------------------------------------- conflicts
    def open_conflicts(self) -> list[dict[str, Any]]:
        """Every open conflict and platform-rejected action on this device, oldest first."""
        return self._store.call_blocking(lambda s: s.open_conflicts())

    def resolve(
        self, conflict_id: int, choice: str, fields: dict[str, Any] | None = None
    ) -> dict[str, Any] | None:
        """keep_platform / resubmit / edit (the latter two enqueue a new mutation)."""

        def run(store: Store) -> dict[str, Any] | None:
            return store.resolve_conflict(conflict_id, choice, actor=self.actor, fields=fields)

        return self._store.call_blocking(run)

    # ---------------------------------------------------------------- audit
    def audit_page(
        self,
        f: AuditFilter,
        *,
        after_seq: int | None = 0,
        before_seq: int | None = None,
        limit: int = 200,
    ) -> list[tuple[Any, ...]]:
        """One page of audit entries (read-only, keyset paging on seq) as tuples in
        ``AUDIT_COLUMNS`` order, through ``Store.audit_entries``: oldest first after
        ``after_seq``, or newest first before ``before_seq`` (pass ``after_seq=None``;
        ``before_seq=None`` then starts at the newest). The entry's detail is left out."""
        since = local_day_start(f.date_from) if f.date_from else None
        until = local_day_start(f.date_to + timedelta(days=1)) if f.date_to else None

        def read(store: Store) -> list[tuple[Any, ...]]:
            rows = store.audit_entries(
                actor=f.actor,
                action=f.action,
                since=since,
                until=until,
                limit=limit,
                after_seq=after_seq,
                before_seq=before_seq if after_seq is None else None,
            )
            return [tuple(r.get(k) for k in AUDIT_COLUMNS) for r in rows]

        return self._store.call_blocking(read)

    def verify_audit(self) -> Any:
        """The store's hash-chain check (an ``AuditReport``)."""
        return self._store.call_blocking(lambda s: s.verify_audit())
