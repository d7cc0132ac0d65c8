"""Schema version 6: per-day report totals, so a two-year report sums days, not rows.

Schema v5's reports walked one covering-index range per status plus the clerk and item
indexes: at 1,000,000 records a year took 0.6 s and two years 1.3 s (the indexes no longer
fit the page cache), and the covering index `applications_office_report` cost about 40 s
of a 1M first sync. `report_days` instead keeps, per Asia/Shanghai receipt day (收件日):

- `dim = 's'`, `key` = status: count, and the sums of the v5 report columns (accepted and
  completed counts, their seconds, on-time numerator/denominator, ratings 1..5);
- `dim = 'c'`, `key` = clerk id (`''` for none): count;
- `dim = 'i'`, `key` = item code: count.

Triggers on `applications` keep it in the same transaction as every row write (actions,
rebase, pull, restore), so no caller has to know; the bulk path (offline/store/bulk.py)
drops the insert trigger and adds a page's rows with three grouped upserts instead. Rows
are never deleted (a count may fall to 0; readers skip zero keys). The store holds one
office only (pull refuses other offices' records, intake stamps the device's office), so
the table is not keyed by office. The v5 report columns stay on `applications` (the
triggers read them); the covering index is dropped, its job is done by this table.

Also new: the index `audit_record` (one record's audit trail, for `Store.audit_entries`).

The back-fill reads only indexes (the status sums from `applications_office_report`
before it is dropped), never the documents, so it takes seconds even at a million rows.
"""

from __future__ import annotations

from offline.store import schema_v5

DAY = "coalesce(date({t}.received_at, '+{h:d} hours'), '')"
SUMS = (
    *("n", "accepted", "accept_s", "completed", "complete_s", "with_due", "on_time"),
    *(f"r{s:d}" for s in schema_v5.SCORES),
)
_RATINGS = tuple(f"rating_{s:d}" for s in schema_v5.SCORES)


def day(table: str) -> str:
    """SQL for the local (UTC+8) receipt day of `table`'s row."""
    return DAY.format(t=table, h=schema_v5.UTC_OFFSET_HOURS)


def _status_values(t: str) -> list[str]:
    """The status row's sums contributed by one row (`t` = new/old), as SQL terms."""
    return list(
        (
            "1",
            f"{t}.accept_seconds IS NOT NULL",
            f"coalesce({t}.accept_seconds, 0)",
            f"{t}.complete_seconds IS NOT NULL",
            f"coalesce({t}.complete_seconds, 0)",
            f"{t}.on_time IS NOT NULL",
            f"coalesce({t}.on_time, 0)",
            *(f"{t}.{r}" for r in _RATINGS),
        )
    )


_STATUS_GROUPED = ", ".join(
    (
        "count(*)",
        "count(accept_seconds)",
        "total(accept_seconds)",
        "count(complete_seconds)",
        "total(complete_seconds)",
        "count(on_time)",
        "total(on_time)",
        *(f"total({r})" for r in _RATINGS),
    )
)
_COLS = ", ".join(SUMS)
_ADD_EXCLUDED = ", ".join(f"{c} = {c} + excluded.{c}" for c in SUMS)


def _add_status(t: str) -> str:
    return (
        f"INSERT INTO report_days (dim, day, key, {_COLS}) "
        f"VALUES ('s', {day(t)}, {t}.status, {', '.join(_status_values(t))}) "
        f"ON CONFLICT (dim, day, key) DO UPDATE SET {_ADD_EXCLUDED};"
    )


def _remove_status(t: str) -> str:
    values = _status_values(t)
    sets = ", ".join(f"{c} = {c} - ({v})" for c, v in zip(SUMS, values, strict=True))
    return f"UPDATE report_days SET {sets} WHERE dim = 's' AND day = {day(t)} AND key = {t}.status;"


