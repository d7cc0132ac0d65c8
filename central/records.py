"""Application rows and the change log: every accepted change is one new version plus one
change-log entry, written in the caller's transaction."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from central.db import next_seq
from central.domain_bridge import Result, apply, service_item
from offline.domain.catalog import ServiceItem


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def dumps(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def load(conn: sqlite3.Connection, record_id: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM applications WHERE id = ?", (record_id,)
    ).fetchone()
    return row


def save(
    conn: sqlite3.Connection,
    office: str,
    record_id: str,
    doc: dict[str, Any],
    previous: int,
    now: float,
) -> tuple[int, dict[str, Any]]:
    """Store `doc` as version `previous + 1` and append it to the office's change log."""
    version = previous + 1
    doc = {**doc, "version": version, "updated_at": iso(now)}
    text = dumps(doc)
    conn.execute(
        "INSERT INTO applications (id, office_code, status, version, doc, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status,"
        " version = excluded.version, doc = excluded.doc, updated_at = excluded.updated_at",
        (record_id, office, str(doc.get("status", "")), version, text, now),
    )
    conn.execute(
        "INSERT INTO changes (seq, office_code, record_id, version, doc) VALUES (?, ?, ?, ?, ?)",
        (next_seq(conn), office, record_id, version, text),
    )
    return version, doc


def _rejected(
    reason: str, current: dict[str, Any] | None = None, version: int | None = None
) -> dict[str, Any]:
    return {
        "outcome": "rejected",
        "reason": reason,
        "conflicts": [],
        "current": current,
        "version": version,
    }


_VOLATILE = ("version", "updated_at")


def _same_doc(a: dict[str, Any], b: dict[str, Any]) -> bool:
    def strip(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if k not in _VOLATILE}

    return strip(a) == strip(b)


def actor_allowed(conn: sqlite3.Connection, office: str, actor: str, role: str) -> bool:
    """The mutation's actor must be a user of the device's office holding the claimed role."""
    row = conn.execute("SELECT roles, office_code FROM users WHERE id = ?", (actor,)).fetchone()
    return row is not None and row["office_code"] == office and role in json.loads(row["roles"])


def apply_one(
    conn: sqlite3.Connection,
    office: str,
    m: dict[str, Any],
    now: float,
    actors: dict[tuple[str, str], bool] | None = None,
) -> dict[str, Any]:
    """Apply one device mutation for `office`; returns the outcome fields (without ids)."""
    actors = {} if actors is None else actors
    key = (m["actor"], m["role"])
    if key not in actors:
        actors[key] = actor_allowed(conn, office, *key)
    if not actors[key]:
        return _rejected("forbidden")
    row = load(conn, m["record_id"])
    base: dict[str, Any] | None = None
    previous = 0
    if row is not None:
        if row["office_code"] != office:
            return _rejected("wrong_office")
        base = json.loads(row["doc"])
        previous = int(row["version"])
    item_code = (m["payload"].get("doc") or {}).get("item_code") if base is None else None
    if m["kind"] == "create":
        doc = m["payload"].get("doc")
        if not isinstance(doc, dict) or doc.get("id") != m["record_id"]:
            return _rejected("invalid_payload")
        if doc.get("office_code") != office:
            return _rejected("wrong_office")
        if base is not None:
            if _same_doc(base, doc):
                return {
                    "outcome": "duplicate",
                    "reason": None,
                    "conflicts": [],
                    "current": None,
                    "version": previous,
                }
            return _rejected("invalid_payload", base, previous)
    elif base is None:
        return _rejected("unknown_record")
    item = office_item(conn, office, item_code if base is None else base.get("item_code"))
    if item is None and m["kind"] == "create":
        return _rejected("unknown_item")
    result: Result = apply(base, m, item)
    if result.outcome == "rejected":
        return _rejected(result.reason or "invalid_payload", base, previous or None)
    version = previous
    current = base
    if result.changed and result.doc is not None:
        version, current = save(conn, office, m["record_id"], result.doc, previous, now)
    return {
        "outcome": result.outcome,
        "reason": result.reason,
        "conflicts": result.conflicts,
        "current": current if result.outcome == "conflict" else None,
        "version": version,
    }


def office_item(conn: sqlite3.Connection, office: str, code: Any) -> ServiceItem | None:
    """The catalog entry `code` if this office offers it."""
    row = conn.execute(
        "SELECT i.doc FROM items i JOIN office_items oi ON oi.item_code = i.code"
        " WHERE oi.office_code = ? AND i.code = ?",
        (office, code),
    ).fetchone()
    return None if row is None else service_item(row[0])
