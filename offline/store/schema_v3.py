"""Schema version 3: status counters per office and clerk.

Counting a million rows by status through an index costs too much for a queue header
that refreshes after every action, so `status_counts` keeps the numbers, maintained by
triggers in the same transaction as the row change (so it is never out of step) and
back-filled when the migration runs. `Store.counts_by_status` reads it whenever the
filter is only office and/or clerk; other filters count through the indexes.
"""

from __future__ import annotations

_ADD = (
    "INSERT INTO status_counts (office_code, clerk_id, status, n) "
    "VALUES (new.office_code, coalesce(new.clerk_id, ''), new.status, 1) "
    "ON CONFLICT (office_code, clerk_id, status) DO UPDATE SET n = n + 1;"
)
_REMOVE = (
    "UPDATE status_counts SET n = n - 1 WHERE office_code = old.office_code "
    "AND clerk_id = coalesce(old.clerk_id, '') AND status = old.status;"
)

SQL = f"""
CREATE TABLE status_counts (
    office_code TEXT NOT NULL,
    clerk_id    TEXT NOT NULL,
    status      TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (office_code, clerk_id, status)
) WITHOUT ROWID;

CREATE TRIGGER applications_counts_ai AFTER INSERT ON applications BEGIN
    {_ADD}
END;

CREATE TRIGGER applications_counts_ad AFTER DELETE ON applications BEGIN
    {_REMOVE}
END;

CREATE TRIGGER applications_counts_au AFTER UPDATE OF office_code, clerk_id, status
ON applications
WHEN old.office_code IS NOT new.office_code OR old.clerk_id IS NOT new.clerk_id
  OR old.status IS NOT new.status
BEGIN
    {_REMOVE}
    {_ADD}
END;

INSERT INTO status_counts (office_code, clerk_id, status, n)
SELECT office_code, coalesce(clerk_id, ''), status, count(*) FROM applications
GROUP BY 1, 2, 3;
"""
