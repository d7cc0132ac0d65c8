"""Self-diagnosis: turn counters and clocks into warnings a clerk can act on.

Field reports from other offline systems (CHT, DHIS2 Capture) say the worst failure is a
device that silently stops syncing. So the engine checks, after every run and on every
status read, whether it has been offline longer than policy allows, whether too many
actions are waiting, and whether some action keeps failing — and says so in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from offline.store import disk_space
from sync.messages import Message, refusal
from sync.status import SyncStatus


@dataclass(frozen=True)
class Policy:
    """Thresholds; the platform may publish its own, these are the defaults."""

    max_offline: timedelta = timedelta(days=3)
    max_pending: int = 500
    failure_threshold: int = 5  # a mutation failing this many times gets a human reason


def warnings_for(status: SyncStatus, now: datetime, policy: Policy) -> tuple[Message, ...]:
    """Warnings implied by a status snapshot at time ``now``."""
    found: list[Message] = []
    offline_for = _offline_for(status, now)
    if offline_for is not None and offline_for > policy.max_offline:
        days = offline_for.total_seconds() / 86400
        found.append(
            Message(
                "offline_too_long",
                f"本机已离线约 {days:.1f} 天，超过规定的 {policy.max_offline.days} 天，"
                "请尽快联网同步。",
                f"This device has been offline for about {days:.1f} days, longer than the "
                f"{policy.max_offline.days} days allowed; connect and sync soon.",
            )
        )
    if status.pending > policy.max_pending:
        found.append(
            Message(
                "too_many_pending",
                f"有 {status.pending} 项操作尚未上传（上限 {policy.max_pending}），请联网同步。",
                f"{status.pending} actions are waiting to be sent (limit {policy.max_pending}); "
                "connect and sync.",
            )
        )
    if status.conflicts or status.rejected:
        found.append(
            Message(
                "needs_review",
                f"有 {status.conflicts} 项冲突、{status.rejected} 项被拒绝的操作待处理。",
                f"{status.conflicts} conflicts and {status.rejected} refused actions need review.",
            )
        )
    return tuple(found)


def _offline_for(status: SyncStatus, now: datetime) -> timedelta | None:
    if status.online is not False:
        return None
    since = status.last_success_at or status.offline_since
    return None if since is None else now - since


@dataclass
class FailureTracker:
    """Counts consecutive failures per op_id so a stuck action gets a human reason."""

    policy: Policy
    _counts: dict[str, int] = field(default_factory=dict)

    def record(self, op_id: str, reason_code: str | None) -> Message | None:
        """Note one failure; returns the human reason once the threshold is reached."""
        count = self._counts.get(op_id, 0) + 1
        self._counts[op_id] = count
        if count >= self.policy.failure_threshold:
            return refusal(reason_code)
        return None

    def clear(self, op_id: str) -> None:
        self._counts.pop(op_id, None)

    def count(self, op_id: str) -> int:
        return self._counts.get(op_id, 0)


def low_disk_warning(folder: Path) -> Message | None:
    """A warning while the disk holding the store has less room than a day of work needs
    (the store's writes then still succeed, so the clerk can finish and make room)."""
    free = disk_space.free_bytes(folder)
    if free is None or free >= disk_space.LOW_SPACE_BYTES:
        return None
    left = free // disk_space.MB
    need = disk_space.LOW_SPACE_BYTES // disk_space.MB
    return Message(
        "low_disk",
        f"磁盘剩余空间仅 {left} MB（建议至少 {need} MB），请尽快清理或联系管理员。",
        f"Only {left} MB of disk space left (keep at least {need} MB); free some space or "
        "contact your administrator.",
    )
