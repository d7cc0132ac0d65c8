"""X-Forwarded-For spray against the real platform: the header counts only from a configured
proxy, and then only its right-most untrusted hop."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from central.client_address import client_address
from tests.central.helpers import anonymous, error_code
from tests.fixtures.platform import PlatformServer

GOOD = {"username": "nm-clerk1", "password": "Demo@2026", "device_id": "d"}


def _guess(client, name: str, xff: str | None):  # type: ignore[no-untyped-def]
    headers = {"X-Forwarded-For": xff} if xff is not None else {}
    return client.post(
        "/auth/login",
        json={"username": name, "password": "wrong", "device_id": "d"},
        headers=headers,
    )


def test_rotating_xff_from_loopback_still_hits_the_address_limit(
    platform_factory: Callable[..., PlatformServer],
) -> None:
    server = platform_factory(login_address_failures=4)  # no trusted proxy configured
    client = anonymous(server)
    for i, name in enumerate("abcd"):
        assert _guess(client, name, f"203.0.113.{i + 1}").status_code == 401
    # a fifth "address" is still loopback: refused before the password is even looked at
    r = client.post("/auth/login", json=GOOD, headers={"X-Forwarded-For": "198.51.100.77"})
    assert r.status_code == 429 and error_code(r) == "rate_limited"
    assert int(r.headers["Retry-After"]) > 0
    assert r.json()["detail"]["retry_after"] > 0


def test_trusted_proxy_counts_the_real_client(
    platform_factory: Callable[..., PlatformServer],
) -> None:
    server = platform_factory(login_address_failures=3, trusted_proxies=("127.0.0.1",))
    client = anonymous(server)
    for name in "abc":
        assert _guess(client, name, "203.0.113.9").status_code == 401
    # that client is now limited, even when it also writes other addresses to the LEFT of
    # what the proxy appended: only the right-most untrusted hop counts
    r = client.post(
        "/auth/login", json=GOOD, headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.9"}
    )
    assert r.status_code == 429
    # another real client behind the same proxy is not
    r = client.post("/auth/login", json=GOOD, headers={"X-Forwarded-For": "203.0.113.10"})
    assert r.status_code == 200


def test_trusted_proxy_chain_skips_trusted_hops(
    platform_factory: Callable[..., PlatformServer],
) -> None:
    server = platform_factory(login_address_failures=2, trusted_proxies=("127.0.0.1", "10.0.0.0/8"))
    client = anonymous(server)
    # client 203.0.113.5 -> proxy 10.1.1.1 -> (loopback) platform; forged hops on the left
    for forged in ("1.1.1.1", "2.2.2.2"):
        r = _guess(client, "x", f"{forged}, 203.0.113.5, 10.1.1.1")
        assert r.status_code == 401
    r = client.post(
        "/auth/login", json=GOOD, headers={"X-Forwarded-For": "9.9.9.9, 203.0.113.5, 10.1.1.1"}
    )
    assert r.status_code == 429


@pytest.mark.parametrize(
    ("peer", "xff", "trusted", "expected"),
    [
        ("127.0.0.1", ["203.0.113.1"], (), "127.0.0.1"),  # nobody trusted
        ("192.0.2.7", ["203.0.113.1"], ("127.0.0.1",), "192.0.2.7"),  # peer not a proxy
        ("127.0.0.1", ["203.0.113.1"], ("127.0.0.1",), "203.0.113.1"),
        ("127.0.0.1", ["6.6.6.6, 203.0.113.1"], ("127.0.0.1",), "203.0.113.1"),
        ("127.0.0.1", ["6.6.6.6", "203.0.113.1"], ("127.0.0.1",), "203.0.113.1"),  # 2 headers
        ("127.0.0.1", ["203.0.113.1, 10.0.0.2"], ("127.0.0.1", "10.0.0.0/8"), "203.0.113.1"),
        ("127.0.0.1", [], ("127.0.0.1",), "127.0.0.1"),  # proxy sent no header
        ("127.0.0.1", ["10.0.0.3, 10.0.0.2"], ("127.0.0.0/8", "10.0.0.0/8"), "10.0.0.3"),
        ("::1", ["[2001:db8::5]:443"], ("::1",), "2001:db8::5"),
        ("127.0.0.1", ["203.0.113.1:5555"], ("127.0.0.1",), "203.0.113.1"),
        ("127.0.0.1", ["unknown"], ("127.0.0.1",), "unknown"),
        (None, ["203.0.113.1"], ("127.0.0.1",), "?"),
    ],
)
def test_client_address_rules(
    peer: str | None, xff: list[str], trusted: tuple[str, ...], expected: str
) -> None:
    assert client_address(peer, xff, trusted) == expected


def test_serve_refuses_a_malformed_trusted_proxy(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from central.__main__ import main

    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--db", str(tmp_path / "x.db"), "--trusted-proxy", "10.0.0.0/33"])
    assert exit_info.value.code == 2
    assert "--trusted-proxy" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()
