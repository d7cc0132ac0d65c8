"""Access and refresh tokens: kept only in the OS keyring, attached by an httpx auth flow.

Tokens never touch a file, a log line or the SQLite store. ``TokenStore`` reads and writes
them under service ``counterdesk`` per profile and user; ``BearerAuth`` adds the bearer
header and, on a 401, refreshes once (saving the rotated refresh token) and retries the
original request. A failed refresh raises :class:`~client.errors.AuthExpired`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from dataclasses import dataclass

import httpx
import keyring
import keyring.errors
from keyring.backends import fail

from client.errors import AuthExpired, NoSecureStore
from client.responses import parse
from client.wire import RefreshRequest, TokenPair

SERVICE = "counterdesk"
_FORWARDED_HEADERS = (
    "accept",
    "accept-encoding",
    "user-agent",
    "x-counterdesk-schema",
    "x-counterdesk-version",
)


@dataclass(frozen=True, slots=True)
class Tokens:
    access: str
    refresh: str

    def __repr__(self) -> str:  # never print secrets, even in a traceback
        return "Tokens(<redacted>)"


def _insecure(backend: keyring.backend.KeyringBackend) -> bool:
    module = type(backend).__module__
    return isinstance(backend, fail.Keyring) or module.endswith("null")


class TokenStore:
    """The keyring entries of one profile+user: ``access:<profile>:<user>`` and
    ``refresh:<profile>:<user>`` under service ``counterdesk``."""

    def __init__(self, profile: str, username: str) -> None:
        self.profile = profile
        self.username = username

    def _name(self, kind: str) -> str:
        return f"{kind}:{self.profile}:{self.username}"

    def _backend(self) -> keyring.backend.KeyringBackend:
        backend = keyring.get_keyring()
        if _insecure(backend):
            raise NoSecureStore(type(backend).__name__)
        return backend

    def load(self) -> Tokens | None:
        try:
            backend = self._backend()
            access = backend.get_password(SERVICE, self._name("access"))
            refresh = backend.get_password(SERVICE, self._name("refresh"))
        except keyring.errors.KeyringError as exc:
            raise NoSecureStore(type(exc).__name__) from None
        if access is None or refresh is None:
            return None
        return Tokens(access, refresh)

    def save(self, tokens: Tokens) -> None:
        try:
            backend = self._backend()
            backend.set_password(SERVICE, self._name("access"), tokens.access)
            backend.set_password(SERVICE, self._name("refresh"), tokens.refresh)
        except keyring.errors.KeyringError as exc:
            raise NoSecureStore(type(exc).__name__) from None

    def clear(self) -> None:
        for kind in ("access", "refresh"):
            try:
                self._backend().delete_password(SERVICE, self._name(kind))
            except keyring.errors.PasswordDeleteError:
                pass
            except keyring.errors.KeyringError as exc:
                raise NoSecureStore(type(exc).__name__) from None


class BearerAuth(httpx.Auth):
    """httpx generator auth flow: bearer token, one refresh on 401, then retry.

    Concurrent requests that hit 401 together refresh only once: the lock holder
    refreshes, the others see the token changed and simply retry with it.
    """

    def __init__(self, store: TokenStore, refresh_url: httpx.URL | str) -> None:
        self._store = store
        self._refresh_url = httpx.URL(refresh_url)
        self._tokens: Tokens | None = None
        self._lock = asyncio.Lock()

    @property
    def username(self) -> str:
        """The user whose tokens this flow uses."""
        return self._store.username

    @property
    def lock(self) -> asyncio.Lock:
        """Held while a refresh is in flight, so only one runs at a time."""
        return self._lock

    def use(self, store: TokenStore) -> None:
        """Switch to another user's keyring entries (after a login)."""
        self._store = store
        self._tokens = None

    def stored(self) -> Tokens | None:
        """The current tokens, from memory or the keyring; ``None`` when signed out."""
        if self._tokens is None:
            self._tokens = self._store.load()
        return self._tokens

    def clear(self) -> None:
        """Forget the tokens here and in the keyring (logout, refresh refused)."""
        self._tokens = None
        self._store.clear()

    def _current(self) -> Tokens:
        tokens = self.stored()
        if tokens is None:
            raise AuthExpired("no session")
        return tokens

    def _refresh_request(self, original: httpx.Request, refresh_token: str) -> httpx.Request:
        headers = {k: v for k, v in original.headers.items() if k.lower() in _FORWARDED_HEADERS}
        body = RefreshRequest(refresh_token=refresh_token).model_dump(mode="json")
        return httpx.Request("POST", self._refresh_url, json=body, headers=headers)

    def refresh_body(self) -> dict[str, str]:
        """The JSON body of a refresh call with the stored refresh token."""
        return RefreshRequest(refresh_token=self._current().refresh).model_dump(mode="json")

    def accept_refresh(self, response: httpx.Response) -> TokenPair:
        """Store the rotated pair from a refresh answer, or end the session if refused."""
        if response.status_code in (400, 401, 403, 422):
            self.clear()
            raise AuthExpired("refresh refused", status=response.status_code)
        pair = parse(response, TokenPair)  # other failures raise their own typed error
        self._tokens = Tokens(pair.access_token, pair.refresh_token)
        self._store.save(self._tokens)
        return pair

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        await request.aread()  # buffered so the request can be sent again after a refresh
        used = self._current()
        request.headers["Authorization"] = f"Bearer {used.access}"
        response = yield request
        if response.status_code != 401:
            return
        async with self._lock:
            current = self._current()
            if current.access == used.access:
                refresh_response = yield self._refresh_request(request, current.refresh)
                await refresh_response.aread()
                self.accept_refresh(refresh_response)
        request.headers["Authorization"] = f"Bearer {self._current().access}"
        yield request
