"""Request size limit and request-body decompression as plain ASGI middleware.

Oversized bodies get 413 before any parsing. Bodies without a Content-Length (chunked) are
read up to the limit and replayed to the app. A body sent with `Content-Encoding: gzip`
(the client compresses push batches: ~1,950 bytes per `create` become a few hundred on a
township link) is inflated here, and the limit applies to the inflated size too, so a
small "zip bomb" cannot grow past it. A broken gzip stream is refused with 400, an
encoding other than gzip/identity with 415; either way the app never sees the body.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(
        self, send: Send, status: int, code: str, zh: str, en: str, detail: Any = None
    ) -> None:
        body = json.dumps(
            {"error": code, "message": zh, "message_en": en, "detail": detail},
            ensure_ascii=False,
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def _too_large(self, send: Send) -> None:
        await self._refuse(
            send,
            413,
            "too_large",
            "请求内容过大",
            "request body too large",
            {"max_bytes": self.max_bytes},
        )

    async def _read(self, receive: Receive, send: Send) -> bytes | None:
        """The whole body, or None after answering 413 when it passes the limit."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(send)
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        encoding = headers.get(b"content-encoding", b"identity").strip().lower()
        if encoding not in (b"identity", b""):
            await self._inflated(scope, receive, send, encoding)
            return
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_bytes
            except ValueError:
                too_big = True
            if too_big:
                await self._too_large(send)
                return
            await self.app(scope, receive, send)
            return
        if scope.get("method") in ("GET", "HEAD", "DELETE", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        body = await self._read(receive, send)
        if body is not None:
            await self.app(scope, _replay(body, receive), send)

    async def _inflated(self, scope: Scope, receive: Receive, send: Send, encoding: bytes) -> None:
        if encoding != b"gzip":
            await self._refuse(
                send,
                415,
                "unsupported_encoding",
                "不支持的请求内容编码（仅支持gzip）",
                "unsupported Content-Encoding (gzip only)",
                {"encoding": encoding.decode("latin-1")},
            )
            return
        raw = await self._read(receive, send)
        if raw is None:
            return
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            body = inflater.decompress(raw, self.max_bytes + 1)
            complete = inflater.eof and not inflater.unconsumed_tail and not inflater.unused_data
        except zlib.error:
            body, complete = b"", False
        if len(body) > self.max_bytes:
            await self._too_large(send)
            return
        if not complete:
            await self._refuse(
                send, 400, "bad_encoding", "请求内容的gzip压缩数据损坏", "corrupt gzip request body"
            )
            return
        kept = [
            (k, v)
            for k, v in scope.get("headers", [])
            if k not in (b"content-encoding", b"content-length")
        ]
        scope = {**scope, "headers": [*kept, (b"content-length", str(len(body)).encode())]}
        await self.app(scope, _replay(body, receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        message: Any = await receive()
        return message  # type: ignore[no-any-return]

    return replay
