"""After the platform refused this app's version, stop asking until the periodic timer.

A 426 ``upgrade_required`` will not change by retrying: only an update of this app (or
the platform lowering its minimum) does. Without a hold, every clerk action would send a
debounced push that is refused again. So after the refusal, runs within ``RECHECK`` are
answered from here without a request, keeping the "please update" message; the periodic
timer's run (every five minutes) asks the platform again, and a success clears the hold.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from client import errors as cerr
from sync.messages import Message, upgrade_required

# a little less than the scheduler's period: the timer's next run asks again
RECHECK = timedelta(minutes=4)


def refusal_message(exc: cerr.UpgradeRequired) -> Message:
    """The status bar's words for a refusal, naming the minimum version when given."""
    detail: Any = exc.detail
    minimum = detail.get("min_version") if isinstance(detail, dict) else None
    return upgrade_required(minimum if isinstance(minimum, str) else None)


class UpgradeHold:
    """Remembers the last version refusal and when it came."""

    def __init__(self, recheck: timedelta = RECHECK) -> None:
        self.recheck = recheck
        self.since: datetime | None = None
        self.problem: Message | None = None

    def note(self, problem: Message | None, now: datetime) -> None:
        """After a run: hold on a version refusal, release on anything else."""
        if problem is not None and problem.code == "upgrade_required":
            self.since, self.problem = now, problem
        else:
            self.since = self.problem = None

    def active(self, now: datetime) -> Message | None:
        """The refusal to repeat instead of asking the platform, or None to ask."""
        if self.since is None or now - self.since >= self.recheck:
            return None
        return self.problem
