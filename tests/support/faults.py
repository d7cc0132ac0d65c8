"""A fault-injecting httpx transport that wraps a real transport to the real platform.

The client tests and the sync chaos suite put this in front of the real network stack to
reproduce what township links and meddling proxies do: refused connections, timeouts,
answers lost after the platform committed, requests delivered twice, gateway errors,
captive-portal HTML and truncated bodies. Faults come from an explicit schedule, from a
seeded random draw, or both, optionally only for requests a predicate selects; wrappers
nest, and every injected fault is counted by kind so a test can prove it really happened.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter, deque
from collections.abc import AsyncIterator, Callable, Iterable
from enum import StrEnum
from typing import Any

import httpx

CAPTIVE_PORTAL_HTML = (
    b"<!DOCTYPE html><html><head><title>\xe4\xb8\x8a\xe7\xbd\x91\xe8\xae\xa4\xe8\xaf\x81</title>"
    b"</head><body><form action='/login'>Please sign in to use this network.</form></body></html>"
)
BAD_GATEWAY_HTML = b"<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>"
GATEWAY_TIMEOUT_HTML = b"<html><body><h1>504 Gateway Time-out</h1><hr>nginx</body></html>"


class Fault(StrEnum):
    """What happens to one request. Names say whether the platform saw the request."""

    refuse = "refuse"  # never sent: connection refused
    timeout = "timeout"  # never sent: the client gives up waiting (ReadTimeout)
    lose_response = "lose_response"  # sent and committed, then the link drops (ReadError)
    duplicate = "duplicate"  # sent twice in a row; the caller gets the second answer
    duplicate_concurrent = "duplicate_concurrent"  # sent twice at once; second answer kept
    bad_gateway = "bad_gateway"  # never sent: a proxy answers 502 with HTML
    gateway_timeout = "gateway_timeout"  # sent and committed, the proxy answers 504 HTML
    html = "html"  # never sent: a captive portal answers 200 with its login page
    redirect = "redirect"  # never sent: a captive portal answers 302 to its login page
    truncate = "truncate"  # sent and committed, the body is cut in half
    wrong_types = "wrong_types"  # sent and committed, a proxy rewrote numbers into strings


ALL_FAULTS: tuple[Fault, ...] = tuple(Fault)
# Faults after which the platform may hold the request's effects.
COMMITTING: frozenset[Fault] = frozenset(
    {
        Fault.lose_response,
        Fault.duplicate,
        Fault.duplicate_concurrent,
        Fault.gateway_timeout,
        Fault.truncate,
        Fault.wrong_types,
    }
)


def _html(status: int, body: bytes, request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        status, headers={"content-type": "text/html; charset=utf-8"}, content=body, request=request
    )


def _raw_response(
    status: int, headers: httpx.Headers, raw: bytes, request: httpx.Request
) -> httpx.Response:
    """A response carrying ``raw`` wire bytes; the client decodes them (gzip) as usual."""
    return httpx.Response(status, headers=headers, stream=_RawStream(raw), request=request)


class _RawStream(httpx.AsyncByteStream):
    def __init__(self, raw: bytes) -> None:
        self._raw = raw

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self._raw


def _stringify(value: Any) -> Any:
    """Every number (not bool) becomes a string: JSON that parses but has wrong types."""
    if isinstance(value, dict):
        return {k: _stringify(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify(v) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"n{value}"
    return value


class FaultTransport(httpx.AsyncBaseTransport):
    """Wrap ``inner`` and inject faults into the requests ``match`` selects.

    Each selected request first takes the next entry of the schedule (``None`` entries
    mean "pass"); once the schedule is used up, a fault is drawn with probability
    ``rate`` from ``kinds`` using ``random.Random(seed)``. ``down`` refuses everything
    (a partition) without consuming the schedule. ``injected`` counts faults by kind,
    ``passed`` counts requests forwarded untouched.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        schedule: Iterable[Fault | None] = (),
        rate: float = 0.0,
        kinds: Iterable[Fault] = ALL_FAULTS,
        seed: int = 0,
        match: Callable[[httpx.Request], bool] | None = None,
        timeout_delay: float = 0.0,
    ) -> None:
        self.inner = inner
        self.schedule: deque[Fault | None] = deque(schedule)
        self.rate = rate
        self.kinds = tuple(kinds)
        self.rng = random.Random(seed)
        self.match = match
        self.timeout_delay = timeout_delay
        self.down = False
        self.stalling = asyncio.Event()  # set once a timeout fault starts holding a request
        self.injected: Counter[Fault] = Counter()
        self.passed = 0

    def add(self, *faults: Fault | None) -> None:
        """Append faults to the schedule (``None`` lets one request through)."""
        self.schedule.extend(faults)

    def total_injected(self) -> int:
        return sum(self.injected.values())

    def _next_fault(self, request: httpx.Request) -> Fault | None:
        if self.match is not None and not self.match(request):
            return None
        if self.schedule:
            return self.schedule.popleft()
        if self.rate > 0 and self.kinds and self.rng.random() < self.rate:
            return self.rng.choice(self.kinds)
        return None

    async def _forward(self, request: httpx.Request) -> httpx.Response:
        """Send for real and buffer the raw (still encoded) answer so it can be altered."""
        response = await self.inner.handle_async_request(request)
        try:
            raw = b"".join([chunk async for chunk in response.aiter_raw()])
        finally:
            await response.aclose()
        return _raw_response(response.status_code, response.headers, raw, request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            self.injected[Fault.refuse] += 1
            raise httpx.ConnectError("[Errno 111] Connection refused (partition)", request=request)
        fault = self._next_fault(request)
        if fault is None:
            self.passed += 1
            return await self.inner.handle_async_request(request)
        self.injected[fault] += 1
        await request.aread()  # the body may have to be sent twice or not at all
        return await self._inject(fault, request)

    async def _inject(self, fault: Fault, request: httpx.Request) -> httpx.Response:
        if fault is Fault.refuse:
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        if fault is Fault.timeout:
            self.stalling.set()
            if self.timeout_delay:
                await asyncio.sleep(self.timeout_delay)
            raise httpx.ReadTimeout("timed out (injected)", request=request)
        if fault is Fault.bad_gateway:
            return _html(502, BAD_GATEWAY_HTML, request)
        if fault is Fault.html:
            return _html(200, CAPTIVE_PORTAL_HTML, request)
        if fault is Fault.redirect:
            response = _html(302, CAPTIVE_PORTAL_HTML, request)
            response.headers["location"] = "http://portal.wifi.example/login?from=counterdesk"
            return response
        if fault is Fault.lose_response:
            await self._forward(request)
            raise httpx.ReadError("connection reset after the request was sent", request=request)
        if fault is Fault.gateway_timeout:
            await self._forward(request)
            return _html(504, GATEWAY_TIMEOUT_HTML, request)
        if fault is Fault.duplicate:
            await self._forward(request)
            return await self._forward(request)
        if fault is Fault.duplicate_concurrent:
            _first, second = await asyncio.gather(self._forward(request), self._forward(request))
            return second
        if fault is Fault.truncate:
            response = await self.inner.handle_async_request(request)
            try:
                raw = b"".join([chunk async for chunk in response.aiter_raw()])
            finally:
                await response.aclose()
            cut = raw[: len(raw) // 2]
            headers = httpx.Headers(response.headers)
            headers["content-length"] = str(len(cut))
            return _raw_response(response.status_code, headers, cut, request)
        if fault is Fault.wrong_types:
            whole = await self._forward(request)
            body = json.dumps(_stringify(json.loads(await whole.aread()))).encode()
            return httpx.Response(
                whole.status_code,
                headers={"content-type": "application/json"},
                content=body,
                request=request,
            )
        raise AssertionError(f"unhandled fault {fault}")

    async def aclose(self) -> None:
        await self.inner.aclose()
