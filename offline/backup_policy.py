"""The backup policy of a profile, read the same way by the app and by the CLI.

The app's settings dialog saves the backup folder, daily time, number kept and the
second backup place in ``preferences.json`` in the profile; ``counterdesk store backup``
reads the same file here, so a copy taken from the command line lands in the same folder,
under the same name, in the same listing and rotation as the scheduled ones.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from offline.backup_schedule import DEFAULT_KEEP, DEFAULT_TIME, BackupPolicy, parse_daily_time
from offline.store.recovery import recovery_path

PREFERENCES_FILE = "preferences.json"
BACKUP_FOLDER = "backups"
STATE_FILE = "backup-state.json"


def state_path(profile_root: Path) -> Path:
    """Outcome of the last backups of the profile (shared by app and CLI)."""
    return Path(profile_root) / STATE_FILE


def build_policy(
    profile_root: Path,
    *,
    folder: str = "",
    daily_at: str = "",
    keep: int = DEFAULT_KEEP,
    mirror: str = "",
) -> BackupPolicy:
    """A policy from the saved fields ("" = default folder / time, no second place)."""
    return BackupPolicy(
        Path(folder).expanduser() if folder.strip() else Path(profile_root) / BACKUP_FOLDER,
        parse_daily_time(daily_at) if daily_at.strip() else DEFAULT_TIME,
        keep,
        mirror=Path(mirror).expanduser() if mirror.strip() else None,
        recovery_file=recovery_path(profile_root),
    )


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    return value if isinstance(value, str) else ""


def load_policy(profile_root: Path) -> BackupPolicy:
    """The policy saved in the profile's preferences (defaults when none are saved)."""
    try:
        data = json.loads((Path(profile_root) / PREFERENCES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    keep = data.get("backup_keep")
    return build_policy(
        profile_root,
        folder=_text(data, "backup_folder"),
        daily_at=_text(data, "backup_time"),
        keep=keep if isinstance(keep, int) and not isinstance(keep, bool) else DEFAULT_KEEP,
        mirror=_text(data, "backup_mirror"),
    )
