"""Runtime settings of the reference platform, in one frozen dataclass.

Tests start servers with short token lifetimes, a controllable clock or a fast back office;
the CLI builds the same object from flags.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    db_path: Path
    access_ttl: int = 15 * 60
    refresh_ttl: int = 30 * 24 * 3600
    # A refresh token presented again this soon after its rotation, while the token it was
    # exchanged for is still unused, gets a new pair instead of revoking the family: the
    # answer of the first refresh was lost on a flaky link (see routes_auth.refresh).
    refresh_grace: float = 60.0
    max_offline_days: int = 7
    max_failed_attempts: int = 5
    login_window: int = 300  # seconds over which failed logins are counted
    login_address_failures: int = 20  # failed logins from one address before it waits
    # Proxies (addresses or CIDR networks) whose X-Forwarded-For is believed; empty: none,
    # every request is counted under its TCP peer (see central.client_address).
    trusted_proxies: tuple[str, ...] = ()
    max_body_bytes: int = 8 * 1024 * 1024
    max_blob_bytes: int = 64 * 1024 * 1024
    # An unfinished attachment upload is dropped this long after its last chunk; until
    # then its announced length counts toward the office's attachment quota.
    partial_upload_ttl: float = 24 * 3600
    office_blob_quota: int = 4 * 1024 * 1024 * 1024
    auto_back_office: bool = False
    auto_review_delay: float = 5.0
    auto_decision_delay: float = 5.0
    auto_poll: float = 0.5
    # Active terminals one office may register (a flood of made-up terminals would also
    # use up the office's terminal codes, which receipt numbers carry).
    max_terminals_per_office: int = 50
    # Off only to measure what verifying the actors' signatures costs (benchmarks): a push
    # then checks the actor's current role as before signatures existed.
    verify_signatures: bool = True
    # Clients whose X-CounterDesk-Version is below this get 426 upgrade_required (None: all).
    min_client_version: str | None = None
    clock: Callable[[], float] = field(default=time.time)
