"""The outcome of the last sync runs, kept in the store itself.

``counterdesk status`` runs in a fresh process after ``counterdesk sync`` (or beside the
app); it must report what really happened, not an empty in-memory board. So each run
records, in the same encrypted store as the data it synced: when it was attempted, when
a run last ended with nothing pending and no error, and the last error's code and words.
Kept in the ``meta`` table (one row per fact), so no schema change is needed.
"""

from __future__ import annotations

import json
from typing import Any

from offline.store.connection import Connection
from offline.store.tx import transaction

_ATTEMPT = "sync_last_attempt_at"
_SUCCESS = "sync_last_success_at"
_ERROR = "sync_last_error"


def _put(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def record(conn: Connection, *, at: str, success: bool, error: dict[str, str] | None) -> None:
    """One finished run: ``at`` (UTC ISO), whether it settled, and its error if any."""
    with transaction(conn):
        _put(conn, _ATTEMPT, at)
        if success:
            _put(conn, _SUCCESS, at)
        if error is None:
            conn.execute("DELETE FROM meta WHERE key = ?", (_ERROR,))
        else:
            _put(conn, _ERROR, json.dumps(error, ensure_ascii=False))


def read(conn: Connection) -> dict[str, Any]:
    """``last_attempt_at``, ``last_success_at`` (ISO text or None), ``last_error`` (dict or
    None) as last recorded."""
    rows = dict(
        conn.execute(
            "SELECT key, value FROM meta WHERE key IN (?, ?, ?)", (_ATTEMPT, _SUCCESS, _ERROR)
        ).fetchall()
    )
    error: Any = None
    if _ERROR in rows:
        try:
            error = json.loads(rows[_ERROR])
        except ValueError:
            error = None
    return {
        "last_attempt_at": rows.get(_ATTEMPT),
        "last_success_at": rows.get(_SUCCESS),
        "last_error": error if isinstance(error, dict) else None,
    }
