"""A simulated vendor capture service (模拟高拍仪服务) on loopback, in the shape many
document cameras expose: ``GET /status`` → ``{"ok": true, "device": "..."}`` and
``GET /capture?format=jpeg`` → the page image (``image/jpeg``). Used by the demo and the
tests of :class:`ui.peripherals.capture.HttpCaptureSource`.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ui.peripherals.capture import SimulatedCaptureSource, compress_page


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/status":
            self._send(200, "application/json", json.dumps({"ok": True, "device": "SIM"}).encode())
        elif url.path == "/capture" and not self.server.broken:
            fmt = parse_qs(url.query).get("format", ["jpeg"])[0]
            page = self.server.source.capture()
            body, kind = (
                (compress_page(page), "image/jpeg") if fmt == "jpeg" else (page, "image/png")
            )
            self._send(200, kind, body)
        else:
            self._send(503, "application/json", b'{"ok": false}')

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return  # quiet: tests and demo do not need access logs


class _Server(ThreadingHTTPServer):
    source: SimulatedCaptureSource
    broken: bool


class CaptureServiceSimulator:
    """Start with :meth:`start`; ``url`` is the base URL; ``broken`` makes /capture fail."""

    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.source = SimulatedCaptureSource()
        self._server.broken = False
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def broken(self) -> bool:
        return self._server.broken

    @broken.setter
    def broken(self, value: bool) -> None:
        self._server.broken = value

    def start(self) -> CaptureServiceSimulator:
        self._thread.start()
        return self

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
