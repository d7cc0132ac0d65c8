"""The platform's minimum client version: 426 with the minimum, /health tells it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from central.__main__ import main as central_main
from client.version import VERSION_HEADER
from tests.central.helpers import anonymous, error_code
from tests.fixtures.platform import PlatformServer


def _login(client: httpx.Client, server: PlatformServer, version: str | None) -> httpx.Response:
    headers = {} if version is None else {VERSION_HEADER: version}
    user = server.users["nm-clerk1"]
    return client.post(
        "/auth/login",
        json={"username": user.username, "password": user.password, "device_id": "dev-v"},
        headers=headers,
    )


def test_older_clients_get_426_with_the_minimum_and_nothing_happens(
    platform_factory: Callable[..., PlatformServer],
) -> None:
    server = platform_factory(min_client_version="0.2.0")
    client = anonymous(server)
    assert client.get("/health").json()["min_client_version"] == "0.2.0"
    for version in ("0.1.0", "0.1.99", "0.1", None, "", "abc", "0.2.0-beta", "0.2.0.1"):
        r = _login(client, server, version)
        assert r.status_code == 426, version
        body = r.json()
        assert body["error"] == "upgrade_required"
        assert body["detail"]["min_version"] == "0.2.0"
        assert "0.2.0 或更高版本" in body["message"] and "0.2.0 or later" in body["message_en"]
        assert "access_token" not in body  # refused before the login ran
    for version in ("0.2.0", "0.10.0", "1.0", "2"):  # numeric order, not text order
        assert _login(client, server, version).status_code == 200, version


def test_without_a_minimum_every_version_is_served(fresh_platform: PlatformServer) -> None:
    client = anonymous(fresh_platform)
    assert client.get("/health").json()["min_client_version"] is None
    assert _login(client, fresh_platform, None).status_code == 200
    assert error_code(client.get("/catalog")) == "not_authenticated"


@pytest.mark.parametrize("bad", ["abc", "1.2.3.4", "-1", ""])
def test_a_bad_minimum_is_refused_at_start(tmp_path: Path, bad: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        central_main(["serve", "--db", str(tmp_path / "c.db"), "--min-client-version", bad])
    assert stopped.value.code == 2
    assert not (tmp_path / "c.db").exists()
