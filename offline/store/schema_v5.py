"""Schema version 5: report columns, so a year's report need not decrypt a year of documents.

The supervisor reports (offline/reports.py) average receipt→acceptance (收件→受理) and
acceptance→completion (受理→办结) times, the on-time rate and the rating distribution
(好差评) over every application received in a period. Read from the JSON documents that
cost about 15 us a row (7.9 s for a year at 1,000,000 rows). This version keeps the
needed facts as columns of `applications`, written by `views.report_columns` on every path
that writes a view (per action, rebase, pull, bulk first sync), back-fills them here with
the same rules in SQL, and adds one covering index on (office_code, status, received_at,
...) so a report reads only index pages, one index range per status, with no sort:

- `accepted_at`: the document's `accepted_at`;
- `completed_at`: the instant of the first history step to `approved` or `denied` (办结);
- `accept_seconds`: received_at → accepted_at in whole seconds (NULL without acceptance);
- `complete_seconds`: accepted_at → completed_at (NULL unless both exist);
- `on_time`: 1 if the completion's Asia/Shanghai date (UTC+8) is on or before `due_date`,
  0 if after, NULL unless `complete_seconds` and `due_date` exist;
- `rating_1` … `rating_5`: how many of the record's ratings carry that score.

Numbers rather than instants in the index: parsing two timestamps per row cost more than
the whole index scan.
"""

from __future__ import annotations

SCORES = (1, 2, 3, 4, 5)
COMPLETED = ("approved", "denied")
UTC_OFFSET_HOURS = 8  # Asia/Shanghai has kept UTC+8 without daylight saving since 1991

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


def _seconds(start: str, end: str) -> str:
    return f"CAST(round((julianday({end}) - julianday({start})) * 86400) AS INTEGER)"


SQL = f"""
ALTER TABLE applications ADD COLUMN accepted_at TEXT;
ALTER TABLE applications ADD COLUMN completed_at TEXT;
ALTER TABLE applications ADD COLUMN accept_seconds INTEGER;
ALTER TABLE applications ADD COLUMN complete_seconds INTEGER;
ALTER TABLE applications ADD COLUMN on_time INTEGER;
{_ADD_RATINGS}

UPDATE applications SET
    accepted_at = CASE json_type(doc, '$.accepted_at')
                  WHEN 'text' THEN doc ->> '$.accepted_at' END,
    completed_at = (SELECT h.value ->> '$.at' FROM json_each(doc, '$.history') AS h
                    WHERE h.type = 'object' AND json_type(h.value, '$.at') = 'text'
                      AND h.value ->> '$.to' IN ('approved', 'denied')
                    ORDER BY h.key LIMIT 1),
    {_FILL_RATINGS}
WHERE json_valid(doc);

UPDATE applications SET
    accept_seconds = {_seconds("received_at", "accepted_at")},
    complete_seconds = {_seconds("accepted_at", "completed_at")}
WHERE accepted_at IS NOT NULL;

UPDATE applications SET
    on_time = date(completed_at, '+{UTC_OFFSET_HOURS:d} hours') <= due_date
WHERE complete_seconds IS NOT NULL AND typeof(due_date) = 'text';

CREATE INDEX applications_office_report ON applications (office_code, status, received_at,
    accept_seconds, complete_seconds, on_time, {_RATING_COLUMNS});
"""
