"""Search by applicant name, certificate number, receipt number or phone.

The search box text and the index go through one normalisation,
`search_text.fold` (NFKC, Unicode case folding, NFKC; offline/store/search_text.py):
full-width letters and digits match ASCII, compatibility ideographs match their unified
form (U+F92C 郎 = U+90CE 郎), letters match in any case (Li = LI = li). The folded text is
split at whitespace into terms, and each term is looked up on its own path:

- 3+ characters: the FTS5 trigram index over the folded name, certificate number,
  receipt number and phone (schema_v7.TRIGRAM_COLUMNS): any substring of any of them;
- 1–2 characters: `name_grams`, every 1- and 2-character substring of the folded name
  (schema_v7.GRAM_COLUMN; a one- or two-digit string is no useful phone or ID search).
  One character is a surname search (王, 欧): one index range scan, newest first.

So a record matches a term exactly when the folded term is a substring of one of the
term's fields (`term_fields`), folded; the property tests hold the index to that rule.
Terms combine with AND; results come newest first (by rowid), paged by keyset
(`before`), so page 100 of a surname costs what page 1 costs. The longest term drives
the scan (the fewest rows), the others filter it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from offline.store import schema_v7, search_text
from offline.store.connection import Connection
from offline.store.errors import InvalidArgument
from offline.store.queue import SUMMARY_COLUMNS

MAX_TERMS = 5
# The widest searchable field (an organisation's name, 100 characters) pasted whole, with
# room for what NFKC may add (㈱ becomes (株)); the search box itself takes 200.
MAX_TERM_LENGTH = 200
SHORT_TERM = 2  # up to this many characters: the name's grams, not the trigram index
MAX_TEXT_LENGTH = 2 * MAX_TERMS * MAX_TERM_LENGTH  # refused before any folding work
_SURROGATE = re.compile("[\ud800-\udfff]")  # not text: SQLite cannot even take it


@dataclass(frozen=True)
class SearchPage:
    """Rows newest first; pass `next_before` back as `before` for the next page."""

    rows: list[dict[str, Any]]
    next_before: int | None


def normalise(text: str) -> list[str]:
    """Split and fold a search box text into terms (refused if too long or not text)."""
    if not isinstance(text, str) or _SURROGATE.search(text) is not None:
        raise InvalidArgument("搜索内容应为文本。", "the search text must be text")
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidArgument(
            f"搜索内容过长（最多 {MAX_TEXT_LENGTH} 个字符）。",
            f"search text too long (at most {MAX_TEXT_LENGTH} characters)",
        )
    terms = search_text.terms(text)
    if len(terms) > MAX_TERMS or any(len(t) > MAX_TERM_LENGTH for t in terms):
        raise InvalidArgument(
            f"搜索内容过长（最多 {MAX_TERMS} 个词，每词 {MAX_TERM_LENGTH} 个字符）。",
            f"search text too long (at most {MAX_TERMS} terms of {MAX_TERM_LENGTH} characters)",
        )
    return terms


def term_fields(term: str) -> tuple[str, ...]:
    """The `applications` columns a (folded) term is matched against."""
    if len(term) <= SHORT_TERM:
        return (schema_v7.GRAM_COLUMN,)
    return schema_v7.TRIGRAM_COLUMNS


def _term_rowids(term: str) -> tuple[str, str]:
    """SQL selecting the rowids matching one term (as `rid`), and its parameter."""
    if len(term) > SHORT_TERM:
        phrase = '"' + term.replace('"', '""') + '"'
        return "SELECT rowid AS rid FROM applications_fts WHERE applications_fts MATCH ?", phrase
    return "SELECT app_rowid AS rid FROM name_grams WHERE gram = ?", term


def search(
    conn: Connection, text: str, *, limit: int = 50, before: int | None = None
) -> SearchPage:
    """Applications matching every term of `text`, newest first."""
    terms = sorted(set(normalise(text)), key=lambda t: (-len(t), t))
    if not terms:
        return SearchPage([], None)
    if type(limit) is not int or not 1 <= limit <= 1000:
        raise InvalidArgument("每页条数应在 1 到 1000 之间。", "limit must be 1..1000")
    if before is not None and type(before) is not int:
        raise InvalidArgument("翻页位置无效。", "bad page position (before)")
    source, param = _term_rowids(terms[0])
    column = "rowid" if len(terms[0]) > SHORT_TERM else "app_rowid"
    params: list[Any] = [param]
    extra = ""
    if before is not None:
        extra += f" AND {column} < ?"
        params.append(before)
    for term in terms[1:]:
        sql, term_param = _term_rowids(term)
        extra += f" AND {column} IN ({sql})"
        params.append(term_param)
    cols = ", ".join(f"a.{c}" for c in SUMMARY_COLUMNS)
    query = (
        f"SELECT a.rowid, {cols} FROM ({source}{extra} ORDER BY {column} DESC LIMIT ?) AS m "
        "JOIN applications AS a ON a.rowid = m.rid ORDER BY a.rowid DESC"
    )
    rows = conn.execute(query, (*params, limit)).fetchall()
    out = [dict(zip(SUMMARY_COLUMNS, r[1:], strict=True)) for r in rows]
    return SearchPage(out, int(rows[-1][0]) if len(rows) == limit else None)
