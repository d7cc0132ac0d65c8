"""A simulated queue controller (模拟叫号系统): a small asyncio TCP server on loopback.

It speaks the protocol of :mod:`ui.peripherals.queue_caller` and also ``{"op": "take",
"prefix": "A"}`` (the hall's ticket machine). Time comes from an injected clock so tests
and demos control it. :class:`QueueSimulator` runs the server on its own thread; ``python
-m ui.peripherals.queue_sim --port 9100`` runs it standalone for a demo.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import threading
from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import Any

from offline.domain.clock import now_utc, to_iso

Clock = Callable[[], datetime]


class QueueState:
    """Tickets waiting and the ticket each counter called last."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.waiting: deque[dict[str, str]] = deque()
        self.serial: dict[str, int] = {}
        self.current: dict[str, dict[str, str]] = {}
        self.calls: list[tuple[str, str]] = []  # (counter, ticket no) as announced

    def take(self, prefix: str = "A") -> dict[str, str]:
        self.serial[prefix] = self.serial.get(prefix, 0) + 1
        ticket = {"no": f"{prefix}{self.serial[prefix]:03d}", "issued_at": to_iso(self.clock())}
        self.waiting.append(ticket)
        return ticket

    def handle(self, request: Any) -> dict[str, Any]:
        op = request.get("op") if isinstance(request, dict) else None
        counter = str(request.get("counter", "")) if isinstance(request, dict) else ""
        if op == "take":
            prefix = str(request.get("prefix", "A"))[:3].upper() or "A"
            return {"ok": True, "ticket": self.take(prefix)}
        if op == "call_next":
            if not self.waiting:
                return _error("queue_empty", "没有等候的排队号", "Nobody is waiting")
            ticket = dict(self.waiting.popleft(), called_at=to_iso(self.clock()))
            self.current[counter] = ticket
            self.calls.append((counter, ticket["no"]))
            return {"ok": True, "ticket": ticket}
        if op == "recall":
            if counter not in self.current:
                return _error("nothing_called", "本窗口尚未叫号", "This counter called nobody")
            self.calls.append((counter, self.current[counter]["no"]))
            return {"ok": True, "ticket": self.current[counter]}
        return _error("bad_request", "无效请求", "Bad request")


def _error(code: str, zh: str, en: str) -> dict[str, Any]:
    return {"ok": False, "error": {"code": code, "zh": zh, "en": en}}


async def _serve_client(
    state: QueueState, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    try:
        line = await reader.readline()
        try:
            request = json.loads(line)
        except ValueError:
            request = None
        reply = state.handle(request)
        writer.write((json.dumps(reply, ensure_ascii=False) + "\n").encode())
        await writer.drain()
    finally:
        writer.close()


class QueueSimulator:
    """The simulated controller on a background thread; ``port`` is known after start."""

    def __init__(self, clock: Clock = now_utc, host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = QueueState(clock)
        self.host, self.port = host, port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.AbstractServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> QueueSimulator:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop

            async def open_server() -> None:
                self._server = await asyncio.start_server(
                    lambda r, w: _serve_client(self.state, r, w), self.host, self.port
                )
                self.port = self._server.sockets[0].getsockname()[1]
                ready.set()

            loop.run_until_complete(open_server())
            loop.run_forever()
            loop.close()

        self._thread = threading.Thread(target=run, name="queue-sim", daemon=True)
        self._thread.start()
        ready.wait()
        return self

    @property
    def url(self) -> str:
        return f"tcp://{self.host}:{self.port}"

    def take(self, prefix: str = "A") -> dict[str, str]:
        """Issue a ticket as the hall's ticket machine would (thread-safe)."""
        assert self._loop is not None
        future = asyncio.run_coroutine_threadsafe(_call(self.state.take, prefix), self._loop)
        ticket: dict[str, str] = future.result()
        return ticket

    def stop(self) -> None:
        loop, server = self._loop, self._server
        if loop is None or server is None:
            return

        async def close() -> None:
            server.close()
            await server.wait_closed()
            loop.stop()

        asyncio.run_coroutine_threadsafe(close(), loop)
        if self._thread is not None:
            self._thread.join()
        self._loop = self._server = None


async def _call(fn: Callable[..., Any], *args: Any) -> Any:
    return fn(*args)


def main() -> None:
    parser = argparse.ArgumentParser(description="Simulated queue controller on loopback")
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--tickets", type=int, default=20, help="tickets issued at start")
    args = parser.parse_args()
    sim = QueueSimulator(port=args.port).start()
    for _ in range(args.tickets):
        sim.take("A")
    print(f"queue simulator on {sim.url}", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
