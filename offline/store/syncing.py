"""The store side of sync: outcomes of a push, pages of a pull, epoch resets, counts.

Each public function runs in the caller's transaction (the `Store` methods open one per
call), so an outcome batch or a pull page and its cursor land together or not at all.

Both run a handful of statements per batch, not per record, and skip the work the common
case does not need: a pulled record with no local mutation to replay takes the page's
document as its view (nothing read back, nothing replayed), and an applied outcome only
moves the record's sync state. ~55 µs of store-thread CPU per pulled change (was ~140).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from offline.store import audit, bulk, device, rebase, views
from offline.store.connection import Connection
from offline.store.errors import InvalidArgument
from offline.store.jsonutil import dumps, loads

_OUTCOMES = ("applied", "duplicate", "conflict", "rejected")


@dataclass(frozen=True)
class PullResult:
    """What a pull page did: copies written, stale ones skipped, other offices' refused."""

    applied: int
    stale: int
    foreign: int


_UPSERT_COPY = (
    "INSERT INTO server_copies (record_id, version, epoch, doc, pulled_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (record_id) DO UPDATE SET "
    "version = excluded.version, epoch = excluded.epoch, doc = excluded.doc, "
    "pulled_at = excluded.pulled_at"
)


def _upsert_copy(
    conn: Connection, record_id: str, version: int, epoch: int, doc: dict[str, Any], at: str
) -> bool:
    """Write a server copy if it is newer (or the old one is from an earlier epoch)."""
    row = conn.execute(
        "SELECT version, epoch FROM server_copies WHERE record_id = ?", (record_id,)
    ).fetchone()
    if row is not None and row[1] >= epoch and row[0] >= version:
        return False
    conn.execute(_UPSERT_COPY, (record_id, version, epoch, dumps(doc), at))
    return True


def cursor(conn: Connection) -> tuple[int, int, str | None]:
    """(epoch, seq, last_pull_at) of the saved pull cursor."""
    row = conn.execute(
        "SELECT cursor_epoch, cursor_seq, last_pull_at FROM sync_state WHERE id = 1"
    ).fetchone()
    return int(row[0]), int(row[1]), row[2]


def _conflict_rows(
    mutation: dict[str, Any], outcome: dict[str, Any], at: str
) -> list[tuple[Any, ...]]:
    op_id, rid, reason = outcome["op_id"], mutation["record_id"], outcome.get("reason")
    kind = outcome["outcome"]
    if kind == "rejected":
        return [("rejected", rid, None, None, dumps(mutation["payload"]), None, op_id, reason, at)]
    fields = outcome.get("conflicts") or []
    if fields:
        return [
            (
                "conflict",
                rid,
                f["path"],
                dumps(f.get("base")),
                dumps(f.get("local")),
                dumps(f.get("platform")),
                op_id,
                reason,
                at,
            )
            for f in fields
        ]
    current = outcome.get("current") or {}
    payload = mutation["payload"]
    if mutation["kind"] == "transition":
        return [
            (
                "conflict",
                rid,
                "status",
                dumps(payload.get("from")),
                dumps(payload.get("to")),
                dumps(current.get("status")),
                op_id,
                reason,
                at,
            )
        ]
    return [
        ("conflict", rid, None, None, dumps(payload), dumps(current or None), op_id, reason, at)
    ]


@dataclass(frozen=True)
class _OpenRow:
    """The parts of an open outbox row that recording its outcome needs."""

    record_id: str
    kind: str
    payload: str  # JSON text, parsed only for a conflict or rejection


def _open_rows(conn: Connection, op_ids: list[str]) -> dict[str, _OpenRow]:
    """Open (pending / in flight) outbox rows of `op_ids`, in one statement."""
    return {
        op_id: _OpenRow(rid, kind, payload)
        for op_id, rid, kind, payload in conn.execute(
            "SELECT op_id, record_id, kind, payload FROM outbox "
            "WHERE op_id IN (SELECT value FROM json_each(?)) AND state IN ('pending', 'in_flight')",
            (dumps(op_ids),),
        )
    }


def _copy_versions(conn: Connection, ids: list[str]) -> dict[str, int]:
    return {
        rid: int(version)
        for rid, version in conn.execute(
            "SELECT record_id, version FROM server_copies "
            "WHERE record_id IN (SELECT value FROM json_each(?))",
            (dumps(ids),),
        )
    }


