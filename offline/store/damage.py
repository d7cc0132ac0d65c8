"""What is damaged in a store file, in words a support desk can act on (损坏评估).

SQLite's integrity check speaks in b-tree pages ("Tree 9 page 9: btreeInitPage() returns
error code 11"). Nobody at a counter can act on that, and the raw lines may not reach the
screen anyway, so this module turns them into the tables they hit ("办件", "审计日志", …)
and the pages involved, and keeps the raw lines only for the log. It never raises: the
tools that call it (doctor, diagnostics, the setup page) exist for broken states.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import sqlcipher3

CHECK_LIMIT = 100

# Tables by the job they do for the office; indexes and search shadow tables count as the
# table they serve.
_LABELS: dict[str, tuple[str, str]] = {
    "applications": ("办件", "applications"),
    "server_copies": ("平台副本", "platform copies"),
    "outbox": ("待上传操作", "actions waiting to be pushed"),
    "audit_log": ("审计日志", "audit log"),
    "attachments": ("附件扫描件", "scanned attachments"),
    "conflicts": ("冲突记录", "conflicts"),
    "cached_users": ("本机登录用户", "users cached on this PC"),
    "catalog": ("事项目录", "service catalogue"),
    "calendar_override": ("工作日历", "working-day calendar"),
    "receipt_serials": ("收件编号", "receipt numbers"),
    "drafts": ("草稿", "drafts"),
    "sync_state": ("同步状态", "sync state"),
    "meta": ("设置", "settings"),
    "search": ("搜索索引", "search index"),
    "reports": ("统计数据", "report totals"),
}
_DERIVED = {"search", "reports"}  # rebuilt from the records; losing them loses no work
_SEARCH_PREFIXES = ("applications_fts", "name_grams", "gram_positions")
_REPORT_TABLES = ("status_counts", "report_days")
_TREE = re.compile(r"Tree (\d+) page (\d+)")
_PAGE = re.compile(r"[Pp]age (\d+)")
_INDEX = re.compile(r"index (\w+)")


@dataclass(frozen=True)
class DamageReport:
    """The verdict on one file: `ok`, whether its schema could be read at all, the damaged
    tables (by job), the pages named, and the raw engine lines (for the log only)."""

    ok: bool
    readable: bool
    tables: tuple[str, ...] = ()
    pages: tuple[int, ...] = ()
    indexes_only: bool = False
    problems: tuple[str, ...] = field(default=(), repr=False)

    @property
    def work_at_risk(self) -> bool:
        """True when a damaged table holds work (not only a search or report index)."""
        if not self.readable:
            return True
        return not self.indexes_only and any(t not in _DERIVED for t in self.tables)

    def describe(self) -> tuple[str, str]:
        """(zh, en) sentences for people; never the raw engine text."""
        if self.ok:
            return ("数据库完整性检查通过。", "The database passed its integrity check.")
        if not self.readable:
            return (
                "数据库文件的目录页已损坏，无法读取任何数据。",
                "The database file's table of contents is damaged; nothing can be read.",
            )
        zh = "、".join(_LABELS.get(t, (t, t))[0] for t in self.tables) or "未知部分"
        en = ", ".join(_LABELS.get(t, (t, t))[1] for t in self.tables) or "unknown parts"
        pages = f"（第 {_page_list(self.pages)} 页）" if self.pages else ""
        pages_en = f" (pages {_page_list(self.pages)})" if self.pages else ""
        if not self.work_at_risk:
            return (
                f"数据库的索引已损坏：{zh}{pages}。办件数据本身未受影响。",
                f"The database's indexes are damaged: {en}{pages_en}. The records themselves "
                "are not affected.",
            )
        return (
            f"数据库已损坏，受影响的部分：{zh}{pages}。",
            f"The database is damaged: {en}{pages_en}.",
        )


def _page_list(pages: tuple[int, ...]) -> str:
    shown = ", ".join(str(p) for p in pages[:8])
    return shown + (" …" if len(pages) > 8 else "")


def _job(name: str, owner: str) -> str:
    """The job a table or index does: the table it belongs to, search or reports."""
    for candidate in (name, owner):
        if candidate.startswith(_SEARCH_PREFIXES) or candidate.startswith("applications_search"):
            return "search"
        if candidate in _REPORT_TABLES:
            return "reports"
    return owner if owner in _LABELS else name


def examine(conn: sqlite3.Connection | sqlcipher3.Connection) -> DamageReport:
    """Run the full integrity check on an open, keyed connection and explain it."""
    # The schema is read first: after a failed check SQLite treats the schema as suspect
    # and refuses to read it on the same connection.
    owners = _schema_owners(conn)
    rows: list[str] = []
    interrupted = False
    try:
        for row in conn.execute(f"PRAGMA integrity_check({CHECK_LIMIT})"):
            rows.append(str(row[0]))
    except (sqlite3.DatabaseError, sqlcipher3.DatabaseError) as exc:
        # The check can stop half-way on a page it cannot parse; what it said so far counts.
        if not rows or owners is None:
            return DamageReport(ok=False, readable=False, problems=(*rows, str(exc)))
        rows.append(str(exc))
        interrupted = True
    if rows == ["ok"]:
        return DamageReport(ok=True, readable=True)
    lines = [line for row in rows for line in row.splitlines() if line and "***" not in line]
    if owners is None:
        return DamageReport(ok=False, readable=False, problems=tuple(lines))
    roots = {root: owner for owner, (_, root, _) in owners.items() if root}
    tables: list[str] = []
    hit_data = False
    pages: set[int] = set()
    for line in lines:
        tree = _TREE.search(line)
        index = _INDEX.search(line)
        name = None
        if tree:
            name = roots.get(int(tree.group(1)))
            pages.add(int(tree.group(2)))
        elif index and index.group(1) in owners:
            name = index.group(1)
        else:
            found = _PAGE.search(line)
            if found and "never used" not in line:
                pages.add(int(found.group(1)))
        if name is not None:
            owner, _, is_index = owners[name]
            hit_data = hit_data or not is_index
            job = _job(name, owner)
            if job not in tables:
                tables.append(job)
    return DamageReport(
        ok=False,
        readable=True,
        tables=tuple(tables),
        pages=tuple(sorted(pages)),
        indexes_only=bool(tables) and not hit_data and not interrupted,
        problems=tuple(lines),
    )


def _schema_owners(
    conn: sqlite3.Connection | sqlcipher3.Connection,
) -> dict[str, tuple[str, int, bool]] | None:
    """{name: (owning table, root page, is an index)} from the schema, or None if it is
    unreadable."""
    try:
        rows = conn.execute(
            "SELECT name, tbl_name, rootpage, type = 'index' FROM sqlite_master"
        ).fetchall()
    except (sqlite3.DatabaseError, sqlcipher3.DatabaseError):
        return None
    return {str(n): (str(t), int(root or 0), bool(idx)) for n, t, root, idx in rows}


def examine_file(db: Path, key: bytes) -> DamageReport:
    """Open `db` read-only with `key` (no migrations, no pragmas that write) and examine
    it. A file that cannot be read at all — wrong key or a damaged first page — is
    reported unreadable; the caller tells those apart with the key fingerprint."""
    try:
        conn = sqlcipher3.connect(f"file:{db}?mode=ro", uri=True, isolation_level=None)
    except sqlcipher3.Error as exc:
        return DamageReport(ok=False, readable=False, problems=(str(exc),))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.Error as exc:
        conn.close()
        return DamageReport(ok=False, readable=False, problems=(str(exc),))
    try:
        return examine(conn)
    finally:
        conn.close()
