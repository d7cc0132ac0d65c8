"""Application rows and the change log: every accepted change is one new version plus one
change-log entry, written in the caller's transaction.

A push batch (`Batch`) reads the records and receipt numbers its mutations touch in two
queries up front, keeps the documents it changes in memory, and writes the new versions
and change-log rows with one `executemany` each at the end of the same transaction; a
back-office action (`save`) writes its single version at once.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import orjson

from central.db import next_seq
from central.domain_bridge import Result, apply, platform_calendar, service_item
from central.jsontext import dumps
from offline.domain.catalog import ServiceItem
from offline.domain.deadlines import WorkCalendar

_UPSERT = (
    "INSERT INTO applications (id, office_code, status, version, doc, updated_at,"
    " receipt_no) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
    " status = excluded.status, version = excluded.version, doc = excluded.doc,"
    " updated_at = excluded.updated_at"
)
_CHANGE = "INSERT INTO changes (seq, office_code, record_id, version, doc) VALUES (?, ?, ?, ?, ?)"


@lru_cache(maxsize=16)
def iso(ts: float) -> str:
    """UTC ISO text of `ts` (cached: every version a push batch writes has the same time)."""
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def _marks(n: int) -> str:
    return ",".join("?" * n)


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
    version, doc, row = _version_row(office, record_id, doc, previous, now)
    conn.execute(_UPSERT, row)
    seq = seqs.next() if seqs else next_seq(conn)
    conn.execute(_CHANGE, (seq, office, record_id, version, row[4]))
    return version, doc


def _version_row(
    office: str, record_id: str, doc: dict[str, Any], previous: int, now: float
) -> tuple[int, dict[str, Any], tuple[Any, ...]]:
    """The new version number, the stored document and its `applications` row."""
    version = previous + 1
    doc = {**doc, "version": version, "updated_at": iso(now)}
    text = dumps(doc)
    status, receipt = str(doc.get("status", "")), str(doc.get("receipt_no", ""))
    return version, doc, (record_id, office, status, version, text, now, receipt)


def rejected(
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
class Stored:
    """A record as the batch sees it: the row read up front, or the version it just wrote."""

    office_code: str
    version: int
    text: str | None  # stored JSON, parsed on first use
    parsed: dict[str, Any] | None = None

    @property
    def doc(self) -> dict[str, Any]:
        if self.parsed is None:
            self.parsed = orjson.loads(self.text or "{}")
        return self.parsed


@dataclass
class Batch:
    """What one push transaction shares: caches of actor checks, catalog items, the records
    and receipt numbers it touches, and the rows it writes when the batch ends (`flush`)."""

    conn: sqlite3.Connection
    office: str
    now: float
    seqs: Sequencer
    actors: dict[tuple[str, str], bool] = field(default_factory=dict)
    items: dict[Any, ServiceItem | None] = field(default_factory=dict)
    records: dict[str, Stored | None] = field(default_factory=dict)
    receipts: set[str] = field(default_factory=set)  # receipt numbers the office holds
    looked_up: set[str] = field(default_factory=set)  # receipt numbers read by `prefetch`
    app_rows: list[tuple[Any, ...]] = field(default_factory=list)
    change_rows: list[tuple[Any, ...]] = field(default_factory=list)
    work_calendar: WorkCalendar | None = None

    def prefetch(self, mutations: list[dict[str, Any]]) -> None:
        """Read every record the batch names and every receipt number its creates carry."""
        ids = list({m["record_id"] for m in mutations} - self.records.keys())
        receipts = list(
            {
                str(doc.get("receipt_no", ""))
                for m in mutations
                if m["kind"] == "create" and isinstance(doc := m["payload"].get("doc"), dict)
            }
        )
        self.records.update(dict.fromkeys(ids))
        if ids:
            for row in self.conn.execute(
                f"SELECT id, office_code, version, doc FROM applications WHERE id IN"
                f" ({_marks(len(ids))})",
                ids,
            ):
                self.records[row[0]] = Stored(row[1], int(row[2]), row[3])
        if receipts:
            self.looked_up.update(receipts)
            self.receipts.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT receipt_no FROM applications WHERE office_code = ? AND receipt_no"
                    f" IN ({_marks(len(receipts))})",
                    [self.office, *receipts],
                )
            )

    def record(self, record_id: str) -> Stored | None:
        if record_id not in self.records:
            row = load(self.conn, record_id)
            self.records[record_id] = (
                None if row is None else Stored(row["office_code"], int(row["version"]), row["doc"])
            )
        return self.records[record_id]

    def receipt_taken(self, receipt_no: str) -> bool:
        if receipt_no in self.receipts:
            return True
        if receipt_no in self.looked_up:
            return False
        return bool(
            self.conn.execute(
                "SELECT 1 FROM applications WHERE office_code = ? AND receipt_no = ?",
                (self.office, receipt_no),
            ).fetchone()
        )

    def save(
        self, record_id: str, doc: dict[str, Any], previous: int
    ) -> tuple[int, dict[str, Any]]:
        """Keep the new version for `flush` and for later mutations of the batch."""
        version, doc, row = _version_row(self.office, record_id, doc, previous, self.now)
        self.app_rows.append(row)
        self.change_rows.append((self.seqs.next(), self.office, record_id, version, row[4]))
        self.records[record_id] = Stored(self.office, version, None, doc)
        self.receipts.add(row[6])
        return version, doc

    def flush(self) -> None:
        """Write the batch's versions and change-log entries (in the open transaction)."""
        if self.app_rows:
            self.conn.executemany(_UPSERT, self.app_rows)
            self.conn.executemany(_CHANGE, self.change_rows)
            self.app_rows, self.change_rows = [], []
        self.seqs.flush()

    def actor_ok(self, actor: str, role: str) -> bool:
        if (actor, role) not in self.actors:
            self.actors[(actor, role)] = actor_allowed(self.conn, self.office, actor, role)
        return self.actors[(actor, role)]

    def calendar(self) -> WorkCalendar:
        """The published calendar, read once per batch (the due dates' calendar)."""
        if self.work_calendar is None:
            self.work_calendar = platform_calendar(self.conn)
        return self.work_calendar

    def item(self, code: Any) -> ServiceItem | None:
        if not isinstance(code, str):
            return None
        if code not in self.items:
            self.items[code] = office_item(self.conn, self.office, code)
        return self.items[code]


