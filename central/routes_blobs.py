"""Content-addressed attachments (扫描件): resumable chunked upload and ranged download.

A blob is identified by its SHA-256 and scoped to the office that uploaded it. HEAD (or the
JSON `/status`) tells how many bytes are stored; PATCH appends a chunk at exactly that
offset; when the announced length is reached the hash is checked and a mismatch drops the
upload. Chunks are rows, so an upload survives a server restart.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from typing import Annotated

from fastapi import APIRouter, Header, Path, Request, Response
from starlette.concurrency import run_in_threadpool

from central.deps import Platform, PlatformDep, PrincipalDep, require_office
from central.errors import ApiError, not_found
from client.wire import (
    BLOB_COMPLETE_HEADER,
    UPLOAD_LENGTH_HEADER,
    UPLOAD_OFFSET_HEADER,
    BlobStatus,
    ErrorBody,
)

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


def _status(conn: sqlite3.Connection, office: str, sha: str) -> BlobStatus:
    row = conn.execute(
        "SELECT * FROM blobs WHERE office_code = ? AND sha256 = ?", (office, sha)
    ).fetchone()
    if row is None:
        return BlobStatus(sha256=sha, offset=0, length=None, complete=False)
    return BlobStatus(
        sha256=sha, offset=row["stored"], length=row["length"], complete=bool(row["complete"])
    )


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


@router.head(
    "/{sha256}",
    response_class=Response,
    responses={200: {"description": "upload state in headers", "headers": _STATE_HEADERS}},
)
def head_blob(sha256: Sha, who: PrincipalDep, ctx: PlatformDep) -> Response:
    office = require_office(who)
    with ctx.db.read() as conn:
        st = _status(conn, office, sha256)
    return Response(status_code=200, headers=_headers(st))


@router.get("/{sha256}/status", response_model=BlobStatus, responses=_ERR)
def blob_status(sha256: Sha, who: PrincipalDep, ctx: PlatformDep) -> BlobStatus:
    office = require_office(who)
    with ctx.db.read() as conn:
        return _status(conn, office, sha256)


def _append(
    ctx: Platform, office: str, sha: str, offset: int, length: int, data: bytes
) -> BlobStatus:
    with ctx.db.write() as conn:
        st = _status(conn, office, sha)
        if st.complete:
            return st
        if st.length is None:
            conn.execute(
                "INSERT OR REPLACE INTO blobs (office_code, sha256, length) VALUES (?, ?, ?)",
                (office, sha, length),
            )
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
                "UPDATE blobs SET stored = ?, complete = ? WHERE office_code = ? AND sha256 = ?",
                (stored, int(complete), office, sha),
            )
    if stored < 0:
        raise ApiError(
            422,
            "hash_mismatch",
            "文件校验失败，请重新上传",
            "SHA-256 of the uploaded bytes does not match; upload dropped",
        )
    return BlobStatus(sha256=sha, offset=stored, length=length, complete=complete)


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
    data = await request.body()
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
        st = _status(conn, office, sha256)
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
