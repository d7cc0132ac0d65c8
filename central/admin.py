"""Operator actions on a platform database, usable while the server runs (WAL).

`bump_epoch` simulates a restore from backup or a compaction: the change log is cut to
the latest change of each record and the epoch increases, so every device must resync.
"""

from __future__ import annotations

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
