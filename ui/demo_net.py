"""The demo's "simulate offline" switch: a transport that can cut the app off for real.

It wraps the normal httpx transport; while switched off every request fails exactly as
an unplugged cable does (``httpx.ConnectError``), so the client, the sync engine and the
sign-in all take their real offline paths.
"""

from __future__ import annotations

import httpx


class SwitchableTransport(httpx.AsyncBaseTransport):
    """Passes requests through unless :attr:`offline` is set."""

    def __init__(self, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.inner = inner or httpx.AsyncHTTPTransport(retries=0)
        self.offline = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.offline:
            raise httpx.ConnectError("simulated offline (demo switch)", request=request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
