"""Operator actions on a platform database, usable while the server runs (WAL).

`bump_epoch` simulates a restore from backup or a compaction: the change log is cut to
the latest change of each record and the epoch increases, so every device must resync.
"""

from __future__ import annotations

import json
from pathlib import Path

from central.db import Database


def bump_epoch(db_path: Path | str) -> int:
    db = Database(Path(db_path))
    try:
        with db.write() as conn:
            conn.execute(
                "DELETE FROM changes WHERE seq NOT IN"
                " (SELECT MAX(seq) FROM changes GROUP BY record_id)"
            )
            row = conn.execute(
                "UPDATE meta SET epoch = epoch + 1 WHERE id = 1 RETURNING epoch"
            ).fetchone()
        return int(row[0])
    finally:
        db.close()


def set_roles(db_path: Path | str, user_id: str, roles: list[str], now: float) -> None:
    """Change a user's roles from `now` on; the role history keeps what they held before,
    so actions signed earlier are still judged by the roles held then."""
    db = Database(Path(db_path))
    try:
        with db.write() as conn:
            office = conn.execute(
                "SELECT office_code FROM users WHERE id = ?", (user_id,)
            ).fetchone()[0]
            conn.execute(
                "UPDATE role_history SET to_at = ? WHERE user_id = ? AND to_at IS NULL",
                (now, user_id),
            )
            conn.executemany(
                "INSERT INTO role_history (user_id, office_code, role, from_at)"
                " VALUES (?, ?, ?, ?)",
                [(user_id, office, role, now) for role in roles],
            )
            conn.execute("UPDATE users SET roles = ? WHERE id = ?", (json.dumps(roles), user_id))
    finally:
        db.close()
