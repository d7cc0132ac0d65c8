"""Schema version 5: report columns, so a year's report need not decrypt a year of documents.

The supervisor reports (offline/reports.py) average receipt→acceptance (收件→受理) and
acceptance→completion (受理→办结) times, the on-time rate and the rating distribution
(好差评) over every application received in a period. Read from the JSON documents that
cost about 15 us a row (7.9 s for a year at 1,000,000 rows). This version keeps the
needed facts as columns of `applications`, written by `views.report_columns` on every path
that writes a view (per action, rebase, pull, bulk first sync), back-fills them here with
the same rules in SQL, and adds one covering index on (office_code, received_at, ...) so a
report reads only index pages:

- `accepted_at`: the document's `accepted_at`;
- `completed_at`: the instant of the first history step to `approved` or `denied` (办结);
- `rating_1` … `rating_5`: how many of the record's ratings carry that score.
"""

from __future__ import annotations

SCORES = (1, 2, 3, 4, 5)
COMPLETED = ("approved", "denied")

_ADD_RATINGS = "\n".join(
    f"ALTER TABLE applications ADD COLUMN rating_{s:d} INTEGER NOT NULL DEFAULT 0;" for s in SCORES
)
_FILL_RATINGS = ",\n    ".join(
    f"rating_{s:d} = (SELECT count(*) FROM json_each(doc, '$.ratings') AS r "
    f"WHERE r.type = 'object' AND json_type(r.value, '$.score') IN ('integer', 'real') "
    f"AND r.value ->> '$.score' = {s:d})"
    for s in SCORES
)
_RATING_COLUMNS = ", ".join(f"rating_{s:d}" for s in SCORES)

SQL = f"""
ALTER TABLE applications ADD COLUMN accepted_at TEXT;
ALTER TABLE applications ADD COLUMN completed_at TEXT;
{_ADD_RATINGS}

UPDATE applications SET
    accepted_at = CASE json_type(doc, '$.accepted_at')
                  WHEN 'text' THEN doc ->> '$.accepted_at' END,
    completed_at = (SELECT h.value ->> '$.at' FROM json_each(doc, '$.history') AS h
                    WHERE h.type = 'object' AND h.value ->> '$.to' IN ('approved', 'denied')
                    ORDER BY h.key LIMIT 1),
    {_FILL_RATINGS}
WHERE json_valid(doc);

CREATE INDEX applications_office_report ON applications
    (office_code, received_at, accepted_at, completed_at, due_date, {_RATING_COLUMNS});
"""
