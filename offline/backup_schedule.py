"""Scheduled daily backup of the encrypted store, with verification and retention.

A township counter PC may run for weeks without a link to the platform; its disk is the
only copy of the day's work until the next sync. So once a day (the first opportunity
after a configured local time, Asia/Shanghai) the app copies the store into the backup
folder, then proves the copy is usable before it trusts it:

- the copy is written through ``Store.backup`` (SQLite's online backup API into a file
  keyed with the SAME key, so it is encrypted exactly like the original) under a
  ``.partial`` name, opened again with the key and checked with ``PRAGMA quick_check``;
  only then it gets its final name and a ``.verified`` note;
- old copies are deleted only AFTER a new one verified, newest ``keep`` kept (14 by
  default), and only files this module named (never anything else in the folder);
- a disk without room for the copy (estimated from the database and WAL size plus a
  margin) is refused up front with a clear error, and a disk that fills up while copying
  leaves no half-written file behind;
- the outcome (last success, last failure with its message) is recorded in a small JSON
  state file in the profile;
- beside each verified copy go its key fingerprint, its ``.verified`` note and, when the
  office has set up a recovery key, its ``.recovery`` file (the database key wrapped with
  the recovery key), so the copy opens on a new computer with the printed code;
- the copy and its files are then mirrored to a second place (USB drive or network
  share) when one is configured; a missing or unplugged target is a warning recorded in
  the state, never a failure of the primary backup.

Every file here is written through ``offline.durable`` (temp file, fsync, rename, fsync of
the folder). ``counterdesk store backup`` uses the same names, listing and pruning, and
the listing also shows (and prunes) copies named ``store-YYYYMMDDTHHMMSSZ.db`` by older
versions of that command.

Qt-free: the app calls :func:`is_due` from a timer and :func:`snapshot_backup` on a
worker thread: it reads the live file through its own connection (WAL snapshot), so the
store's thread — and every clerk's save — never waits for a backup. Measured ad hoc at
load average 10 on 2 cores: 20,000 records (106 MB) took 6 s to copy on the store
thread plus 2 s to verify; as a snapshot, 574 intakes were saved during the 12 s backup
(p99 64 ms); at a million records (about 5 GB, by extrapolation, not measured) a copy
on the store thread would stall it for minutes. With an open ``Store`` at hand,
:func:`run_backup` (or :func:`take_copy` + :func:`finish_copy`) does the same through
``Store.backup``. Tests drive them with an injected clock and ``disk_free``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from offline import durable
from offline.domain.clock import TZ, now_utc
from offline.domain.errors import BilingualError
from offline.store import backup as backup_mod
from offline.store import connection, migrations, recovery
from offline.store.connection import Connection
from offline.store.errors import StoreError

DEFAULT_KEEP = 14
MAX_KEEP = 365
DEFAULT_TIME = time(12, 10)  # most service halls pause at noon: a quiet moment to copy
RETRY_AFTER = timedelta(minutes=30)  # after a failure, try again this much later
SPARE_BYTES = 64 * 1024 * 1024  # never fill the disk to the last byte
SIZE_MARGIN = 1.10  # the copy can be a little bigger than the live file before checkpoint

_NAME = re.compile(r"store-(\d{8})-(\d{6})(?:-(\d+))?(?:-pre-upgrade-v(\d+))?\.db")
_LEGACY_NAME = re.compile(r"store-(\d{8})T(\d{6})Z\.db")  # older CLI copies, UTC
_SIDECARS = (".keyid", ".verified", ".recovery")

DiskFree = Callable[[Path], int]


class BackupStore(Protocol):
    """What this module needs from :class:`offline.store.store.Store`."""

    path: Path

    def backup(self, dest: Path) -> int: ...


class BackupRefused(BilingualError):
    """A backup that was refused or failed; nothing half-written is left behind."""


@dataclass(frozen=True)
class BackupPolicy:
    """Where backups go, when the daily one is due (local time) and how many to keep.

    ``mirror``: a second folder every verified copy is copied to (None: none).
    ``recovery_file``: the profile's wrapped key (``recovery.json``); copied beside each
    backup as ``<backup>.recovery`` while it wraps the key the backup is encrypted with."""

    folder: Path
    daily_at: time = DEFAULT_TIME
    keep: int = DEFAULT_KEEP
    mirror: Path | None = None
    recovery_file: Path | None = None
    pre_upgrade_from: int | None = None  # set: a copy taken before upgrading that schema

    def __post_init__(self) -> None:
        if not 1 <= self.keep <= MAX_KEEP:
            raise BackupRefused(
                "bad_keep",
                f"保留份数应为 1 到 {MAX_KEEP} 之间的整数。",
                f"The number of backups to keep must be a whole number from 1 to {MAX_KEEP}.",
            )


def parse_daily_time(text: str) -> time:
    """``"HH:MM"`` (24-hour) → time, or BackupRefused with a bilingual message."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text)
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return time(int(match[1]), int(match[2]))
    raise BackupRefused(
        "bad_time",
        f"备份时间无效：{text!r}，应为 24 小时制的 时:分，例如 12:10。",
        f"Invalid backup time {text!r}; use 24-hour HH:MM, for example 12:10.",
    )


