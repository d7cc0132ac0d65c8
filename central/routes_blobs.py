"""Content-addressed attachments (扫描件): resumable chunked upload and ranged download.

A blob is identified by its SHA-256 and scoped to the office that uploaded it. HEAD (or the
JSON `/status`) tells how many bytes are stored; PATCH appends a chunk at exactly that
offset; when the announced length is reached the hash is checked and a mismatch drops the
upload. Chunks are rows, so an upload survives a server restart. An unfinished upload expires
and counts toward its office's attachment quota (see `central.blob_quota`); a client that
hangs up mid-chunk leaves one log line and nothing stored.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
from typing import Annotated

from fastapi import APIRouter, Header, Path, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from central import blob_quota
from central.deps import Platform, PlatformDep, PrincipalDep, require_office
from central.errors import ApiError, not_found
from client.wire import (
    BLOB_COMPLETE_HEADER,
    UPLOAD_LENGTH_HEADER,
    UPLOAD_OFFSET_HEADER,
    BlobStatus,
    ErrorBody,
)

log = logging.getLogger(__name__)
router = APIRouter(prefix="/blobs", tags=["blobs"])
Sha = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]
_ERR: dict[int | str, dict[str, object]] = {
    403: {"model": ErrorBody},
    404: {"model": ErrorBody},
    409: {"model": ErrorBody},
    413: {"model": ErrorBody},
    416: {"model": ErrorBody},
    422: {"model": ErrorBody},
}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _row(conn: sqlite3.Connection, office: str, sha: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM blobs WHERE office_code = ? AND sha256 = ?", (office, sha)
    ).fetchone()
    return row


def _live(row: sqlite3.Row | None, now: float, ttl: float) -> bool:
    """A stored upload that has neither expired nor waits for the sweep to expire it."""
    return row is not None and row["expired_at"] is None and not blob_quota.is_stale(row, now, ttl)


def _status_of(sha: str, row: sqlite3.Row | None, now: float, ttl: float) -> BlobStatus:
    if row is None or not _live(row, now, ttl):
        return BlobStatus(sha256=sha, offset=0, length=None, complete=False)
    return BlobStatus(
        sha256=sha, offset=row["stored"], length=row["length"], complete=bool(row["complete"])
    )


def _status(ctx: Platform, conn: sqlite3.Connection, office: str, sha: str) -> BlobStatus:
    return _status_of(sha, _row(conn, office, sha), ctx.now(), ctx.settings.partial_upload_ttl)


def _headers(st: BlobStatus) -> dict[str, str]:
    headers = {
        UPLOAD_OFFSET_HEADER: str(st.offset),
        BLOB_COMPLETE_HEADER: "1" if st.complete else "0",
    }
    if st.length is not None:
        headers[UPLOAD_LENGTH_HEADER] = str(st.length)
    return headers


def _read_all(conn: sqlite3.Connection, office: str, sha: str) -> bytes:
    return b"".join(
        r[0]
        for r in conn.execute(
            "SELECT data FROM blob_chunks WHERE office_code = ? AND sha256 = ? ORDER BY start",
            (office, sha),
        )
    )


_STATE_HEADERS = {
    name: {"schema": {"type": "string"}}
    for name in (UPLOAD_OFFSET_HEADER, UPLOAD_LENGTH_HEADER, BLOB_COMPLETE_HEADER)
}


@router.get("/usage", response_model=blob_quota.BlobUsage, responses=_ERR)
def usage(who: PrincipalDep, ctx: PlatformDep) -> blob_quota.BlobUsage:
    """The caller's office: attachment bytes held or reserved, against its quota."""
    office = require_office(who)
    s = ctx.settings
    with ctx.db.read() as conn:
        used = blob_quota.used(conn, office, ctx.now(), s.partial_upload_ttl)
    return blob_quota.BlobUsage(
        used=used, quota=s.office_blob_quota, partial_upload_hours=s.partial_upload_ttl / 3600
    )


@router.head(
    "/{sha256}",
    response_class=Response,
    responses={200: {"description": "upload state in headers", "headers": _STATE_HEADERS}},
)
def head_blob(sha256: Sha, who: PrincipalDep, ctx: PlatformDep) -> Response:
    office = require_office(who)
    with ctx.db.read() as conn:
        st = _status(ctx, conn, office, sha256)
    return Response(status_code=200, headers=_headers(st))


@router.get("/{sha256}/status", response_model=BlobStatus, responses=_ERR)
def blob_status(sha256: Sha, who: PrincipalDep, ctx: PlatformDep) -> BlobStatus:
    office = require_office(who)
    with ctx.db.read() as conn:
        return _status(ctx, conn, office, sha256)


def _expire_overdue(ctx: Platform) -> None:
    """Drop overdue unfinished uploads, at most once per sweep interval (own transaction,
    so that a refused chunk afterwards does not roll the housekeeping back)."""
    now = ctx.now()
    if blob_quota.sweep_due(str(ctx.db.path), now):
        with ctx.db.write() as conn:
            blob_quota.sweep(conn, now, ctx.settings.partial_upload_ttl)


def _start(ctx: Platform, conn: sqlite3.Connection, office: str, sha: str, length: int) -> None:
    """A new upload (or a restart of an expired one) announcing `length` bytes."""
    s = ctx.settings
    now = ctx.now()
    blob_quota.check(conn, office, length, s.office_blob_quota, now, s.partial_upload_ttl)
    conn.execute("DELETE FROM blob_chunks WHERE office_code = ? AND sha256 = ?", (office, sha))
    conn.execute(
        "INSERT OR REPLACE INTO blobs (office_code, sha256, length, stored, complete,"
        " updated_at, expired_at) VALUES (?, ?, ?, 0, 0, ?, NULL)",
        (office, sha, length, now),
    )


