"""Each typed client error, produced for real: by the platform, by real sockets, or by the
fault transport in front of the real platform. Nothing half-applied, messages bilingual."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable

import pytest
import pytest_asyncio

from client.api import PlatformClient
from client.errors import (
    ClientError,
    Conflict,
    Forbidden,
    InvalidCredentials,
    InvalidRequest,
    NotFound,
    ProtocolError,
    RateLimited,
    SeqGap,
    ServerError,
    Timeout,
    Unreachable,
    UpgradeRequired,
)
from client.settings import Timeouts
from tests.client.helpers import (
    NO_RETRY,
    fault_transport,
    make_creates,
    new_device,
    settings_for,
    signed_in,
)
from tests.fixtures.platform import PlatformServer
from tests.support.faults import Fault


def _bilingual(exc: ClientError) -> None:
    zh, en = exc.message("zh_CN"), exc.message("en")
    assert zh != en and any("\u4e00" <= ch <= "\u9fff" for ch in zh) and en.isascii()
    assert exc.bilingual().startswith(zh)


@pytest.mark.asyncio
async def test_closed_port_is_unreachable(platform_server: PlatformServer) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again when the block ends: nothing listens
    settings = settings_for(platform_server, retry=NO_RETRY)
    settings = type(settings)(f"http://127.0.0.1:{port}", trust_env=False, retry=NO_RETRY)
    async with PlatformClient(settings) as api:
        with pytest.raises(Unreachable) as info:
            await api.health()
    assert info.value.transient
    _bilingual(info.value)


@pytest_asyncio.fixture
async def silent_server() -> AsyncIterator[int]:
    """Accepts connections and never answers, like a black-holed link."""
    held: list[asyncio.StreamWriter] = []

    async def handle(_r: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    for w in held:
        w.close()
    server.close()
    await server.wait_closed()


@pytest.mark.asyncio
async def test_silent_server_times_out_after_bounded_retries(
    platform_server: PlatformServer, silent_server: int
) -> None:
    base = settings_for(platform_server)
    settings = type(base)(
        f"http://127.0.0.1:{silent_server}",
        trust_env=False,
        retry=base.retry.__class__(
            attempts=2, timeout=5, wait_initial=0.01, wait_max=0.01, wait_jitter=0
        ),
        timeouts=Timeouts(connect=1, read=0.2, write=1, pool=1),
    )
    async with PlatformClient(settings) as api:
        with pytest.raises(Timeout) as info:
            await api.health()
    assert info.value.transient
    _bilingual(info.value)


@pytest.mark.asyncio
async def test_wrong_schema_version_is_upgrade_required(platform_server: PlatformServer) -> None:
    async with signed_in(platform_server) as api:
        assert await api.catalog() is not None
    with pytest.raises(UpgradeRequired):
        async with signed_in(platform_server, schema_version=99):
            pass
    async with PlatformClient(
        settings_for(platform_server, schema_version=99), username="nm-clerk1"
    ) as old:
        with pytest.raises(UpgradeRequired) as info:
            await old.catalog()
    assert info.value.status == 426 and not info.value.transient
    assert "离线" in info.value.message() and "Offline work continues" in info.value.message("en")


@pytest.mark.asyncio
async def test_cross_office_read_and_write_are_forbidden(platform_server: PlatformServer) -> None:
    device = new_device()
    async with signed_in(platform_server, "zz-clerk1", device_id=device) as township:
        muts = await make_creates(township, device, 1)
        assert (await township.push(device, muts)).outcomes[0].outcome == "applied"
    record_id = muts[0]["record_id"]
    async with signed_in(platform_server, "nm-clerk1") as city:
        with pytest.raises(Forbidden) as info:
            await city.get_application(record_id)
        _bilingual(info.value)
        # Pushing with the township's device id from the city office is refused outright.
        with pytest.raises(Forbidden):
            await city.push(device, muts)


@pytest.mark.asyncio
async def test_seq_gap_and_reused_op_id_are_conflicts(platform_server: PlatformServer) -> None:
    device = new_device()
    async with signed_in(platform_server, device_id=device) as api:
        muts = await make_creates(api, device, 3)
        with pytest.raises(SeqGap) as gap:
            await api.push(device, muts[1:])
        assert gap.value.expected_seq == 1 and gap.value.status == 409
        await api.push(device, muts[:1])
        tampered = dict(muts[0], payload={"doc": {**muts[0]["payload"]["doc"], "phone": "1"}})
        with pytest.raises(Conflict) as reused:
            await api.push(device, [tampered])
        assert reused.value.reason == "op_id_reused"
        result = await api.push(device, muts[1:])
        assert result.last_applied_seq == 3


@pytest.mark.asyncio
async def test_invalid_requests_are_refused_locally_or_by_platform(
    platform_server: PlatformServer,
) -> None:
    device = new_device()
    async with signed_in(platform_server, "backoffice") as office:
        with pytest.raises(InvalidRequest) as info:
            await office.list_applications(limit=10_000)
        assert info.value.status == 422 and info.value.detail
    async with signed_in(platform_server, device_id=device) as api:
        with pytest.raises(InvalidRequest):
            await api.push(device, [{"op_id": "x", "seq": 0}])  # refused before sending
        with pytest.raises(NotFound):
            await api.get_application("missing")


@pytest.mark.asyncio
async def test_failed_logins_become_rate_limited(
    platform_factory: Callable[..., PlatformServer],
) -> None:
    server = platform_factory(max_failed_attempts=2)
    async with PlatformClient(settings_for(server)) as api:
        errors: list[type[ClientError]] = []
        for _ in range(4):
            try:
                await api.login("nm-clerk1", "nope", new_device())
            except ClientError as exc:
                errors.append(type(exc))
    assert errors[0] is InvalidCredentials and errors[-1] is RateLimited, errors


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fault.html, ProtocolError),
        (Fault.redirect, ProtocolError),
        (Fault.truncate, ProtocolError),
        (Fault.wrong_types, ProtocolError),
        (Fault.bad_gateway, ServerError),
        (Fault.gateway_timeout, ServerError),
        (Fault.refuse, Unreachable),
        (Fault.lose_response, Unreachable),
        (Fault.timeout, Timeout),
    ],
)
@pytest.mark.asyncio
async def test_faults_become_typed_errors_and_nothing_is_returned(
    platform_server: PlatformServer, fault: Fault, error: type[ClientError]
) -> None:
    faults = fault_transport(match=lambda r: r.url.path.endswith("/catalog"))
    async with signed_in(platform_server, faults=faults, retry=NO_RETRY) as api:
        faults.add(fault)
        with pytest.raises(error) as info:
            await api.catalog()
        assert faults.injected[fault] == 1
        _bilingual(info.value)
        assert (await api.catalog()) is not None  # the next call is fine again


@pytest.mark.asyncio
async def test_transient_faults_are_retried_within_bounds(platform_server: PlatformServer) -> None:
    faults = fault_transport(match=lambda r: r.url.path.endswith("/catalog"))
    async with signed_in(platform_server, faults=faults) as api:
        faults.add(Fault.refuse, Fault.bad_gateway, Fault.timeout, Fault.lose_response)
        assert (await api.catalog()) is not None
        assert faults.total_injected() == 4
        faults.add(Fault.html)  # not transient for a single call: never retried blindly
        with pytest.raises(ProtocolError):
            await api.catalog()
        faults.down = True
        with pytest.raises(Unreachable):
            await api.catalog()
        assert faults.injected[Fault.refuse] == 1 + 6  # bounded: six attempts, then give up


@pytest.mark.asyncio
async def test_login_is_never_retried(platform_server: PlatformServer) -> None:
    faults = fault_transport(match=lambda r: r.url.path.endswith("/auth/login"))
    faults.add(Fault.lose_response)
    async with PlatformClient(settings_for(platform_server), transport=faults) as api:
        with pytest.raises(Unreachable):
            await api.login("nm-clerk1", "Demo@2026", new_device())
        assert faults.injected[Fault.lose_response] == 1 and faults.passed == 0
        assert not api.has_session()