# --------------------------------------------------------------------------- state
@dataclass(frozen=True)
class BackupState:
    """What the last attempts did (UTC ISO instants), kept in the profile."""

    last_success_at: str | None = None
    last_file: str | None = None
    last_failure_at: str | None = None
    last_error_code: str | None = None
    last_error_zh: str | None = None
    last_error_en: str | None = None
    mirror_warning_zh: str | None = None  # the second copy failed last time (None: fine)
    mirror_warning_en: str | None = None

    @property
    def success(self) -> datetime | None:
        return _parse(self.last_success_at)

    @property
    def failure(self) -> datetime | None:
        return _parse(self.last_failure_at)

    @property
    def failed_last(self) -> bool:
        """True when the newest attempt failed."""
        failure, success = self.failure, self.success
        return failure is not None and (success is None or failure > success)


def _parse(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def load_state(path: Path) -> BackupState:
    """The recorded state; a missing or unreadable file means "never backed up"."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return BackupState()
    if not isinstance(data, dict):
        return BackupState()
    known = {k: v for k, v in data.items() if k in BackupState.__dataclass_fields__}
    return BackupState(**{k: v if isinstance(v, str) else None for k, v in known.items()})


def save_state(path: Path, state: BackupState) -> None:
    """Write the state durably (a crash or power cut leaves the old file or the new one)."""
    durable.write_text(path, json.dumps(asdict(state), ensure_ascii=False, indent=2))


# --------------------------------------------------------------------------- when
def latest_slot(now: datetime, daily_at: time) -> datetime:
    """The most recent local ``daily_at`` at or before ``now`` (aware, Asia/Shanghai)."""
    local = now.astimezone(TZ)
    slot = datetime.combine(local.date(), daily_at, tzinfo=TZ)
    return slot if slot <= local else slot - timedelta(days=1)


def is_due(now: datetime, policy: BackupPolicy, state: BackupState) -> bool:
    """Due when no backup succeeded since the latest daily slot.

    That covers both rules: the first opportunity after the configured time each day,
    and at app start when the last backup is older than a day (the latest slot is always
    less than a day ago). After a failure the next try waits :data:`RETRY_AFTER`, so a
    full disk is not hammered every minute.
    """
    failure = state.failure
    if state.failed_last and failure is not None and now - failure < RETRY_AFTER:
        return False
    success = state.success
    return success is None or success < latest_slot(now, policy.daily_at)


# --------------------------------------------------------------------------- files
@dataclass(frozen=True)
class BackupFile:
    """One finished backup in the folder."""

    path: Path
    taken_at: datetime  # local time from the name (Asia/Shanghai)
    size: int
    verified: bool
    audit_entries: int | None = None
    mirrored_to: Path | None = None  # the second copy, when one was written
    mirror_warning: tuple[str, str] | None = None  # (zh, en) why the second copy failed
    pre_upgrade_from: int | None = None  # the schema it was taken before upgrading, if so


def backup_name(now: datetime, serial: int = 0, pre_upgrade_from: int | None = None) -> str:
    """``store-YYYYMMDD-HHMMSS.db`` in local time; ``-N`` for a second one that second;
    ``-pre-upgrade-vN`` for the copy taken before upgrading schema N (outside rotation)."""
    stamp = now.astimezone(TZ).strftime("%Y%m%d-%H%M%S")
    serial_part = "" if serial == 0 else f"-{serial}"
    tag = "" if pre_upgrade_from is None else f"-pre-upgrade-v{pre_upgrade_from:d}"
    return f"store-{stamp}{serial_part}{tag}.db"


def _taken_at(name: str) -> datetime | None:
    match = _NAME.fullmatch(name)
    zone: tzinfo = TZ
    if match is None:
        match = _LEGACY_NAME.fullmatch(name)
        zone = UTC
    if match is None:
        return None
    try:
        taken = datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S").replace(tzinfo=zone)
    except ValueError:
        return None
    return taken.astimezone(TZ)


def _verified_note(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(Path(str(path) + ".verified").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def list_backups(folder: Path) -> list[BackupFile]:
    """Finished backups this module named, newest first (unrelated files are ignored)."""
    if not folder.is_dir():
        return []
    found: list[tuple[datetime, int, BackupFile]] = []
    for path in folder.iterdir():
        taken = _taken_at(path.name)
        if taken is None or not path.is_file():
            continue
        note = _verified_note(path)
        entries = note.get("audit_entries") if note else None
        match = _NAME.fullmatch(path.name)
        serial = int(match[3]) if match and match[3] else 0
        item = BackupFile(
            path=path,
            taken_at=taken,
            size=path.stat().st_size,
            verified=note is not None and note.get("quick_check") == "ok",
            audit_entries=entries if isinstance(entries, int) else None,
            pre_upgrade_from=int(match[4]) if match and match[4] else None,
        )
        found.append((taken, serial, item))
    found.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [item for _, _, item in found]


def _remove(path: Path) -> None:
    for suffix in ("", *_SIDECARS, "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` verified backups; returns what was deleted.

    Unverified copies older than the oldest kept one go too (a verified newer copy makes
    them useless); unverified copies newer than it are left for a person to look at.
    Copies taken before a schema upgrade are the way back to the older version: they are
    outside this rotation (``offline.upgrade_backup`` removes them after the next upgrade).
    """
    backups = [b for b in list_backups(folder) if b.pre_upgrade_from is None]
    kept = [b for b in backups if b.verified][:keep]
    for leftover in folder.glob("store-*.db.partial*"):  # from a crash mid-copy
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    if not kept:
        return []
    oldest_kept = kept[-1].taken_at
    doomed = [
        b
        for b in backups
        if (b.verified and b not in kept) or (not b.verified and b.taken_at < oldest_kept)
    ]
    for backup in doomed:
        _remove(backup.path)
    return [b.path for b in doomed]


# --------------------------------------------------------------------------- checks
def default_disk_free(folder: Path) -> int:
    """Free bytes on the file system that holds ``folder`` (or its nearest parent)."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return shutil.disk_usage(probe).free


def estimate_size(db: Path) -> int:
    """Bytes the copy will need: the database plus its WAL, with a margin."""
    total = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(FileNotFoundError):
            total += Path(str(db) + suffix).stat().st_size
    return int(total * SIZE_MARGIN)


def _mb(n: int) -> str:
    return f"{n / 1_048_576:.0f} MB"


def check_room(folder: Path, need: int, disk_free: DiskFree) -> None:
    """Refuse before copying when the disk cannot hold the copy plus a spare margin."""
    free = disk_free(folder)
    if free < need + SPARE_BYTES:
        raise BackupRefused(
            "disk_full",
            f"备份盘空间不足：需要约 {_mb(need + SPARE_BYTES)}，只剩 {_mb(free)}（{folder}）。"
            "请清理磁盘或在设置中换一个备份文件夹；本次未备份，旧备份都还在。",
            f"Not enough disk space for the backup: about {_mb(need + SPARE_BYTES)} needed, "
            f"{_mb(free)} free ({folder}). Free some space or choose another backup folder "
            "in the settings; nothing was backed up and the old backups are untouched.",
        )


class CopyFacts(NamedTuple):
    """What a verified copy holds."""

    audit_entries: int
    schema: int
    next_seq: int  # the device's next mutation seq (actions taken = next_seq - 1)


def next_seq(conn: Connection) -> int:
    """The device's next outbox seq: every clerk action (and receipt) consumes one."""
    return int(conn.execute("SELECT next_seq FROM sync_state WHERE id = 1").fetchone()[0])


def verify_copy(path: Path, key: bytes) -> CopyFacts:
    """Open the copy with the key and quick_check it; returns what it holds."""
    conn = connection.open_database(path, key, check="quick")
    try:
        facts = CopyFacts(
            int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]),
            migrations.current_version(conn),
            next_seq(conn),
        )
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()  # one self-contained file
    finally:
        conn.close()
    return facts


