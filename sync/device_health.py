"""Device and sync health of an office (设备与同步) for the supervisor, in plain rows.

Why: field reports (CHT's sync-health view, DHIS2 Capture) say the worst failure is a
device that silently stops syncing. The platform knows when each device of the office
last pushed and pulled and whether its sequence has a gap; only the device itself knows
what still waits in its outbox. This module merges both into one row per device and says
in words why a row needs attention: offline longer than the login policy allows, or an
action that is stuck (failing again and again, still waiting although the device has
been talking to the platform for a while, or a sequence gap on the platform).

Qt-free: :func:`read_own` runs on the store thread, :func:`fetch_platform` on the loop,
and :func:`build` is pure, so the UI and the tests share every rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from client.api import PlatformClient
from client.wire import DeviceHealth, DeviceHealthList
from sync.messages import Message

DEFAULT_POLICY_DAYS = 7  # the reference platform's default max_offline_days


@dataclass(frozen=True)
class Thresholds:
    """When a device stands out; ``policy_days`` comes from the login policy."""

    policy_days: int = DEFAULT_POLICY_DAYS
    stuck_after: timedelta = timedelta(minutes=30)
    failure_attempts: int = 5


@dataclass(frozen=True)
class OwnFacts:
    """What this device's store says about its own sync (read on the store thread)."""

    device_id: str
    terminal_code: str
    pending: int
    oldest_pending_at: datetime | None
    conflicts: int
    rejected: int
    last_push_at: datetime | None
    last_pull_at: datetime | None
    failing: int = 0  # open actions that failed at least ``failure_attempts`` times
    last_error: str | None = None  # the newest failure text of such an action


@dataclass(frozen=True)
class DeviceRow:
    """One device of the office as the supervisor sees it."""

    device_id: str
    terminal_code: str
    name: str
    own: bool
    last_push_at: datetime | None
    last_pull_at: datetime | None
    pending: int | None  # None: only the device itself knows (another device)
    oldest_pending_at: datetime | None
    pending_gap: int
    conflicts: int
    rejected: int
    days_offline: float | None  # since the last push or pull (this device, never synced:
    # since its oldest unsent action); None: unknown
    policy_days: int
    reasons: tuple[Message, ...] = ()

    @property
    def attention(self) -> bool:
        """Past the policy or stuck: the row is shown in red with its reasons."""
        return bool(self.reasons)

    def oldest_pending_age(self, now: datetime) -> timedelta | None:
        if not self.pending or self.oldest_pending_at is None:
            return None
        return max(timedelta(0), now - self.oldest_pending_at)


@dataclass(frozen=True)
class OfficeHealth:
    """Every device row, and when the platform's list was fetched (None: never)."""

    rows: tuple[DeviceRow, ...]
    fetched_at: datetime | None
    from_platform: bool  # False: the platform was not reached, rows from the cache/own
    error: Message | None = None


