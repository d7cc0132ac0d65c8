"""The platform's time from the `Date` header: parsed per RFC 9110, seen on every response
(errors too), and the drift estimate that uses monotonic time, not the wall clock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import pytest_asyncio

from client.api import PlatformClient
from client.errors import ServerError
from client.server_time import DRIFT_WARNING, ServerTime, ServerTimeWatch, date_header
from client.settings import ClientSettings, RetryPolicy

# RFC 9110 §5.6.7: its example date in the IMF-fixdate form and the two obsolete forms.
RFC_EXAMPLE = datetime(1994, 11, 6, 8, 49, 37, tzinfo=UTC)


def test_only_the_platform_s_json_answers_count() -> None:
    watch = ServerTimeWatch(wall=lambda: RFC_EXAMPLE, monotonic=lambda: 1.0)
    dated = {"date": "Sun, 06 Nov 1994 08:49:37 GMT"}
    portal = httpx.Response(200, headers={**dated, "content-type": "text/html"})
    redirect = httpx.Response(
        302, headers={**dated, "content-type": "application/json", "location": "http://x/"}
    )
    assert watch.observe(portal) is None and watch.observe(redirect) is None
    assert watch.latest is None
    answer = httpx.Response(503, headers={**dated, "content-type": "application/json"})
    assert watch.observe(answer) == ServerTime(RFC_EXAMPLE, RFC_EXAMPLE, 1.0) == watch.latest


def _response(date: str | None) -> httpx.Response:
    headers = {"date": date} if date is not None else {}
    return httpx.Response(200, headers=headers)


@pytest.mark.parametrize(
    "value",
    [
        "Sun, 06 Nov 1994 08:49:37 GMT",  # IMF-fixdate
        "Sunday, 06-Nov-94 08:49:37 GMT",  # obsolete RFC 850 format
        "Sun Nov  6 08:49:37 1994",  # obsolete asctime format
    ],
)
def test_date_header_forms_of_rfc_9110(value: str) -> None:
    """RFC 9110 §5.6.7: a recipient must accept all three formats; all are UTC."""
    assert date_header(_response(value)) == RFC_EXAMPLE


@pytest.mark.parametrize("value", [None, "", "yesterday", "Sun, 99 Nov 1994 08:49:37 GMT", "\x00"])
def test_missing_or_malformed_date_is_ignored(value: str | None) -> None:
    assert date_header(_response(value)) is None


def test_drift_uses_the_monotonic_time_elapsed_since_the_response() -> None:
    seen = ServerTime(RFC_EXAMPLE, RFC_EXAMPLE + timedelta(minutes=3), monotonic=100.0)
    assert seen.estimate(160.0) == RFC_EXAMPLE + timedelta(seconds=60)
    # the device clock moved exactly as much as monotonic time: the offset it had
    assert seen.drift(RFC_EXAMPLE + timedelta(minutes=4), 160.0) == timedelta(minutes=3)
    assert not seen.drifting(RFC_EXAMPLE + timedelta(minutes=4), 160.0)
    # set back by an hour since: drifting, in the past direction
    assert seen.drift(RFC_EXAMPLE - timedelta(minutes=56), 160.0) == -timedelta(minutes=57)
    assert seen.drifting(RFC_EXAMPLE - timedelta(minutes=56), 160.0)
    edge = RFC_EXAMPLE + timedelta(seconds=60) + DRIFT_WARNING
    assert not seen.drifting(edge, 160.0)
    assert seen.drifting(edge + timedelta(seconds=1), 160.0)


class DatedServer:
    """A real HTTP server on loopback that answers with the status and Date the test sets."""

    def __init__(self) -> None:
        self.date: str | None = "Sun, 06 Nov 1994 08:49:37 GMT"
        self.status = 200
        self.server: asyncio.Server | None = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        body = (
            b'{"error": "boom"}'
            if self.status >= 400
            else b'{"status": "ok", "epoch": 1, "schema_versions": [1]}'
        )
        head = [f"HTTP/1.1 {self.status} X", "Content-Type: application/json"]
        if self.date is not None:
            head.append(f"Date: {self.date}")
        head += [f"Content-Length: {len(body)}", "Connection: close", "", ""]
        writer.write("\r\n".join(head).encode("latin-1") + body)
        await writer.drain()
        writer.close()

    async def start(self) -> str:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"


@pytest_asyncio.fixture
async def dated() -> AsyncIterator[tuple[DatedServer, PlatformClient, list[float]]]:
    server = DatedServer()
    base = await server.start()
    mono = [50.0]
    watch = ServerTimeWatch(wall=lambda: RFC_EXAMPLE, monotonic=lambda: mono[0])
    settings = ClientSettings(
        base_url=base, profile="t", retry=RetryPolicy(attempts=1, timeout=5), trust_env=False
    )
    api = PlatformClient(settings, server_time=watch)
    yield server, api, mono
    await api.aclose()
    assert server.server is not None
    server.server.close()


@pytest.mark.asyncio
async def test_every_response_teaches_the_platform_time_errors_included(
    dated: tuple[DatedServer, PlatformClient, list[float]],
) -> None:
    server, api, mono = dated
    heard: list[ServerTime] = []
    api.server_time.subscribe(heard.append)
    assert api.server_time.latest is None
    server.status = 503
    with pytest.raises(ServerError):
        await api.health()
    first = ServerTime(RFC_EXAMPLE, RFC_EXAMPLE, 50.0)
    assert api.server_time.latest == first and heard == [first]
    server.status, server.date = 200, "Sun, 06 Nov 1994 09:00:00 GMT"
    mono[0] = 60.0
    assert (await api.health()).epoch == 1
    second = ServerTime(RFC_EXAMPLE.replace(hour=9, minute=0, second=0), RFC_EXAMPLE, 60.0)
    assert api.server_time.latest == second and heard == [first, second]
    for missing in (None, "not a date"):
        server.date = missing
        await api.health()
        assert api.server_time.latest == second  # nothing learned, nothing forgotten
    assert len(heard) == 2
