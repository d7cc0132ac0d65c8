"""Facts about a store for support (diagnostics), without any personal data.

Outbox and conflict rows appear only as counts and error texts (cut short), never
payloads; users only as the usernames whose tokens the keyring may hold, so diagnostics
can cut those secrets out of what it ships.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from offline.store.store import Store

ERROR_TEXT_CHARS = 80


def signed_in_usernames(store: Store) -> list[str]:
    """Usernames that have signed in on this device."""
    return [str(r[0]) for r in store.conn.execute("SELECT username FROM cached_users")]


def outbox_summary(store: Store) -> dict[str, Any]:
    """Outbox rows by kind and state, push error texts by count, open conflicts by kind."""
    conn = store.conn
    outbox = conn.execute(
        "SELECT kind, state, COUNT(*), MIN(created_at), MAX(attempts) FROM outbox"
        " GROUP BY kind, state"
    ).fetchall()
    errors = conn.execute(
        f"SELECT substr(COALESCE(last_error, ''), 1, {ERROR_TEXT_CHARS:d}), COUNT(*)"
        " FROM outbox WHERE last_error IS NOT NULL GROUP BY 1"
    ).fetchall()
    conflicts = conn.execute(
        "SELECT kind, COUNT(*) FROM conflicts WHERE resolved_at IS NULL GROUP BY kind"
    ).fetchall()
    return {
        "outbox": [
            {"kind": k, "state": s, "count": n, "oldest": o, "max_attempts": a}
            for k, s, n, o, a in outbox
        ],
        "push_errors": [{"error": e, "count": n} for e, n in errors],
        "open_conflicts": {k: n for k, n in conflicts},
    }


def schema_version(store: Store) -> int:
    return int(store.conn.execute("PRAGMA user_version").fetchone()[0])
