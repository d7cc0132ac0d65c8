"""Scheduled backup: due logic with an injected clock, verified copies of a real encrypted
store, retention, a wrong key caught by verification, and a full disk refused."""

from __future__ import annotations

import signal
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from offline.backup_schedule import (
    BackupPolicy,
    BackupRefused,
    BackupState,
    backup_name,
    is_due,
    latest_slot,
    list_backups,
    load_state,
    parse_daily_time,
    run_backup,
    verify_copy,
)
from offline.domain.clock import TZ
from offline.store import keys
from offline.store.store import Store
from tests.fixtures.store import CLERK, StoreFactory, intake_fields

NOON = time(12, 10)


def local(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


def done_at(moment: datetime) -> BackupState:
    return BackupState(last_success_at=moment.astimezone(UTC).isoformat())


def test_daily_time_is_parsed_or_refused_in_both_languages() -> None:
    assert parse_daily_time(" 7:05 ") == time(7, 5)
    assert parse_daily_time("23:59") == time(23, 59)
    for bad in ("24:00", "12:60", "noon", "12", ""):
        with pytest.raises(BackupRefused) as info:
            parse_daily_time(bad)
        assert "备份时间无效" in info.value.message("zh_CN")
        assert "Invalid backup time" in info.value.message("en")


def test_keep_out_of_range_is_refused(tmp_path: Path) -> None:
    for keep in (0, 366):
        with pytest.raises(BackupRefused) as info:
            BackupPolicy(tmp_path, keep=keep)
        assert info.value.code == "bad_keep"


def test_latest_slot_is_the_last_local_daily_time() -> None:
    assert latest_slot(local(2026, 11, 26, 12, 10), NOON) == local(2026, 11, 26, 12, 10)
    assert latest_slot(local(2026, 11, 26, 12, 9), NOON) == local(2026, 11, 25, 12, 10)
    # 03:00 UTC is 11:00 in Shanghai: still before today's slot there
    assert latest_slot(datetime(2026, 11, 26, 3, tzinfo=UTC), NOON) == local(2026, 11, 25, 12, 10)


def test_due_first_opportunity_after_the_daily_time(tmp_path: Path) -> None:
    policy = BackupPolicy(tmp_path, daily_at=NOON)
    assert is_due(local(2026, 11, 26, 9), policy, BackupState())  # never backed up
    yesterday = done_at(local(2026, 11, 25, 12, 30))
    assert not is_due(local(2026, 11, 26, 12, 9), policy, yesterday)
    assert is_due(local(2026, 11, 26, 12, 10), policy, yesterday)
    assert is_due(local(2026, 11, 26, 17), policy, yesterday)  # PC was off at noon
    today = done_at(local(2026, 11, 26, 12, 11))
    assert not is_due(local(2026, 11, 26, 23, 59), policy, today)
    assert is_due(local(2026, 11, 27, 12, 10), policy, today)


def test_due_at_start_when_the_last_backup_is_older_than_a_day(tmp_path: Path) -> None:
    policy = BackupPolicy(tmp_path, daily_at=NOON)
    old = done_at(local(2026, 11, 24, 18))
    assert is_due(local(2026, 11, 26, 8), policy, old)  # before today's slot, still due


def test_a_failure_waits_before_the_next_try(tmp_path: Path) -> None:
    policy = BackupPolicy(tmp_path, daily_at=NOON)
    failed = BackupState(
        last_success_at=local(2026, 11, 25, 12, 30).isoformat(),
        last_failure_at=local(2026, 11, 26, 12, 10).isoformat(),
        last_error_code="disk_full",
    )
    assert failed.failed_last
    assert not is_due(local(2026, 11, 26, 12, 30), policy, failed)
    assert is_due(local(2026, 11, 26, 12, 41), policy, failed)


def _intakes(store: Store, n: int) -> None:
    for i in range(n):
        store.intake(CLERK, **intake_fields(f"张{i}"))


def test_backup_is_verified_and_opens_with_the_same_key(
    store_factory: StoreFactory, tmp_path: Path
) -> None:
    store = store_factory()
    _intakes(store, 3)
    key = keys.load_key("clerk")
    assert key is not None
    state_path = tmp_path / "backup-state.json"
    policy = BackupPolicy(tmp_path / "backups")
    now = local(2026, 11, 26, 12, 15)
    made = run_backup(store, policy, key=key, state_path=state_path, now=now)
    assert made.path.name == backup_name(now) == "store-20261126-121500.db"
    assert made.verified and made.audit_entries == store.info()["audit_entries"]
    listed = list_backups(policy.folder)
    assert [b.path for b in listed] == [made.path] and listed[0].verified
    assert not list(policy.folder.glob("*.partial*"))
    state = load_state(state_path)
    assert state.success == now and state.last_file == made.path.name
    assert not state.failed_last
    copy = Store.open(made.path, key, check="quick")
    try:
        assert copy.info()["applications"] == 3
    finally:
        copy.close()
    assert verify_copy(made.path, key)[0] == made.audit_entries
    assert not is_due(now + timedelta(hours=1), policy, state)


def test_retention_keeps_the_newest_and_leaves_other_files(
    store_factory: StoreFactory, tmp_path: Path
) -> None:
    store = store_factory()
    key = keys.load_key("clerk")
    assert key is not None
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("not ours")
    policy = BackupPolicy(folder, keep=3)
    state_path = tmp_path / "state.json"
    start = local(2026, 11, 20, 12, 15)
    made = []
    for day in range(5):
        _intakes(store, 1)
        made.append(
            run_backup(
                store, policy, key=key, state_path=state_path, now=start + timedelta(days=day)
            ).path
        )
    left = [b.path for b in list_backups(folder)]
    assert left == list(reversed(made[2:]))
    for gone in made[:2]:
        assert not gone.exists() and not Path(str(gone) + ".keyid").exists()
        assert not Path(str(gone) + ".verified").exists()
    assert (folder / "notes.txt").read_text() == "not ours"
    # two backups in the same second get distinct names
    again = run_backup(store, policy, key=key, state_path=state_path, now=start + timedelta(days=4))
    assert again.path.name.endswith("-1.db") and again.path != made[-1]


def test_a_copy_that_fails_verification_is_dropped_and_old_ones_kept(
    store_factory: StoreFactory, tmp_path: Path
) -> None:
    store = store_factory()
    key = keys.load_key("clerk")
    assert key is not None
    policy = BackupPolicy(tmp_path / "b", keep=1)
    state_path = tmp_path / "state.json"
    good = run_backup(store, policy, key=key, state_path=state_path, now=local(2026, 11, 25, 13))
    wrong = bytes(32)  # the copy is written with the store's key; this one cannot open it
    with pytest.raises(BackupRefused) as info:
        run_backup(store, policy, key=wrong, state_path=state_path, now=local(2026, 11, 26, 13))
    assert info.value.code == "verify_failed"
    assert "校验" in info.value.message("zh_CN")
    assert [b.path for b in list_backups(policy.folder)] == [good.path]
    assert sorted(p.name for p in policy.folder.iterdir()) == sorted(
        [good.path.name, good.path.name + ".keyid", good.path.name + ".verified"]
    )
    state = load_state(state_path)
    assert state.failed_last and state.last_error_code == "verify_failed"
    assert state.last_file == good.path.name


def test_a_full_disk_is_refused_before_copying(store_factory: StoreFactory, tmp_path: Path) -> None:
    store = store_factory()
    key = keys.load_key("clerk")
    assert key is not None
    policy = BackupPolicy(tmp_path / "b")
    state_path = tmp_path / "state.json"
    old = run_backup(store, policy, key=key, state_path=state_path, now=local(2026, 11, 25, 13))
    before = sorted(policy.folder.iterdir())
    asked: list[Path] = []

    def nearly_full(folder: Path) -> int:
        asked.append(folder)
        return 10 * 1024 * 1024  # 10 MB free: less than the spare margin alone

    when = local(2026, 11, 26, 13)
    with pytest.raises(BackupRefused) as info:
        run_backup(store, policy, key=key, state_path=state_path, now=when, disk_free=nearly_full)
    assert info.value.code == "disk_full"
    assert "空间不足" in info.value.message("zh_CN")
    assert "Not enough disk space" in info.value.message("en")
    assert asked == [policy.folder]
    assert sorted(policy.folder.iterdir()) == before
    state = load_state(state_path)
    assert state.failed_last and state.last_error_code == "disk_full"
    assert state.success == local(2026, 11, 25, 13)
    assert list_backups(policy.folder)[0].path == old.path
    assert not is_due(when + timedelta(minutes=5), policy, state)  # waits before retrying


def test_unusable_folder_is_refused(store_factory: StoreFactory, tmp_path: Path) -> None:
    store = store_factory()
    key = keys.load_key("clerk")
    assert key is not None
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(BackupRefused) as info:
        run_backup(
            store,
            BackupPolicy(blocker / "sub"),
            key=key,
            state_path=tmp_path / "s.json",
        )
    assert info.value.code == "folder_unusable"


def test_state_file_garbage_means_never(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text("{not json")
    assert load_state(path) == BackupState()
    path.write_text('{"last_success_at": 5, "other": "x"}')
    assert load_state(path) == BackupState()


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file size limits")
def test_a_write_refused_mid_copy_leaves_nothing_half_written(
    store_factory: StoreFactory, tmp_path: Path
) -> None:
    """The OS refuses writes past 64 KB (RLIMIT_FSIZE), like a disk filling up during the
    copy: the partial file is removed, the old backups stay, the failure is recorded."""
    import resource

    store = store_factory()
    key = keys.load_key("clerk")
    assert key is not None
    policy = BackupPolicy(tmp_path / "b")
    state_path = tmp_path / "state.json"
    old = run_backup(store, policy, key=key, state_path=state_path, now=local(2026, 11, 25, 13))
    _intakes(store, 30)  # the next copy is well over 64 KB
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, hard))
    try:
        with pytest.raises(BackupRefused) as info:
            run_backup(store, policy, key=key, state_path=state_path, now=local(2026, 11, 26, 13))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert info.value.code in ("backup_failed", "disk_full")
    assert "旧备份都还在" in info.value.zh or "空间不足" in info.value.zh
    assert sorted(p.name for p in policy.folder.iterdir()) == sorted(
        [old.path.name, old.path.name + ".keyid", old.path.name + ".verified"]
    )
    assert load_state(state_path).failed_last