# --------------------------------------------------------------------------- run
@dataclass(frozen=True)
class CopyTaken:
    """A copy written under its ``.partial`` name, not yet verified."""

    partial: Path
    final: Path
    copied_entries: int
    moment: datetime


def _record_failure(state_path: Path, moment: datetime, exc: BackupRefused) -> None:
    save_state(
        state_path,
        replace(
            load_state(state_path),
            last_failure_at=moment.isoformat(timespec="seconds"),
            last_error_code=exc.code,
            last_error_zh=exc.zh,
            last_error_en=exc.en,
        ),
    )


def take_copy(
    store: BackupStore,
    policy: BackupPolicy,
    *,
    state_path: Path,
    now: datetime | None = None,
    disk_free: DiskFree = default_disk_free,
) -> CopyTaken:
    """Phase 1, on the store's own thread (it uses the store's connection): check the
    room and write the copy as ``.partial``. A refusal is recorded and raised."""
    moment = now or now_utc()
    try:
        return _take(store, policy, moment, disk_free)
    except BackupRefused as exc:
        _record_failure(state_path, moment, exc)
        raise


def finish_copy(
    taken: CopyTaken, policy: BackupPolicy, *, key: bytes, state_path: Path
) -> BackupFile:
    """Phase 2, on ANY thread (its own connection to the copy, so the store thread is free
    for the clerks meanwhile): verify with the key, name it, record success, prune."""
    try:
        done = _verify_and_name(taken.partial, taken.final, key, taken.copied_entries, taken.moment)
    except BackupRefused as exc:
        _record_failure(state_path, taken.moment, exc)
        raise
    if policy.recovery_file is not None:
        recovery.write_sidecar(policy.recovery_file.parent, done.path, key)
    prune(policy.folder, policy.keep)
    if policy.mirror is not None:
        done = mirror_copy(done, policy.mirror, policy.keep)
    warning = done.mirror_warning
    save_state(
        state_path,
        replace(
            load_state(state_path),
            last_success_at=taken.moment.isoformat(timespec="seconds"),
            last_file=done.path.name,
            mirror_warning_zh=warning[0] if warning else None,
            mirror_warning_en=warning[1] if warning else None,
        ),
    )
    return done


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc)


