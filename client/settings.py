"""Connection settings of the platform client, with safe explicit defaults.

Government networks are slow, proxied and use private root CAs, so every timeout is
explicit (httpx's silent 5 s default is too short for a township link), the OS trust
store is used, and an extra CA bundle and a proxy can be configured per profile. The
platform address itself must pass ``client.urls.check_platform_url`` (https, except a
platform on this computer): the rule lives here, so no caller can bypass it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from client.urls import InvalidPlatformUrl, check_platform_url
from client.wire import API_PREFIX, SCHEMA_HEADER, SCHEMA_VERSION

__all__ = [
    "API_PREFIX",
    "SCHEMA_HEADER",
    "SCHEMA_VERSION",
    "ClientSettings",
    "InvalidPlatformUrl",
    "RetryPolicy",
    "Timeouts",
]


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds for each phase of a request (httpx connect/read/write/pool)."""

    connect: float = 5.0
    read: float = 30.0
    write: float = 30.0
    pool: float = 10.0


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounds for retrying transient failures of idempotent calls (stamina)."""

    attempts: int = 5
    timeout: float = 60.0
    wait_initial: float = 0.2
    wait_max: float = 5.0
    wait_jitter: float = 0.5


@dataclass(frozen=True, slots=True)
class ClientSettings:
    """Everything needed to open a session with one platform.

    ``base_url`` is the platform root (``https://host``); the client adds ``/api/v1``.
    It must be https unless the platform runs on this computer (InvalidPlatformUrl).
    ``proxy`` overrides the environment; with ``trust_env`` the usual ``HTTPS_PROXY`` /
    ``NO_PROXY`` variables apply when ``proxy`` is not set. ``verify_tls=False`` exists
    only for loopback tests over plain HTTP-like setups and is refused for https hosts
    other than localhost by the transport builder.
    """

    base_url: str
    profile: str = "default"
    timeouts: Timeouts = field(default_factory=Timeouts)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    extra_ca_bundle: Path | None = None
    proxy: str | None = None
    trust_env: bool = True
    verify_tls: bool = True
    max_connections: int = 10
    user_agent: str = "CounterDesk/0.1"
    schema_version: int = SCHEMA_VERSION  # sent on every request; the platform may refuse it
    # push bodies above this many bytes go gzip-compressed (level 1: ~1,950 bytes per
    # `create` become a few hundred); 0 turns compression off
    compress_push_over: int = 16_384

    def __post_init__(self) -> None:
        problem = check_platform_url(self.base_url)
        if problem is not None:
            raise InvalidPlatformUrl(problem)
