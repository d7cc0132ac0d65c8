"""Catalog with ETag, device registration and terminal codes, health, size and 422 limits."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx

from tests.central.helpers import anonymous, error_code, login
from tests.fixtures.platform import PlatformServer
from tests.support.signing import DeviceKey


def test_catalog_etag_304_and_office_scope(platform_server: PlatformServer) -> None:
    city = login(platform_server, "nm-clerk1")
    town = login(platform_server, "zz-clerk1")
    r = city.get("/catalog")
    assert r.status_code == 200
    body = r.json()
    assert body["office"]["name"] == "贵阳市南明区政务服务中心"
    assert len(body["items"]) >= 30
    assert body["etag"] == r.headers["ETag"]
    assert body["calendar"]["days"]["2026-12-31"] is False
    r304 = city.get("/catalog", headers={"If-None-Match": r.headers["ETag"]})
    assert r304.status_code == 304 and r304.content == b""
    assert city.get("/catalog", headers={"If-None-Match": '"stale"'}).status_code == 200
    town_body = town.get("/catalog").json()
    assert town_body["office"]["kind"] == "township"
    assert town_body["etag"] != body["etag"]
    names = {i["name"] for i in town_body["items"]}
    assert "农村宅基地和建房（规划许可）审批" in names and "建设工程规划许可" not in names


def test_catalog_etag_changes_when_the_catalog_changes(fresh_platform: PlatformServer) -> None:
    import sqlite3

    client = login(fresh_platform, "nm-clerk1")
    etag = client.get("/catalog").headers["ETag"]
    with sqlite3.connect(fresh_platform.db_path) as conn:
        conn.execute("UPDATE calendar SET days = '{\"2027-01-02\": true}'")
    r = client.get("/catalog", headers={"If-None-Match": etag})
    assert r.status_code == 200 and r.headers["ETag"] != etag
    assert r.json()["calendar"]["days"] == {"2027-01-02": True}


def test_device_registration_gives_office_unique_terminal_codes(
    fresh_platform: PlatformServer,
) -> None:
    a = login(fresh_platform, "nm-clerk1", device_id="dev-a")
    b = login(fresh_platform, "nm-clerk2", device_id="dev-b")
    c = login(fresh_platform, "zz-clerk1", device_id="dev-c")
    assert [a.terminal_code, b.terminal_code, c.terminal_code] == ["01", "02", "01"]  # type: ignore[attr-defined]
    boss = login(fresh_platform, "nm-super", device_id="dev-boss")
    key = a.device.public_key  # type: ignore[attr-defined]
    again = boss.post("/devices/register", json={"device_id": "dev-a", "public_key": key})
    assert again.json()["terminal_code"] == "01"  # idempotent for the same key
    other_boss = login(fresh_platform, "zz-super", device_id="dev-zz-boss")
    r = other_boss.post("/devices/register", json={"device_id": "dev-a", "public_key": key})
    assert r.status_code == 409 and error_code(r) == "device_in_other_office"


def test_a_clerk_cannot_register_a_terminal(fresh_platform: PlatformServer) -> None:
    clerk = login(fresh_platform, "nm-clerk1", device_id="dev-a")
    r = clerk.post(
        "/devices/register",
        json={"device_id": "dev-new", "public_key": DeviceKey("dev-new").public_key},
    )
    assert r.status_code == 403 and error_code(r) == "registration_needs_supervisor"
    assert "窗口负责人" in r.json()["message"] and "supervisor" in r.json()["message_en"]


def test_device_health_for_supervisors_only(fresh_platform: PlatformServer) -> None:
    clerk = login(fresh_platform, "nm-clerk1", device_id="dev-h")
    login(fresh_platform, "zz-clerk1", device_id="dev-other")
    assert clerk.get("/devices/health").status_code == 403
    sup = login(fresh_platform, "nm-super", device_id="dev-s")
    body = sup.get("/devices/health").json()
    assert body["office_code"] == "520102"
    assert {d["device_id"] for d in body["devices"]} == {"dev-h", "dev-s"}
    assert all(d["pending_gap"] == 0 for d in body["devices"])


def test_health_reports_epoch(platform_server: PlatformServer) -> None:
    body = httpx.get(platform_server.api + "/health").json()
    assert body["status"] == "ok" and body["epoch"] >= 1


def test_validation_errors_are_422_with_field_messages(platform_server: PlatformServer) -> None:
    r = anonymous(platform_server).post("/auth/login", json={"username": "", "device_id": 5})
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "validation_failed" and body["message"] and body["message_en"]
    fields = {f["field"] for f in body["detail"]}
    assert {"body.username", "body.password", "body.device_id"} <= fields


def test_oversized_request_is_413(platform_server: PlatformServer) -> None:
    client = login(platform_server, "nm-clerk1")
    big = b"x" * (platform_server.settings.max_body_bytes + 1)  # type: ignore[union-attr]
    r = client.post("/sync/push", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and error_code(r) == "too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer
        for _ in range(9):
            yield b"y" * (1024 * 1024)

    r = client.post("/sync/push", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_terminal_codes_grow_past_99(platform_factory: Callable[..., PlatformServer]) -> None:
    import sqlite3

    fresh_platform = platform_factory(max_terminals_per_office=200)
    with sqlite3.connect(fresh_platform.db_path) as conn:
        conn.executemany(
            "INSERT INTO devices (device_id, office_code, terminal_code, name, registered_at)"
            " VALUES (?, '520102', ?, '', 0)",
            [(f"old-{n}", f"{n:02d}") for n in range(1, 100)],
        )
    client = login(fresh_platform, "nm-clerk1")
    assert client.terminal_code == "100"  # type: ignore[attr-defined]