def apply_one(batch: Batch, m: dict[str, Any], *, verified: bool = False) -> dict[str, Any]:
    """Apply one device mutation for the batch's office; returns the outcome fields.

    `verified`: the actor's signature and role at the time were checked already
    (`central.signatures`); otherwise the actor must hold the role now."""
    office = batch.office
    if not verified and not batch.actor_ok(m["actor"], m["role"]):
        return rejected("forbidden")
    stored = batch.record(m["record_id"])
    base: dict[str, Any] | None = None
    previous = 0
    if stored is not None:
        if stored.office_code != office:
            return rejected("wrong_office")
        base = stored.doc
        previous = stored.version
    if m["kind"] == "create":
        doc = m["payload"].get("doc")
        if not isinstance(doc, dict) or doc.get("id") != m["record_id"]:
            return rejected("invalid_payload")
        if doc.get("office_code") != office:
            return rejected("wrong_office")
        if base is not None:
            if _same_doc(base, doc):
                return {
                    "outcome": "duplicate",
                    "reason": None,
                    "conflicts": [],
                    "current": None,
                    "version": previous,
                }
            return rejected("invalid_payload", base, previous)
        item = batch.item(doc.get("item_code"))
        if item is None:
            return rejected("unknown_item")
        if batch.receipt_taken(str(doc.get("receipt_no", ""))):
            # e.g. a device restored from an old backup reissuing serials: a person must look
            return rejected("duplicate_receipt")
    elif base is None:
        return rejected("unknown_record")
    else:
        item = batch.item(base.get("item_code"))
    # `m` is the push's own freshly dumped copy, dropped after this call: no need to copy it
    calendar = batch.calendar() if m["kind"] in _CLOCK_KINDS else None
    result: Result = apply(base, m, item, owned=True, calendar=calendar)
    if result.outcome == "rejected":
        return rejected(result.reason or "invalid_payload", base, previous or None)
    version = previous
    current = base
    if result.changed and result.doc is not None:
        version, current = batch.save(m["record_id"], result.doc, previous)
    return {
        "outcome": result.outcome,
        "reason": result.reason,
        "conflicts": result.conflicts,
        "current": current if result.outcome == "conflict" else None,
        "version": version,
    }


# Only these kinds can move a due date; others skip reading the calendar.
_CLOCK_KINDS = frozenset({"transition", "extend"})


def office_item(conn: sqlite3.Connection, office: str, code: Any) -> ServiceItem | None:
    """The catalog entry `code` if this office offers it."""
    row = conn.execute(
        "SELECT i.doc FROM items i JOIN office_items oi ON oi.item_code = i.code"
        " WHERE oi.office_code = ? AND i.code = ?",
        (office, code),
    ).fetchone()
    return None if row is None else service_item(row[0])
