"""Open or create a profile's store with the keyring semantics the app relies on.

- database exists, key in keyring → open it (integrity check, migrations);
- database exists, no key → KeyMissing (never a new key: that would orphan the data);
- no database, `create=True` → new key (or the existing one) and a new database — unless
  the key fingerprint beside it shows a database existed there (a lost file, e.g. after a
  power cut or a mistaken delete): then StoreNotFound says to restore a backup, because
  an empty store would silently replace the office's work;
- no database, `create=False` → StoreNotFound (never an empty database by accident).
"""

from __future__ import annotations

from pathlib import Path

from offline.store import connection, keys, paths
from offline.store import upgrade as safe_upgrade
from offline.store.connection import IntegrityCheck
from offline.store.errors import KeyMissing, StoreNotFound
from offline.store.migrations import PendingMigration, Progress
from offline.store.store import Store


def open_profile(
    profile: str,
    data_dir: Path | None = None,
    *,
    create: bool = False,
    check: IntegrityCheck = "auto",
    on_progress: Progress | None = None,
) -> Store:
    """Open (or with `create`, make) the store of `profile`; `on_progress(done, total)`
    follows the schema upgrade, if one runs (see `pending_migration`): a verified backup
    first, then the migrations on a copy swapped in after `quick_check`
    (`offline.store.upgrade`), so a failed upgrade leaves the file as it was."""
    db = paths.db_path(profile, data_dir)
    if db.exists():
        key = _existing_key(profile, db)
        if safe_upgrade.upgrade_profile(db, key, check=check, on_progress=on_progress):
            check = "none"  # the upgraded copy passed quick_check just before the swap
        return Store.open(db, key, check=check)
    if create and connection.fingerprint_path(db).exists():
        raise StoreNotFound(
            f"配置 {profile} 的数据库文件不见了（{db}），但它的密钥指纹还在：这里原来有数据库。"
            "为免用空数据库顶替，未新建。请从备份恢复：counterdesk store restore "
            f"--profile {profile} --from <备份文件>。",
            f"the database file of profile {profile} is missing ({db}) but its key "
            "fingerprint is there, so a database existed; an empty one was NOT created in "
            f"its place. Restore a backup: counterdesk store restore --profile {profile} "
            "--from <backup file>.",
            code="store_missing",
        )
    if not create:
        raise StoreNotFound(
            f"配置 {profile} 还没有数据库（{db}）。请先运行 counterdesk store init --profile "
            f"{profile}。",
            f"profile {profile} has no database yet ({db}); run "
            f"'counterdesk store init --profile {profile}' first.",
        )
    return Store.create(db, keys.load_or_create_key(profile))


def pending_migration(profile: str, data_dir: Path | None = None) -> PendingMigration | None:
    """The schema upgrade opening `profile` would run (`from_version`, `to_version`,
    `rows`), or None if there is none or no database yet. Same refusals as `open_profile`
    (KeyMissing, WrongKey, …); a few ms, safe to call before showing "正在升级数据库…"."""
    db = paths.db_path(profile, data_dir)
    if not db.exists():
        return None
    return Store.pending_migration(db, _existing_key(profile, db))


def _existing_key(profile: str, db: Path) -> bytes:
    """The profile's key; never a new one for an existing file (that would orphan it)."""
    key = keys.load_key(profile)
    if key is None:
        raise KeyMissing(
            f"数据库 {db} 存在，但系统密钥环中没有配置 {profile} 的密钥，无法打开。"
            "请勿删除该文件；请用原来的系统账户登录，或恢复密钥环后重试。",
            f"the database {db} exists but the OS keyring holds no key for profile "
            f"{profile}; do not delete the file — sign in with the original OS account "
            "or restore the keyring, then retry.",
        )
    return key
