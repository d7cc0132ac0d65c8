"""An httpx transport wrapper that counts bytes on the wire, for benchmarks and budgets.

Counts what actually crosses the socket at the HTTP layer: request bodies as sent and
response bodies as received *before* decompression (so gzip savings show), plus the
header bytes of both directions.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx


def _header_bytes(headers: httpx.Headers) -> int:
    return sum(len(k) + len(v) + 4 for k, v in headers.raw)


class _CountingStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.Response, meter: MeteringTransport) -> None:
        self._inner = inner
        self._meter = meter

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner.aiter_raw():
            self._meter.received_body += len(chunk)
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


class MeteringTransport(httpx.AsyncBaseTransport):
    """Wrap ``inner`` and count requests and bytes in each direction."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests = 0
        self.sent_body = 0
        self.sent_headers = 0
        self.received_body = 0
        self.received_headers = 0

    @property
    def sent(self) -> int:
        return self.sent_body + self.sent_headers

    @property
    def received(self) -> int:
        return self.received_body + self.received_headers

    def reset(self) -> None:
        self.requests = self.sent_body = self.sent_headers = 0
        self.received_body = self.received_headers = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        self.requests += 1
        self.sent_body += len(body)
        self.sent_headers += _header_bytes(request.headers) + len(str(request.url)) + 16
        response = await self.inner.handle_async_request(request)
        self.received_headers += _header_bytes(response.headers) + 16
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=_CountingStream(response, self),
            request=request,
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self.inner.aclose()
