"""Schema upgrade that cannot strand a counter: backup, upgrade a copy, check, swap.

Upgrading the store in place would leave a file the older version refuses (too new) as
soon as the first step commits, and a crash or full disk half-way would leave the counter
with neither version working. So when a newer app finds an older store, it:

1. refuses up front, in plain words, when the disk cannot hold the backup and the copy;
2. takes a verified backup (the caller's ``backup``: the daily backup's own function, under
   a ``-pre-upgrade-vN`` name kept out of rotation);
3. copies the closed store to ``store.db.upgrading`` with SQLite's backup API and the same
   key (WAL content included);
4. runs the migrations on the copy, reporting ``on_progress(done, total)``;
5. runs ``PRAGMA quick_check`` on the copy;
6. swaps it in: the old file's (checkpointed, empty) ``-wal``/``-shm`` are removed, the
   copy is renamed over ``store.db`` and the folder is flushed.

Until the rename the original file is never written: any failure (or a SIGKILL, a power
cut) leaves it at its old version with all its data, openable by the older app; the
half-done copy is deleted now or swept at the next attempt. The rename is atomic, so after
it the store is the fully upgraded, checked copy.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from offline import durable
from offline.domain.errors import BilingualError
from offline.store import backup as backup_mod
from offline.store import connection, migrations
from offline.store.connection import IntegrityCheck
from offline.store.errors import DiskFull, StoreError

UPGRADING_SUFFIX = ".upgrading"
SIZE_MARGIN = 1.25  # a migration that adds columns or an index grows the copy a little
SPARE_BYTES = 64 * 1024 * 1024  # never fill the disk to the last byte
_MB = 1024 * 1024

Backup = Callable[[int], Path]  # from_version -> the verified backup file it wrote
DiskFree = Callable[[Path], int]


class UpgradeFailed(StoreError):
    """The schema upgrade stopped; the store file is untouched, at its old version."""

    code = "upgrade_failed"


@dataclass(frozen=True)
class UpgradeResult:
    """What an upgrade did: the versions and the backup taken before it."""

    from_version: int
    to_version: int
    backup: Path | None


def lock_path(db: Path) -> Path:
    """The lock one upgrader holds (a second program opening the store meanwhile must not
    sweep or swap the first one's copy)."""
    return db.with_name(db.name + ".upgrade-lock")  # left in place: unlinking races


@contextlib.contextmanager
def exclusive(db: Path) -> Iterator[None]:
    """Hold the upgrade lock of ``db`` (released by the OS if the process dies), or refuse
    plainly when another program holds it."""
    fd = os.open(lock_path(db), os.O_RDWR | os.O_CREAT, durable.FILE_MODE)
    try:
        try:
            _lock(fd)
        except OSError as exc:
            raise UpgradeFailed(
                "另一个窗口通程序正在升级这个数据库。请等它完成（或关闭它）后再打开。",
                "Another CounterDesk program is upgrading this database. Wait for it to "
                "finish (or close it), then open it again.",
                code="upgrade_in_progress",
            ) from exc
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def working_copy(db: Path) -> Path:
    """Where the copy being upgraded is written (beside the store: same disk, so the
    final rename is atomic)."""
    return db.with_name(db.name + UPGRADING_SUFFIX)


def sweep(db: Path) -> None:
    """Delete a copy left by an upgrade that was killed or failed."""
    work = working_copy(db)
    for suffix in ("", "-wal", "-shm", "-journal", ".keyid"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(work) + suffix).unlink()
    durable.sweep_temps(work)


def default_disk_free(folder: Path) -> int:
    """Free bytes on the disk that holds ``folder`` (or its nearest existing parent)."""
    import shutil

    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return shutil.disk_usage(probe).free


def _device(folder: Path) -> int | None:
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return probe.stat().st_dev
    except OSError:
        return None


def store_bytes(db: Path) -> int:
    """The store's size on disk: the file and its WAL."""
    total = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(FileNotFoundError):
            total += Path(str(db) + suffix).stat().st_size
    return total


def room_needed(db: Path, backup_folder: Path | None) -> int:
    """Bytes the upgrade needs beside the store: the copy, and the backup too when the
    backup folder is on the same disk, plus a spare margin."""
    copy = int(store_bytes(db) * SIZE_MARGIN)
    same_disk = backup_folder is not None and _device(backup_folder) == _device(db.parent)
    return copy * (2 if same_disk else 1) + SPARE_BYTES


def check_room(
    db: Path, backup_folder: Path | None, from_version: int, disk_free: DiskFree
) -> None:
    """Refuse before anything is written when the disk cannot hold the upgrade."""
    need, free = room_needed(db, backup_folder), disk_free(db.parent)
    if free >= need:
        return
    raise DiskFull(
        f"磁盘空间不足，无法升级数据库：需要约 {need // _MB} MB，只剩 {free // _MB} MB"
        f"（{db.parent}）。数据库没有改动，仍是版本 {from_version}。请清理磁盘后重新打开窗口通；"
        "也可以暂时继续使用旧版本。",
        f"Not enough disk space to upgrade the database: about {need // _MB} MB needed, "
        f"{free // _MB} MB free ({db.parent}). The database is unchanged (still schema "
        f"{from_version}). Free some space and open CounterDesk again, or keep using the "
        "older version for now.",
    )


def _failed(stage_zh: str, stage_en: str, exc: BaseException, backup: Path | None) -> UpgradeFailed:
    if isinstance(exc, StoreError | BilingualError):
        why_zh, why_en = exc.zh, exc.en
    else:
        why_zh = why_en = f"{type(exc).__name__}: {exc}"
    kept_zh = f"升级前的备份在 {backup}。" if backup else ""
    kept_en = f" The backup taken before the upgrade is {backup}." if backup else ""
    return UpgradeFailed(
        f"数据库升级失败（{stage_zh}），已放弃升级：原数据库没有改动，旧版本窗口通仍可打开它。"
        f"{kept_zh}原因：{why_zh}",
        f"The database upgrade failed ({stage_en}) and was abandoned: the database is "
        f"unchanged and the older CounterDesk still opens it.{kept_en} Reason: {why_en}",
        detail=str(exc),
    )


def upgrade(
    db: Path,
    key: bytes,
    *,
    backup: Backup | None,
    backup_folder: Path | None = None,
    check: IntegrityCheck = "auto",
    on_progress: migrations.Progress | None = None,
    disk_free: DiskFree = default_disk_free,
) -> UpgradeResult | None:
    """Upgrade the CLOSED store at ``db`` to the latest schema through a checked copy;
    None when it is already current. Refusals: ``SchemaTooNew`` (a downgrade), ``DiskFull``
    (no room, nothing written), ``UpgradeFailed`` (stopped; the original is untouched)."""
    source = connection.open_database(db, key, check="none")
    try:
        pending = migrations.pending(source)  # SchemaTooNew for a file from a newer app
        if pending is None:
            return None
    finally:
        source.close()
    with exclusive(db):
        return _upgrade_locked(db, key, backup, backup_folder, check, on_progress, disk_free)


def _upgrade_locked(
    db: Path,
    key: bytes,
    backup: Backup | None,
    backup_folder: Path | None,
    check: IntegrityCheck,
    on_progress: migrations.Progress | None,
    disk_free: DiskFree,
) -> UpgradeResult | None:
    source = connection.open_database(db, key, check="none")
    try:
        pending = migrations.pending(source)
        if pending is None:  # another program finished the upgrade meanwhile
            return None
        sweep(db)
        if check == "quick" or (
            check == "auto" and db.stat().st_size <= connection.AUTO_QUICK_CHECK_BYTES
        ):
            connection.integrity_check(source, db)  # never upgrade (or back up) a damaged file
        check_room(db, backup_folder, pending.from_version, disk_free)
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        taken: Path | None = None
        if backup is not None:
            try:
                taken = backup(pending.from_version)
            except Exception as exc:
                raise _failed("升级前备份", "backup before the upgrade", exc, None) from exc
        work = working_copy(db)
        try:
            backup_mod.backup_to(source, work, key)
        except BaseException as exc:
            sweep(db)
            if not isinstance(exc, Exception):
                raise
            raise _failed("复制数据库", "copying the database", exc, taken) from exc
    finally:
        source.close()
    try:
        _migrate_copy(work, key, on_progress)
        _swap(work, db)
    except BaseException as exc:
        sweep(db)
        if not isinstance(exc, Exception):
            raise
        raise _failed("升级副本", "upgrading the copy", exc, taken) from exc
    return UpgradeResult(pending.from_version, pending.to_version, taken)


def _migrate_copy(work: Path, key: bytes, on_progress: migrations.Progress | None) -> None:
    conn = connection.open_database(work, key, check="none")
    try:
        migrations.migrate(conn, on_progress=on_progress)
        connection.integrity_check(conn, work)
        # one self-contained file for the rename (the next open turns WAL on again)
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    finally:
        conn.close()
    durable.fsync_file(work)


def _swap(work: Path, db: Path) -> None:
    wal = Path(str(db) + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise UpgradeFailed(
            "数据库正被另一个窗口通程序使用。请关闭所有窗口通窗口和命令后再打开。",
            "The database is in use by another CounterDesk program. Close every CounterDesk "
            "window and command, then open it again.",
        )
    for suffix in ("-wal", "-shm"):  # checkpointed and empty: the copy holds everything
        with contextlib.suppress(FileNotFoundError):
            Path(str(db) + suffix).unlink()
    os.replace(work, db)
    durable.fsync_dir(db.parent)
    with contextlib.suppress(FileNotFoundError):
        Path(str(work) + ".keyid").unlink()


def upgrade_profile(
    db: Path,
    key: bytes,
    *,
    check: IntegrityCheck = "auto",
    on_progress: migrations.Progress | None = None,
) -> UpgradeResult | None:
    """`upgrade` of a profile's store with its pre-upgrade backup in the profile's backup
    folder (the daily backup's policy); afterwards older pre-upgrade copies are dropped."""
    # the backup policy lives one layer up (it also serves the app's scheduler)
    from offline import backup_policy, upgrade_backup

    root = db.parent
    result = upgrade(
        db,
        key,
        backup=lambda version: upgrade_backup.take(db, key, root, version).path,
        backup_folder=backup_policy.load_policy(root).folder,
        check=check,
        on_progress=on_progress,
    )
    if result is not None and result.backup is not None:
        upgrade_backup.drop_older(root, result.backup)
    return result
