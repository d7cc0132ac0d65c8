"""Files beside the store survive a power cut: flush order, new folders, .keyid repair,
private modes, and a file keyring that survives SIGKILLs mid-save."""

from __future__ import annotations

import logging
import os
import random
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from offline import durable
from offline.store import connection, keys
from offline.store.errors import DatabaseCorrupt, WrongKey
from offline.store.opening import open_profile
from tests.fixtures.store import CLERK, StoreFactory, intake_fields

REPO = Path(__file__).resolve().parents[2]


class FlushLog:
    """Records fsyncs (by path) and renames in order, then lets them happen."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[tuple[str, str]] = []
        real_fsync, real_replace = os.fsync, os.replace

        def fsync(fd: int) -> None:
            self.events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
            real_fsync(fd)

        def replace(src: Any, dst: Any) -> None:
            self.events.append(("replace", str(dst)))
            real_replace(src, dst)

        monkeypatch.setattr(durable.os, "fsync", fsync)
        monkeypatch.setattr(durable.os, "replace", replace)


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc")
def test_write_flushes_file_then_renames_then_flushes_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "prefs.json"
    target.write_text("old")
    flushes = FlushLog(monkeypatch)
    durable.write_text(target, "new")
    kinds = [(kind, Path(p).parent == tmp_path and Path(p).name.startswith(".")) for kind, p in
             flushes.events]  # fmt: skip
    assert kinds[0] == ("fsync", True)  # the temp file's bytes first
    assert flushes.events[1] == ("replace", str(target))
    assert flushes.events[2] == ("fsync", str(tmp_path))  # then the new name
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["prefs.json"]  # no temp file left


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc")
def test_new_folders_are_flushed_into_their_parents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushes = FlushLog(monkeypatch)
    deep = tmp_path / "data" / "profiles" / "office1"
    durable.make_dirs(deep)
    flushed = [p for kind, p in flushes.events if kind == "fsync"]
    for folder in (tmp_path, tmp_path / "data", tmp_path / "data" / "profiles"):
        assert str(folder) in flushed  # each new entry is on disk in its parent
    assert stat.S_IMODE(deep.stat().st_mode) == 0o700


def test_store_files_backups_and_logs_are_private(
    store_factory: StoreFactory, tmp_path: Path
) -> None:
    store = store_factory("private", data_dir=tmp_path / "data")
    store.intake(CLERK, **intake_fields())
    db = store.path
    made = tmp_path / "data" / "backups" / "b.db"
    store.backup(made)
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), connection.fingerprint_path(db),
                 made, connection.fingerprint_path(made)):  # fmt: skip
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in (db.parent, db.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    store.close()

    from ui.logs import setup_logging

    handler = setup_logging(tmp_path / "logs")
    try:
        logging.getLogger("durable-test").warning("hello")
        handler.flush()
        handler.doRollover()  # the file rotation starts is private too
        logging.getLogger("durable-test").warning("again")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    logs = sorted((tmp_path / "logs").iterdir())
    assert len(logs) == 2
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in logs)


@pytest.mark.parametrize("damage", [b"", b"\x00" * 33, b"not a fingerprint\n"])
def test_an_empty_or_garbled_keyid_is_rewritten_when_the_key_opens_the_store(
    store_factory: StoreFactory, tmp_path: Path, damage: bytes
) -> None:
    store = store_factory("kid", data_dir=tmp_path / "data")
    db, key = store.path, keys.load_key("kid")
    assert key is not None
    store.close()
    connection.fingerprint_path(db).write_bytes(damage)
    with open_profile("kid", tmp_path / "data"):
        pass
    assert connection.fingerprint_path(db).read_text().strip() == keys.fingerprint(key)


def test_an_empty_keyid_never_turns_damage_into_wrong_key(
    store_factory: StoreFactory, tmp_path: Path
) -> None:
    store = store_factory("dmg", data_dir=tmp_path / "data")
    db = store.path
    store.close()
    raw = bytearray(db.read_bytes())
    raw[:4096] = os.urandom(4096)  # page 1 damaged
    db.write_bytes(bytes(raw))
    connection.fingerprint_path(db).write_bytes(b"")  # and the power cut emptied .keyid
    with pytest.raises((WrongKey, DatabaseCorrupt)) as info:
        open_profile("dmg", tmp_path / "data")
    assert "restore" in info.value.en and "从备份恢复" in info.value.zh
    assert "contact your administrator" not in info.value.en


CHILD = r"""
import sys
from pathlib import Path
from offline.store.file_keyring import ProfileFileKeyring
backend = ProfileFileKeyring(Path(sys.argv[1]))
n = 0
while True:
    n += 1
    backend.set_password("counterdesk", "token:clerk1", "access-%d-" % n + "x" * 400)
    backend.set_password("counterdesk", "refresh:clerk1", "refresh-%d" % n)
    print(n, flush=True)
