"""The encrypted local store (SQLCipher): records, outbox, audit chain, search, sync state.

Synchronous and single-threaded by design — one connection owned by the thread that
opened it; async wrapping belongs to sync/ and ui/. Start with `open_profile(name)` (or
`Store.open(path, key)` / `Store.create(path, key)`); see docs/CONTRACTS.md "Store".
"""

from __future__ import annotations

from offline.store.actions import Actor
from offline.store.audit import AuditReport
from offline.store.errors import StoreError
from offline.store.migrations import PendingMigration
from offline.store.opening import open_profile, pending_migration
from offline.store.queue import Page, QueueFilter
from offline.store.search import SearchPage
from offline.store.store import Store

__all__ = [
    "Actor",
    "AuditReport",
    "Page",
    "PendingMigration",
    "QueueFilter",
    "SearchPage",
    "Store",
    "StoreError",
    "open_profile",
    "pending_migration",
]
