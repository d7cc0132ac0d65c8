"""Small synchronous helpers for talking to the real platform in tests (plain httpx)."""

from __future__ import annotations

from typing import Any

import httpx
import uuid6

from client.wire import SCHEMA_HEADER, SCHEMA_VERSION
from tests.fixtures.platform import PlatformServer
from tests.support.signing import DeviceKey, UserSigner, register_device


def anonymous(server: PlatformServer) -> httpx.Client:
    return httpx.Client(
        base_url=server.api, headers={SCHEMA_HEADER: str(SCHEMA_VERSION)}, timeout=10
    )


def login(
    server: PlatformServer,
    username: str,
    device_id: str | None = None,
    *,
    device: DeviceKey | None = None,
    register: bool = True,
) -> httpx.Client:
    """A client logged in as `username` (demo password) on a terminal that a supervisor of
    the office registered (with its key), the user's signing key registered, and every
    request carrying the terminal's device proof. `client.signer` signs mutations."""
    device_id = device_id or (device.device_id if device else None)
    device_id = device_id or f"dev-{username}-{uuid6.uuid7().hex[-12:]}"
    device = device or DeviceKey(device_id)
    client = anonymous(server)
    client.event_hooks["request"] = [device.hook]
    r = client.post(
        "/auth/login",
        json={
            "username": username,
            "password": server.users[username].password,
            "device_id": device_id,
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    client.headers["Authorization"] = f"Bearer {body['access_token']}"
    client.refresh_token = body["refresh_token"]  # type: ignore[attr-defined]
    client.device_id = device_id  # type: ignore[attr-defined]
    client.user = body["user"]  # type: ignore[attr-defined]
    client.device = device  # type: ignore[attr-defined]
    client.signer = UserSigner(body["user"]["id"])  # type: ignore[attr-defined]
    office = body["user"]["office_code"]
    if office is not None and register:
        info = register_device(server.api, server.users, office, device)
        client.terminal_code = info["terminal_code"]  # type: ignore[attr-defined]
        r = client.signer.register(client, device)  # type: ignore[attr-defined]
        assert r.status_code == 200, r.text
    return client


def error_code(response: httpx.Response) -> str:
    body: dict[str, Any] = response.json()
    return str(body["error"])
