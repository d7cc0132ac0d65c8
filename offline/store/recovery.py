"""Recovery key of a profile, recovery files beside backups, and restore on a new PC.

- ``recovery.json`` in the profile folder holds the database key wrapped with the
  office's recovery key (see ``recovery_code``); it is useless without the printed code.
- Every backup gets a copy of it as ``<backup>.recovery`` (only when it wraps the key that
  backup is encrypted with), so the backup file plus that small file plus the code are
  enough on any computer.
- :func:`restore_with_code` opens such a backup on a NEW computer: empty keyring, new data
  folder. It unwraps the old key, verifies the copy (quick_check and the audit hash chain),
  re-encrypts it with a fresh key kept in this computer's keyring, installs it as the
  profile's store and wraps the new key with the same code, so the next backups open with
  the same recovery sheet. A wrong code or a damaged backup writes nothing at all.

The restored store keeps the device identity of the old computer (its ``device_id``, office
and terminal code). The result reports it; moving a counter to new hardware is the explicit
"replace terminal" step, which the caller runs next (see ``RecoveredStore.device_id``).
"""

from __future__ import annotations

import contextlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from offline import durable
from offline.store import audit, backup, connection, device, keys, paths
from offline.store.errors import BackupError, StoreError
from offline.store.recovery_code import (
    RecoveryCode,
    RecoveryRefused,
    new_code,
    parse_code,
    unwrap_key,
    wrap_key,
)

RECOVERY_FILE = "recovery.json"
SIDECAR_SUFFIX = ".recovery"


def recovery_path(profile_root: Path) -> Path:
    """The profile's wrapped key (``<profile>/recovery.json``)."""
    return Path(profile_root) / RECOVERY_FILE


def sidecar_path(backup_file: Path) -> Path:
    """The recovery file that travels with one backup."""
    return Path(str(backup_file) + SIDECAR_SUFFIX)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def set_up(
    profile_root: Path, db_key: bytes, *, device_id: str = "", now: datetime
) -> RecoveryCode:
    """Make a NEW recovery key for the profile and store the wrapped database key.

    The code is returned once, to be printed on the recovery sheet; it is kept nowhere.
    A previous recovery key stops covering new backups (older backups keep their own
    ``.recovery`` files and still open with the older sheet)."""
    code = new_code()
    save_wrapped(profile_root, code, db_key, device_id=device_id, now=now)
    return code


def save_wrapped(
    profile_root: Path, code: RecoveryCode, db_key: bytes, *, device_id: str, now: datetime
) -> None:
    """Write ``recovery.json`` wrapping ``db_key`` under ``code`` (durably)."""
    data = wrap_key(code, db_key)
    data["device_id"] = device_id
    data["created_at"] = now.astimezone(UTC).isoformat(timespec="seconds")
    durable.write_text(recovery_path(profile_root), json.dumps(data, indent=2) + "\n")


def current_recovery_id(profile_root: Path, db_key: bytes) -> str | None:
    """The sheet number covering the profile's current key, or None when no recovery key
    is set up (or it wraps an older key)."""
    data = _read_json(recovery_path(profile_root))
    if data is None or data.get("key_fingerprint") != keys.fingerprint(db_key):
        return None
    rid = data.get("recovery_id")
    return rid if isinstance(rid, str) else None


def write_sidecar(profile_root: Path, backup_file: Path, db_key: bytes) -> bool:
    """Put the profile's recovery file beside ``backup_file`` when it wraps ``db_key``;
    False when the profile has no (current) recovery key."""
    source = recovery_path(profile_root)
    if current_recovery_id(profile_root, db_key) is None:
        return False
    durable.copy_file(source, sidecar_path(backup_file))
    return True


@dataclass(frozen=True)
class RecoveredStore:
    """What a recovery restore installed."""

    path: Path
    device_id: str  # the OLD computer's identity: run "replace terminal" before working
    office_code: str | None
    terminal_code: str | None
    audit_entries: int
    recovery_id: str
    replaced_aside: Path | None


