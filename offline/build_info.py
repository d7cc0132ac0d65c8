"""When this version of CounterDesk was built: the earliest date its clock can show.

A PC whose clock battery died boots at a firmware default (2000-01-01, 2010-01-01, …); a
receipt number carries the date, and a receipt is final once printed. No correct clock
can read earlier than the day this program was built, so the store refuses intake before
`BUILD_DATE` (``offline.store.clock_guard``).

Maintainers: set `BUILD_DATE` to the release date when cutting a release (a source
checkout carries the date of its last release cut). Frozen builds may overwrite this file
with the day of the build; nothing else defines the date.
"""

from __future__ import annotations

from datetime import date

BUILD_DATE = date(2026, 11, 26)
