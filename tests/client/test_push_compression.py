"""Push bodies go gzip-compressed above the configured size and the platform applies them."""

from __future__ import annotations

import httpx
import pytest

from client.api import PlatformClient
from tests.client.helpers import (
    db_rows,
    make_creates,
    new_device,
    prepare_device,
    settings_for,
)
from tests.fixtures.platform import PlatformServer
from tests.support.metering import MeteringTransport


async def _push_bytes(server: PlatformServer, compress_over: int) -> tuple[int, int]:
    """(body bytes sent by the push, mutations the platform stored) for 20 creates."""
    meter = MeteringTransport(httpx.AsyncHTTPTransport())
    device = new_device()
    settings = settings_for(server, compress_push_over=compress_over)
    async with PlatformClient(settings, username="nm-clerk1", transport=meter) as api:
        await api.login("nm-clerk1", server.users["nm-clerk1"].password, device)
        await prepare_device(server, api, "nm-clerk1", device)
        muts = await make_creates(api, device, 20)
        meter.reset()
        result = await api.push(device, muts)
    assert [o.outcome.value for o in result.outcomes] == ["applied"] * 20
    stored = db_rows(server, "SELECT COUNT(*) FROM mutations WHERE device_id = ?", device)
    return meter.sent_body, int(stored[0][0])


@pytest.mark.asyncio
async def test_large_push_is_compressed_and_applied(platform_server: PlatformServer) -> None:
    packed, stored = await _push_bytes(platform_server, 1024)
    plain, stored_plain = await _push_bytes(platform_server, 0)  # 0 = never compress
    assert stored == stored_plain == 20
    assert packed * 3 < plain, (packed, plain)
