"""Schema version 7: the search index holds folded text, so search finds what the clerk typed.

Versions 2–6 indexed the stored text as it was while the search box folded the query
(NFKC, upper case): Latin letters in names (Li), full-width letters (王ＡＢ), CJK
compatibility ideographs (U+F92C 郎) could never be found, and the short-name grams stopped
at character 64 of a long organisation name. This version rebuilds both indexes from
`search_text.fold` (offline/store/search_text.py), the same function the search box uses:

- `applications_fts`: FTS5 trigram over the folded applicant name, certificate number,
  receipt number and phone, now contentless (`content=''`, `contentless_delete=1`: rows
  are deleted by rowid, so no folded copy of the text is stored and deleting never needs
  the old values); `case_sensitive 1`, since the text is already case-folded and FTS5's
  own folding must not merge characters the fold keeps apart. Automerge stays at v4's 8.
- `name_grams (gram, app_rowid) WITHOUT ROWID`: every distinct 1- and 2-character
  substring of the whole folded name, however long (none holding whitespace: a search
  term never does). `gram_positions`, v2's table of 64 positions, is dropped.

Triggers keep both in step on every write of `applications` (intake, set_fields,
pull/rebase, restore), calling the SQL functions `search_fold` / `search_grams` that
every connection of the store registers (offline/store/connection.py); a connection
without them cannot change a searchable column, instead of leaving the index out of step.
The bulk path (offline/store/bulk.py) drops the insert trigger and indexes a page with
`index_range` instead. The back-fill runs in chunks of `CHUNK` rows with progress.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from offline.store import schema_v4, search_text

# What each kind of search term is matched against (offline/store/search.py): terms of
# 3+ characters against every column of the FTS index, shorter ones against the name.
TRIGRAM_COLUMNS = ("applicant_name", "cert_no", "receipt_no", "phone")
GRAM_COLUMN = "applicant_name"
CHUNK = 20_000  # rows per step of the back-fill (one progress report each)

_FOLD, _GRAMS = search_text.FOLD_FUNCTION, search_text.GRAMS_FUNCTION
_COLS = ", ".join(TRIGRAM_COLUMNS)


def _folded(t: str) -> str:
    return ", ".join(f"{_FOLD}({t}.{c})" for c in TRIGRAM_COLUMNS)


def _fts_insert(t: str) -> str:
    return f"INSERT INTO applications_fts (rowid, {_COLS}) VALUES ({t}.rowid, {_folded(t)});"


def _grams_insert(t: str) -> str:
    return (
        f"INSERT OR IGNORE INTO name_grams (gram, app_rowid) "
        f"SELECT value, {t}.rowid FROM json_each({_GRAMS}({t}.{GRAM_COLUMN}));"
    )


_FTS_DELETE = "DELETE FROM applications_fts WHERE rowid = old.rowid;"
_GRAMS_DELETE = (
    "DELETE FROM name_grams WHERE app_rowid = old.rowid AND gram IN "
    f"(SELECT value FROM json_each({_GRAMS}(old.{GRAM_COLUMN})));"
)

INSERT_TRIGGER_NAME = "applications_search_ai"
INSERT_TRIGGER = f"""CREATE TRIGGER {INSERT_TRIGGER_NAME} AFTER INSERT ON applications BEGIN
    {_fts_insert("new")}
    {_grams_insert("new")}
END;"""

_CHANGED = " OR ".join(f"old.{c} IS NOT new.{c}" for c in TRIGRAM_COLUMNS)

STATEMENTS: tuple[str, ...] = (
    "DROP TRIGGER applications_search_ai",
    "DROP TRIGGER applications_search_ad",
    "DROP TRIGGER applications_search_au",
    "DROP TABLE applications_fts",
    "DROP TABLE name_grams",
    "DROP TABLE gram_positions",
    f"""CREATE VIRTUAL TABLE applications_fts USING fts5 (
    {_COLS},
    content = '', contentless_delete = 1, tokenize = 'trigram case_sensitive 1'
)""",
    "INSERT INTO applications_fts (applications_fts, rank) "
    f"VALUES ('automerge', {schema_v4.AUTOMERGE:d})",
    """CREATE TABLE name_grams (
    gram      TEXT NOT NULL,
    app_rowid INTEGER NOT NULL,
    PRIMARY KEY (gram, app_rowid)
) WITHOUT ROWID""",
    INSERT_TRIGGER,
    f"""CREATE TRIGGER applications_search_ad AFTER DELETE ON applications BEGIN
    {_FTS_DELETE}
    {_GRAMS_DELETE}
END;""",
    f"""CREATE TRIGGER applications_search_au AFTER UPDATE OF {_COLS} ON applications
WHEN {_CHANGED}
BEGIN
    {_FTS_DELETE}
    {_fts_insert("new")}
END;""",
    f"""CREATE TRIGGER applications_grams_au AFTER UPDATE OF {GRAM_COLUMN} ON applications
WHEN old.{GRAM_COLUMN} IS NOT new.{GRAM_COLUMN}
BEGIN
    {_GRAMS_DELETE}
    {_grams_insert("new")}
END;""",
)

# Index the rows with first < rowid <= last (bulk path, back-fill).
INDEX_RANGE: tuple[str, ...] = (
    f"INSERT INTO applications_fts (rowid, {_COLS}) SELECT a.rowid, {_folded('a')} "
    "FROM applications AS a WHERE a.rowid > ? AND a.rowid <= ?",
    "INSERT OR IGNORE INTO name_grams (gram, app_rowid) "
    f"SELECT g.value, a.rowid FROM applications AS a, json_each({_GRAMS}(a.{GRAM_COLUMN})) AS g "
    "WHERE a.rowid > ? AND a.rowid <= ?",
)


def index_range(conn: Any, first: int, last: int) -> None:
    """Add the search entries of the rows with `first` < rowid <= `last` (triggers off)."""
    for statement in INDEX_RANGE:
        conn.execute(statement, (first, last))


def migrate(conn: Any) -> Iterator[int]:
    """Replace the v2 index by the folded one, back-filled in chunks (yields rows done)."""
    for statement in STATEMENTS:
        conn.execute(statement)
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('search_unicode_version', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (search_text.UNICODE_VERSION,),
    )
    top = int(conn.execute("SELECT coalesce(max(rowid), 0) FROM applications").fetchone()[0])
    for first in range(0, top, CHUNK):
        last = min(top, first + CHUNK)
        index_range(conn, first, last)
        yield last
    conn.execute("INSERT INTO applications_fts (applications_fts) VALUES ('optimize')")
