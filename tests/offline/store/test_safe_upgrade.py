"""Upgrades that cannot strand a counter: verified backup, migrate a copy, check, swap.

Real SQLCipher files in a real profile layout; a failing step, a full disk and a SIGKILL
in the middle of the copy's migration all leave the original file at its old version
with every row, openable as before.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from offline import backup_schedule, durable, upgrade_backup
from offline.backup_policy import BACKUP_FOLDER
from offline.store import connection, keys, migrations, paths, recovery
from offline.store import upgrade as safe_upgrade
from offline.store.errors import DiskFull, SchemaTooNew
from offline.store.migrations import LATEST, MIGRATIONS, Migration
from offline.store.opening import open_profile, pending_migration
from offline.store.upgrade import UpgradeFailed, working_copy
from ui.cli import main as cli_main

PROFILE = "office1"
OLD = 4  # before the report columns (v5): every later step has work to do
ROOT = Path(__file__).resolve().parents[3]


def _old_profile(data_dir: Path, rows: int = 3) -> tuple[Path, bytes]:
    """A profile whose store was written by an older app (schema OLD) with applications
    and pending outbox rows."""
    key = keys.load_or_create_key(PROFILE)
    db = paths.db_path(PROFILE, data_dir)
    durable.make_dirs(db.parent)
    conn = connection.create_database(db, key)
    migrations.migrate(conn, target=OLD)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO sync_state (id, device_id) VALUES (1, 'dev-old')")
    for i in range(rows):
        conn.execute(
            "INSERT INTO applications (id, office_code, receipt_no, item_code, status, "
            "applicant_name, cert_no, phone, received_at, due_date, updated_at, doc) "
            "VALUES (?, '520102', ?, 'I1', 'received', ?, ?, '13800138000', "
            "'2026-11-26T01:00:00+00:00', NULL, '2026-11-26T01:00:00+00:00', '{}')",
            (f"id{i}", f"520102-03-20261126-{i:04d}", f"张{i}", f"52010219900307{i:04d}"),
        )
        conn.execute(
            "INSERT INTO outbox (op_id, kind, record_id, actor, role, at, payload, created_at) "
            "VALUES (?, 'intake', ?, 'clerk1', 'clerk', '2026-11-26T01:00:00+00:00', '{}', "
            "'2026-11-26T01:00:00+00:00')",
            (f"op{i}", f"id{i}"),
        )
    conn.execute("COMMIT")
    conn.close()
    return db, key


def _facts(db: Path, key: bytes) -> tuple[int, int, int]:
    """(schema version, applications, pending outbox rows) of a closed file."""
    conn = connection.open_database(db, key, check="quick")
    try:
        return (
            migrations.current_version(conn),
            conn.execute("SELECT count(*) FROM applications").fetchone()[0],
            conn.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[0],
        )
    finally:
        conn.close()


def _leftovers(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.glob(working_copy(db).name + "*"))


def test_upgrade_takes_a_verified_backup_then_swaps_in_the_checked_copy(tmp_path: Path) -> None:
    db, key = _old_profile(tmp_path)
    assert pending_migration(PROFILE, tmp_path) is not None
    reports: list[tuple[int, int]] = []
    with open_profile(PROFILE, tmp_path, on_progress=lambda d, t: reports.append((d, t))) as s:
        assert migrations.current_version(s.conn) == LATEST
        assert s.device_id == "dev-old"
        assert s.conn.execute("SELECT count(*) FROM applications").fetchone()[0] == 3
        assert s.conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 3
    assert reports[0][0] == 0 and reports[-1][0] == reports[-1][1] > 0
    assert _leftovers(db) == []
    [backup] = backup_schedule.list_backups(db.parent / BACKUP_FOLDER)
    assert backup.verified and backup.pre_upgrade_from == OLD
    assert backup.path.name.endswith(f"-pre-upgrade-v{OLD}.db")
    assert _facts(backup.path, key) == (OLD, 3, 3)  # the way back to the older version
    assert pending_migration(PROFILE, tmp_path) is None
    with open_profile(PROFILE, tmp_path):  # a current store opens without a new backup
        pass
    assert len(backup_schedule.list_backups(db.parent / BACKUP_FOLDER)) == 1


def test_the_pre_upgrade_backup_opens_with_the_recovery_sheet(tmp_path: Path) -> None:
    db, key = _old_profile(tmp_path)
    code = recovery.set_up(db.parent, key, now=datetime(2026, 12, 7, 2, 0, tzinfo=UTC))
    with open_profile(PROFILE, tmp_path):
        pass
    [backup] = backup_schedule.list_backups(db.parent / BACKUP_FOLDER)
    assert recovery.sidecar_path(backup.path).is_file()
    # on another computer, with only the printed code: the copy opens and verifies
    assert recovery.check_backup(code.grouped(), backup.path) == backup.audit_entries


def test_a_failing_step_leaves_the_old_file_openable_with_all_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, key = _old_profile(tmp_path)

    def broken(conn: connection.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk pulled")

    steps = (*MIGRATIONS[:-1], Migration(LATEST, "broken", broken))
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    with pytest.raises(UpgradeFailed) as caught:
        open_profile(PROFILE, tmp_path)
    assert "原数据库没有改动" in caught.value.zh and "unchanged" in caught.value.en
    assert "pre-upgrade" in caught.value.zh  # names the backup it left
    assert _facts(db, key) == (OLD, 3, 3)
    assert _leftovers(db) == []
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS)
    with open_profile(PROFILE, tmp_path) as store:  # the next try upgrades normally
        assert migrations.current_version(store.conn) == LATEST
        assert store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 3


_KILLED_CHILD = """
import sys
from pathlib import Path
from offline.store import upgrade

