"""The daily backup's clock in the app: a QTimer that asks the core whether one is due.

Checking is cheap (a small JSON file); the backup runs on a worker thread through its own
connection to the store file (:func:`backup_in_background`), so neither the GUI nor the
store's thread waits for it. It only runs while the app has the store open; the first
check waits a couple of minutes after start-up, so opening a big store and the first
sync come first.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from offline.backup_schedule import (
    BackupFile,
    BackupPolicy,
    BackupRefused,
    is_due,
    load_state,
    snapshot_backup,
)
from offline.domain.clock import now_utc
from sync.store_thread import StoreThread
from ui import ops
from ui.backup.model import policy_for, profile_key
from ui.profile import Profile
from ui.settings.model import Preferences

log = logging.getLogger(__name__)

FIRST_CHECK_MS = 2 * 60_000
CHECK_EVERY_MS = 10 * 60_000


async def backup_in_background(
    profile: Profile, prefs: Preferences, now: datetime | None = None
) -> BackupFile:
    """One backup under the profile's policy on a worker thread. It reads the store file
    through its own connection (a WAL snapshot), so neither the GUI nor the store thread
    waits for it."""
    policy = policy_for(profile, prefs)
    return await asyncio.to_thread(_snapshot, profile, policy, now)


def _snapshot(profile: Profile, policy: BackupPolicy, now: datetime | None) -> BackupFile:
    return snapshot_backup(
        profile.db_path,
        policy,
        key=profile_key(profile),
        state_path=profile.backup_state_path,
        now=now,
    )


class BackupTimer(QObject):
    """Takes the scheduled backup when due; emits ``finished(ok, zh, en)`` after a try."""

    finished = Signal(bool, str, str)

    def __init__(
        self,
        profile: Profile,
        store: Callable[[], StoreThread[Any] | None],
        prefs: Callable[[], Preferences],
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = now_utc,
    ) -> None:
        super().__init__(parent)
        self.profile = profile
        self._store = store
        self._prefs = prefs
        self._clock = clock
        self.running = False
        self.timer = QTimer(self)
        self.timer.setObjectName("backupTimer")
        self.timer.timeout.connect(self.check)

    def start(self, first_ms: int = FIRST_CHECK_MS) -> None:
        self.timer.start(first_ms)

    def stop(self) -> None:
        self.timer.stop()

    def due(self) -> bool:
        prefs = self._prefs()
        try:
            policy = policy_for(self.profile, prefs)
        except BackupRefused:
            return False
        return is_due(self._clock(), policy, load_state(self.profile.backup_state_path))

    def check(self) -> bool:
        """One tick: start a backup in the background if due; True if one started."""
        self.timer.start(CHECK_EVERY_MS)
        store = self._store()
        if store is None or self.running or not self.due():
            return False
        self.running = True
        profile, prefs, now = self.profile, self._prefs(), self._clock()
        ops.network_op(lambda: backup_in_background(profile, prefs, now), self).success(
            self._done
        ).failure(self._failed).run_in_background()
        return True

    def _done(self, made: BackupFile) -> None:
        self.running = False
        log.info("scheduled backup written and verified: %s", made.path.name)
        self.finished.emit(True, "", "")

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        zh = getattr(exc, "zh", str(exc))
        en = getattr(exc, "en", str(exc))
        log.warning("scheduled backup failed: %s", getattr(exc, "code", type(exc).__name__))
        self.finished.emit(False, zh, en)
