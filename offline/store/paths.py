"""Where a profile's files live: under the data dir from `offline.data_dir.resolve_data_dir`.

Layout: ``<data_dir>/profiles/<profile>/store.db`` (+ WAL files, key fingerprint, backups).
"""

from __future__ import annotations

import re
from pathlib import Path

from offline.data_dir import APP_NAME, resolve_data_dir
from offline.store.errors import InvalidArgument

__all__ = ["APP_NAME", "DB_NAME", "check_profile", "db_path", "default_data_dir", "profile_dir"]
DB_NAME = "store.db"
_PROFILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def check_profile(profile: str) -> str:
    """Profile names become keyring usernames and folder names: keep them plain."""
    if not _PROFILE.fullmatch(profile) or ".." in profile:
        raise InvalidArgument(
            f"配置名称无效：{profile!r}（只能使用字母、数字、点、下划线和连字符，最多 64 个字符）",
            f"invalid profile name {profile!r} (letters, digits, '.', '_', '-'; at most 64)",
        )
    return profile


def default_data_dir() -> Path:
    """The data dir when none is given: ``$COUNTERDESK_DATA_DIR`` or the OS user data dir."""
    return resolve_data_dir(None)


def profile_dir(profile: str, data_dir: Path | None = None) -> Path:
    """The folder holding one profile's database."""
    return resolve_data_dir(data_dir) / "profiles" / check_profile(profile)


def db_path(profile: str, data_dir: Path | None = None) -> Path:
    """The profile's encrypted database file."""
    return profile_dir(profile, data_dir) / DB_NAME
