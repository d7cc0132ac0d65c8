"""Search by applicant name, certificate number, receipt number or phone.

Each whitespace-separated term is normalised (NFKC: full-width digits and letters become
ASCII, so ＩＤ numbers typed in full width still match; then upper case for the X
check digit) and looked up on its own path: 3+ characters through the FTS5 trigram
index over all four columns, 1–2 characters through `name_grams` (names only: a short
digit string is not a useful phone or ID search). Terms combine with AND; results come
newest first, paged by rowid.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from offline.store.connection import Connection
from offline.store.errors import InvalidArgument
from offline.store.queue import SUMMARY_COLUMNS

MAX_TERMS = 5
MAX_TERM_LENGTH = 64


@dataclass(frozen=True)
class SearchPage:
    """Rows newest first; pass `next_before` back as `before` for the next page."""

    rows: list[dict[str, Any]]
    next_before: int | None


def normalise(text: str) -> list[str]:
    """Split and normalise a search box text into terms."""
    terms = unicodedata.normalize("NFKC", text).upper().split()
    if len(terms) > MAX_TERMS or any(len(t) > MAX_TERM_LENGTH for t in terms):
        raise InvalidArgument(
            f"搜索内容过长（最多 {MAX_TERMS} 个词，每词 {MAX_TERM_LENGTH} 个字符）。",
            f"search text too long (at most {MAX_TERMS} terms of {MAX_TERM_LENGTH} characters)",
        )
    return terms


def _term_rowids(term: str) -> tuple[str, str]:
    if len(term) >= 3:
        phrase = '"' + term.replace('"', '""') + '"'
        return "SELECT rowid FROM applications_fts WHERE applications_fts MATCH ?", phrase
    return "SELECT app_rowid FROM name_grams WHERE gram = ?", term


def search(
    conn: Connection, text: str, *, limit: int = 50, before: int | None = None
) -> SearchPage:
    """Applications matching every term of `text`, newest first."""
    terms = normalise(text)
    if not terms:
        return SearchPage([], None)
    if not 1 <= limit <= 1000:
        raise InvalidArgument("每页条数应在 1 到 1000 之间。", "limit must be 1..1000")
    first_sql, first_param = _term_rowids(terms[0])
    column = "app_rowid" if "name_grams" in first_sql else "rowid"
    source = first_sql.replace(f"SELECT {column} FROM", f"SELECT {column} AS rid FROM", 1)
    params: list[Any] = [first_param]
    extra = ""
    if before is not None:
        extra += f" AND {column} < ?"
        params.append(before)
    for term in terms[1:]:
        sql, param = _term_rowids(term)
        extra += f" AND {column} IN ({sql})"
        params.append(param)
    cols = ", ".join(f"a.{c}" for c in SUMMARY_COLUMNS)
    query = (
        f"SELECT a.rowid, {cols} FROM ({source}{extra} ORDER BY {column} DESC LIMIT ?) AS m "
        "JOIN applications AS a ON a.rowid = m.rid ORDER BY a.rowid DESC"
    )
    rows = conn.execute(query, (*params, limit)).fetchall()
    out = [dict(zip(SUMMARY_COLUMNS, r[1:], strict=True)) for r in rows]
    return SearchPage(out, int(rows[-1][0]) if len(rows) == limit else None)
