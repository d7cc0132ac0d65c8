"""Attachment uploads against the real platform: unfinished uploads expire, every upload
counts toward the office's quota, and a client hanging up mid-chunk is one log line."""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.central.helpers import error_code, login
from tests.fixtures.platform import PlatformServer

DAY = 24 * 3600
START = 1_800_000_000.0


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


def _db_state(path: Path) -> tuple[list[tuple[object, ...]], int]:
    """Every blob row and the total bytes of stored chunks, read from the platform's file."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT office_code, sha256, length, stored, complete FROM blobs ORDER BY 1, 2"
        ).fetchall()
        size = conn.execute("SELECT COALESCE(SUM(length(data)), 0) FROM blob_chunks").fetchone()
    return rows, int(size[0])


def _blob(size: int) -> tuple[bytes, str]:
    data = os.urandom(size)
    return data, hashlib.sha256(data).hexdigest()


@pytest.fixture
def clocked(
    platform_factory: Callable[..., PlatformServer],
) -> Iterator[tuple[PlatformServer, list[float]]]:
    now = [START]
    # tokens outlive the test's jumps of days; this is about uploads, not sign-in
    server = platform_factory(
        clock=lambda: now[0],
        office_blob_quota=100_000,
        access_ttl=100 * DAY,
        refresh_ttl=200 * DAY,
    )
    yield server, now


def test_partial_upload_expires_and_stops_counting(
    clocked: tuple[PlatformServer, list[float]],
) -> None:
    server, now = clocked
    client = login(server, "nm-clerk1")
    big, big_sha = _blob(64_000)
    other, other_sha = _blob(40_000)
    # announced 64,000 bytes, stopped at 7,000
    assert _patch(client, big_sha, 0, len(big), big[:7_000]).status_code == 200
    usage = client.get("/blobs/usage").json()
    assert usage == {"used": 64_000, "quota": 100_000, "partial_upload_hours": 24.0}
    # the announced length is reserved: 64,000 + 40,000 passes the 100,000 quota
    r = _patch(client, other_sha, 0, len(other), other[:10])
    assert r.status_code == 413 and error_code(r) == "quota_exceeded"

    now[0] += DAY - 1  # a second before the deadline it is still there
    assert client.head(f"/blobs/{big_sha}").headers["Upload-Offset"] == "7000"
    now[0] += 2  # the last chunk is now more than 24 h old
    assert client.head(f"/blobs/{big_sha}").headers["Upload-Offset"] == "0"
    assert client.get(f"/blobs/{big_sha}/status").json()["offset"] == 0

    # resuming where it stopped is refused, saying why
    r = _patch(client, big_sha, 7_000, len(big), big[7_000:14_000])
    assert r.status_code == 409 and error_code(r) == "upload_expired"
    assert "24" in r.json()["message"] and "24" in r.json()["message_en"]
    assert r.json()["detail"]["offset"] == 0
    rows, chunk_bytes = _db_state(server.db_path)
    assert chunk_bytes == 0  # its bytes are gone
    assert client.get("/blobs/usage").json()["used"] == 0
    # the refusal changed nothing
    r = _patch(client, big_sha, 7_000, len(big), big[7_000:14_000])
    assert error_code(r) == "upload_expired"
    assert _db_state(server.db_path) == (rows, 0)

    # its reservation no longer counts: the other upload now fits
    assert _patch(client, other_sha, 0, len(other), other).json()["complete"] is True
    # and the expired one can start again from the beginning, within the quota
    r = _patch(client, big_sha, 0, len(big), big)
    assert r.status_code == 413 and error_code(r) == "quota_exceeded"  # 40,000 + 64,000
    small, small_sha = _blob(50_000)
    assert _patch(client, small_sha, 0, len(small), small).json()["complete"] is True


def test_restart_of_an_expired_upload_from_zero_works(
    clocked: tuple[PlatformServer, list[float]],
) -> None:
    server, now = clocked
    client = login(server, "nm-clerk1")
    data, sha = _blob(30_000)
    assert _patch(client, sha, 0, len(data), data[:5_000]).status_code == 200
    now[0] += DAY + 60
    assert _patch(client, sha, 0, len(data), data[:5_000]).json()["offset"] == 5_000
    assert _patch(client, sha, 5_000, len(data), data[5_000:]).json()["complete"] is True
    assert client.get(f"/blobs/{sha}").content == data


def test_complete_blobs_never_expire(clocked: tuple[PlatformServer, list[float]]) -> None:
    server, now = clocked
    client = login(server, "nm-clerk1")
    data, sha = _blob(1_000)
    assert _patch(client, sha, 0, len(data), data).json()["complete"] is True
    now[0] += 40 * DAY
    assert client.get(f"/blobs/{sha}").content == data


def test_upload_beyond_the_quota_is_refused_and_writes_nothing(
    clocked: tuple[PlatformServer, list[float]],
) -> None:
    server, _ = clocked
    client = login(server, "nm-clerk1")
    first, first_sha = _blob(60_000)
    assert _patch(client, first_sha, 0, len(first), first).json()["complete"] is True
    before = _db_state(server.db_path)
    data, sha = _blob(50_000)
    r = _patch(client, sha, 0, len(data), data)
    assert r.status_code == 413 and error_code(r) == "quota_exceeded"
    body = r.json()
    assert "存储空间" in body["message"] and "storage" in body["message_en"]
    assert body["detail"] == {"quota": 100_000, "used": 60_000, "length": 50_000}
    assert _db_state(server.db_path) == before
    assert client.head(f"/blobs/{sha}").headers["Upload-Offset"] == "0"
    # an announcement alone (an empty first chunk) is refused the same way
    r = _patch(client, sha, 0, len(data), b"")
    assert r.status_code == 413 and _db_state(server.db_path) == before
    # another office has its own quota
    town = login(server, "zz-clerk1")
    assert _patch(town, sha, 0, len(data), data).json()["complete"] is True
    # what fits, fits exactly
    rest, rest_sha = _blob(40_000)
    assert _patch(client, rest_sha, 0, len(rest), rest).json()["complete"] is True


class _Waiter(logging.Handler):
    def __init__(self, needle: str) -> None:
        super().__init__(logging.DEBUG)
        self.needle = needle
        self.seen = threading.Event()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        if self.needle in record.getMessage():
            self.seen.set()


def test_client_hanging_up_mid_chunk_is_one_log_line(
    platform_factory: Callable[..., PlatformServer],
) -> None:
    server = platform_factory()
    client = login(server, "nm-clerk1")
    data, sha = _blob(200_000)
    waiter = _Waiter("blob upload interrupted")
    root = logging.getLogger()
    root.addHandler(waiter)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        host, port = server.base_url.removeprefix("http://").split(":")
        head = (
            f"PATCH /api/v1/blobs/{sha} HTTP/1.1\r\nHost: {host}\r\n"
            f"Authorization: {client.headers['Authorization']}\r\n"
            f"X-Counterdesk-Schema: {client.headers['X-Counterdesk-Schema']}\r\n"
            f"Upload-Offset: 0\r\nUpload-Length: {len(data)}\r\n"
            f"Content-Type: application/octet-stream\r\nContent-Length: {len(data)}\r\n\r\n"
        )
        with socket.create_connection((host, int(port))) as sock:
            sock.sendall(head.encode() + data[:70_000])
        assert waiter.seen.wait(timeout=20)
        # a later request is served: the server is fine and the log has settled
        assert client.head(f"/blobs/{sha}").headers["Upload-Offset"] == "0"
    finally:
        root.removeHandler(waiter)
        root.setLevel(old_level)
    lines = [r for r in waiter.records if "blob upload interrupted" in r.getMessage()]
    assert len(lines) == 1
    message = lines[0].getMessage()
    assert "office=520102" in message and f"sha={sha}" in message and "received=" in message
    assert not [r for r in waiter.records if r.exc_info or r.levelno >= logging.ERROR]
    assert _db_state(server.db_path) == ([], 0)
