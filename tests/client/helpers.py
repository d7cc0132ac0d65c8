"""Helpers for client tests: a signed-in ``PlatformClient`` on the real loopback platform,
optionally behind the fault-injecting transport, and direct reads of the platform's
SQLite file to check what it really holds."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import uuid6

from client.api import PlatformClient
from client.settings import ClientSettings, RetryPolicy, Timeouts
from client.wire import ServiceItem
from tests.fixtures.platform import PlatformServer
from tests.support.faults import FaultTransport
from tests.support.mutations import creates
from tests.support.signing import DeviceKey, UserSigner, register_device

# Fast, bounded retries so fault tests take milliseconds, not the production backoff.
FAST_RETRY = RetryPolicy(attempts=6, timeout=10, wait_initial=0.01, wait_max=0.05, wait_jitter=0.01)
NO_RETRY = RetryPolicy(attempts=1, timeout=5)


def settings_for(server: PlatformServer, **overrides: Any) -> ClientSettings:
    fields: dict[str, Any] = {
        "profile": "test",
        "trust_env": False,
        "retry": FAST_RETRY,
        "timeouts": Timeouts(connect=2, read=10, write=10, pool=5),
    }
    fields.update(overrides)
    return ClientSettings(server.base_url, **fields)


def new_device() -> str:
    return f"dev-{uuid6.uuid7().hex[:12]}"


@asynccontextmanager
async def signed_in(
    server: PlatformServer,
    username: str = "nm-clerk1",
    *,
    device_id: str | None = None,
    faults: FaultTransport | None = None,
    **overrides: Any,
) -> AsyncIterator[PlatformClient]:
    """A client logged in as ``username``; ``faults`` (if given) wraps the network. Its
    terminal is registered by a supervisor of the office and proves itself; the user's
    signing key is registered and kept as ``api.signer`` (a `UserSigner`)."""
    transport: httpx.AsyncBaseTransport | None = faults
    async with PlatformClient(
        settings_for(server, **overrides), username=username, transport=transport
    ) as api:
        user = server.users[username]
        device_id = device_id or new_device()
        await api.login(username, user.password, device_id)
        await prepare_device(server, api, username, device_id)
        yield api


async def prepare_device(
    server: PlatformServer, api: PlatformClient, username: str, device_id: str
) -> None:
    """After ``api.login``: a supervisor registers the terminal, the client proves it, and
    the user's signing key is registered and kept as ``api.signer``."""
    device = DeviceKey(device_id)
    user = server.users[username]
    api.use_device_key(device_id, device.key)
    signer = UserSigner(user.id)
    api.signer = signer  # type: ignore[attr-defined]
    if user.office_code is not None:
        await asyncio.to_thread(register_device, server.api, server.users, user.office_code, device)
        await api.register_user_key(signer.key_id, device_id, signer.public_key)


def fault_transport(**kwargs: Any) -> FaultTransport:
    return FaultTransport(httpx.AsyncHTTPTransport(), **kwargs)


def db_rows(server: PlatformServer, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    """Read the platform's own database file (WAL allows reading while it runs)."""
    conn = sqlite3.connect(f"file:{Path(server.db_path)}?mode=ro", uri=True)
    try:
        return [tuple(r) for r in conn.execute(sql, args).fetchall()]
    finally:
        conn.close()


async def first_item(api: PlatformClient) -> ServiceItem:
    catalog = await api.catalog()
    assert catalog is not None
    return catalog.items[0]


async def make_creates(
    api: PlatformClient, device_id: str, count: int, first_seq: int = 1, seed: int = 1
) -> list[dict[str, Any]]:
    item = await first_item(api)
    info = await api.register_device(device_id)  # the supervisor did; idempotent
    made = creates(
        item,
        office_code=info.office_code,
        device_id=device_id,
        clerk_id=f"u-{api.auth.username}",
        first_seq=first_seq,
        count=count,
        seed=seed,
        terminal_code=info.terminal_code,
    )
    signer: UserSigner = api.signer  # type: ignore[attr-defined]
    return signer.sign_all(made)


async def until_done(attempt: Callable[[], Awaitable[Any]], tries: int = 20) -> Any:
    """What the sync engine does: call again after any transient client error."""
    from client.errors import ClientError

    last: ClientError | None = None
    for _ in range(tries):
        try:
            return await attempt()
        except ClientError as exc:
            if not exc.transient:
                raise
            last = exc
    raise AssertionError(f"still failing after {tries} tries: {last!r}")
