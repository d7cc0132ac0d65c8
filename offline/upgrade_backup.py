"""The verified backup taken before a schema upgrade, and its place outside rotation.

Before a new version of the app upgrades the store, it copies the store with the same
function as the daily backup (``offline.backup_schedule.snapshot_backup``): same folder,
same verification (re-opened with the key, ``quick_check``, ``.verified`` note), same
recovery-key sidecar and second backup place. Only the name differs:
``store-YYYYMMDD-HHMMSS-pre-upgrade-v6.db`` (the schema it holds), which the daily
rotation never deletes: it is the way back to the older version. It is removed after the
NEXT successful upgrade, when a newer pre-upgrade copy has taken its place.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from offline import backup_policy
from offline.backup_schedule import (
    BackupFile,
    DiskFree,
    default_disk_free,
    list_backups,
    snapshot_backup,
)


def take(
    db: Path,
    key: bytes,
    profile_root: Path,
    from_version: int,
    *,
    now: datetime | None = None,
    disk_free: DiskFree = default_disk_free,
) -> BackupFile:
    """Copy and verify the (closed) store at ``db`` before upgrading ``from_version``;
    raises ``BackupRefused`` (nothing upgraded) when it cannot."""
    policy = replace(backup_policy.load_policy(profile_root), pre_upgrade_from=from_version)
    return snapshot_backup(
        db,
        policy,
        key=key,
        state_path=backup_policy.state_path(profile_root),
        now=now,
        disk_free=disk_free,
    )


def drop_older(profile_root: Path, kept: Path) -> list[Path]:
    """After a successful upgrade: delete the pre-upgrade copies other than ``kept``
    (in the backup folder and the second place); returns what was deleted."""
    policy = backup_policy.load_policy(profile_root)
    removed: list[Path] = []
    for folder in (policy.folder, policy.mirror):
        if folder is None:
            continue
        with contextlib.suppress(OSError):
            for old in list_backups(folder):
                if old.pre_upgrade_from is None or old.path.name == kept.name:
                    continue
                for suffix in ("", ".keyid", ".verified", ".recovery", "-wal", "-shm"):
                    with contextlib.suppress(FileNotFoundError):
                        Path(str(old.path) + suffix).unlink()
                removed.append(old.path)
    return removed
