"""Can this profile's store be opened, and if not, why — without ever raising.

`counterdesk doctor`, `counterdesk diagnostics` and the app's setup page all start here,
because they are used exactly when something is broken: no keyring, no key, a wrong key,
a damaged file. Each state has a stable `code` for scripts and plain (zh, en) words with
the next step for people. The file is only ever read (no migration, no repair).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from offline.store import damage, keys, paths
from offline.store.connection import fingerprint_path
from offline.store.errors import StoreError

State = Literal[
    "ok", "store_not_found", "keyring_unavailable", "key_missing", "wrong_key", "database_corrupt"
]


@dataclass(frozen=True)
class ProfileHealth:
    """`state` and its words; `report` is set once the file could be examined."""

    state: State
    zh: str
    en: str
    db: Path
    report: damage.DamageReport | None = None

    @property
    def ok(self) -> bool:
        return self.state == "ok"


def _restore_steps(profile: str) -> tuple[str, str]:
    return (
        f"请勿删除该文件。请从备份恢复：在设置页选择“从备份恢复”，或运行 counterdesk store "
        f"restore --profile {profile} --from <备份文件>（新电脑上加 --recovery-code）。",
        f"Do not delete the file. Restore from a backup: choose 'Restore from a backup' on "
        f"the setup page, or run 'counterdesk store restore --profile {profile} --from "
        "<file>' (on a new PC add --recovery-code).",
    )


def examine_profile(profile: str, data_dir: Path | None = None) -> ProfileHealth:
    """The state of `profile`'s store file (see the module docstring)."""
    db = paths.db_path(profile, data_dir)
    if not db.is_file():
        return ProfileHealth(
            "store_not_found",
            f"配置 {profile} 还没有数据库（{db}）。",
            f"Profile {profile} has no database yet ({db}).",
            db,
        )
    try:
        key = keys.load_key(profile)
    except StoreError as exc:
        return ProfileHealth("keyring_unavailable", exc.zh, exc.en, db)
    if key is None:
        return ProfileHealth(
            "key_missing",
            f"数据库存在，但系统密钥环中没有配置 {profile} 的密钥。请用原来的系统账户登录；"
            "若在新电脑上，请用恢复密钥从备份恢复。",
            f"The database exists but the OS keyring holds no key for profile {profile}. "
            "Sign in with the original OS account; on a new PC, restore a backup with the "
            "recovery key.",
            db,
        )
    report = damage.examine_file(db, key)
    if report.ok:
        return ProfileHealth("ok", "数据库完好。", "The database is sound.", db, report)
    if not report.readable and _fingerprint_differs(db, key):
        return ProfileHealth(
            "wrong_key",
            "密钥环中的密钥与该数据库不匹配。请确认配置名称和系统账户；不要删除数据库文件。",
            "The key in the keyring does not match this database. Check the profile name "
            "and the OS account; do not delete the database file.",
            db,
            report,
        )
    what_zh, what_en = report.describe()
    steps_zh, steps_en = _restore_steps(profile)
    return ProfileHealth(
        "database_corrupt", what_zh + steps_zh, f"{what_en} {steps_en}", db, report
    )


def _fingerprint_differs(db: Path, key: bytes) -> bool:
    """True when the key fingerprint beside the file names another key. An empty or
    unreadable fingerprint says nothing: the file may be damaged and the key right."""
    try:
        stored = fingerprint_path(db).read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    return bool(stored) and stored != keys.fingerprint(key)
