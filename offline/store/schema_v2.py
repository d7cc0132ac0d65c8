"""Schema version 2: the search index.

FTS5 with the trigram tokenizer finds any 3+ character substring of the applicant name,
certificate number, receipt number or phone. Trigrams cannot find 1–2 character terms
(张三, 李), so `name_grams` keeps every 1- and 2-character substring of the first 64
characters of each applicant name with the application's rowid: a short name search is one
index range scan, newest first. Both are kept in step by triggers written in plain SQL (no
connection-level functions, so any SQLCipher shell with the key can still write the file)
and back-filled from existing rows when the migration runs.
"""

from __future__ import annotations

GRAM_SPAN = 64
_NUMBERS = "[" + ",".join(str(i) for i in range(1, GRAM_SPAN + 1)) + "]"


def grams_select(name: str, rowid: str | None, tables: str = "", where: str = "") -> str:
    """SQL selecting every 1- and 2-char substring of `name` (and `rowid` if given).

    `gram_positions` holds 1..GRAM_SPAN, so a name of n characters costs an index range
    scan of n rows (2n grams); INSERT OR IGNORE on the primary key drops duplicates."""
    extra = f", {rowid}" if rowid else ""
    src = f"{tables}, gram_positions AS n" if tables else "gram_positions AS n"
    more = f" AND {where}" if where else ""
    return (
        f"SELECT substr({name}, n.pos, 1){extra} FROM {src} "
        f"WHERE n.pos <= length({name}){more} "
        f"UNION ALL SELECT substr({name}, n.pos, 2){extra} FROM {src} "
        f"WHERE n.pos < length({name}){more}"
    )


_FTS_COLS = "applicant_name, cert_no, receipt_no, phone"
_DELETE_OLD = (
    f"INSERT INTO applications_fts (applications_fts, rowid, {_FTS_COLS}) VALUES "
    "('delete', old.rowid, old.applicant_name, old.cert_no, old.receipt_no, old.phone);\n"
    "    DELETE FROM name_grams WHERE app_rowid = old.rowid AND gram IN "
    f"({grams_select('old.applicant_name', None)});"
)
_INSERT_NEW = (
    f"INSERT INTO applications_fts (rowid, {_FTS_COLS}) VALUES "
    "(new.rowid, new.applicant_name, new.cert_no, new.receipt_no, new.phone);\n"
    "    INSERT OR IGNORE INTO name_grams (gram, app_rowid) "
    f"{grams_select('new.applicant_name', 'new.rowid')};"
)

INSERT_TRIGGER = f"""CREATE TRIGGER applications_search_ai AFTER INSERT ON applications BEGIN
    {_INSERT_NEW}
END;"""

SQL = f"""
CREATE VIRTUAL TABLE applications_fts USING fts5 (
    {_FTS_COLS},
    content = 'applications', content_rowid = 'rowid', tokenize = 'trigram'
);

CREATE TABLE gram_positions (pos INTEGER PRIMARY KEY);
INSERT INTO gram_positions (pos) SELECT value FROM json_each('{_NUMBERS}');

CREATE TABLE name_grams (
    gram      TEXT NOT NULL,
    app_rowid INTEGER NOT NULL,
    PRIMARY KEY (gram, app_rowid)
) WITHOUT ROWID;

{INSERT_TRIGGER}

CREATE TRIGGER applications_search_ad AFTER DELETE ON applications BEGIN
    {_DELETE_OLD}
END;

CREATE TRIGGER applications_search_au
AFTER UPDATE OF applicant_name, cert_no, receipt_no, phone ON applications
WHEN old.applicant_name IS NOT new.applicant_name OR old.cert_no IS NOT new.cert_no
  OR old.receipt_no IS NOT new.receipt_no OR old.phone IS NOT new.phone
BEGIN
    {_DELETE_OLD}
    {_INSERT_NEW}
END;

INSERT INTO applications_fts (applications_fts) VALUES ('rebuild');
INSERT OR IGNORE INTO name_grams (gram, app_rowid)
{grams_select("a.applicant_name", "a.rowid", "applications AS a")};
"""
