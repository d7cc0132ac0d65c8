"""Property-based contract test: schemathesis drives every operation of the committed
OpenAPI document against the real platform; no 5xx, responses conform to the document.

Bounded (few examples per operation) so it stays part of `make test`. It runs against its
own platform: random failed logins would otherwise rate-limit loopback for other tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from central.openapi import COMMITTED
from central.seed import DEMO_PASSWORD
from client.wire import API_PREFIX, SCHEMA_HEADER
from tests.fixtures.platform import PlatformServer, _start

schema = schemathesis.openapi.from_dict(json.loads(COMMITTED.read_text(encoding="utf-8")))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def contract_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    server: PlatformServer = _start(tmp_path_factory.mktemp("contract") / "central.db")
    body = httpx.post(
        f"{server.api}/auth/login",
        headers={SCHEMA_HEADER: "1"},
        json={
            "username": "nm-super",
            "password": server.users["nm-super"].password,
            "device_id": "contract-dev",
        },
    ).json()
    token = body["access_token"]
    httpx.post(
        f"{server.api}/devices/register",
        json={"device_id": "contract-dev"},
        headers={SCHEMA_HEADER: "1", "Authorization": f"Bearer {token}"},
    )
    yield server.base_url, token
    server.stop()


def _login(base_url: str) -> str:
    body = httpx.post(
        f"{base_url}{API_PREFIX}/auth/login",
        headers={SCHEMA_HEADER: "1"},
        json={"username": "nm-super", "password": DEMO_PASSWORD, "device_id": "contract-dev"},
    ).json()
    token: str = body["access_token"]
    return token


@schema.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_operations_conform(
    case: schemathesis.Case,  # type: ignore[type-arg]
    contract_platform: tuple[str, str],
) -> None:
    base_url, token = contract_platform
    if case.headers is None:
        case.headers = {}
    case.headers[SCHEMA_HEADER] = "1"
    case.headers["Authorization"] = f"Bearer {token}"
    if case.path.endswith("/auth/logout"):  # log out a throwaway session, not the shared one
        case.headers["Authorization"] = f"Bearer {_login(base_url)}"
    case.call_and_validate(base_url=base_url, checks=CHECKS)


def test_the_document_covers_the_api() -> None:
    paths = set(json.loads(Path(COMMITTED).read_text(encoding="utf-8"))["paths"])
    for path in (
        "/auth/login",
        "/sync/push",
        "/sync/pull",
        "/catalog",
        "/blobs/{sha256}",
        "/backoffice/applications/{record_id}/actions",
        "/devices/health",
    ):
        assert API_PREFIX + path in paths