def stop_after_first_step(done, total):
    if done > 0:  # the copy is part-way through its migrations
        print("migrating", flush=True)
        sys.stdin.readline()  # wait here for the SIGKILL

upgrade.upgrade(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]), backup=None,
                on_progress=stop_after_first_step)
print("finished", flush=True)
"""


def test_sigkill_during_the_copy_migration_leaves_the_old_file(tmp_path: Path) -> None:
    db, key = _old_profile(tmp_path)
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_CHILD, str(db), key.hex()],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "migrating"
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait() == -signal.SIGKILL
    assert working_copy(db).exists()  # killed half-way: the copy is left over
    conn = connection.open_database(working_copy(db), key, check="none")
    assert OLD <= migrations.current_version(conn) < LATEST  # stopped mid-migration
    conn.close()
    assert _facts(db, key) == (OLD, 3, 3)  # the older version opens its file as before
    with open_profile(PROFILE, tmp_path) as store:  # the next start sweeps and upgrades
        assert migrations.current_version(store.conn) == LATEST
        assert store.conn.execute("SELECT count(*) FROM applications").fetchone()[0] == 3
    assert _leftovers(db) == []


def test_no_room_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    db, key = _old_profile(tmp_path)
    before = db.read_bytes()
    called: list[int] = []

    def backup(version: int) -> Path:
        called.append(version)
        return db

    need = safe_upgrade.room_needed(db, db.parent)
    with pytest.raises(DiskFull) as caught:
        safe_upgrade.upgrade(
            db, key, backup=backup, backup_folder=db.parent, disk_free=lambda _f: need - 1
        )
    assert "磁盘空间不足" in caught.value.zh and f"仍是版本 {OLD}" in caught.value.zh
    assert called == [] and db.read_bytes() == before and _leftovers(db) == []
    # the backup counts when it shares the disk with the store
    assert need > safe_upgrade.room_needed(db, None) > safe_upgrade.SPARE_BYTES
    result = safe_upgrade.upgrade(db, key, backup=backup, disk_free=lambda _f: need)
    assert result is not None and result.to_version == LATEST and called == [OLD]


def test_a_failed_backup_stops_the_upgrade(tmp_path: Path) -> None:
    db, key = _old_profile(tmp_path)

    def backup(version: int) -> Path:
        raise backup_schedule.BackupRefused("backup_failed", "备份盘坏了", "backup disk broken")

    with pytest.raises(UpgradeFailed) as caught:
        safe_upgrade.upgrade(db, key, backup=backup)
    assert "备份盘坏了" in caught.value.zh and "backup disk broken" in caught.value.en
    assert _facts(db, key) == (OLD, 3, 3) and _leftovers(db) == []


def test_a_second_program_never_touches_a_running_upgrade(tmp_path: Path) -> None:
    db, _key = _old_profile(tmp_path)
    before = db.read_bytes()
    # as if another CounterDesk were upgrading
    with safe_upgrade.exclusive(db), pytest.raises(UpgradeFailed) as caught:
        open_profile(PROFILE, tmp_path)
    assert caught.value.code == "upgrade_in_progress" and "正在升级" in caught.value.zh
    assert db.read_bytes() == before and _leftovers(db) == []
    with open_profile(PROFILE, tmp_path) as store:  # once it is released, it proceeds
        assert migrations.current_version(store.conn) == LATEST


def test_a_downgrade_is_refused_plainly_and_changes_nothing(tmp_path: Path) -> None:
    with open_profile(PROFILE, tmp_path, create=True) as store:
        store.conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    db = paths.db_path(PROFILE, tmp_path)
    before = db.read_bytes()
    with pytest.raises(SchemaTooNew) as caught:
        open_profile(PROFILE, tmp_path)
    zh, en = caught.value.zh, caught.value.en
    assert "不能降级" in zh and "安装更新版本" in zh and "pre-upgrade" in zh
    assert "no downgrade" in en and "Install the newer CounterDesk" in en
    assert "counterdesk store restore" in en
    assert db.read_bytes() == before
    assert not (db.parent / BACKUP_FOLDER).exists()


def test_pre_upgrade_copies_stay_out_of_rotation_until_the_next_upgrade(tmp_path: Path) -> None:
    db, key = _old_profile(tmp_path)
    root = db.parent
    first = upgrade_backup.take(db, key, root, OLD)
    folder = root / BACKUP_FOLDER
    policy = backup_schedule.BackupPolicy(folder, keep=1)
    state = root / "state.json"
    for _ in range(3):  # daily copies rotate around it
        backup_schedule.snapshot_backup(db, policy, key=key, state_path=state)
    names = [b.path.name for b in backup_schedule.list_backups(folder)]
    assert first.path.name in names and len(names) == 2
    second = upgrade_backup.take(db, key, root, OLD + 1)
    assert upgrade_backup.drop_older(root, second.path) == [first.path]
    kept = [b.pre_upgrade_from for b in backup_schedule.list_backups(folder)]
    assert sorted(kept, key=str) == [OLD + 1, None] or sorted(kept, key=str) == [None, OLD + 1]
    assert not Path(str(first.path) + ".verified").exists()


def test_cli_opening_uses_the_same_safe_upgrade(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, key = _old_profile(tmp_path)
    code = cli_main(["store", "info", "--profile", PROFILE, "--data-dir", str(tmp_path), "--json"])
    out = capsys.readouterr()
    assert code == 0 and json.loads(out.out)["schema_version"] == LATEST
    assert "正在升级数据库" in out.err
    [backup] = backup_schedule.list_backups(db.parent / BACKUP_FOLDER)
    assert backup.pre_upgrade_from == OLD and _facts(backup.path, key)[0] == OLD