def _append(
    ctx: Platform, office: str, sha: str, offset: int, length: int, data: bytes
) -> BlobStatus:
    _expire_overdue(ctx)
    now = ctx.now()
    ttl = ctx.settings.partial_upload_ttl
    with ctx.db.write() as conn:
        row = _row(conn, office, sha)
        st = _status_of(sha, row, now, ttl)
        if st.complete:
            return st
        if not _live(row, now, ttl):
            if offset != 0:
                if row is not None:  # it existed, and expired: say so, not just "offset"
                    raise blob_quota.expired_error(ttl, st.model_dump())
                raise ApiError(
                    409,
                    "offset_mismatch",
                    "续传位置与平台已保存的不一致",
                    "offset mismatch",
                    st.model_dump(),
                )
            _start(ctx, conn, office, sha, length)
        elif st.length != length:
            raise ApiError(
                409,
                "length_mismatch",
                "文件长度与之前声明的不一致",
                "length differs from the announced one",
                st.model_dump(),
            )
        if offset != st.offset:
            raise ApiError(
                409,
                "offset_mismatch",
                "续传位置与平台已保存的不一致",
                "offset mismatch",
                st.model_dump(),
            )
        if offset + len(data) > length:
            raise ApiError(
                409,
                "length_exceeded",
                "上传内容超过声明的文件长度",
                "chunk goes past the announced length",
                st.model_dump(),
            )
        if data:
            conn.execute(
                "INSERT INTO blob_chunks (office_code, sha256, start, data) VALUES (?, ?, ?, ?)",
                (office, sha, offset, data),
            )
        stored = offset + len(data)
        complete = stored == length
        if complete and hashlib.sha256(_read_all(conn, office, sha)).hexdigest() != sha:
            complete = False
            conn.execute(
                "DELETE FROM blob_chunks WHERE office_code = ? AND sha256 = ?", (office, sha)
            )
            conn.execute("DELETE FROM blobs WHERE office_code = ? AND sha256 = ?", (office, sha))
            stored = -1
        else:
            conn.execute(
                "UPDATE blobs SET stored = ?, complete = ?, updated_at = ?"
                " WHERE office_code = ? AND sha256 = ?",
                (stored, int(complete), now, office, sha),
            )
    if stored < 0:
        raise ApiError(
            422,
            "hash_mismatch",
            "文件校验失败，请重新上传",
            "SHA-256 of the uploaded bytes does not match; upload dropped",
        )
    return BlobStatus(sha256=sha, offset=stored, length=length, complete=complete)


async def _body(request: Request, office: str, sha: str) -> bytes | None:
    """The chunk, or None when the client went away mid-body: a dropped township link is
    routine, so it is one log line (no traceback) and nothing is stored."""
    parts: list[bytes] = []
    received = 0
    try:
        async for part in request.stream():
            parts.append(part)
            received += len(part)
    except ClientDisconnect:
        log.warning(
            "blob upload interrupted: office=%s sha=%s received=%d bytes", office, sha, received
        )
        return None
    return b"".join(parts)


@router.patch(
    "/{sha256}",
    response_model=BlobStatus,
    responses=_ERR,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
async def upload_chunk(
    sha256: Sha,
    request: Request,
    who: PrincipalDep,
    ctx: PlatformDep,
    upload_offset: Annotated[int, Header(alias=UPLOAD_OFFSET_HEADER, ge=0, le=2**40)],
    upload_length: Annotated[int, Header(alias=UPLOAD_LENGTH_HEADER, ge=0, le=2**40)],
) -> BlobStatus:
    office = require_office(who)
    if upload_length > ctx.settings.max_blob_bytes:
        raise ApiError(
            413, "too_large", "附件过大", "blob too large", {"max": ctx.settings.max_blob_bytes}
        )
    data = await _body(request, office, sha256)
    if data is None:
        return Response(status_code=400)  # nobody is left to read it
    return await run_in_threadpool(_append, ctx, office, sha256, upload_offset, upload_length, data)


@router.get(
    "/{sha256}",
    responses={
        200: {"content": {"application/octet-stream": {}}},
        206: {"description": "partial content"},
        **_ERR,
    },
)
def download(
    sha256: Sha,
    who: PrincipalDep,
    ctx: PlatformDep,
    range_: Annotated[str | None, Header(alias="Range", max_length=100)] = None,
) -> Response:
    office = require_office(who)
    with ctx.db.read() as conn:
        st = _status(ctx, conn, office, sha256)
        if not st.complete:
            raise not_found("blob")
        data = _read_all(conn, office, sha256)
    size = len(data)
    if range_ is None:
        return Response(
            data, media_type="application/octet-stream", headers={"Accept-Ranges": "bytes"}
        )
    match = _RANGE.match(range_.strip())
    start, end = -1, -1
    if match and (match[1] or match[2]):
        if match[1]:
            start = int(match[1])
            end = min(int(match[2]), size - 1) if match[2] else size - 1
        else:
            start, end = max(0, size - int(match[2])), size - 1
    if start < 0 or start >= size or end < start:
        raise ApiError(
            416,
            "range_not_satisfiable",
            "请求的范围无效",
            "range not satisfiable",
            headers={"Content-Range": f"bytes */{size}"},
        )
    return Response(
        data[start : end + 1],
        status_code=206,
        media_type="application/octet-stream",
        headers={"Content-Range": f"bytes {start}-{end}/{size}", "Accept-Ranges": "bytes"},
    )
