"""Auth against the real platform: login, rate limit, refresh rotation, revocation, expiry."""

from __future__ import annotations

from collections.abc import Callable

from tests.central.helpers import anonymous, error_code, login
from tests.fixtures.platform import PlatformServer


def test_login_returns_user_policy_and_tokens(platform_server: PlatformServer) -> None:
    client = login(platform_server, "nm-clerk1")
    assert client.user["office_code"] == "520102"  # type: ignore[attr-defined]
    assert client.user["roles"] == ["clerk"]  # type: ignore[attr-defined]
    assert client.get("/catalog").status_code == 200


def test_wrong_password_is_401_with_bilingual_message(platform_server: PlatformServer) -> None:
    r = anonymous(platform_server).post(
        "/auth/login", json={"username": "nm-clerk2", "password": "nope", "device_id": "d"}
    )
    assert r.status_code == 401
    body = r.json()
    assert body["error"] == "bad_credentials" and body["message"] and body["message_en"]


def test_login_is_rate_limited(fresh_platform: PlatformServer) -> None:
    client = anonymous(fresh_platform)
    bad = {"username": "zz-clerk1", "password": "wrong", "device_id": "d"}
    codes = [client.post("/auth/login", json=bad).status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    good = {**bad, "password": fresh_platform.users["zz-clerk1"].password}
    r = client.post("/auth/login", json=good)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    # Another user from the same address is not locked out by someone else's failures.
    other = {"username": "zz-clerk2", "password": "Demo@2026", "device_id": "d"}
    assert client.post("/auth/login", json=other).status_code == 200


def test_refresh_rotates_and_reuse_revokes_the_family(platform_server: PlatformServer) -> None:
    client = login(platform_server, "nm-clerk2")
    first = client.refresh_token  # type: ignore[attr-defined]
    r = client.post("/auth/refresh", json={"refresh_token": first})
    assert r.status_code == 200
    pair = r.json()
    assert pair["refresh_token"] != first
    # the access token issued before the refresh no longer works
    assert client.get("/catalog").status_code == 401
    client.headers["Authorization"] = f"Bearer {pair['access_token']}"
    assert client.get("/catalog").status_code == 200
    # the owner refreshes again; then the first (rotated) token comes back: someone holds a
    # copy, so it is refused and the whole family is revoked
    r = client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert r.status_code == 200
    latest = r.json()
    r = client.post("/auth/refresh", json={"refresh_token": first})
    assert r.status_code == 401 and error_code(r) == "refresh_invalid"
    client.headers["Authorization"] = f"Bearer {latest['access_token']}"
    assert client.get("/catalog").status_code == 401
    r = client.post("/auth/refresh", json={"refresh_token": latest["refresh_token"]})
    assert r.status_code == 401


def test_refresh_answer_lost_gets_a_grace_window(
    platform_factory: Callable[..., PlatformServer],
) -> None:
    """The first refresh's answer never arrived: the same token again within the grace window
    gets a new pair and voids the lost one; after the window it revokes the family."""
    now = [1_800_000_000.0]
    server = platform_factory(clock=lambda: now[0], refresh_grace=60.0)
    client = login(server, "nm-clerk1")
    spent = client.refresh_token  # type: ignore[attr-defined]
    lost = client.post("/auth/refresh", json={"refresh_token": spent}).json()
    now[0] += 5
    r = client.post("/auth/refresh", json={"refresh_token": spent})
    assert r.status_code == 200
    again = r.json()
    assert again["refresh_token"] != lost["refresh_token"]
    client.headers["Authorization"] = f"Bearer {lost['access_token']}"
    assert client.get("/catalog").status_code == 401  # the lost pair is void
    r = client.post("/auth/refresh", json={"refresh_token": lost["refresh_token"]})
    assert r.status_code == 401
    client.headers["Authorization"] = f"Bearer {again['access_token']}"
    assert client.get("/catalog").status_code == 200
    # past the window (counted from the first use) the spent token is a stolen copy
    now[0] += 60
    r = client.post("/auth/refresh", json={"refresh_token": spent})
    assert r.status_code == 401 and error_code(r) == "refresh_invalid"
    assert client.get("/catalog").status_code == 401
    r = client.post("/auth/refresh", json={"refresh_token": again["refresh_token"]})
    assert r.status_code == 401


def test_logout_revokes_access_and_refresh(platform_server: PlatformServer) -> None:
    client = login(platform_server, "zz-super")
    refresh = client.refresh_token  # type: ignore[attr-defined]
    assert client.post("/auth/logout", json={"refresh_token": refresh}).status_code == 200
    r = client.get("/catalog")
    assert r.status_code == 401 and error_code(r) == "token_invalid"
    assert client.post("/auth/refresh", json={"refresh_token": refresh}).status_code == 401


def test_expired_tokens_fail(platform_factory: Callable[..., PlatformServer]) -> None:
    now = [1_800_000_000.0]
    server = platform_factory(clock=lambda: now[0], access_ttl=60, refresh_ttl=3600)
    client = login(server, "nm-clerk1")
    assert client.get("/catalog").status_code == 200
    now[0] += 61
    r = client.get("/catalog")
    assert r.status_code == 401 and error_code(r) == "token_expired"
    assert r.headers["WWW-Authenticate"] == "Bearer"
    r = client.post("/auth/refresh", json={"refresh_token": client.refresh_token})  # type: ignore[attr-defined]
    assert r.status_code == 200
    now[0] += 3601
    r = client.post("/auth/refresh", json={"refresh_token": r.json()["refresh_token"]})
    assert r.status_code == 401


def test_missing_or_garbage_token_is_401(platform_server: PlatformServer) -> None:
    client = anonymous(platform_server)
    assert error_code(client.get("/catalog")) == "not_authenticated"
    client.headers["Authorization"] = "Bearer not-a-token"
    assert client.get("/catalog").status_code == 401


def test_unsupported_schema_is_426_upgrade_required(platform_server: PlatformServer) -> None:
    client = login(platform_server, "nm-clerk1")
    for value in ("0", "2", "abc"):
        r = client.get("/catalog", headers={"X-CounterDesk-Schema": value})
        assert r.status_code == 426 and error_code(r) == "upgrade_required"
    del client.headers["X-CounterDesk-Schema"]
    assert client.get("/catalog").status_code == 426
    assert client.get("/health").status_code == 200  # health needs no schema header


def test_limiter_forgets_stale_keys() -> None:
    from central.ratelimit import LoginLimiter

    limiter = LoginLimiter(max_failures=3, window=10)
    limiter.MAX_KEYS = 5
    for i in range(10):
        limiter.failed(f"user{i}", "1.2.3.4", now=float(i))
    limiter.failed("late", "5.6.7.8", now=100.0)  # everything before t=90 is stale: pruned
    assert limiter.retry_after("late", "9.9.9.9", now=100.0) == 0
    assert len(limiter._failures) <= 3
    for _ in range(2):
        limiter.failed("late", "5.6.7.8", now=101.0)
    assert limiter.retry_after("late", "9.9.9.9", now=102.0) > 0


def test_expired_tokens_are_purged_at_login(
    platform_factory: Callable[..., PlatformServer],
) -> None:
    import sqlite3

    now = [1_800_000_000.0]
    server = platform_factory(clock=lambda: now[0], access_ttl=60, refresh_ttl=120)
    login(server, "nm-clerk1")
    now[0] += 2 * 86400
    login(server, "nm-clerk2")
    with sqlite3.connect(server.db_path) as conn:
        expiries = [
            r[0]  # the supervisor who registered the terminals has tokens too
            for r in conn.execute("SELECT expires_at FROM tokens WHERE user_id != 'u-nm-super'")
        ]
    assert len(expiries) == 2 and min(expiries) > now[0]


def test_one_address_guessing_many_usernames_is_limited(
    platform_factory: Callable[..., PlatformServer],
) -> None:
    server = platform_factory(login_address_failures=4)
    client = anonymous(server)
    for name in ("a", "b", "c", "d"):
        r = client.post("/auth/login", json={"username": name, "password": "x", "device_id": "d"})
        assert r.status_code == 401
    good = {"username": "nm-clerk1", "password": "Demo@2026", "device_id": "d"}
    r = client.post("/auth/login", json=good)
    assert r.status_code == 429 and error_code(r) == "rate_limited"
