"""Reads that turn ids into what a supervisor recognises: names, item titles, receipt numbers.

Qt-free; every function takes the :class:`~offline.store.store.Store` and runs on the
store's own thread (through ``StoreThread.call_blocking`` from a ``ThreadRunner`` job).
Users come from ``office_source.office_users`` (SUPERVISOR-QUEUES). The store has no call
for receipt numbers by id yet, so that small read-only query reads the indexed columns
directly (requested: ``Store.receipt_numbers(ids)``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from offline.domain.payloads import settable
from offline.store.queue import QueueFilter
from offline.store.store import Store
from sync.store_thread import StoreThread
from ui.supervisor.office_source import office_users

SIGNOFF_STATUS = "rejection_proposed"


@dataclass(frozen=True)
class Directory:
    """Display names of the users this device knows and the catalog's item titles."""

    users: dict[str, str] = field(default_factory=dict)  # user_id → display name
    items: dict[str, dict[str, Any]] = field(default_factory=dict)  # code → item document

    def user(self, user_id: Any) -> str:
        """The user's name (the id itself for a user never signed in on this device)."""
        return self.users.get(str(user_id), str(user_id or ""))

    def item_name(self, code: Any) -> str:
        item = self.items.get(str(code))
        return str(item.get("name") or code) if item else str(code or "")

    def form_labels(self, code: Any) -> dict[str, str]:
        item = self.items.get(str(code)) or {}
        return {f["key"]: str(f.get("label") or f["key"]) for f in item.get("form_fields") or []}

    def form_field(self, code: Any, key: str) -> dict[str, Any] | None:
        item = self.items.get(str(code)) or {}
        return next((f for f in item.get("form_fields") or [] if f["key"] == key), None)


def store_thread_of(backend: Any) -> StoreThread[Store]:
    """The store thread behind a ``SupervisorBackend`` (its public ``store`` once it has
    one; requested from SUPERVISOR-QUEUES, until then the private attribute)."""
    thread = getattr(backend, "store", None) or getattr(backend, "_store")  # noqa: B009
    assert isinstance(thread, StoreThread)
    return thread


def cached_users(store: Store) -> dict[str, str]:
    """user_id → display name of the office's users who signed in on this device."""
    users = office_users(store, store.office_code or "")
    return {u["user_id"]: u["display_name"] for u in users}


def directory(store: Store) -> Directory:
    items = {str(i["code"]): i for i in store.list_items(active_only=False)}
    return Directory(users=cached_users(store), items=items)


def receipt_numbers(store: Store, record_ids: Iterable[str]) -> dict[str, str]:
    """record id → receipt number (primary-key lookups, one page of ids at a time)."""
    ids = sorted({i for i in record_ids if i})
    found: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT id, receipt_no FROM applications WHERE id IN ({marks})"
        found.update({str(i): str(r) for i, r in store.conn.execute(sql, chunk)})
    return found


def _proposal(doc: Mapping[str, Any]) -> Mapping[str, Any]:
    for step in reversed(doc.get("history") or []):
        if step.get("to") == SIGNOFF_STATUS:
            return dict(step)
    return {}


def _materials(doc: Mapping[str, Any], item: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    names = {m["code"]: m.get("name") or m["code"] for m in (item or {}).get("materials") or []}
    return [
        {
            "name": str(m.get("name") or names.get(m.get("code"), m.get("code"))),
            "originals": int(m.get("originals") or 0),
            "copies": int(m.get("copies") or 0),
            "scan": m.get("attachment") is not None,
        }
        for m in doc.get("materials") or []
    ]


def signoff_rows(store: Store, office_code: str, limit: int = 500) -> list[dict[str, Any]]:
    """The office's proposed rejections (拟不予受理), oldest first, with everything the
    sign-off screen shows: item title, the proposing clerk and reason, all materials."""
    f = QueueFilter(statuses=frozenset({SIGNOFF_STATUS}), office_code=office_code)
    rows = store.queue(f, sort="received_asc", limit=limit).rows
    names = cached_users(store)
    out: list[dict[str, Any]] = []
    for row in rows:
        doc = store.get(row["id"]) or {}
        item = store.get_item(row["item_code"])
        step = _proposal(doc)
        clerk = row.get("clerk_id") or step.get("by")
        out.append(
            {
                **row,
                "item_name": str((item or {}).get("name") or doc.get("item_name") or ""),
                "clerk_name": names.get(str(clerk), str(clerk or "")),
                "proposed_by": names.get(str(step.get("by")), str(step.get("by") or "")),
                "proposed_at": step.get("at"),
                "reason": str(step.get("reason") or ""),
                "materials": _materials(doc, item),
            }
        )
    return out


def conflict_rows(store: Store) -> list[dict[str, Any]]:
    """Open conflicts and refused actions, oldest first, each with its record's receipt
    number, applicant, item and current status (for labels and the value editor)."""
    rows = store.open_conflicts()
    docs: dict[str, dict[str, Any]] = {}
    for rid in {str(r["record_id"]) for r in rows}:
        docs[rid] = store.get(rid) or {}
    out = []
    for row in rows:
        doc = docs[str(row["record_id"])]
        applicant = doc.get("applicant") or {}
        out.append(
            {
                **row,
                "receipt_no": str(doc.get("receipt_no") or ""),
                "applicant_name": str(applicant.get("name") or ""),
                "cert_type": applicant.get("cert_type"),
                "item_code": doc.get("item_code"),
                "status": doc.get("status"),
                "fields": editable_fields(row),
            }
        )
    return out


def editable_fields(row: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(path, the clerk's value) pairs the supervisor may correct and submit again.

    A conflict names its one path; a refused ``set_fields`` carries its fields in the
    stored payload. Status and clerk conflicts are not free values (resolve them by
    keeping or resubmitting), and other refused actions have nothing to edit."""
    if row.get("kind") == "conflict":
        path = row.get("path")
        return [(str(path), row.get("clerk_value"))] if path and settable(str(path)) else []
    payload = row.get("clerk_value")
    fields = payload.get("fields") if isinstance(payload, Mapping) else None
    if not isinstance(fields, Mapping):
        return []
    return [(str(p), v) for p, v in fields.items() if settable(str(p))]