def test_verification_runs_off_the_store_thread_while_the_store_keeps_working(
    store_factory: StoreFactory, tmp_path: Path
) -> None:
    import threading

    from offline.backup_schedule import finish_copy, take_copy

    store = store_factory()
    _intakes(store, 2)
    key = keys.load_key("clerk")
    assert key is not None
    policy = BackupPolicy(tmp_path / "b")
    state_path = tmp_path / "state.json"
    taken = take_copy(store, policy, state_path=state_path, now=local(2026, 11, 26, 13))
    assert taken.partial.exists() and list_backups(policy.folder) == []
    finished: list[object] = []
    worker = threading.Thread(
        target=lambda: finished.append(finish_copy(taken, policy, key=key, state_path=state_path))
    )
    worker.start()
    _intakes(store, 1)  # the store's own thread is free meanwhile
    worker.join(timeout=30)
    (made,) = finished
    assert isinstance(made, type(list_backups(policy.folder)[0]))
    assert list_backups(policy.folder)[0].verified and not taken.partial.exists()
    assert load_state(state_path).last_file == taken.final.name


def test_snapshot_backup_reads_committed_data_without_the_store_thread(
    store_factory: StoreFactory, tmp_path: Path
) -> None:
    """Its own connection sees a WAL snapshot: what is committed, not the store's open
    transaction, and the store's writer is not blocked while it copies."""
    import threading

    from offline.backup_schedule import snapshot_backup

    store = store_factory()
    _intakes(store, 2)
    key = keys.load_key("clerk")
    assert key is not None
    policy = BackupPolicy(tmp_path / "b")
    made: list[object] = []
    with store.transaction():
        store.intake(CLERK, **intake_fields("未提交"))  # open write transaction
        worker = threading.Thread(
            target=lambda: made.append(
                snapshot_backup(store.path, policy, key=key, state_path=tmp_path / "s.json")
            )
        )
        worker.start()
        worker.join(timeout=30)
        assert made, "the backup finished while the store held a write transaction"
    (backup,) = list_backups(policy.folder)
    assert backup.verified
    copy = Store.open(backup.path, key, check="quick")
    try:
        assert copy.info()["applications"] == 2
    finally:
        copy.close()
    assert store.info()["applications"] == 3