"""


def test_file_keyring_keeps_the_database_key_through_sigkills(tmp_path: Path) -> None:
    """30 SIGKILLs at random moments while tokens are being saved: the database key is
    still there, readable, every single time."""
    from offline.profile_kind import ProfileKind, record_kind
    from offline.store.file_keyring import ProfileFileKeyring

    root = tmp_path / "profiles" / "demo"
    record_kind(root, ProfileKind.demo)
    path = root / "demo-keyring.cfg"
    backend = ProfileFileKeyring(path)
    db_key = os.urandom(32).hex()
    backend.set_password(keys.SERVICE, keys.key_username("demo"), db_key)
    rng = random.Random(11)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    for _ in range(30):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], env=env,
                                 stdout=subprocess.PIPE, text=True)  # fmt: skip
        assert child.stdout is not None
        for _ in range(rng.randint(1, 40)):  # wait on the child's own progress reports
            assert child.stdout.readline()
        child.kill()
        child.wait()
        child.stdout.close()
        fresh = ProfileFileKeyring(path)
        assert fresh.get_password(keys.SERVICE, keys.key_username("demo")) == db_key
    # a killed save can leave its temp file; the next save sweeps those of dead writers
    backend.set_password(keys.SERVICE, "token:clerk1", "after")
    assert not list(root.glob(".*.tmp"))
    assert backend.get_password(keys.SERVICE, keys.key_username("demo")) == db_key


def test_file_keyring_is_refused_for_a_standard_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring

    from offline.profile_kind import ProfileKind, record_kind
    from offline.store.errors import KeyringUnavailable
    from offline.store.file_keyring import ProfileFileKeyring

    monkeypatch.delenv(keys.ALLOW_FILE_KEYRING_ENV, raising=False)
    real = tmp_path / "profiles" / "office"
    record_kind(real, ProfileKind.standard)
    keyring.set_keyring(ProfileFileKeyring(real / "demo-keyring.cfg"))
    with pytest.raises(KeyringUnavailable):
        keys.create_key("office")
    training = tmp_path / "profiles" / "training"
    record_kind(training, ProfileKind.training)
    keyring.set_keyring(ProfileFileKeyring(training / "demo-keyring.cfg"))
    assert len(keys.create_key("training")) == 32
    assert not (real / "demo-keyring.cfg").exists()


def test_every_file_beside_the_store_is_written_through_the_one_helper(
    store_factory: StoreFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Take a profile through its life (create, settings, registration, kind, recovery key,
    a scheduled backup with a second place), recording every file ``offline.durable``
    wrote; then every file found beside the store (other than SQLite's own) must be one."""
    from datetime import UTC, datetime

    from offline.backup_policy import load_policy, state_path
    from offline.backup_schedule import run_backup
    from offline.profile_kind import ProfileKind
    from offline.store import recovery
    from ui.profile import Profile, Registration

    written: set[Path] = set()
    real_write, real_copy, real_rename = durable.write_bytes, durable.copy_file, durable.rename

    def write_bytes(target: Path, data: bytes, mode: int = durable.FILE_MODE) -> None:
        written.add(Path(target))
        real_write(target, data, mode)

    def copy_file(source: Path, target: Path, mode: int = durable.FILE_MODE) -> None:
        written.add(Path(target))
        real_copy(source, target, mode)

    def rename(source: Path, target: Path) -> None:
        written.add(Path(target))
        real_rename(source, target)

    monkeypatch.setattr(durable, "write_bytes", write_bytes)
    monkeypatch.setattr(durable, "copy_file", copy_file)
    monkeypatch.setattr(durable, "rename", rename)
    data = tmp_path / "data"
    profile = Profile.locate("life", data).ensure(ProfileKind.training)
    store = store_factory("life", data_dir=data)
    store.intake(CLERK, **intake_fields())
    profile.save_registration(Registration(platform_url="https://zwfw.example.gov.cn"))
    profile.save_preferences({"backup_keep": 3, "backup_mirror": str(tmp_path / "usb")})
    (tmp_path / "usb").mkdir()
    key = keys.load_key("life")
    assert key is not None
    recovery.set_up(profile.root, key, device_id=store.device_id,
                    now=datetime(2026, 12, 7, tzinfo=UTC))  # fmt: skip
    policy = load_policy(profile.root)
    run_backup(store, policy, key=key, state_path=state_path(profile.root),
               now=datetime(2026, 12, 7, 4, tzinfo=UTC))  # fmt: skip
    store.close()
    sqlite_own = (".db", ".db-wal", ".db-shm")
    for folder in (profile.root, policy.folder, tmp_path / "usb"):
        for path in folder.iterdir():
            if path.is_dir() or path.name.endswith(sqlite_own):
                continue
            assert path in written, f"{path.name} was not written through offline.durable"
    assert {p.name for p in written} >= {"store.db.keyid", "preferences.json",
                                         "registration.json", "profile.json", "recovery.json",
                                         "backup-state.json"}  # fmt: skip


def test_a_lost_store_is_never_silently_replaced_by_an_empty_one(
    store_factory: StoreFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from offline.store.errors import StoreNotFound
    from ui.cli import main

    data = tmp_path / "data"
    store = store_factory("lost", data_dir=data)
    first = store.intake(CLERK, **intake_fields())
    db = store.path
    backup = tmp_path / "b.db"
    store.backup(backup)
    store.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)  # the file is gone, .keyid is not
    with pytest.raises(StoreNotFound) as info:
        open_profile("lost", data, create=True)
    assert info.value.code == "store_missing" and "restore" in info.value.en
    assert not db.exists()
    assert main(["store", "restore", "--profile", "lost", "--data-dir", str(data),
                 "--from", str(backup)]) == 0  # fmt: skip
    capsys.readouterr()
    with open_profile("lost", data, create=True) as back:
        assert back.get(first["id"]) is not None