def record_outcomes(conn: Connection, outcomes: list[dict[str, Any]], at: str) -> int:
    """Close outbox rows with the platform's outcomes; store conflicts and rejections.

    An op_id that is unknown or already closed is ignored (the engine may record the same
    outcome twice after a crash). Returns how many rows were closed.

    An `applied` (or `duplicate`) outcome newer than the record's server copy does not
    change the local view: the mutation is still replayed until a pull brings that
    version (no flicker back), so only the record's sync state is updated. The view is
    rebuilt when a mutation stops being replayed (conflict, rejection, an outcome the
    copy already shows) or the outcome carries the platform's `current` document."""
    for outcome in outcomes:
        kind = outcome.get("outcome")
        if kind not in _OUTCOMES:
            raise InvalidArgument(f"未知的推送结果：{kind!r}", f"unknown push outcome {kind!r}")
    rows = _open_rows(conn, [str(o["op_id"]) for o in outcomes])
    epoch = cursor(conn)[0]
    tally = dict.fromkeys(_OUTCOMES, 0)
    closing: list[tuple[Any, ...]] = []
    conflicts: list[tuple[Any, ...]] = []
    rebuild: set[str] = set()
    kept: dict[str, int] = {}  # record -> lowest outcome version still replayed
    for outcome in outcomes:
        op_id, kind, version = outcome["op_id"], outcome["outcome"], outcome.get("version")
        row = rows.pop(op_id, None)
        if row is None:
            continue
        closing.append((kind, at, version, outcome.get("reason"), op_id))
        if kind in ("conflict", "rejected"):
            mutation = {"record_id": row.record_id, "kind": row.kind, "payload": loads(row.payload)}
            conflicts.extend(_conflict_rows(mutation, outcome, at))
        current = outcome.get("current")
        if isinstance(current, dict) and isinstance(version, int):
            _upsert_copy(conn, row.record_id, version, epoch, current, at)
            rebuild.add(row.record_id)
        elif kind in ("applied", "duplicate") and isinstance(version, int):
            kept[row.record_id] = min(version, kept.get(row.record_id, version))
        else:
            rebuild.add(row.record_id)
        tally[kind] += 1
    conn.executemany(
        "UPDATE outbox SET state = ?, settled_at = ?, outcome_version = ?, last_error = ? "
        "WHERE op_id = ?",
        closing,
    )
    conn.executemany(
        "INSERT INTO conflicts (kind, record_id, path, base_value, clerk_value, "
        "platform_value, op_id, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        conflicts,
    )
    copies = _copy_versions(conn, [rid for rid in kept if rid not in rebuild])
    same_view = [rid for rid, v in kept.items() if rid not in rebuild and copies.get(rid, 0) < v]
    rebuild.update(rid for rid in kept if rid not in same_view)
    rebase.rebuild(conn, rebuild)
    states = rebase.sync_states(conn, same_view)
    conn.executemany(
        "UPDATE applications SET sync_state = ? WHERE id = ? AND sync_state IS NOT ?",
        [(state, rid, state) for rid, state in states.items()],
    )
    if closing:
        conn.execute("UPDATE sync_state SET last_push_at = ? WHERE id = 1", (at,))
        audit.append(conn, at=at, actor="sync", action="sync.outcomes", detail=tally)
    return len(closing)


def _latest(
    changes: list[dict[str, Any]], office: str | None
) -> tuple[dict[str, dict[str, Any]], int, int]:
    """The newest change of each record of this office in the page; (changes by record,
    stale, foreign)."""
    newest: dict[str, dict[str, Any]] = {}
    stale = foreign = 0
    for change in changes:
        doc = change["doc"]
        rid = str(change["record_id"])
        if office is None or doc.get("office_code") != office or doc.get("id") != rid:
            foreign += 1
            continue
        if rid in newest and int(newest[rid]["version"]) >= int(change["version"]):
            stale += 1
            continue
        stale += rid in newest
        newest[rid] = change
    return newest, stale, foreign


@dataclass(frozen=True)
class _Held:
    """What the device holds of one record: its server copy's version and epoch (None
    without a copy) and its view's keyed columns (None without a view)."""

    version: int | None
    epoch: int | None
    keyed: tuple[Any, ...] | None


def _held(conn: Connection, ids: list[str]) -> dict[str, _Held]:
    """The records of `ids` this device holds at all. One statement, iterated (see
    rebase); the view's columns come along for `views.write_rows`."""
    held: dict[str, _Held] = {}
    for r in conn.execute(
        f"SELECT j.value, s.version, s.epoch, a.rowid, {views.KEYED_SELECT} "
        "FROM json_each(?) AS j "
        "LEFT JOIN server_copies AS s ON s.record_id = j.value "
        "LEFT JOIN applications AS a ON a.id = j.value "
        "WHERE s.record_id IS NOT NULL OR a.rowid IS NOT NULL",
        (dumps(ids),),
    ):
        held[r[0]] = _Held(r[1], r[2], None if r[3] is None else tuple(r[4:]))
    return held


