"""SQLite storage of the reference platform: schema, connection and the commit-order sequence.

Every writing transaction bumps the single row of `meta` first, so SQLite's write lock
serialises writers and the sequence numbers handed out equal commit order. That makes
the change log (`changes.seq`) safe to page through with a cursor.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    id INTEGER PRIMARY KEY CHECK (id = 1), epoch INTEGER NOT NULL, seq INTEGER NOT NULL
);
INSERT OR IGNORE INTO meta (id, epoch, seq) VALUES (1, 1, 0);
CREATE TABLE IF NOT EXISTS offices (
    code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, address TEXT NOT NULL,
    phone TEXT NOT NULL, hours TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS items (code TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS office_items (
    office_code TEXT NOT NULL, item_code TEXT NOT NULL, PRIMARY KEY (office_code, item_code)
);
CREATE TABLE IF NOT EXISTS calendar (
    id INTEGER PRIMARY KEY CHECK (id = 1), version TEXT NOT NULL, days TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    roles TEXT NOT NULL, office_code TEXT, password_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    hash TEXT PRIMARY KEY, kind TEXT NOT NULL, user_id TEXT NOT NULL, device_id TEXT NOT NULL,
    family TEXT NOT NULL, expires_at REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0,
    revoked INTEGER NOT NULL DEFAULT 0, used_at REAL, successor TEXT
);
CREATE INDEX IF NOT EXISTS tokens_family ON tokens (family);
CREATE INDEX IF NOT EXISTS tokens_expiry ON tokens (expires_at);
CREATE TABLE IF NOT EXISTS devices (
    device_id TEXT PRIMARY KEY, office_code TEXT NOT NULL, terminal_code TEXT NOT NULL,
    name TEXT NOT NULL, registered_at REAL NOT NULL,
    last_applied_seq INTEGER NOT NULL DEFAULT 0, highest_seen_seq INTEGER NOT NULL DEFAULT 0,
    last_push_at REAL, last_pull_at REAL, public_key TEXT, retired_at REAL,
    UNIQUE (office_code, terminal_code)
);
CREATE TABLE IF NOT EXISTS device_proofs (
    signature TEXT PRIMARY KEY, device_id TEXT NOT NULL, expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS device_proofs_expiry ON device_proofs (expires_at);
CREATE TABLE IF NOT EXISTS user_keys (
    key_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, device_id TEXT NOT NULL,
    office_code TEXT NOT NULL, public_key TEXT NOT NULL, registered_at REAL NOT NULL,
    revoked_at REAL
);
CREATE INDEX IF NOT EXISTS user_keys_owner ON user_keys (user_id, device_id);
CREATE TABLE IF NOT EXISTS role_history (
    user_id TEXT NOT NULL, office_code TEXT, role TEXT NOT NULL, from_at REAL NOT NULL,
    to_at REAL
);
CREATE INDEX IF NOT EXISTS role_history_user ON role_history (user_id);
CREATE TABLE IF NOT EXISTS mutations (
    op_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, seq INTEGER NOT NULL,
    record_id TEXT NOT NULL, payload_hash TEXT NOT NULL, outcome TEXT NOT NULL,
    result TEXT NOT NULL, received_at REAL NOT NULL,
    UNIQUE (device_id, seq)
);
CREATE TABLE IF NOT EXISTS applications (
    id TEXT PRIMARY KEY, office_code TEXT NOT NULL, status TEXT NOT NULL,
    version INTEGER NOT NULL, doc TEXT NOT NULL, updated_at REAL NOT NULL,
    receipt_no TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS applications_receipt ON applications (office_code, receipt_no);
CREATE INDEX IF NOT EXISTS applications_office ON applications (office_code, status);
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY, office_code TEXT NOT NULL, record_id TEXT NOT NULL,
    version INTEGER NOT NULL, doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_office ON changes (office_code, seq);
CREATE TABLE IF NOT EXISTS blobs (
    office_code TEXT NOT NULL, sha256 TEXT NOT NULL, length INTEGER,
    stored INTEGER NOT NULL DEFAULT 0, complete INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (office_code, sha256)
);
-- sign-ins, lockouts, locks, settings changes, backups... as counter devices report them
CREATE TABLE IF NOT EXISTS session_events (
    device_id TEXT NOT NULL, event_id TEXT NOT NULL, office_code TEXT NOT NULL,
    event TEXT NOT NULL, actor TEXT NOT NULL, username TEXT NOT NULL, at TEXT NOT NULL,
    detail TEXT NOT NULL, received_at REAL NOT NULL, PRIMARY KEY (device_id, event_id)
);
CREATE INDEX IF NOT EXISTS session_events_office ON session_events (office_code, received_at);
CREATE TABLE IF NOT EXISTS blob_chunks (
    office_code TEXT NOT NULL, sha256 TEXT NOT NULL, start INTEGER NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (office_code, sha256, start)
);
"""


def connect(path: Path) -> sqlite3.Connection:
    """Open (and create if needed) the platform database in WAL mode."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.executescript(SCHEMA)
    _add_missing_columns(conn)
    backfill_role_history(conn)
    return conn


def backfill_role_history(conn: sqlite3.Connection) -> None:
    """Give users without role history their current roles, held since time 0."""
    conn.execute(_ROLE_HISTORY_BACKFILL)


# Columns added after the first release: databases created before get them on open.
_ADDED_COLUMNS = {
    "tokens": ("used_at REAL", "successor TEXT"),
    # printed on rejection notices (行政许可法第三十八条第二款: where to seek review or sue)
    "offices": ("review_body TEXT NOT NULL DEFAULT ''", "court TEXT NOT NULL DEFAULT ''"),
    # updated_at: time of the last chunk (NULL on rows from before: such a partial upload
    # counts as expired); expired_at: a dropped partial upload, kept to say so on resume
    "blobs": ("updated_at REAL", "expired_at REAL"),
    "devices": ("public_key TEXT", "retired_at REAL"),
    # who signed each action and the digest their signature covers (audit cross-check)
    "mutations": ("actor TEXT", "key_id TEXT", "digest TEXT"),
}
# Users without any role history (databases from before it was kept) get their current
# roles as held since the beginning: the same answer the platform gave before.
_ROLE_HISTORY_BACKFILL = """
INSERT INTO role_history (user_id, office_code, role, from_at, to_at)
SELECT u.id, u.office_code, r.value, 0, NULL FROM users u, json_each(u.roles) r
WHERE NOT EXISTS (SELECT 1 FROM role_history h WHERE h.user_id = u.id)
"""
_AFTER_COLUMNS = "CREATE INDEX IF NOT EXISTS blobs_partial ON blobs (complete, updated_at);"


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    for table, columns in _ADDED_COLUMNS.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for column in columns:
            if column.split()[0] not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
    conn.executescript(_AFTER_COLUMNS)


class Database:
    """One connection shared by the request threads, serialised by a lock.

    The reference platform favours simple, obviously-correct ordering over concurrency.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = connect(path)
        self.lock = threading.RLock()

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            yield self.conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE … COMMIT, rolled back on error)."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def close(self) -> None:
        with self.lock:
            self.conn.close()


def next_seq(conn: sqlite3.Connection) -> int:
    """Take the next change-log sequence number inside the current write transaction."""
    row = conn.execute("UPDATE meta SET seq = seq + 1 WHERE id = 1 RETURNING seq").fetchone()
    return int(row[0])


def current_epoch(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT epoch FROM meta WHERE id = 1").fetchone()[0])
