"""How one run of the app was started (profile, platform, demo, timings).

Kept apart from :mod:`ui.controller` so the window can be on screen before the heavier
client, sync and store modules are imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sync.scheduler import Timing
    from ui.profile import Profile


@dataclass
class AppOptions:
    """Start-up choices; ``platform_url`` overrides the profile's registration."""

    profile: Profile
    platform_url: str | None = None
    demo: bool = False
    demo_accounts: Sequence[tuple[str, str, str]] = ()
    idle_minutes: float = 10.0
    sync_timing: Timing | None = None
    extra: dict[str, Any] = field(default_factory=dict)