def _load_wrapped(source: Path, recovery_file: Path | None) -> dict[str, Any]:
    path = recovery_file or sidecar_path(source)
    data = _read_json(path)
    if data is None:
        raise RecoveryRefused(
            f"找不到或无法读取恢复文件 {path}。请把备份文件和同名的 .recovery 文件一起复制过来。"
            "没有写入任何内容。",
            f"the recovery file {path} is missing or unreadable; copy the backup together "
            "with its .recovery file of the same name. Nothing was written.",
            code="recovery_file_missing",
        )
    return data


def _verify(conn: connection.Connection, source: Path) -> int:
    """The backup's audit chain must be intact; returns its entry count."""
    report = audit.verify(conn)
    if not report.ok:
        raise BackupError(
            f"备份 {source.name} 的审计日志哈希链已损坏，拒绝恢复：{report.message('zh_CN')}",
            f"the audit hash chain of backup {source.name} is broken; refusing to restore: "
            f"{report.message('en')}",
        )
    return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def _rekeyed_copy(source: Path, old_key: bytes, new_key: bytes, work: Path) -> Path:
    """A private copy of the backup, verified, then re-encrypted with ``new_key``."""
    copy = work / f".recovering-{secrets.token_hex(6)}.db"
    durable.copy_file(source, copy)
    try:
        conn = connection.open_database(copy, old_key, check="quick")
        try:
            _verify(conn, source)
            conn.execute("PRAGMA journal_mode = DELETE").fetchone()
            conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
        finally:
            conn.close()
        connection.write_fingerprint(copy, new_key)
    except BaseException:
        _discard(copy)
        raise
    return copy


def _discard(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", ".keyid"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(db) + suffix).unlink()


def _check_open(source: Path, key: bytes) -> int:
    conn = connection.open_database(source, key, check="quick")
    try:
        return _verify(conn, source)
    finally:
        conn.close()


def check_backup(code_text: object, source: Path, recovery_file: Path | None = None) -> int:
    """Dry run for a restore dialog: the code opens the backup and it verifies (integrity
    and audit chain); returns its audit entry count. Installs nothing."""
    code = parse_code(code_text)
    return _check_open(source, unwrap_key(code, _load_wrapped(source, recovery_file)))


def restore_with_code(
    code_text: object,
    source: Path,
    profile: str,
    data_dir: Path | None = None,
    *,
    recovery_file: Path | None = None,
    replace_newer: bool = False,
    now: datetime,
) -> RecoveredStore:
    """Install the backup ``source`` as ``profile``'s store using only the recovery code.

    Order matters: everything that can refuse (code, recovery file, decryption, integrity,
    audit chain) runs before anything is written to the keyring or the profile folder."""
    code = parse_code(code_text)
    if not Path(source).is_file():
        raise RecoveryRefused(
            f"找不到备份文件：{source}。没有写入任何内容。",
            f"no backup file at {source}; nothing was written.",
            code="backup_missing",
        )
    old_key = unwrap_key(code, _load_wrapped(source, recovery_file))
    _check_open(source, old_key)
    db = paths.db_path(profile, data_dir)
    new_key = keys.load_key(profile)
    if new_key is None:
        if db.exists():
            raise StoreError(
                f"配置 {profile} 已有数据库 {db}，但本机密钥环中没有它的密钥；为免覆盖无法打开"
                "的数据，拒绝恢复。请换一个配置名称，或先把该文件移走。",
                f"profile {profile} already has a database {db} but this computer's keyring "
                "has no key for it; to avoid overwriting data that cannot be opened, nothing "
                "was restored. Use another profile name or move that file away first.",
                code="key_missing",
            )
        new_key = keys.create_key(profile)
    durable.make_dirs(db.parent)
    copy = _rekeyed_copy(source, old_key, new_key, db.parent)
    try:
        result = backup.restore(db, copy, new_key, replace_newer=replace_newer)
    finally:
        _discard(copy)
    conn = connection.open_database(db, new_key, check="none")
    try:
        dev = device.load(conn)
    finally:
        conn.close()
    save_wrapped(db.parent, code, new_key, device_id=dev.device_id, now=now)
    return RecoveredStore(
        path=db,
        device_id=dev.device_id,
        office_code=dev.office_code,
        terminal_code=dev.terminal_code,
        audit_entries=result.audit_entries,
        recovery_id=code.recovery_id,
        replaced_aside=result.replaced_aside,
    )
