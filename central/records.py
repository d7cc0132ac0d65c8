"""Application rows and the change log: every accepted change is one new version plus one
change-log entry, written in the caller's transaction."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
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


class Sequencer:
    """Change-log seqs for one write transaction: read the counter once, write it back once.

    Safe because the transaction began IMMEDIATE: no other writer runs until it commits, so
    the numbers handed out still follow commit order."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.last: int | None = None

    def next(self) -> int:
        if self.last is None:
            self.last = int(self.conn.execute("SELECT seq FROM meta WHERE id = 1").fetchone()[0])
        self.last += 1
        return self.last

    def flush(self) -> None:
        if self.last is not None:
            self.conn.execute("UPDATE meta SET seq = ? WHERE id = 1", (self.last,))


def save(
    conn: sqlite3.Connection,
    office: str,
    record_id: str,
    doc: dict[str, Any],
    previous: int,
    now: float,
    seqs: Sequencer | None = None,
) -> tuple[int, dict[str, Any]]:
    """Store `doc` as version `previous + 1` and append it to the office's change log."""
    version = previous + 1
    doc = {**doc, "version": version, "updated_at": iso(now)}
    text = dumps(doc)
    conn.execute(
        "INSERT INTO applications (id, office_code, status, version, doc, updated_at,"
        " receipt_no) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
        " status = excluded.status, version = excluded.version, doc = excluded.doc,"
        " updated_at = excluded.updated_at",
        (
            record_id,
            office,
            str(doc.get("status", "")),
            version,
            text,
            now,
            str(doc.get("receipt_no", "")),
        ),
    )
    conn.execute(
        "INSERT INTO changes (seq, office_code, record_id, version, doc) VALUES (?, ?, ?, ?, ?)",
        (seqs.next() if seqs else next_seq(conn), office, record_id, version, text),
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


@dataclass
class Batch:
    """What one push transaction shares: caches of actor checks and catalog items."""

    conn: sqlite3.Connection
    office: str
    now: float
    seqs: Sequencer
    actors: dict[tuple[str, str], bool] = field(default_factory=dict)
    items: dict[Any, ServiceItem | None] = field(default_factory=dict)

    def actor_ok(self, actor: str, role: str) -> bool:
        if (actor, role) not in self.actors:
            self.actors[(actor, role)] = actor_allowed(self.conn, self.office, actor, role)
        return self.actors[(actor, role)]

    def item(self, code: Any) -> ServiceItem | None:
        if not isinstance(code, str):
            return None
        if code not in self.items:
            self.items[code] = office_item(self.conn, self.office, code)
        return self.items[code]


def apply_one(batch: Batch, m: dict[str, Any]) -> dict[str, Any]:
    """Apply one device mutation for the batch's office; returns the outcome fields."""
    office = batch.office
    if not batch.actor_ok(m["actor"], m["role"]):
        return _rejected("forbidden")
    row = load(batch.conn, m["record_id"])
    base: dict[str, Any] | None = None
    previous = 0
    if row is not None:
        if row["office_code"] != office:
            return _rejected("wrong_office")
        base = json.loads(row["doc"])
        previous = int(row["version"])
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
        item = batch.item(doc.get("item_code"))
        if item is None:
            return _rejected("unknown_item")
        if batch.conn.execute(
            "SELECT 1 FROM applications WHERE office_code = ? AND receipt_no = ?",
            (office, str(doc.get("receipt_no", ""))),
        ).fetchone():
            # e.g. a device restored from an old backup reissuing serials: a person must look
            return _rejected("duplicate_receipt")
    elif base is None:
        return _rejected("unknown_record")
    else:
        item = batch.item(base.get("item_code"))
    result: Result = apply(base, m, item)
    if result.outcome == "rejected":
        return _rejected(result.reason or "invalid_payload", base, previous or None)
    version = previous
    current = base
    if result.changed and result.doc is not None:
        version, current = save(
            batch.conn, office, m["record_id"], result.doc, previous, batch.now, batch.seqs
        )
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
