"""How one run of the app was started (profile, platform, demo, timings).

Kept apart from :mod:`ui.controller` so the window can be on screen before the heavier
client, sync and store modules are imported.

The idle-lock minutes and sync interval a supervisor saved in the settings dialog
(``preferences.json``) apply from start-up: a saved value replaces the built-in default,
while a non-default value given by the caller (``--idle-minutes``, tests, benchmarks)
wins over it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sync.scheduler import Timing
    from ui.profile import Profile

DEFAULT_IDLE_MINUTES = 10.0


@dataclass
class AppOptions:
    """Start-up choices; ``platform_url`` overrides the profile's registration."""

    profile: Profile
    platform_url: str | None = None
    demo: bool = False
    demo_accounts: Sequence[tuple[str, str, str]] = ()
    idle_minutes: float = DEFAULT_IDLE_MINUTES
    sync_timing: Timing | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        saved = self.profile.load_preferences()
        idle = _whole(saved.get("idle_minutes"), 1, 120)
        if self.idle_minutes == DEFAULT_IDLE_MINUTES and idle is not None:
            self.idle_minutes = float(idle)
        minutes = _whole(saved.get("sync_minutes"), 1, 60)
        if self.sync_timing is None and minutes is not None:
            from sync.scheduler import Timing

            self.sync_timing = Timing(period=60.0 * minutes)


def _whole(value: object, low: int, high: int) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    return None
