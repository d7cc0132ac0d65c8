"""The bearer auth flow against the real platform with a controllable clock: one refresh on
401 (also under concurrency), rotation saved to the keyring, expired and revoked sessions
end as AuthExpired, and no token or password ever reaches a log line or a SQLite file."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from client.api import PlatformClient
from client.errors import AuthExpired, InvalidCredentials
from client.tokens import SERVICE
from tests.client.helpers import db_rows, fault_transport, make_creates, new_device, settings_for
from tests.client.helpers import signed_in as signed_in_ctx
from tests.conftest import MemoryKeyring
from tests.fixtures.platform import PlatformServer
from tests.support.faults import Fault

ACCESS_KEY = (SERVICE, "access:test:nm-clerk1")
REFRESH_KEY = (SERVICE, "refresh:test:nm-clerk1")


class FakeClock:
    """The platform's clock for token lifetimes; the test moves it, never the wall clock."""

    def __init__(self) -> None:
        self.now = 1_795_000_000.0  # 2026-11-18 11:06:40 UTC

    def __call__(self) -> float:
        return self.now


def _refresh_tokens_issued(server: PlatformServer) -> int:
    rows = db_rows(
        server, "SELECT COUNT(*) FROM tokens WHERE kind = 'refresh' AND user_id = 'u-nm-clerk1'"
    )
    return int(rows[0][0])


@pytest.mark.asyncio
async def test_expired_access_token_refreshes_once_then_retries(
    platform_factory: Callable[..., PlatformServer], memory_keyring: MemoryKeyring
) -> None:
    clock = FakeClock()
    server = platform_factory(clock=clock, access_ttl=60, refresh_ttl=3600)
    async with signed_in_ctx(server) as api:
        login_access = memory_keyring.secrets[ACCESS_KEY]
        login_refresh = memory_keyring.secrets[REFRESH_KEY]
        clock.now += 120  # access token expired, refresh token still valid
        assert await api.catalog() is not None
        assert memory_keyring.secrets[ACCESS_KEY] != login_access
        assert memory_keyring.secrets[REFRESH_KEY] != login_refresh  # rotated and saved
        assert _refresh_tokens_issued(server) == 2

        clock.now += 120
        results = await asyncio.gather(*(api.catalog() for _ in range(6)))
        assert all(r is not None for r in results)
        assert _refresh_tokens_issued(server) == 3  # six 401s, one refresh

        # A new session of the app (same profile) continues with the rotated pair.
    async with PlatformClient(settings_for(server), username="nm-clerk1") as again:
        assert await again.catalog() is not None


@pytest.mark.asyncio
async def test_expired_refresh_token_ends_the_session(
    platform_factory: Callable[..., PlatformServer], memory_keyring: MemoryKeyring
) -> None:
    clock = FakeClock()
    server = platform_factory(clock=clock, access_ttl=60, refresh_ttl=600)
    async with signed_in_ctx(server) as api:
        clock.now += 601
        with pytest.raises(AuthExpired) as info:
            await api.catalog()
        assert not api.has_session()
    assert ACCESS_KEY not in memory_keyring.secrets and REFRESH_KEY not in memory_keyring.secrets
    assert "重新登录" in info.value.message() and "sign in again" in info.value.message("en")


@pytest.mark.asyncio
async def test_revoked_tokens_fail_even_if_a_copy_survives(
    platform_server: PlatformServer, memory_keyring: MemoryKeyring
) -> None:
    async with signed_in_ctx(platform_server) as api:
        stolen = dict(memory_keyring.secrets)
        await api.logout()
    memory_keyring.secrets.update(stolen)  # a copy of the keyring taken before logout
    async with PlatformClient(settings_for(platform_server), username="nm-clerk1") as api:
        with pytest.raises(AuthExpired):
            await api.catalog()
        assert not api.has_session()


@pytest.mark.asyncio
async def test_refresh_through_faults(platform_factory: Callable[..., PlatformServer]) -> None:
    """A refresh that never reached the platform is simply retried. A refresh whose answer
    was lost after the platform rotated the token is retried with the same token inside the
    platform's grace window: a new pair, the session goes on, the clerk stays signed in."""
    clock = FakeClock()
    server = platform_factory(clock=clock, access_ttl=60)
    faults = fault_transport(match=lambda r: r.url.path.endswith("/auth/refresh"))
    async with signed_in_ctx(server, faults=faults) as api:
        clock.now += 120
        faults.add(Fault.refuse, Fault.timeout)
        assert await api.catalog() is not None
        assert faults.injected[Fault.refuse] == faults.injected[Fault.timeout] == 1

        clock.now += 120
        faults.add(Fault.lose_response)
        assert await api.catalog() is not None
        assert api.has_session()
        assert faults.injected[Fault.lose_response] == 1


@pytest.mark.asyncio
async def test_no_secret_in_logs_or_sqlite_files(
    platform_factory: Callable[..., PlatformServer],
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    server = platform_factory(clock=clock, access_ttl=60)
    caplog.set_level(logging.DEBUG)
    secrets: set[str] = {"Demo@2026"}
    device = new_device()
    async with signed_in_ctx(server, device_id=device) as api:
        secrets |= set(memory_keyring.secrets.values())
        clock.now += 120  # forces a refresh: more tokens on the wire
        muts = await make_creates(api, device, 2)
        await api.push(device, muts)
        secrets |= set(memory_keyring.secrets.values())
        with pytest.raises(InvalidCredentials) as refused:
            await api.login("nm-clerk1", "wrong-Demo@2026-secret", device)
        # the failure text must not carry the password either
        logging.getLogger("test").warning("login failed: %s / %r", refused.value, refused.value)
        secrets.add("wrong-Demo@2026-secret")
        await api.logout()
    assert len(secrets) >= 5
    logged = "\n".join(r.getMessage() for r in caplog.records) + caplog.text
    assert caplog.records  # httpx really logged requests at DEBUG/INFO
    for secret in secrets:
        assert secret not in logged
    for path in Path(server.db_path).parent.glob(Path(server.db_path).name + "*"):
        data = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in data, path.name
