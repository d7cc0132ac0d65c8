"""Small synchronous helpers for talking to the real platform in tests (plain httpx)."""

from __future__ import annotations

from typing import Any

import httpx
import uuid6

from client.wire import SCHEMA_HEADER, SCHEMA_VERSION
from tests.fixtures.platform import PlatformServer


def anonymous(server: PlatformServer) -> httpx.Client:
    return httpx.Client(
        base_url=server.api, headers={SCHEMA_HEADER: str(SCHEMA_VERSION)}, timeout=10
    )


def login(server: PlatformServer, username: str, device_id: str | None = None) -> httpx.Client:
    """A client logged in as `username` (demo password) with its device registered."""
    device_id = device_id or f"dev-{username}-{uuid6.uuid7().hex[-12:]}"
    client = anonymous(server)
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
    if body["user"]["office_code"] is not None:
        r = client.post("/devices/register", json={"device_id": device_id, "name": "测试终端"})
        assert r.status_code == 200, r.text
        client.terminal_code = r.json()["terminal_code"]  # type: ignore[attr-defined]
    return client


def error_code(response: httpx.Response) -> str:
    body: dict[str, Any] = response.json()
    return str(body["error"])
