"""Resumable content-addressed blob upload, Range download, hash mismatch, office scope."""

from __future__ import annotations

import hashlib
import os

from tests.central.helpers import error_code, login
from tests.fixtures.platform import PlatformServer


def _patch(client, sha: str, offset: int, length: int, data: bytes):  # type: ignore[no-untyped-def]
    return client.patch(
        f"/blobs/{sha}",
        content=data,
        headers={
            "Upload-Offset": str(offset),
            "Upload-Length": str(length),
            "Content-Type": "application/octet-stream",
        },
    )


def test_resumable_upload_and_range(platform_server: PlatformServer) -> None:
    client = login(platform_server, "nm-clerk1")
    data = os.urandom(300_000)
    sha = hashlib.sha256(data).hexdigest()
    head = client.head(f"/blobs/{sha}")
    assert head.status_code == 200 and head.headers["Upload-Offset"] == "0"
    r = _patch(client, sha, 0, len(data), data[:100_000])
    assert r.json() == {"sha256": sha, "offset": 100_000, "length": len(data), "complete": False}
    # a retried chunk at a stale offset is refused with the stored state
    r = _patch(client, sha, 0, len(data), data[:100_000])
    assert r.status_code == 409 and error_code(r) == "offset_mismatch"
    assert r.json()["detail"]["offset"] == 100_000
    # "connection lost": ask where to resume
    assert client.head(f"/blobs/{sha}").headers["Upload-Offset"] == "100000"
    assert client.get(f"/blobs/{sha}/status").json()["offset"] == 100_000
    assert client.get(f"/blobs/{sha}").status_code == 404  # not complete yet
    r = _patch(client, sha, 100_000, len(data), data[100_000:])
    assert r.json()["complete"] is True
    assert client.head(f"/blobs/{sha}").headers["Upload-Complete"] == "1"
    assert client.get(f"/blobs/{sha}").content == data
    r = client.get(f"/blobs/{sha}", headers={"Range": "bytes=10-19"})
    assert r.status_code == 206 and r.content == data[10:20]
    assert r.headers["Content-Range"] == f"bytes 10-19/{len(data)}"
    assert client.get(f"/blobs/{sha}", headers={"Range": "bytes=-5"}).content == data[-5:]
    assert client.get(f"/blobs/{sha}", headers={"Range": "bytes=299990-"}).content == data[-10:]
    assert client.get(f"/blobs/{sha}", headers={"Range": "bytes=999999-"}).status_code == 416
    # uploading a complete blob again is a no-op
    assert _patch(client, sha, 0, len(data), data).json()["complete"] is True


def test_hash_mismatch_drops_the_upload(platform_server: PlatformServer) -> None:
    client = login(platform_server, "nm-clerk2")
    data = os.urandom(1000)
    sha = hashlib.sha256(b"something else").hexdigest()
    assert _patch(client, sha, 0, 1000, data[:500]).status_code == 200
    r = _patch(client, sha, 500, 1000, data[500:])
    assert r.status_code == 422 and error_code(r) == "hash_mismatch"
    assert client.head(f"/blobs/{sha}").headers["Upload-Offset"] == "0"


def test_length_rules_and_office_scope(platform_server: PlatformServer) -> None:
    city = login(platform_server, "nm-clerk1")
    town = login(platform_server, "zz-clerk1")
    data = b"scan of an ID card"
    sha = hashlib.sha256(data).hexdigest()
    assert _patch(city, sha, 0, len(data) - 1, data).status_code == 409  # past the length
    assert _patch(city, sha, 0, len(data) + 5, data[:4]).status_code == 200
    r = _patch(city, sha, 4, len(data), data[4:])
    assert r.status_code == 409 and error_code(r) == "length_mismatch"
    sha2 = hashlib.sha256(data + b"!").hexdigest()
    assert _patch(city, sha2, 0, len(data) + 1, data + b"!").json()["complete"]
    assert town.get(f"/blobs/{sha2}").status_code == 404  # another office's blob
    assert town.head(f"/blobs/{sha2}").headers["Upload-Offset"] == "0"
    assert city.get("/blobs/not-a-hash/status").status_code == 422
