"""Restore inside the running app: close everything, restore, and let the app close.

``offline.store.backup.restore`` needs the store closed. The controller's ``shutdown()``
stops sync, closes the platform client and closes the store thread (checkpointing the
WAL) — but it cannot be undone: workspaces, the sign-in and the sync service all hold the
old store. So after restoring, CounterDesk closes and the supervisor starts it again,
which opens the restored file with every check a normal start runs. If the restore
itself is refused (a backup that no longer opens), nothing was replaced and the same
applies: the app closes and the current database opens again at the next start.
"""

from __future__ import annotations

import asyncio
from typing import Any

from offline.store.backup import RestoreResult
from ui.backup.model import RestorePlan, check_role, confirm, profile_key, restore_profile


async def restore_in_app(
    controller: Any, role: str | None, plan: RestorePlan, typed: str
) -> RestoreResult:
    """Shut the controller down, then restore the backup into its profile (off the loop)."""
    check_role(role)
    confirm(plan, typed)
    profile = controller.profile
    key = profile_key(profile)
    await controller.shutdown()
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, restore_profile, profile, plan, key, role, typed)
