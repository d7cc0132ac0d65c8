"""Backup and restore rules for the UI, Qt-free: the schedule's policy and who may restore.

Restore (从备份恢复) replaces the whole local store with an older copy. Only a supervisor
may do it, and only when this computer has done NOTHING since the backup was taken
(the device's action sequence in the backup is not behind the current store's). Every
clerk action consumes the next number of the device's push sequence, and every intake
a receipt number; restoring a backup older than that work would
- drop the actions not yet synced (they exist nowhere else),
- issue receipt numbers again that citizens already hold on paper (receipt numbers are
  final when printed offline), and
- send the platform sequence numbers it already applied: it answers ``seq_taken`` and
  the outbox stops (seen against the reference platform: pending stays at 1, error
  "conflict (seq_taken)").
So that case is refused with a plain bilingual explanation instead of being allowed
behind a confirmation; a damaged database is a job for a technician with
``counterdesk store restore``. What remains allowed — the current store has nothing the
backup lacks, e.g. after a damaged index or a bad local edit of settings data — still
needs the supervisor to TYPE a confirmation word (a click is too easy at a busy
counter), and the replaced file is never deleted: ``offline.store.backup.restore`` moves
it aside as ``store.db.replaced-<UTC time>``.

Restore passes ``replace_newer=True``: the audit log of the current store always has at
least the backup's entries (sign-ins, sync runs), and the sequence rule above is the
real check.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from offline.backup_policy import build_policy
from offline.backup_schedule import BackupPolicy, verify_copy
from offline.domain.errors import BilingualError
from offline.store import keys
from offline.store.backup import RestoreResult, restore
from offline.store.errors import KeyMissing
from ui.profile import Profile
from ui.settings.model import Preferences

CONFIRM_WORDS = ("恢复", "RESTORE")


class RestoreRefused(BilingualError):
    """Restore was not allowed or not confirmed; nothing changed."""


def policy_for(profile: Profile, prefs: Preferences) -> BackupPolicy:
    """The backup policy from saved preferences (default folder: <profile>/backups), the
    same one ``counterdesk store backup`` reads (``offline.backup_policy``)."""
    return build_policy(
        profile.root,
        folder=prefs.backup_folder,
        daily_at=prefs.backup_time,
        keep=prefs.backup_keep,
        mirror=prefs.backup_mirror,
    )


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
    pending: int  # unsynced actions in the current store (all also in the backup)

    @property
    def needs_typed_confirmation(self) -> bool:
        return True

    def warning(self, lang: str = "zh_CN") -> str:
        zh = (
            f"将用备份 {self.source.name} 替换本机数据库。当前数据库会另存为 "
            "store.db.replaced-…，不会删除。恢复后窗口通将关闭，请重新启动。"
        )
        en = (
            f"The local database will be replaced by the backup {self.source.name}. The "
            "current database is kept aside as store.db.replaced-…, not deleted. CounterDesk "
            "closes after the restore; start it again."
        )
        if self.pending:
            zh += f"本机有 {self.pending} 项操作尚未同步；备份中也有这些操作，重启后继续同步。"
            en += (
                f" {self.pending} actions are not synced yet; the backup holds them too and "
                "they sync after the restart."
            )
        zh += "确认恢复请输入“恢复”或 RESTORE。"
        en += " To restore, type RESTORE (or 恢复)."
        return zh if lang.startswith("zh") else en


def check_role(role: str | None) -> None:
    if role != "supervisor":
        raise RestoreRefused(
            "forbidden",
            "只有窗口负责人可以从备份恢复。",
            "Only a supervisor may restore from a backup.",
        )


def plan_restore(
    role: str | None, source: Path, key: bytes, pending: int, current_next_seq: int
) -> RestorePlan:
    """Check the role, the backup (opens with the key, passes quick_check) and that this
    computer did nothing since the backup (see the module docstring)."""
    check_role(role)
    facts = verify_copy(source, key)
    since = current_next_seq - facts.next_seq
    if since > 0:
        raise RestoreRefused(
            "newer_work",
            f"拒绝恢复：备份 {source.name} 之后，本机又办理了 {since} 项操作"
            f"（其中 {pending} 项尚未同步）。恢复会丢失未同步的操作、重复使用已发给群众的"
            "受理编号，并使同步被平台拒绝。数据库没有损坏时不需要恢复；"
            "若数据库损坏，请联系技术人员处理。",
            f"Restore refused: this computer recorded {since} actions after the backup "
            f"{source.name} ({pending} of them not synced yet). Restoring would lose the "
            "unsynced ones, issue receipt numbers again that citizens already hold, and make "
            "the platform refuse this computer's sync. A database that is not damaged needs "
            "no restore; for a damaged one, call a technician.",
        )
    return RestorePlan(source, facts.audit_entries, pending)


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
