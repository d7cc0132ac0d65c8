"""Backup and restore rules for the UI, Qt-free: the schedule's policy and who may restore.

Restore (从备份恢复) replaces the whole local store with an older copy. Only a supervisor
may do it. The dangerous part is the outbox: actions taken on this computer after the
backup and not yet synced exist nowhere else, so restoring would drop them from the
store. We do not refuse outright — restoring is exactly what is needed when the current
file is damaged, and a damaged store cannot sync first — but we say it plainly, with the
number of unsynced actions, and require the supervisor to TYPE a confirmation word (a
click is too easy at a busy counter). The replaced file is never deleted:
``offline.store.backup.restore`` moves it aside as ``store.db.replaced-<UTC time>``, so an
expert can still recover those actions from it.

Restore always passes ``replace_newer=True``: a scheduled backup is by nature older than
the live store, and the typed confirmation is the consent that the CLI asks for with
``--replace-newer``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from offline.backup_schedule import BackupPolicy, parse_daily_time, verify_copy
from offline.store import keys
from offline.store.backup import RestoreResult, restore
from offline.store.errors import KeyMissing
from ui.profile import Profile
from ui.settings.model import Preferences

CONFIRM_WORDS = ("恢复", "RESTORE")


class RestoreRefused(Exception):
    """Restore was not allowed or not confirmed; nothing changed."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.code = code
        self.zh = zh
        self.en = en

    def message(self, lang: str = "zh_CN") -> str:
        return self.zh if lang.startswith("zh") else self.en


def policy_for(profile: Profile, prefs: Preferences) -> BackupPolicy:
    """The backup policy from saved preferences (default folder: <profile>/backups)."""
    folder = Path(prefs.backup_folder) if prefs.backup_folder else profile.backup_dir
    return BackupPolicy(folder, parse_daily_time(prefs.backup_time), prefs.backup_keep)


def profile_key(profile: Profile) -> bytes:
    """The profile's database key from the OS keyring (backups use the same key)."""
    key = keys.load_key(profile.name)
    if key is None:
        raise KeyMissing(
            f"系统密钥环中没有配置 {profile.name} 的密钥，无法备份或恢复。",
            f"the OS keyring holds no key for profile {profile.name}; cannot back up or restore.",
        )
    return key


@dataclass(frozen=True)
class RestorePlan:
    """What restoring ``source`` would do, shown to the supervisor before confirming."""

    source: Path
    audit_entries: int
    pending: int  # unsynced actions in the CURRENT store that the restore would drop

    @property
    def needs_typed_confirmation(self) -> bool:
        return self.pending > 0

    def warning(self, lang: str = "zh_CN") -> str:
        if self.pending == 0:
            zh = (
                f"将用备份 {self.source.name} 替换本机数据库。备份之后在本机所做、并已同步的"
                "操作会在下次同步时从平台取回。当前数据库会另存，不会删除。恢复后窗口通将关闭，"
                "请重新启动。"
            )
            en = (
                f"The local database will be replaced by the backup {self.source.name}. "
                "Actions taken here after the backup that were already synced come back from "
                "the platform at the next sync. The current database is kept aside, not "
                "deleted. CounterDesk closes after the restore; start it again."
            )
        else:
            zh = (
                f"注意：本机还有 {self.pending} 项操作尚未同步到平台。恢复备份 "
                f"{self.source.name} 后，这些操作将从本机数据库中消失（平台上也没有）。"
                "当前数据库会另存为 store.db.replaced-…，不会删除，但需要技术人员才能找回。"
                "建议先联网同步。确需恢复，请输入“恢复”或 RESTORE。"
            )
            en = (
                f"Warning: {self.pending} actions on this computer have not been synced to the "
                f"platform. After restoring the backup {self.source.name} they will be gone "
                "from the local database (the platform does not have them either). The "
                "current database is kept aside as store.db.replaced-…, not deleted, but only "
                "a technician can recover them. Sync first if you can. To restore anyway, "
                "type RESTORE (or 恢复)."
            )
        return zh if lang.startswith("zh") else en


def check_role(role: str | None) -> None:
    if role != "supervisor":
        raise RestoreRefused(
            "forbidden",
            "只有窗口负责人可以从备份恢复。",
            "Only a supervisor may restore from a backup.",
        )


def plan_restore(role: str | None, source: Path, key: bytes, pending: int) -> RestorePlan:
    """Check the role and the backup (opens with the key, passes quick_check)."""
    check_role(role)
    entries, _schema = verify_copy(source, key)
    return RestorePlan(source, entries, pending)


def confirm(plan: RestorePlan, typed: str) -> None:
    """Raise unless the typed confirmation is present where the plan needs one."""
    if plan.needs_typed_confirmation and typed.strip() not in CONFIRM_WORDS:
        raise RestoreRefused(
            "not_confirmed",
            "未输入确认词“恢复”，没有恢复。",
            "The confirmation word RESTORE was not typed; nothing was restored.",
        )


def restore_profile(
    profile: Profile, plan: RestorePlan, key: bytes, role: str | None, typed: str
) -> RestoreResult:
    """Replace the (closed) store with the backup; the current file is moved aside."""
    check_role(role)
    confirm(plan, typed)
    return restore(profile.db_path, plan.source, key, replace_newer=True)
