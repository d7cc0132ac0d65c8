"""Restoring over a damaged store without signing in to it: authorised by a supervisor's
password (checked against the backup, never the damaged file) or by the recovery key; the
damaged file kept aside; a plain report of what came back (real SQLCipher files, real
byte flips)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest

from offline.backup_policy import load_policy, state_path
from offline.backup_schedule import run_backup
from offline.store import damaged_restore, keys, recovery
from offline.store.errors import DatabaseCorrupt
from offline.store.opening import open_profile
from offline.store.users import CachedUser
from tests.conftest import MemoryKeyring
from tests.fixtures.store import CLERK, StoreFactory, intake_fields

NOW = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)
SUPER = CachedUser("u-super", "super1", "王主任", "supervisor", "520102")
CLERK_USER = CachedUser("u-clerk1", "clerk1", "张三", "clerk", "520102")


def _office(store_factory: StoreFactory, data: Path) -> tuple[Path, str, Path]:
    """Two intakes, cached users, a recovery key and a backup; then two more intakes after
    the backup; then the file is damaged. Returns (backup, recovery code, db path)."""
    store = store_factory("desk", data_dir=data)
    for user, password in ((SUPER, "Super@2026"), (CLERK_USER, "Clerk@2026")):
        store.cache_user(user, password, policy_days=7, max_failed=5, at=NOW)
    for name in ("张一", "张二"):
        store.intake(CLERK, **intake_fields(name=name))
    root = store.path.parent
    key = keys.load_key("desk")
    assert key is not None
    code = recovery.set_up(root, key, device_id=store.device_id, now=NOW)
    made = run_backup(store, load_policy(root), key=key, state_path=state_path(root), now=NOW)
    for name in ("李一", "李二"):
        store.intake(CLERK, **intake_fields(name=name))
    db = store.path
    store.close()
    raw = bytearray(db.read_bytes())
    middle = len(raw) // 2
    raw[middle : middle + 64] = bytes(b ^ 0x5A for b in raw[middle : middle + 64])
    db.write_bytes(bytes(raw))
    with pytest.raises(DatabaseCorrupt):
        open_profile("desk", data)
    return made.path, code.grouped(), db


def _untouched(db: Path, before: bytes) -> None:
    assert db.read_bytes() == before
    assert not list(db.parent.glob("store.db.damaged-*"))


def test_a_supervisor_restores_over_a_damaged_store(
    store_factory: StoreFactory, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    source, _, _db = _office(store_factory, data)
    assert damaged_restore.candidates("desk", data)[0].path == source
    report = damaged_restore.restore_damaged(
        "desk", source, now=NOW, data_dir=data, supervisor=("super1", "Super@2026")
    )
    assert report.applications == 2 and report.pending == 2
    assert report.damaged_aside is not None and report.damaged_aside.exists()
    zh, en = report.describe()
    assert "2 件" in zh and "纸质收件凭证" in zh and report.damaged_aside.name in zh
    assert "cannot be recovered" in en
    with open_profile("desk", data) as store:
        assert store.counts_by_status(None) == {"received": 2}


@pytest.mark.parametrize(
    "credentials", [("super1", "wrong"), ("clerk1", "Clerk@2026"), ("nobody", "x")]
)
def test_a_wrong_or_non_supervisor_credential_changes_nothing(
    store_factory: StoreFactory, tmp_path: Path, credentials: tuple[str, str]
) -> None:
    data = tmp_path / "data"
    source, _, db = _office(store_factory, data)
    before = db.read_bytes()
    with pytest.raises(damaged_restore.RestoreRefused) as refused:
        damaged_restore.restore_damaged(
            "desk", source, now=NOW, data_dir=data, supervisor=credentials
        )
    assert "恢复密钥" in refused.value.zh and "recovery key" in refused.value.en
    _untouched(db, before)


def test_the_recovery_key_restores_when_the_keyring_lost_the_key(
    store_factory: StoreFactory, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    data = tmp_path / "data"
    source, code, _db = _office(store_factory, data)
    keyring.delete_password(keys.SERVICE, keys.key_username("desk"))
    with pytest.raises(damaged_restore.RestoreRefused):  # no key: a password cannot help
        damaged_restore.restore_damaged(
            "desk", source, now=NOW, data_dir=data, supervisor=("super1", "Super@2026")
        )
    report = damaged_restore.restore_damaged(
        "desk", source, now=NOW, data_dir=data, recovery_code=code
    )
    assert report.applications == 2 and report.damaged_aside is not None
    with open_profile("desk", data) as store:
        assert sum(store.counts_by_status(None).values()) == 2


def test_a_wrong_recovery_code_changes_nothing(store_factory: StoreFactory, tmp_path: Path) -> None:
    data = tmp_path / "data"
    source, code, db = _office(store_factory, data)
    before = db.read_bytes()
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    with pytest.raises(recovery.RecoveryRefused):
        damaged_restore.restore_damaged("desk", source, now=NOW, data_dir=data, recovery_code=wrong)
    _untouched(db, before)


def test_no_authorisation_is_refused(store_factory: StoreFactory, tmp_path: Path) -> None:
    data = tmp_path / "data"
    source, _, db = _office(store_factory, data)
    before = db.read_bytes()
    with pytest.raises(damaged_restore.RestoreRefused):
        damaged_restore.restore_damaged("desk", source, now=NOW, data_dir=data)
    _untouched(db, before)
