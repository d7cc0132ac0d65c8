"""The audit log (审计日志): an append-only SHA-256 hash chain.

Each entry's hash = SHA-256(previous hash + canonical JSON of the entry's content); the
row number (`seq`) is NOT hashed, so the chain itself defines the order. `verify_audit`
walks the rows in seq order and names the first one that was edited (its content no
longer matches its hash), deleted (a gap, or a link to an entry that is gone) or
reordered (an intact entry whose predecessor sits elsewhere in the log). The head (count
and last hash) is kept in `meta`, written in the same transaction, so dropping the
newest entries is noticed too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from offline.store.connection import Connection
from offline.store.jsonutil import canonical, dumps, loads

GENESIS = "0" * 64
Problem = Literal["edited", "deleted", "reordered"]


def entry_hash(prev_hash: str, content: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and the canonical JSON of the content."""
    return hashlib.sha256((prev_hash + canonical(content)).encode("utf-8")).hexdigest()


def _content(
    at: str, actor: str, action: str, record_id: str | None, op_id: str | None, detail: Any
) -> dict[str, Any]:
    return {
        "at": at,
        "actor": actor,
        "action": action,
        "record_id": record_id,
        "op_id": op_id,
        "detail": detail,
    }


def _head(conn: Connection) -> tuple[int, str]:
    row = conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
    if row is None:
        return 0, GENESIS
    head = loads(row[0])
    return int(head["count"]), str(head["hash"])


def append(
    conn: Connection,
    *,
    at: str,
    actor: str,
    action: str,
    record_id: str | None = None,
    op_id: str | None = None,
    detail: Any = None,
) -> str:
    """Append one entry; the caller's transaction must be open. Returns the new hash."""
    count, prev = _head(conn)
    digest = entry_hash(prev, _content(at, actor, action, record_id, op_id, detail))
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, action, record_id, op_id, detail, prev_hash, "
        "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (count + 1, at, actor, action, record_id, op_id, dumps(detail), prev, digest),
    )
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('audit_head', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (dumps({"count": count + 1, "hash": digest}),),
    )
    return digest


def export_lines(conn: Connection) -> Iterator[str]:
    """The whole chain as JSON lines (one entry a line, `detail` parsed): the file a
    supervisor hands to the platform operator, who checks its hashes and the signatures
    of signed actions with `python -m central verify-audit` without trusting this device."""
    rows = conn.execute(
        "SELECT seq, at, actor, action, record_id, op_id, detail, prev_hash, hash "
        "FROM audit_log ORDER BY seq"
    )
    for seq, at, actor, action, record_id, op_id, detail, prev_hash, digest in rows:
        entry = _content(at, actor, action, record_id, op_id, loads(detail))
        yield dumps({"seq": seq, **entry, "prev_hash": prev_hash, "hash": digest})


@dataclass(frozen=True)
class AuditReport:
    """Result of `verify_audit`: ok, or the first bad seq and what happened there."""

    ok: bool
    entries: int
    first_bad_seq: int | None = None
    problem: Problem | None = None

    def message(self, lang: str = "zh_CN") -> str:
        """A one-line summary for people."""
        if self.ok:
            return (
                f"审计日志完整（{self.entries} 条）"
                if lang.startswith("zh")
                else f"audit log intact ({self.entries} entries)"
            )
        zh = {"edited": "被修改", "deleted": "被删除", "reordered": "顺序被调换"}
        if lang.startswith("zh"):
            return f"审计日志第 {self.first_bad_seq} 条{zh[self.problem or 'edited']}"
        return f"audit log entry {self.first_bad_seq} was {self.problem}"


def verify(conn: Connection) -> AuditReport:
    """Walk the chain and report the first entry edited, deleted or reordered."""
    rows = conn.execute(
        "SELECT seq, at, actor, action, record_id, op_id, detail, prev_hash, hash "
        "FROM audit_log ORDER BY seq"
    ).fetchall()
    stored_hashes = {r[8]: r[0] for r in rows}
    head_count, _ = _head(conn)
    expected_prev, expected_seq = GENESIS, 1
    for seq, at, actor, action, record_id, op_id, detail, prev_hash, digest in rows:
        try:
            content = _content(at, actor, action, record_id, op_id, loads(detail))
            intact = entry_hash(prev_hash, content) == digest
        except ValueError:
            intact = False
        if not intact:
            return AuditReport(False, len(rows), seq, "edited")
        if seq != expected_seq:
            return AuditReport(False, len(rows), expected_seq, "deleted")
        if prev_hash != expected_prev:
            if prev_hash in stored_hashes and stored_hashes[prev_hash] != seq - 1:
                return AuditReport(False, len(rows), seq, "reordered")
            if len(rows) >= head_count and seq > 1:  # nothing missing: the previous one was
                return AuditReport(False, len(rows), seq - 1, "edited")  # edited and rehashed
            return AuditReport(False, len(rows), seq, "deleted")
        expected_prev, expected_seq = digest, seq + 1
    count, head = _head(conn)
    if count > len(rows):
        return AuditReport(False, len(rows), len(rows) + 1, "deleted")
    if count < len(rows) or head != expected_prev:  # entries appended behind our back
        return AuditReport(False, len(rows), count + 1, "edited")
    return AuditReport(True, len(rows))
