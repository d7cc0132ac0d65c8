"""One platform session: the long-lived HTTP client, the auth flow and the retry policy.

Every call goes through :meth:`Session.call`, which sends, maps httpx failures to typed
errors, validates the body against the wire model and, for idempotent calls only,
retries transient failures (connect errors, timeouts, 502/503/504) with exponential
backoff and jitter from ``stamina``, bounded in attempts and total time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

import httpx
import stamina
from pydantic import BaseModel

from client.device_proof import DeviceProver
from client.errors import ClientError, Forbidden, NoDeviceKey, ServerError, Timeout, Unreachable
from client.responses import from_transport, parse
from client.server_time import ServerTimeWatch
from client.settings import API_PREFIX, ClientSettings
from client.tokens import BearerAuth, TokenStore
from client.transport import build_http_client

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

RETRY_STATUSES = frozenset({502, 503, 504})
NO_AUTH: Any = None  # passed as ``auth=`` to send a request without the bearer flow


def is_retryable(exc: Exception) -> bool:
    """Only failures where trying the same request again can help, and is safe."""
    if isinstance(exc, ServerError):
        return exc.status in RETRY_STATUSES
    return isinstance(exc, Unreachable | Timeout)


class Session:
    """Owns the ``httpx.AsyncClient`` of one signed-in profile; close it with ``aclose``."""

    def __init__(
        self,
        settings: ClientSettings,
        *,
        username: str = "",
        transport: httpx.AsyncBaseTransport | None = None,
        server_time: ServerTimeWatch | None = None,
    ) -> None:
        self.settings = settings
        refresh_url = settings.base_url.rstrip("/") + API_PREFIX + "/auth/refresh"
        self.auth = BearerAuth(TokenStore(settings.profile, username), refresh_url)
        self.server_time = server_time or ServerTimeWatch()  # the platform's clock, per response
        self.http = build_http_client(
            settings, auth=self.auth, transport=transport, on_response=self.server_time.hook
        )
        self.prover: DeviceProver | None = None  # this terminal's key, once the store gave it
        policy = settings.retry
        self._retrying = stamina.AsyncRetryingCaller(
            attempts=policy.attempts,
            timeout=policy.timeout,
            wait_initial=policy.wait_initial,
            wait_max=policy.wait_max,
            wait_jitter=policy.wait_jitter,
        ).on(is_retryable)

    async def __aenter__(self) -> Session:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.http.aclose()

    async def send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
        authenticated: bool = True,
        prove: str | None = None,
    ) -> httpx.Response:
        """Send once and return the read response; transport failures become typed errors.

        ``prove``: the SHA-256 (hex) of the uncompressed body; the request then carries
        this terminal's device proof, signed afresh for every attempt."""
        extra: dict[str, Any] = {} if authenticated else {"auth": NO_AUTH}
        try:
            request = self.http.build_request(
                method, path, json=json, content=content, params=params, headers=headers
            )
            if prove is not None:
                if self.prover is None:
                    raise NoDeviceKey()
                request.headers.update(
                    self.prover.headers(
                        request.method, request.url.path, request.url.query.decode(), prove
                    )
                )
            return await self.http.send(request, **extra)
        except httpx.HTTPError as exc:
            raise from_transport(exc) from exc

    async def retrying(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """Run ``attempt`` under the bounded retry policy for transient failures."""
        return await self._retrying(attempt)

    async def call(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        idempotent: bool,
        json: Any = None,
        content: bytes | None = None,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
        authenticated: bool = True,
        prove: str | None = None,
    ) -> M:
        """Send, validate as ``model``; retried only when ``idempotent`` is true. With
        ``prove`` (see `send`) a `device_clock_skew` refusal corrects the device's idea
        of platform time and the request is sent once more."""

        async def attempt() -> M:
            response = await self.send(
                method,
                path,
                json=json,
                content=content,
                params=params,
                headers=headers,
                authenticated=authenticated,
                prove=prove,
            )
            return parse(response, model)

        async def once() -> M:
            try:
                return await attempt()
            except Forbidden as exc:
                platform_time = (
                    exc.detail.get("platform_time") if isinstance(exc.detail, dict) else None
                )
                if (
                    exc.reason != "device_clock_skew"
                    or self.prover is None
                    or platform_time is None
                ):
                    raise
                self.prover.learn_platform_time(float(platform_time))
                return await attempt()

        return await self.retrying(once) if idempotent else await once()


__all__ = ["ClientError", "Session", "is_retryable"]