def _add_count(dim: str, key: str) -> str:
    return (
        f"INSERT INTO report_days (dim, day, key, n) VALUES ('{dim}', {day('new')}, {key}, 1) "
        "ON CONFLICT (dim, day, key) DO UPDATE SET n = n + 1;"
    )


def _remove_count(dim: str, key: str) -> str:
    return (
        f"UPDATE report_days SET n = n - 1 "
        f"WHERE dim = '{dim}' AND day = {day('old')} AND key = {key};"
    )


_CLERK_NEW, _CLERK_OLD = "coalesce(new.clerk_id, '')", "coalesce(old.clerk_id, '')"
_STATUS_COLUMNS = ("received_at", "status", "accept_seconds", "complete_seconds", "on_time")


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)


INSERT_TRIGGER_NAME = "applications_report_ai"
INSERT_TRIGGER = f"""CREATE TRIGGER {INSERT_TRIGGER_NAME} AFTER INSERT ON applications BEGIN
    {_add_status("new")}
    {_add_count("c", _CLERK_NEW)}
    {_add_count("i", "new.item_code")}
END;"""


def bulk_add(where: str) -> list[str]:
    """Grouped upserts adding the rows of `applications` matching `where` (bulk path)."""
    grouped = f"FROM applications WHERE {where} GROUP BY 2, 3"
    return [
        f"INSERT INTO report_days (dim, day, key, {_COLS}) "
        f"SELECT 's', {day('applications')}, status, {_STATUS_GROUPED} {grouped} "
        f"ON CONFLICT (dim, day, key) DO UPDATE SET {_ADD_EXCLUDED}",
        "INSERT INTO report_days (dim, day, key, n) "
        f"SELECT 'c', {day('applications')}, coalesce(clerk_id, ''), count(*) {grouped} "
        "ON CONFLICT (dim, day, key) DO UPDATE SET n = n + excluded.n",
        "INSERT INTO report_days (dim, day, key, n) "
        f"SELECT 'i', {day('applications')}, item_code, count(*) {grouped} "
        "ON CONFLICT (dim, day, key) DO UPDATE SET n = n + excluded.n",
    ]


_SUM_COLUMNS = ",\n    ".join(f"{c} INTEGER NOT NULL DEFAULT 0" for c in SUMS)

SQL = f"""
CREATE TABLE report_days (
    dim TEXT NOT NULL,
    day TEXT NOT NULL,
    key TEXT NOT NULL,
    {_SUM_COLUMNS},
    PRIMARY KEY (dim, day, key)
) WITHOUT ROWID;

{INSERT_TRIGGER}

CREATE TRIGGER applications_report_ad AFTER DELETE ON applications BEGIN
    {_remove_status("old")}
    {_remove_count("c", _CLERK_OLD)}
    {_remove_count("i", "old.item_code")}
END;

CREATE TRIGGER applications_report_status_au AFTER UPDATE OF {", ".join(_STATUS_COLUMNS + _RATINGS)}
ON applications WHEN {_changed(_STATUS_COLUMNS + _RATINGS)}
BEGIN
    {_remove_status("old")}
    {_add_status("new")}
END;

CREATE TRIGGER applications_report_clerk_au AFTER UPDATE OF received_at, clerk_id
ON applications WHEN {_changed(("received_at", "clerk_id"))}
BEGIN
    {_remove_count("c", _CLERK_OLD)}
    {_add_count("c", _CLERK_NEW)}
END;

CREATE TRIGGER applications_report_item_au AFTER UPDATE OF received_at, item_code
ON applications WHEN {_changed(("received_at", "item_code"))}
BEGIN
    {_remove_count("i", "old.item_code")}
    {_add_count("i", "new.item_code")}
END;

{bulk_add("true")[0]};
{bulk_add("true")[1]};
{bulk_add("true")[2]};

DROP INDEX applications_office_report;

CREATE INDEX audit_record ON audit_log (record_id, seq) WHERE record_id IS NOT NULL;
"""