def _parse(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def read_own(store: Any, *, failure_attempts: int = 5) -> OwnFacts:
    """This device's sync facts, from the store (call on the store thread).

    The store has no call for the push/pull times or failing attempts yet, so those two
    small reads go to its tables (read-only)."""
    counts = store.sync_counts()
    conn = store.conn
    push, pull = conn.execute(
        "SELECT last_push_at, last_pull_at FROM sync_state WHERE id = 1"
    ).fetchone()
    failing, last_error = conn.execute(
        "SELECT count(*), (SELECT last_error FROM outbox WHERE state IN ('pending', "
        "'in_flight') AND attempts >= ? ORDER BY seq DESC LIMIT 1) FROM outbox "
        "WHERE state IN ('pending', 'in_flight') AND attempts >= ?",
        (failure_attempts, failure_attempts),
    ).fetchone()
    return OwnFacts(
        device_id=str(store.device_id),
        terminal_code=str(store.terminal_code or ""),
        pending=int(counts["pending"]),
        oldest_pending_at=_parse(counts.get("oldest_pending_at")),
        conflicts=int(counts["conflicts"]),
        rejected=int(counts["rejected"]),
        last_push_at=_parse(push),
        last_pull_at=_parse(pull),
        failing=int(failing),
        last_error=last_error,
    )


async def fetch_platform(client: PlatformClient) -> DeviceHealthList:
    """The office's devices as the platform sees them (supervisor or back office);
    raises the client's errors (``Unreachable`` when offline, ``Forbidden`` for a clerk)."""
    return await client.device_health()


def _latest(*values: datetime | None) -> datetime | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


def _offline_reason(days: float, policy_days: int) -> Message:
    return Message(
        "offline_too_long",
        f"已 {days:.1f} 天未同步，超过规定的 {policy_days} 天",
        f"not synced for {days:.1f} days, more than the {policy_days} days allowed",
    )


def _reasons(
    *,
    days_offline: float | None,
    pending_gap: int,
    facts: OwnFacts | None,
    last_contact: datetime | None,
    thresholds: Thresholds,
) -> tuple[Message, ...]:
    found: list[Message] = []
    if days_offline is not None and days_offline > thresholds.policy_days:
        found.append(_offline_reason(days_offline, thresholds.policy_days))
    if pending_gap > 0:
        found.append(
            Message(
                "sequence_gap",
                f"平台在等待该终端的 {pending_gap} 项操作（序号缺口），请让该终端联网同步",
                f"the platform is waiting for {pending_gap} actions of this device "
                "(sequence gap); have it connect and sync",
            )
        )
    if facts is None:
        return tuple(found)
    if facts.failing:
        detail = f"：{facts.last_error}" if facts.last_error else ""
        detail_en = f": {facts.last_error}" if facts.last_error else ""
        found.append(
            Message(
                "action_failing",
                f"{facts.failing} 项操作多次上传失败{detail}",
                f"{facts.failing} actions failed to upload again and again{detail_en}",
            )
        )
    oldest = facts.oldest_pending_at
    if (
        facts.pending
        and oldest is not None
        and last_contact is not None
        and last_contact - oldest > thresholds.stuck_after
    ):
        minutes = int(thresholds.stuck_after.total_seconds() // 60)
        found.append(
            Message(
                "action_stuck",
                f"有操作在联网后仍超过 {minutes} 分钟未上传",
                f"an action is still not sent more than {minutes} minutes after the device "
                "reached the platform",
            )
        )
    return tuple(found)


def _days(now: datetime, last: datetime | None) -> float | None:
    return None if last is None else max(0.0, (now - last).total_seconds() / 86400)


def platform_row(d: DeviceHealth, *, now: datetime, thresholds: Thresholds) -> DeviceRow:
    """Another device of the office, from the platform's list only."""
    last = _latest(d.last_push_at, d.last_pull_at)
    days = _days(now, last)
    return DeviceRow(
        device_id=d.device_id,
        terminal_code=d.terminal_code,
        name=d.name,
        own=False,
        last_push_at=d.last_push_at,
        last_pull_at=d.last_pull_at,
        pending=None,
        oldest_pending_at=None,
        pending_gap=d.pending_gap,
        conflicts=d.conflicts,
        rejected=d.rejected,
        days_offline=days,
        policy_days=thresholds.policy_days,
        reasons=_reasons(
            days_offline=days,
            pending_gap=d.pending_gap,
            facts=None,
            last_contact=last,
            thresholds=thresholds,
        ),
    )


def own_row(
    facts: OwnFacts,
    *,
    now: datetime,
    thresholds: Thresholds,
    platform: DeviceHealth | None = None,
    name: str = "",
) -> DeviceRow:
    """This device: its own outbox always; times are the later of store and platform."""
    push = _latest(facts.last_push_at, platform.last_push_at if platform else None)
    pull = _latest(facts.last_pull_at, platform.last_pull_at if platform else None)
    last = _latest(push, pull)
    # Never synced: offline at least since its oldest unsent action was recorded.
    days = _days(now, last if last is not None else facts.oldest_pending_at)
    gap = platform.pending_gap if platform else 0
    return DeviceRow(
        device_id=facts.device_id,
        terminal_code=facts.terminal_code,
        name=platform.name if platform and platform.name else name,
        own=True,
        last_push_at=push,
        last_pull_at=pull,
        pending=facts.pending,
        oldest_pending_at=facts.oldest_pending_at,
        pending_gap=gap,
        conflicts=facts.conflicts,
        rejected=facts.rejected,
        days_offline=days,
        policy_days=thresholds.policy_days,
        reasons=_reasons(
            days_offline=days,
            pending_gap=gap,
            facts=facts,
            last_contact=last,
            thresholds=thresholds,
        ),
    )


def build(
    own: OwnFacts,
    platform: DeviceHealthList | Sequence[DeviceHealth] | None,
    *,
    now: datetime,
    thresholds: Thresholds | None = None,
    own_name: str = "",
) -> list[DeviceRow]:
    """Own device first, then the platform's other devices by terminal code; devices
    that need attention keep their place (the view colours them)."""
    thresholds = thresholds or Thresholds()
    devices = list(platform.devices if isinstance(platform, DeviceHealthList) else platform or [])
    mine = next((d for d in devices if d.device_id == own.device_id), None)
    rows = [own_row(own, now=now, thresholds=thresholds, platform=mine, name=own_name)]
    others = sorted(
        (d for d in devices if d.device_id != own.device_id), key=lambda d: d.terminal_code
    )
    rows += [platform_row(d, now=now, thresholds=thresholds) for d in others]
    return rows
