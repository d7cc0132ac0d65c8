"""Schema version 5: report columns, so a year's report need not decrypt a year of documents.

The supervisor reports (offline/reports.py) average receipt→acceptance (收件→受理) and
acceptance→completion (受理→办结) times, the on-time rate and the rating distribution
(好差评) over every application received in a period. Read from the JSON documents that
cost about 15 us a row (7.9 s for a year at 1,000,000 rows). This version keeps the
needed facts as columns of `applications`, written by `views.report_columns` on every path
that writes a view (per action, rebase, pull, bulk first sync), back-fills them with the
same Python rule (`report_facts.backfill`: chunks of 5,000 rows, each row read and written
once, only rows with a non-default fact rewritten; the first version did it with three SQL
UPDATE passes over every document, about 25 s at 200,000 records), and adds one covering
index on (office_code, status, received_at, ...) — dropped again by schema v6, whose
per-day totals replace it:

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
_RATING_COLUMNS = ", ".join(f"rating_{s:d}" for s in SCORES)
COLUMNS = "accepted_at, completed_at, accept_seconds, complete_seconds, on_time, " + _RATING_COLUMNS
CHUNK = 5_000  # rows per step of the back-fill (one progress report each)

ADD_COLUMNS = f"""
ALTER TABLE applications ADD COLUMN accepted_at TEXT;
ALTER TABLE applications ADD COLUMN completed_at TEXT;
ALTER TABLE applications ADD COLUMN accept_seconds INTEGER;
ALTER TABLE applications ADD COLUMN complete_seconds INTEGER;
ALTER TABLE applications ADD COLUMN on_time INTEGER;
{_ADD_RATINGS}
"""

INDEX = f"""
CREATE INDEX applications_office_report ON applications (office_code, status, received_at,
    accept_seconds, complete_seconds, on_time, {_RATING_COLUMNS});
"""
