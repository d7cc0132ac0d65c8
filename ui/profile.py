"""Where one profile's files live, and the few non-secret facts the app keeps about it.

A profile (配置) is one encrypted store plus its settings, logs and registration: the
platform URL, office, device id and terminal code (终端编号, part of every receipt
number). Secrets never go here; they live in the OS keyring (or, for an explicitly
marked demo profile only, a file-backed keyring inside the profile).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from offline import durable
from offline.data_dir import resolve_data_dir
from offline.profile_kind import ProfileKind, read_kind, record_kind

# The same layout as offline.store.paths (a test keeps them equal); repeated here because
# importing the store package costs half a second that the first paint should not wait for.
DB_NAME = "store.db"
_PROFILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def default_data_dir() -> Path:
    """Root of all profiles (see ``offline.data_dir.resolve_data_dir``)."""
    return resolve_data_dir(None)


@dataclass
class Registration:
    """What first run decided: which platform, which office, which terminal."""

    platform_url: str = ""
    office_code: str = ""
    office_name: str = ""
    device_id: str = ""
    terminal_code: str = ""
    demo: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return bool(
            self.platform_url and self.office_code and self.device_id and self.terminal_code
        )


@dataclass(frozen=True)
class Profile:
    """Paths of one profile. Creating the object touches nothing on disk."""

    name: str
    root: Path

    @classmethod
    def locate(cls, name: str, data_dir: Path | None = None) -> Profile:
        """Same layout as the store CLI: ``<data_dir>/profiles/<name>/``."""
        if not _PROFILE.fullmatch(name) or ".." in name:
            raise ValueError(
                f"配置名称无效：{name!r}（只能使用字母、数字、点、下划线和连字符） / "
                f"invalid profile name {name!r} (letters, digits, '.', '_', '-')"
            )
        root = resolve_data_dir(data_dir) / "profiles" / name
        return cls(name=name, root=root)

    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    @property
    def log_dir(self) -> Path:
        return self.root / "logs"

    @property
    def settings_path(self) -> Path:
        return self.root / "settings.ini"

    @property
    def registration_path(self) -> Path:
        return self.root / "registration.json"

    @property
    def preferences_path(self) -> Path:
        """Non-secret user choices (ui.settings): language, printer, proxy, backup…"""
        return self.root / "preferences.json"

    @property
    def backup_state_path(self) -> Path:
        """Outcome of the last scheduled backup (offline.backup_schedule)."""
        return self.root / "backup-state.json"

    @property
    def backup_dir(self) -> Path:
        """Default folder of the scheduled backups (same as ``counterdesk store backup``)."""
        return self.root / "backups"

    @property
    def demo_keyring_path(self) -> Path:
        return self.root / "demo-keyring.cfg"

    @property
    def kind(self) -> ProfileKind:
        """Recorded at creation (``profile.json``); standard when never recorded."""
        return read_kind(self.root)

    def ensure(self, kind: ProfileKind | None = None) -> Profile:
        """Create the folder (flushed into its parents); with ``kind``, record it once
        (a profile that never recorded one is a standard profile)."""
        durable.make_dirs(self.root)
        if kind is not None:
            record_kind(self.root, kind)
        return self

    def load_registration(self) -> Registration:
        try:
            data = json.loads(self.registration_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Registration()
        known = {k: v for k, v in data.items() if k in Registration.__dataclass_fields__}
        return Registration(**known)

    def save_registration(self, reg: Registration) -> None:
        _write_json(self.registration_path, asdict(reg))

    def load_preferences(self) -> dict[str, Any]:
        """The saved preferences as plain JSON (empty when none were saved or unreadable)."""
        try:
            data = json.loads(self.preferences_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def save_preferences(self, data: dict[str, Any]) -> None:
        """Replace the preferences file durably (see ``offline.durable``)."""
        _write_json(self.preferences_path, data)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Temp file, fsync, rename, fsync of the folder: a crash or power cut leaves the old
    file or the new one."""
    durable.write_text(path, json.dumps(data, ensure_ascii=False, indent=2))
