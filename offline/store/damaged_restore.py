"""Restoring over a damaged store, without signing in to it (损坏恢复).

Nobody can sign in to a store that will not open, so the way back cannot depend on it:
- the backup to restore comes from the profile's backup folder, its second backup place,
  or any file the admin picks;
- the restore is authorised either by a supervisor's password, checked against the users
  cached *in the backup* (it opens with this PC's key; the damaged file is never trusted),
  or by the office's recovery key, which also works on a PC whose keyring lost the key;
- the damaged file is moved aside as ``store.db.damaged-<time>``, never deleted, and is
  put back if the restore fails;
- the report says in plain words what the backup held and what must be re-synced or
  entered again.
"""

from __future__ import annotations

import hmac
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlcipher3

from offline import durable
from offline.backup_policy import load_policy
from offline.backup_schedule import BackupFile, list_backups
from offline.domain.clock import TZ
from offline.store import backup, keys, paths, recovery, users
from offline.store.errors import StoreError

PARTS = ("", "-wal", "-shm")


class RestoreRefused(StoreError):
    """The restore was not authorised or the backup cannot be used; nothing changed."""

    code = "restore_refused"


@dataclass(frozen=True)
class RestoreReport:
    """What the restored store holds, and where the damaged file went."""

    backup: Path
    taken_at: datetime | None
    applications: int
    pending: int
    damaged_aside: Path | None

    def describe(self) -> tuple[str, str]:
        when = self.taken_at.astimezone(TZ).strftime("%Y-%m-%d %H:%M") if self.taken_at else "?"
        aside_zh = (
            f"损坏的文件已另存为 {self.damaged_aside.name}，未删除。" if self.damaged_aside else ""
        )
        aside_en = (
            f" The damaged file was kept as {self.damaged_aside.name}, not deleted."
            if self.damaged_aside
            else ""
        )
        return (
            f"已从 {when} 的备份恢复：办件 {self.applications} 件，待上传操作 {self.pending} 条"
            "（下次同步时发送）。备份之后已同步到平台的办件会在下次同步时自动取回；备份之后在本机"
            f"办理、尚未同步的操作无法恢复，请根据纸质收件凭证重新录入。{aside_zh}",
            f"Restored from the backup of {when}: {self.applications} applications and "
            f"{self.pending} actions waiting to be sent (they go with the next sync). Work "
            "that reached the platform after the backup comes back with the next sync; work "
            "done on this PC after the backup that had not been synced cannot be recovered — "
            f"enter it again from the paper receipts.{aside_en}",
        )


def candidates(profile: str, data_dir: Path | None = None) -> list[BackupFile]:
    """Backups in the profile's backup folder and its second backup place, newest first."""
    policy = load_policy(paths.profile_dir(profile, data_dir))
    found = list_backups(policy.folder)
    if policy.mirror is not None:
        found += list_backups(policy.mirror)
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def _read_only(db: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(f"file:{db}?mode=ro", uri=True, isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
    return conn


def check_supervisor(source: Path, key: bytes, username: str, password: str) -> str:
    """The user id of a supervisor whose password matches the one cached in the backup;
    RestoreRefused otherwise (the same answer for an unknown user and a wrong password)."""
    refused = RestoreRefused(
        "窗口负责人用户名或密码不对，或该用户未在本机登录过。可改用恢复密钥。",
        "Wrong supervisor user name or password, or that supervisor never signed in on "
        "this PC. Use the recovery key instead.",
    )
    try:
        conn = _read_only(source, key)
        try:
            row = conn.execute(
                "SELECT user_id, role, salt, verifier, scrypt_n, scrypt_r, scrypt_p"
                " FROM cached_users WHERE username = ?",
                (username,),
            ).fetchone()
        finally:
            conn.close()
    except sqlcipher3.Error as exc:
        raise RestoreRefused(
            "这个备份不能用本机的密钥打开（可能来自另一台电脑）。请改用恢复密钥。",
            "This backup does not open with this PC's key (it may come from another PC). "
            "Use the recovery key instead.",
        ) from exc
    if row is None or row[1] != "supervisor":
        raise refused
    uid, _, salt, verifier, n, r, p = row
    if not hmac.compare_digest(users._verifier(password, bytes(salt), n, r, p), bytes(verifier)):
        raise refused
    return str(uid)


def _move_aside(db: Path, stamp: str) -> Path | None:
    if not db.exists():
        return None
    aside = db.with_name(f"{db.name}.damaged-{stamp}")
    for suffix in PARTS:
        part = Path(str(db) + suffix)
        if part.exists():
            shutil.move(part, Path(str(aside) + suffix))
    durable.fsync_dir(db.parent)
    return aside


def _put_back(aside: Path | None, db: Path) -> None:
    if aside is None:
        return
    for suffix in PARTS:
        Path(str(db) + suffix).unlink(missing_ok=True)
        part = Path(str(aside) + suffix)
        if part.exists():
            shutil.move(part, Path(str(db) + suffix))
    durable.fsync_dir(db.parent)


def _facts(db: Path, key: bytes) -> tuple[int, int]:
    conn = _read_only(db, key)
    try:
        applications = int(conn.execute("SELECT count(*) FROM applications").fetchone()[0])
        pending = int(
            conn.execute(
                "SELECT count(*) FROM outbox WHERE state IN ('pending', 'in_flight')"
            ).fetchone()[0]
        )
    finally:
        conn.close()
    return applications, pending


def restore_damaged(
    profile: str,
    source: Path,
    *,
    now: datetime,
    data_dir: Path | None = None,
    supervisor: tuple[str, str] | None = None,
    recovery_code: str | None = None,
) -> RestoreReport:
    """Replace the profile's (damaged) store with the backup `source`, authorised by a
    supervisor's password or the recovery code. Anything refused changes nothing."""
    db = paths.db_path(profile, data_dir)
    source = Path(source)
    if not source.is_file():
        raise RestoreRefused(
            f"找不到备份文件：{source}。没有写入任何内容。",
            f"No backup file at {source}; nothing was written.",
        )
    key = keys.load_key(profile)
    if recovery_code is not None:
        recovery.check_backup(recovery_code, source)  # a wrong code refuses before any move
    elif supervisor is not None and key is not None:
        check_supervisor(source, key, *supervisor)
    else:
        raise RestoreRefused(
            "恢复需要窗口负责人的用户名和密码，或办公室的恢复密钥。",
            "A restore needs a supervisor's user name and password, or the office's recovery key.",
        )
    aside = _move_aside(db, now.strftime("%Y%m%dT%H%M%S"))
    try:
        if recovery_code is not None:
            recovery.restore_with_code(recovery_code, source, profile, data_dir, now=now)
            key = keys.load_key(profile)
        else:
            assert key is not None
            backup.restore(db, source, key)
    except BaseException:
        _put_back(aside, db)
        raise
    assert key is not None
    applications, pending = _facts(db, key)
    taken = next((b.taken_at for b in list_backups(source.parent) if b.path == source), None)
    return RestoreReport(source, taken, applications, pending, aside)
