"""Open a SQLCipher connection safely: key first, then pragmas, then an integrity check.

`PRAGMA key` must be the first statement; a wrong key only shows up as "file is not a
database" on the first read. A small fingerprint file beside the database tells a wrong
key from a damaged file. Nothing here ever creates a database where a file already exists,
and nothing ever opens a missing file (SQLite would silently create an empty one).
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any, Literal

import sqlcipher3

from offline import durable
from offline.store import damage
from offline.store.errors import DatabaseCorrupt, StoreExists, StoreNotFound, WrongKey
from offline.store.keys import KEY_BYTES, fingerprint
from offline.store.search_text import register as register_search_functions

Connection = Any  # sqlcipher3.dbapi2.Connection (untyped C extension)
IntegrityCheck = Literal["auto", "quick", "none"]
# quick_check reads every page: about a second per ~100 MB here. Above this size "auto"
# only checks what opening reads, and the app runs `Store.integrity_check()` in the
# background (a damaged page is still caught by SQLCipher's per-page HMAC when read).
AUTO_QUICK_CHECK_BYTES = 128 * 1024 * 1024
CACHE_KIB = 65536
BULK_CACHE_KIB = 262144  # only during `Store.first_sync()`


def fingerprint_path(db: Path) -> Path:
    """Where the key fingerprint of `db` is kept."""
    return db.with_name(db.name + ".keyid")


_FINGERPRINT = re.compile(r"[0-9a-f]{32}")


def stored_fingerprint(db: Path) -> str | None:
    """The fingerprint beside `db`, or None when missing, empty or unreadable (a power cut
    can leave the file empty or full of NUL bytes: that is no evidence of a wrong key)."""
    try:
        text = fingerprint_path(db).read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        return None
    return text if _FINGERPRINT.fullmatch(text) else None


def write_fingerprint(db: Path, key: bytes) -> None:
    """Write the key fingerprint beside `db` durably (temp, fsync, rename, fsync dir)."""
    durable.write_text(fingerprint_path(db), fingerprint(key) + "\n")


def _restore_hint(db: Path) -> tuple[str, str]:
    return (
        "请从备份恢复：counterdesk store restore --profile <名称> --from <备份文件>"
        f"（数据库：{db}）。",
        f"restore it from a backup: counterdesk store restore --profile <name> --from <file> "
        f"(database: {db}).",
    )


def _raw_connect(db: Path, key: bytes) -> Connection:
    if len(key) != KEY_BYTES:
        raise ValueError("the database key must be 32 bytes")
    conn = sqlcipher3.connect(str(db), isolation_level=None, check_same_thread=True)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    # SQLCipher logs HMAC failures to stderr; we raise our own clear errors instead.
    conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
    register_search_functions(conn)  # the search index triggers call them (schema v7)
    return conn


def _first_read(conn: Connection, db: Path, key: bytes) -> None:
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        stored = stored_fingerprint(db)
        hint_zh, hint_en = _restore_hint(db)
        if stored == fingerprint(key):
            raise DatabaseCorrupt(
                f"数据库文件已损坏，无法读取。{hint_zh}",
                f"the database file is damaged and cannot be read; {hint_en}",
            ) from exc
        if stored is not None:
            raise WrongKey(
                "密钥环中的密钥与该数据库不匹配。请确认使用的是正确的配置和系统账户；"
                "不要删除数据库文件，请联系管理员。",
                "the key in the keyring does not match this database; check the profile and "
                "OS account; do not delete the file, contact your administrator.",
            ) from exc
        raise WrongKey(
            f"无法打开数据库：密钥错误或文件已损坏。{hint_zh}",
            f"cannot open the database: wrong key or damaged file; {hint_en}",
        ) from exc


def _configure(conn: Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute("PRAGMA temp_store = MEMORY")


def integrity_check(conn: Connection, db: Path) -> None:
    """Run `PRAGMA quick_check`; raise DatabaseCorrupt with a recovery path if it fails."""
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check(5)").fetchall()]
    except sqlcipher3.DatabaseError as exc:
        rows = [str(exc)]
    if rows != ["ok"]:
        raise corrupt(db, damage.examine(conn))


def corrupt(db: Path, report: damage.DamageReport, cause: str = "") -> DatabaseCorrupt:
    """The refusal for a damaged file: what is hit in plain words plus the way back; the
    engine's own lines go to `detail` for the log."""
    what_zh, what_en = report.describe()
    hint_zh, hint_en = _restore_hint(db)
    lines = [*report.problems, cause] if cause else list(report.problems)
    return DatabaseCorrupt(
        f"{what_zh}{hint_zh}", f"{what_en} To recover, {hint_en}", detail="\n".join(lines)
    )


def create_database(db: Path, key: bytes) -> Connection:
    """Create a NEW encrypted database; refuses if any file is already there."""
    if db.exists() or Path(str(db) + "-wal").exists():
        raise StoreExists(
            f"数据库文件已存在，拒绝覆盖：{db}",
            f"a database file already exists, refusing to overwrite: {db}",
        )
    # the folder is flushed into its parents (a power cut must not remove a profile that
    # already holds a store), and the file exists mode 0600 before SQLite opens it:
    # SQLite gives -wal/-shm the mode of the database file.
    durable.create_private_file(db)
    conn = _raw_connect(db, key)
    _configure(conn)
    write_fingerprint(db, key)
    durable.fsync_dir(db.parent)
    return conn


def open_database(db: Path, key: bytes, *, check: IntegrityCheck = "auto") -> Connection:
    """Open an EXISTING encrypted database (never creates one)."""
    if not db.is_file():
        raise StoreNotFound(
            f"找不到数据库文件：{db}。新配置请先运行 counterdesk store init。",
            f"no database file at {db}; for a new profile run 'counterdesk store init'.",
        )
    conn = _raw_connect(db, key)
    _first_read(conn, db, key)
    try:
        _configure(conn)
        if check == "quick" or (check == "auto" and db.stat().st_size <= AUTO_QUICK_CHECK_BYTES):
            integrity_check(conn, db)
        else:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        report = damage.examine(conn)
        conn.close()
        raise corrupt(db, report, str(exc)) from exc
    except BaseException:
        conn.close()
        raise
    if stored_fingerprint(db) != fingerprint(key):  # missing, empty or damaged: repair
        with contextlib.suppress(OSError):  # a read-only copy opens all the same
            write_fingerprint(db, key)  # the key just opened the database, so it is right
    return conn