def mirror_copy(done: BackupFile, mirror: Path, keep: int) -> BackupFile:
    """Copy a verified backup and its files to the second place, then prune there.

    The target is often a USB drive or a network share that is not always present: any
    failure becomes a warning on the result; the primary backup stands."""
    try:
        present = mirror.is_dir()
    except (OSError, ValueError):  # e.g. a share that hangs up, or a garbled path
        present = False
    if not present:
        return replace(
            done,
            mirror_warning=(
                f"第二备份位置 {mirror} 不可用（U 盘未插入或网络共享未连接），本次只保存在本机；"
                "本机备份已完成。",
                f"The second backup place {mirror} is not available (USB drive unplugged or "
                "network share not connected); this backup is only on this computer, where "
                "it completed.",
            ),
        )
    target = mirror / done.path.name
    try:
        for suffix in (*_SIDECARS[::-1], ""):  # the .db last: the listing sees it complete
            part = Path(str(done.path) + suffix)
            if part.exists():
                durable.copy_file(part, Path(str(target) + suffix))
        prune(mirror, keep)
    except (OSError, ValueError) as exc:
        with contextlib.suppress(OSError, ValueError):
            _remove(target)
        return replace(
            done,
            mirror_warning=(
                f"复制到第二备份位置 {mirror} 失败：{_reason(exc)}；本机备份已完成。",
                f"Copying to the second backup place {mirror} failed: {_reason(exc)}; "
                "the backup on this computer completed.",
            ),
        )
    return replace(done, mirrored_to=target, mirror_warning=None)


def run_backup(
    store: BackupStore,
    policy: BackupPolicy,
    *,
    key: bytes,
    state_path: Path,
    now: datetime | None = None,
    disk_free: DiskFree = default_disk_free,
) -> BackupFile:
    """Take, verify and keep one backup, then prune; both phases on the calling thread.

    Raises :class:`BackupRefused` (also recorded in the state file) when refused or failed.
    """
    taken = take_copy(store, policy, state_path=state_path, now=now, disk_free=disk_free)
    return finish_copy(taken, policy, key=key, state_path=state_path)


class SnapshotSource:
    """The live database read through its OWN connection (WAL: a consistent snapshot
    while the store's connection keeps writing), copied with the same
    ``offline.store.backup.backup_to`` that ``Store.backup`` uses. So a backup needs no
    time on the store's thread at all: clerks keep saving during the copy."""

    def __init__(self, db: Path, key: bytes) -> None:
        self.path = db
        self._key = key

    def backup(self, dest: Path) -> int:
        conn = connection.open_database(self.path, self._key, check="none")
        try:
            return backup_mod.backup_to(conn, dest, self._key)
        finally:
            conn.close()


