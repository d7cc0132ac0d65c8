"""A seeded office for the office-queue and reassign tests: real encrypted store, two
clerks and a supervisor cached as users of office 520102, some records accepted weeks
ago (overdue now)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from offline.store.users import CachedUser
from sync.store_thread import StoreThread
from tests.ui.seeding import fill, intake, new_store
from ui.context import SignedInUser, WorkspaceContext

CLERKS = {"u-nm-clerk1": "李明", "u-nm-clerk2": "张丽"}
SUPERVISOR = ("u-nm-super", "nm-super", "王建国")


def seeded_store(path: Path, n: int = 60) -> StoreThread[Any]:
    def opener() -> Any:
        store = new_store(path)
        fill(store, list(CLERKS), n, accept_every=3 if n > 10 else 0)
        intake(store, "u-nm-clerk1", random.Random(9), name="张三", phone="13912345678")
        users = [(uid, uid[2:], name, "clerk") for uid, name in CLERKS.items()]
        users.append((*SUPERVISOR, "supervisor"))
        for uid, username, name, role in users:
            store.cache_user(
                CachedUser(uid, username, name, role, "520102"),
                "Demo@2026",
                policy_days=7,
                max_failed=5,
            )
        return store

    return StoreThread(opener)


def office_ctx(
    store: StoreThread[Any], *, role: str = "supervisor", on_change: Any = None
) -> WorkspaceContext:
    uid, username, name = (
        SUPERVISOR if role == "supervisor" else ("u-nm-clerk1", "nm-clerk1", "李明")
    )
    roles = ("clerk", "supervisor") if role == "supervisor" else ("clerk",)
    return WorkspaceContext(
        user=SignedInUser(uid, username, name, "520102", roles=roles),
        store=store,
        office_code="520102",
        office_name="南明区政务服务中心",
        terminal_code="03",
        device_id="dev-03",
        on_change=on_change or (lambda _ids: None),
    )
