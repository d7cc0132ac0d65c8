"""Build the one long-lived ``httpx.AsyncClient`` a session uses.

One client per session keeps TLS sessions and connections warm across syncs. TLS trust
comes from the OS store (``truststore``) so a government private root CA installed by
the IT department just works; an extra PEM bundle can be added on top. Tests inject a
transport (e.g. the fault-injecting wrapper) in front of the real network stack.
"""

from __future__ import annotations

import ssl
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import httpx
import truststore

from client.settings import API_PREFIX, SCHEMA_HEADER, ClientSettings
from client.version import APP_VERSION, VERSION_HEADER

_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def ssl_context(settings: ClientSettings) -> ssl.SSLContext:
    """The OS trust store, plus the optional extra CA bundle from settings."""
    ctx = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if settings.extra_ca_bundle is not None:
        ctx.load_verify_locations(cafile=str(settings.extra_ca_bundle))
    return ctx


def _verify(settings: ClientSettings) -> ssl.SSLContext | bool:
    if settings.verify_tls:
        return ssl_context(settings)
    host = urlsplit(settings.base_url).hostname or ""
    if host not in _LOOPBACK:
        raise ValueError("TLS verification may only be disabled for loopback test servers")
    return False


def _limits(settings: ClientSettings) -> httpx.Limits:
    return httpx.Limits(
        max_connections=settings.max_connections,
        max_keepalive_connections=settings.max_connections,
    )


def network_transport(settings: ClientSettings) -> httpx.AsyncHTTPTransport:
    """A real network transport for these settings, to wrap (fault injection, tests).

    It carries TLS and an explicit settings proxy; environment proxies are resolved
    only by :func:`build_http_client` when it builds its own transports.
    """
    proxy = httpx.Proxy(settings.proxy) if settings.proxy else None
    return httpx.AsyncHTTPTransport(verify=_verify(settings), limits=_limits(settings), proxy=proxy)


def build_http_client(
    settings: ClientSettings,
    *,
    auth: httpx.Auth | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    on_response: Callable[[httpx.Response], Awaitable[None]] | None = None,
) -> httpx.AsyncClient:
    """The session's AsyncClient: base URL, explicit timeouts, gzip, schema header.

    ``on_response`` sees every response (errors included) before the caller does; the
    session learns the platform's time from it (``client.server_time``).

    When ``transport`` is given it replaces the network transport (and with it the
    proxy and TLS setup, which then belong to that transport); ``trust_env`` is off in
    that case so environment proxies cannot bypass it.
    """
    t = settings.timeouts
    headers = {
        SCHEMA_HEADER: str(settings.schema_version),
        VERSION_HEADER: APP_VERSION,
        "Accept": "application/json",
        "Accept-Encoding": "gzip",
        "User-Agent": settings.user_agent,
    }
    base_url = settings.base_url.rstrip("/") + API_PREFIX
    timeout = httpx.Timeout(connect=t.connect, read=t.read, write=t.write, pool=t.pool)
    hooks = {"response": [on_response]} if on_response is not None else {}
    if transport is not None:
        return httpx.AsyncClient(
            base_url=base_url,
            auth=auth,
            headers=headers,
            timeout=timeout,
            event_hooks=hooks,
            follow_redirects=False,
            transport=transport,
            trust_env=False,
        )
    return httpx.AsyncClient(
        base_url=base_url,
        auth=auth,
        headers=headers,
        timeout=timeout,
        follow_redirects=False,  # a redirect means a captive portal, never our platform
        event_hooks=hooks,
        verify=_verify(settings),
        limits=_limits(settings),
        proxy=settings.proxy,
        trust_env=settings.trust_env,
    )
