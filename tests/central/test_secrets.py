"""Tokens, passwords and personal data never reach the logs or the platform's files in clear."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.central.builders import Device
from tests.central.helpers import anonymous, login
from tests.fixtures.platform import PlatformServer


def _db_bytes(db_path: Path) -> bytes:
    parts = [db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")]
    return b"".join(p.read_bytes() for p in parts if p.exists())


def test_no_secrets_in_db_files_or_logs(
    fresh_platform: PlatformServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = login(fresh_platform, "nm-clerk1")
    first_refresh = client.refresh_token  # type: ignore[attr-defined]
    first_access = client.headers["Authorization"].removeprefix("Bearer ")
    pair = client.post("/auth/refresh", json={"refresh_token": first_refresh}).json()
    wrong = "Wr0ng-Pa55word!"
    anonymous(fresh_platform).post(
        "/auth/login", json={"username": "nm-clerk2", "password": wrong, "device_id": "d"}
    )
    client.headers["Authorization"] = f"Bearer {pair['access_token']}"
    dev = Device(client, "520102")
    create = dev.create(name="欧阳秘密")
    dev.push_ok([create])
    client.get("/sync/pull", params={"device_id": dev.device_id})
    assert any("/sync/pull" in r.getMessage() for r in caplog.records)  # logs were captured
    secrets = [
        first_access,
        first_refresh,
        pair["access_token"],
        pair["refresh_token"],
        fresh_platform.users["nm-clerk1"].password,
        wrong,
    ]
    stored = _db_bytes(fresh_platform.db_path)
    logs = "\n".join(r.getMessage() for r in caplog.records) + caplog.text
    for secret in secrets:
        assert secret.encode() not in stored
        assert secret not in logs
    cert_no = create["payload"]["doc"]["applicant"]["cert_no"]
    for personal in ("欧阳秘密", cert_no, "13800138000"):
        assert personal not in logs
    assert b"$argon2" in stored  # passwords are stored as argon2 hashes
