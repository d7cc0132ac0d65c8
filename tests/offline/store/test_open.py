"""Opening and creating encrypted stores: keyring refusals, wrong/missing key, damage."""

from __future__ import annotations

import os
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from keyrings.alt.file import PlaintextKeyring

from offline.store import keys, paths
from offline.store.errors import (
    DatabaseCorrupt,
    KeyMissing,
    KeyringUnavailable,
    StoreExists,
    StoreNotFound,
    WrongKey,
)
from offline.store.opening import open_profile
from offline.store.store import Store
from tests.fixtures.store import CLERK, intake_fields


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _make(tmp_path: Path) -> Path:
    with open_profile("p1", tmp_path, create=True) as store:
        store.register_device("520102", "03")
        return store.path


def test_created_file_is_encrypted_with_required_pragmas(tmp_path: Path) -> None:
    with open_profile("p1", tmp_path, create=True) as store:
        conn = store.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        store.register_device("520102", "03")
        path = store.path
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"sync_state" not in raw and b"520102" not in raw
    assert keyring.get_password(keys.SERVICE, "db-key:p1") is not None


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring, keyring.backends.null.Keyring])
def test_no_usable_keyring_is_refused_and_nothing_created(tmp_path: Path, backend: type) -> None:
    keyring.set_keyring(backend())
    with pytest.raises(KeyringUnavailable) as info:
        open_profile("p1", tmp_path, create=True)
    assert "密钥环" in info.value.message("zh_CN") and "keyring" in info.value.message("en")
    assert not paths.db_path("p1", tmp_path).exists()


def test_file_keyring_only_as_explicit_choice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")  # type: ignore[misc]
    keyring.set_keyring(backend)
    with pytest.raises(KeyringUnavailable):
        open_profile("p1", tmp_path / "data", create=True)
    monkeypatch.setenv(keys.ALLOW_FILE_KEYRING_ENV, "1")
    with open_profile("p1", tmp_path / "data", create=True) as store:
        assert store.device_id


def test_missing_key_for_existing_database_is_refused(
    tmp_path: Path, memory_keyring: keyring.backend.KeyringBackend
) -> None:
    db = _make(tmp_path)
    before = _files(db.parent)
    memory_keyring.delete_password(keys.SERVICE, "db-key:p1")
    with pytest.raises(KeyMissing) as info:
        open_profile("p1", tmp_path, create=True)
    assert "请勿删除" in info.value.zh
    assert _files(db.parent) == before  # nothing created or overwritten
    assert keyring.get_password(keys.SERVICE, "db-key:p1") is None  # no new key made


def test_wrong_key_is_refused_and_file_untouched(tmp_path: Path) -> None:
    db = _make(tmp_path)
    before = _files(db.parent)
    with pytest.raises(WrongKey):
        Store.open(db, os.urandom(32))
    assert _files(db.parent) == before


def test_wrong_key_without_fingerprint_still_refused(tmp_path: Path) -> None:
    db = _make(tmp_path)
    (db.parent / (db.name + ".keyid")).unlink()
    with pytest.raises(WrongKey) as info:
        Store.open(db, os.urandom(32))
    assert "restore" in info.value.en


@pytest.mark.parametrize("where", ["header", "middle"])
def test_corrupted_file_is_reported_with_recovery_path(tmp_path: Path, where: str) -> None:
    with open_profile("p1", tmp_path, create=True) as store:
        store.register_device("520102", "03")
        from tests.fixtures.store import SAMPLE_ITEMS

        store.upsert_catalog(SAMPLE_ITEMS)
        for i in range(30):
            store.intake(CLERK, **intake_fields(name=f"张{i}"))
        db = store.path
    data = bytearray(db.read_bytes())
    offset = 100 if where == "header" else len(data) // 2
    data[offset : offset + 64] = os.urandom(64)
    db.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorrupt) as info:
        open_profile("p1", tmp_path)
    assert "counterdesk store restore" in info.value.zh
    assert db.read_bytes() == bytes(data)  # nothing rewritten


def test_big_files_defer_the_full_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from offline.store import connection

    with open_profile("p1", tmp_path, create=True) as store:
        store.register_device("520102", "03")
        from tests.fixtures.store import SAMPLE_ITEMS

        store.upsert_catalog(SAMPLE_ITEMS)
        for i in range(40):
            store.intake(CLERK, **intake_fields(name=f"李{i}"))
        db = store.path
    data = bytearray(db.read_bytes())
    data[-3000:-2900] = os.urandom(100)  # a leaf page far from what opening reads
    db.write_bytes(bytes(data))
    monkeypatch.setattr(connection, "AUTO_QUICK_CHECK_BYTES", 0)
    store = open_profile("p1", tmp_path)  # "auto": opens without reading every page
    try:
        with pytest.raises(DatabaseCorrupt):
            store.integrity_check()
    finally:
        store.conn.close()


def test_opening_a_missing_profile_never_creates_one(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFound):
        open_profile("nobody", tmp_path)
    assert not (tmp_path / "profiles" / "nobody").exists()


def test_create_refuses_an_existing_file(tmp_path: Path) -> None:
    db = _make(tmp_path)
    before = db.read_bytes()
    with pytest.raises(StoreExists):
        Store.create(db, keys.load_key("p1") or b"")
    assert db.read_bytes() == before


def test_reopen_keeps_device_and_data(store_factory) -> None:  # type: ignore[no-untyped-def]
    store = store_factory("p2")
    doc = store.intake(CLERK, **intake_fields())
    device_id, path = store.device_id, store.path
    store.close()
    with open_profile("p2", path.parent.parent.parent) as again:
        assert again.device_id == device_id
        assert again.get(doc["id"]) == doc


def test_bad_profile_names_are_refused(tmp_path: Path) -> None:
    from offline.store.errors import InvalidArgument

    for name in ("../x", "", "a/b", "x" * 65, "名字"):
        with pytest.raises(InvalidArgument):
            open_profile(name, tmp_path, create=True)


def test_background_checkpoints_keep_the_wal_small(
    store_factory,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    import time

    from offline.store import checkpointer

    monkeypatch.setattr(checkpointer, "WAL_THRESHOLD_BYTES", 1)
    monkeypatch.setattr(checkpointer, "INTERVAL_S", 0.05)
    store = store_factory("cp")
    assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] > 1000
    store.intake(CLERK, **intake_fields())
    deadline = time.monotonic() + 10
    while store._checkpointer.checkpoints == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert store._checkpointer.checkpoints > 0
    store.close()
    assert not store._checkpointer._thread.is_alive()
