"""gzip request bodies: inflated before parsing, size limit on the inflated body, broken or
unknown encodings refused with nothing stored."""

from __future__ import annotations

import gzip
import json
import sqlite3
from collections.abc import Callable

from tests.central.builders import Device
from tests.central.helpers import login
from tests.fixtures.platform import PlatformServer


def _gzip_push(dev: Device, body: bytes, encoding: str = "gzip") -> tuple[int, dict[str, object]]:
    try:
        raw = gzip.decompress(body) if encoding == "gzip" else body
    except (OSError, EOFError):  # a broken stream: the platform refuses it unread
        raw = body
    proof = dev.client.device.proof_for_body("POST", "/api/v1/sync/push", raw)  # type: ignore[attr-defined]
    r = dev.client.post(
        "/sync/push",
        content=body,
        headers={"content-type": "application/json", "content-encoding": encoding, **proof},
    )
    return r.status_code, r.json()


def _stored(server: PlatformServer, op_id: str) -> int:
    with sqlite3.connect(server.db_path) as conn:
        return int(
            conn.execute("SELECT COUNT(*) FROM mutations WHERE op_id = ?", (op_id,)).fetchone()[0]
        )


def _device(server: PlatformServer) -> Device:
    return Device(login(server, "nm-clerk1"), server.users["nm-clerk1"].office_code or "")


def _body(dev: Device, create: dict[str, object]) -> bytes:
    return json.dumps({"device_id": dev.device_id, "mutations": [create]}).encode()


def test_gzip_push_is_applied_like_a_plain_one(platform_server: PlatformServer) -> None:
    dev = _device(platform_server)
    create = dev.create()
    status, body = _gzip_push(dev, gzip.compress(_body(dev, create)))
    assert status == 200, body
    assert body["outcomes"][0]["outcome"] == "applied"  # type: ignore[index]
    assert dev.push_ok([create])[0]["outcome"] == "applied"  # the stored outcome on replay
    assert _stored(platform_server, str(create["op_id"])) == 1


def test_broken_or_unknown_encodings_are_refused_and_store_nothing(
    platform_server: PlatformServer,
) -> None:
    dev = _device(platform_server)
    create = dev.create()
    packed = gzip.compress(_body(dev, create))
    for body, encoding, status, code in [
        (packed[: len(packed) // 2], "gzip", 400, "bad_encoding"),  # truncated stream
        (packed + packed, "gzip", 400, "bad_encoding"),  # trailing second member
        (b"not gzip at all", "gzip", 400, "bad_encoding"),
        (_body(dev, create), "br", 415, "unsupported_encoding"),
    ]:
        got, answer = _gzip_push(dev, body, encoding)
        assert (got, answer["error"]) == (status, code)
        assert answer["message"] and answer["message_en"]
    assert _stored(platform_server, str(create["op_id"])) == 0


def test_size_limit_applies_after_inflating(
    platform_factory: Callable[..., PlatformServer],
) -> None:
    server = platform_factory(max_body_bytes=64 * 1024)
    dev = _device(server)
    create = dev.create()
    create["payload"]["doc"]["address"] = "贵" * 100_000  # type: ignore[index]
    packed = gzip.compress(_body(dev, create))
    assert len(packed) < 64 * 1024  # small on the wire, too big once inflated
    status, answer = _gzip_push(dev, packed)
    assert status == 413 and answer["error"] == "too_large"
    assert _stored(server, str(create["op_id"])) == 0
