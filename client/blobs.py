"""Resumable, content-addressed attachment transfer (scans of certificates).

A township link drops mid-upload all the time, so an upload always asks the platform how
many bytes it already holds (HEAD), sends the rest in chunks at explicit offsets, and on
any transient failure or offset mismatch (409) asks again and continues from there. The
platform verifies the SHA-256 at the end; downloads use HTTP ranges.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from client.errors import Conflict, ProtocolError
from client.responses import check, parse
from client.wire import (
    BLOB_COMPLETE_HEADER,
    UPLOAD_LENGTH_HEADER,
    UPLOAD_OFFSET_HEADER,
    BlobStatus,
)

if TYPE_CHECKING:
    from client.session import Session

CHUNK = 256 * 1024


def _path(sha256: str) -> str:
    return f"/blobs/{sha256}"


async def status(session: Session, sha256: str) -> BlobStatus:
    """How much of the blob the platform holds (``offset``) and whether it is complete."""
    return await session.call("GET", _path(sha256) + "/status", BlobStatus, idempotent=True)


async def head(session: Session, sha256: str) -> BlobStatus:
    """The same answer as :func:`status`, from the headers of a bodiless HEAD request."""

    async def once() -> BlobStatus:
        response = await session.send("HEAD", _path(sha256))
        check(response)
        h = response.headers
        try:
            length = h.get(UPLOAD_LENGTH_HEADER)
            return BlobStatus(
                sha256=sha256,
                offset=int(h[UPLOAD_OFFSET_HEADER]),
                length=int(length) if length is not None else None,
                complete=h.get(BLOB_COMPLETE_HEADER) == "1",
            )
        except (KeyError, ValueError):
            raise ProtocolError("blob HEAD without valid upload headers") from None

    return await session.retrying(once)


async def send_chunk(
    session: Session, sha256: str, offset: int, length: int, chunk: bytes
) -> BlobStatus:
    """One chunk at ``offset`` of a ``length``-byte blob; not retried (offsets move)."""
    headers = {
        UPLOAD_OFFSET_HEADER: str(offset),
        UPLOAD_LENGTH_HEADER: str(length),
        "content-type": "application/offset+octet-stream",
    }
    response = await session.send("PATCH", _path(sha256), content=chunk, headers=headers)
    return parse(response, BlobStatus)


async def upload(session: Session, sha256: str, data: bytes, chunk_size: int = CHUNK) -> BlobStatus:
    """Upload ``data`` from the platform's current offset; bounded by the retry policy."""

    async def resume() -> BlobStatus:
        state = await status(session, sha256)
        while not state.complete:
            if state.offset >= len(data) and state.offset > 0:
                raise ProtocolError("platform holds more bytes than the blob has")
            try:
                chunk = data[state.offset : state.offset + chunk_size]
                state = await send_chunk(session, sha256, state.offset, len(data), chunk)
            except Conflict:
                state = await status(session, sha256)  # someone else moved the offset
        return state

    return await session.retrying(resume)


async def download(session: Session, sha256: str, start: int = 0, end: int | None = None) -> bytes:
    """The blob's bytes ``start..end`` (inclusive); all of it when both are defaults."""
    headers = None
    if start or end is not None:
        headers = {"range": f"bytes={start}-{'' if end is None else end}"}

    async def once() -> bytes:
        response = await session.send("GET", _path(sha256), headers=headers)
        if not response.is_success:
            parse(response, BlobStatus)  # raises the typed error
        if headers and response.status_code != 206:
            raise ProtocolError(f"expected a partial answer, got HTTP {response.status_code}")
        return response.content

    return await session.retrying(once)