def snapshot_backup(
    db: Path,
    policy: BackupPolicy,
    *,
    key: bytes,
    state_path: Path,
    now: datetime | None = None,
    disk_free: DiskFree = default_disk_free,
) -> BackupFile:
    """:func:`run_backup` of the store file at ``db`` from any thread (its own connections)."""
    source = SnapshotSource(db, key)
    return run_backup(source, policy, key=key, state_path=state_path, now=now, disk_free=disk_free)


def _free_name(folder: Path, moment: datetime, pre_upgrade_from: int | None = None) -> Path:
    serial = 0
    while True:
        final = folder / backup_name(moment, serial, pre_upgrade_from)
        if not final.exists() and not Path(str(final) + ".partial").exists():
            return final
        serial += 1


def _take(
    store: BackupStore, policy: BackupPolicy, moment: datetime, disk_free: DiskFree
) -> CopyTaken:
    folder = policy.folder
    try:
        durable.make_dirs(folder)
    except OSError as exc:
        raise BackupRefused(
            "folder_unusable",
            f"无法使用备份文件夹 {folder}：{exc.strerror or exc}",
            f"The backup folder {folder} cannot be used: {exc.strerror or exc}",
        ) from exc
    need = estimate_size(store.path)
    check_room(folder, need, disk_free)
    final = _free_name(folder, moment, policy.pre_upgrade_from)
    partial = Path(str(final) + ".partial")
    try:
        copied = store.backup(partial)
    except OSError as exc:
        _remove(partial)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            check_room(folder, need, lambda _f: 0)  # raises the disk_full message
        raise BackupRefused(
            "backup_failed",
            f"备份失败：{exc.strerror or exc}；旧备份都还在。",
            f"The backup failed: {exc.strerror or exc}; the old backups are untouched.",
        ) from exc
    except StoreError as exc:
        _remove(partial)
        full = "full" in str(exc).lower()
        if full:
            check_room(folder, need, lambda _f: 0)
        raise BackupRefused(
            "backup_failed",
            f"备份失败：{exc.zh}；旧备份都还在。",
            f"The backup failed: {exc.en}; the old backups are untouched.",
        ) from exc
    except Exception as exc:  # sqlcipher3 errors (e.g. "database or disk is full")
        _remove(partial)
        if "full" in str(exc).lower():
            check_room(folder, need, lambda _f: 0)
        raise BackupRefused(
            "backup_failed",
            f"备份失败：{exc}；旧备份都还在。",
            f"The backup failed: {exc}; the old backups are untouched.",
        ) from exc
    return CopyTaken(partial, final, copied, moment)


def _verify_and_name(
    partial: Path, final: Path, key: bytes, copied: int, moment: datetime
) -> BackupFile:
    try:
        entries, schema, _next = verify_copy(partial, key)
        if entries != copied:
            raise BackupRefused(
                "verify_failed",
                f"备份副本校验不一致（审计记录 {entries} 条，应为 {copied} 条）。",
                f"The backup copy does not match ({entries} audit entries, expected {copied}).",
            )
    except BackupRefused:
        _remove(partial)
        raise
    except Exception as exc:  # StoreError (wrong key, damaged) or a raw sqlcipher3 error
        _remove(partial)
        zh, en = (exc.zh, exc.en) if isinstance(exc, StoreError) else (str(exc), str(exc))
        raise BackupRefused(
            "verify_failed",
            f"备份副本无法通过校验，已删除：{zh}；旧备份都还在。",
            f"The backup copy failed verification and was deleted: {en}; "
            "the old backups are untouched.",
        ) from exc
    durable.rename(Path(str(partial) + ".keyid"), Path(str(final) + ".keyid"))
    durable.rename(partial, final)
    note = {
        "verified_at": moment.isoformat(timespec="seconds"),
        "quick_check": "ok",
        "audit_entries": entries,
        "schema_version": schema,
    }
    durable.write_text(Path(str(final) + ".verified"), json.dumps(note, indent=2))
    taken = _taken_at(final.name) or moment.astimezone(TZ)
    match = _NAME.fullmatch(final.name)
    before = int(match[4]) if match and match[4] else None
    return BackupFile(final, taken, final.stat().st_size, True, entries, pre_upgrade_from=before)