def _write_newer(
    conn: Connection,
    newer: dict[str, dict[str, Any]],
    held: dict[str, _Held],
    epoch: int,
    at: str,
) -> None:
    """New server copies of records the device holds, and their local views.

    Most records have no mutation to replay: their view IS the page's document, so it is
    dumped once, written as the view, and the copy is stored as NULL ("same as the view")
    without reading anything back. Only records with open (or applied but not yet
    pulled) mutations go through `rebase.rebuild`, with the page's copies handed in."""
    ids = list(newer)
    versions = {rid: int(c["version"]) for rid, c in newer.items()}
    replay = rebase.replayable(conn, ids, versions)
    states = rebase.sync_states(conn, ids)
    copy_rows: list[tuple[Any, ...]] = []
    view_rows: list[tuple[Any, ...]] = []
    for rid, change in newer.items():
        doc = change["doc"]
        text = dumps(doc)
        if rid in replay:
            copy_rows.append((rid, versions[rid], epoch, text, at))
        else:
            copy_rows.append((rid, versions[rid], epoch, None, at))
            view_rows.append(views.row(doc, states[rid], text))
    conn.executemany(_UPSERT_COPY, copy_rows)
    # Not `views.write_many`: these copies were just replaced (nothing to materialise) and
    # the views' columns were read with the copies.
    keyed = {rid: h.keyed for rid, h in held.items() if h.keyed is not None}
    views.write_rows(conn, view_rows, keyed)
    copies = {rid: (versions[rid], epoch, newer[rid]["doc"]) for rid in replay}
    rebase.rebuild(conn, replay, copies=copies, replay=replay, states=states)


def apply_pull_page(
    conn: Connection, changes: list[dict[str, Any]], new_cursor: dict[str, int], at: str
) -> PullResult:
    """Upsert server copies, rebuild affected local views, save the cursor."""
    epoch, seq, _ = cursor(conn)
    new_epoch, new_seq = int(new_cursor["epoch"]), int(new_cursor["seq"])
    if new_epoch < epoch or (new_epoch == epoch and new_seq < seq):
        raise InvalidArgument(
            f"拉取游标倒退（{epoch}/{seq} → {new_epoch}/{new_seq}），已拒绝。",
            f"pull cursor went backwards ({epoch}/{seq} -> {new_epoch}/{new_seq}); refused",
        )
    newest, stale, foreign = _latest(changes, device.load(conn).office_code)
    held = _held(conn, list(newest))
    fresh: list[tuple[dict[str, Any], int]] = []
    newer: dict[str, dict[str, Any]] = {}
    for rid, change in newest.items():
        version = int(change["version"])
        if rid not in held:
            fresh.append((change["doc"], version))
            continue
        copy = held[rid]
        if (
            copy.version is not None
            and copy.epoch is not None
            and (copy.epoch >= new_epoch and copy.version >= version)
        ):
            stale += 1  # older than (or the same as) the copy we hold
            continue
        newer[rid] = change
    bulk.load_synced(conn, fresh, new_epoch, at)
    _write_newer(conn, newer, held, new_epoch, at)
    conn.execute(
        "UPDATE sync_state SET cursor_epoch = ?, cursor_seq = ?, last_pull_at = ? WHERE id = 1",
        (new_epoch, new_seq, at),
    )
    return PullResult(len(newer) + len(fresh), stale, foreign)


def reset_for_epoch(conn: Connection, epoch: int, at: str) -> None:
    """A new platform epoch: cursor -> (epoch, 0); the outbox and local views are kept.

    Server copies from older epochs stay until the full resync replaces them (any copy of
    an older epoch is overwritten regardless of version)."""
    current = cursor(conn)[0]
    if epoch < current:
        raise InvalidArgument(
            f"新纪元 {epoch} 早于当前纪元 {current}，已拒绝。",
            f"epoch {epoch} is older than the current epoch {current}; refused",
        )
    conn.execute("UPDATE sync_state SET cursor_epoch = ?, cursor_seq = 0 WHERE id = 1", (epoch,))
    audit.append(conn, at=at, actor="sync", action="sync.epoch_reset", detail={"epoch": epoch})


def counts(conn: Connection) -> dict[str, Any]:
    """pending, oldest_pending_at, conflicts and rejected (open, unresolved)."""
    pending, oldest = conn.execute(
        "SELECT count(*), min(created_at) FROM outbox WHERE state IN ('pending', 'in_flight')"
    ).fetchone()
    by_kind = dict(
        conn.execute(
            "SELECT kind, count(*) FROM conflicts WHERE resolved_at IS NULL GROUP BY kind"
        ).fetchall()
    )
    return {
        "pending": int(pending),
        "oldest_pending_at": oldest,
        "conflicts": int(by_kind.get("conflict", 0)),
        "rejected": int(by_kind.get("rejected", 0)),
    }
