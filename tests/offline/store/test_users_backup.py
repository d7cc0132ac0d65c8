"""Offline login with a scrypt verifier, and encrypted backup/restore that loses nothing."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from offline.store import keys
from offline.store.backup import restore
from offline.store.errors import BackupError, DatabaseCorrupt, LoginRefused, WrongKey
from offline.store.opening import open_profile
from offline.store.store import Store
from offline.store.users import CachedUser
from tests.fixtures.store import CLERK, intake_fields

NOW = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)
USER = CachedUser("u-clerk1", "clerk1", "王芳", "clerk", "520102")


def test_offline_login_checks_the_verifier_not_a_password(store: Store) -> None:
    store.cache_user(USER, "s3cret-密码", policy_days=7, max_failed=3, at=NOW)
    row = store.conn.execute("SELECT salt, verifier FROM cached_users").fetchone()
    assert b"s3cret" not in row[0] + row[1] and len(row[1]) == 32
    assert store.offline_login("clerk1", "s3cret-密码", now=NOW + timedelta(days=6)) == USER


def test_offline_login_refusals(store: Store) -> None:
    store.cache_user(USER, "pw", policy_days=7, max_failed=3, at=NOW)
    codes = []
    for password, when in [("bad", 1), ("pw", 8), ("x", 1), ("x", 1), ("pw", 1)]:
        with pytest.raises(LoginRefused) as info:
            store.offline_login("clerk1", password, now=NOW + timedelta(days=when))
        codes.append(info.value.code)
    assert codes == ["wrong_password", "expired", "wrong_password", "wrong_password", "locked"]
    later = NOW + timedelta(days=1, minutes=16)
    assert store.offline_login("clerk1", "pw", now=later) == USER
    with pytest.raises(LoginRefused) as info:
        store.offline_login("nobody", "pw", now=NOW)
    assert info.value.code == "unknown_user" and "联网" in info.value.zh
    assert store.verify_audit().ok


def test_backup_and_restore_round_trip(store: Store, tmp_path: Path) -> None:
    first = store.intake(CLERK, **intake_fields())
    dest = tmp_path / "backups" / "b1.db"
    assert store.backup(dest) >= 3
    assert not dest.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(BackupError):
        store.backup(dest)  # never overwrites
    store.intake(CLERK, **intake_fields(name="李四"))
    db, key = store.path, store._key
    store.close()
    with pytest.raises(BackupError) as info:
        restore(db, dest, key)  # current file is newer
    assert "--replace-newer" in info.value.zh
    result = restore(db, dest, key, replace_newer=True)
    assert result.replaced_aside is not None and result.replaced_aside.exists()
    with Store.open(db, key) as restored:
        assert [r["id"] for r in restored.queue().rows] == [first["id"]]
        assert restored.verify_audit().ok
    with Store.open(result.replaced_aside, key) as aside:
        assert len(aside.queue().rows) == 2  # the replaced data is still there


def test_restore_refuses_foreign_or_damaged_backups(store: Store, tmp_path: Path) -> None:
    other = Store.create(tmp_path / "other.db", os.urandom(32))
    other.close()
    db, key = store.path, store._key
    store.close()
    before = db.read_bytes()
    with pytest.raises(WrongKey):
        restore(db, tmp_path / "other.db", key)
    (tmp_path / "junk.db").write_bytes(os.urandom(8192))
    with pytest.raises((WrongKey, DatabaseCorrupt)):
        restore(db, tmp_path / "junk.db", key)
    assert db.read_bytes() == before


def test_restore_into_an_empty_profile(tmp_path: Path) -> None:
    with open_profile("src", tmp_path, create=True) as store:
        store.backup(tmp_path / "b.db")
        device_id = store.device_id
    key = keys.load_key("src")
    assert key is not None
    target = tmp_path / "fresh" / "store.db"
    target.parent.mkdir()
    assert restore(target, tmp_path / "b.db", key).replaced_aside is None
    with Store.open(target, key) as again:
        assert again.device_id == device_id
