"""Start the reference platform for tests and the demo launcher, and stop it cleanly.

`start_thread` runs uvicorn in a background thread on a free loopback port (fast, same
process, settings objects such as a fake clock can be passed). `start_subprocess` runs
`python -m central serve` in its own process, so chaos tests can kill -9 and restart it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import uvicorn

from central.app import create_app
from central.settings import Settings
from client.wire import API_PREFIX


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


# How long a starting platform may take to answer /health. A test suite on a loaded
# machine raises it (tests/conftest.py): a slow start is not a failure there, a hang is.
START_TIMEOUT_S = 20.0


def wait_healthy(
    base_url: str, timeout: float | None = None, proc: subprocess.Popen[bytes] | None = None
) -> None:
    deadline = time.monotonic() + (START_TIMEOUT_S if timeout is None else timeout)
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"platform exited with code {proc.returncode}")
        try:
            if httpx.get(f"{base_url}{API_PREFIX}/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"platform at {base_url} did not become healthy")


@dataclass
class ThreadServer:
    base_url: str
    settings: Settings
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_thread(settings: Settings) -> ThreadServer:
    # proto IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are
    # TCP, and without it Nagle + delayed ACK stall every kept-alive request by ~40 ms.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # log_config=None: leave the host process's logging alone; records (access log too)
    # propagate to the root logger, where tests can capture and inspect them.
    config = uvicorn.Config(
        create_app(settings),
        log_config=None,
        access_log=True,
        lifespan="on",
        timeout_graceful_shutdown=2,
        proxy_headers=False,  # X-Forwarded-For is judged by central.client_address
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, daemon=True, name=f"platform-{port}"
    )
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("platform thread failed to start")
        time.sleep(0.01)
    return ThreadServer(base_url, settings, server, thread)


@dataclass
class ProcessServer:
    base_url: str
    db_path: Path
    port: int
    args: list[str]
    proc: subprocess.Popen[bytes] | None = field(default=None)

    def start(self) -> None:
        # stderr goes to a file next to the database: an unread pipe could fill and block.
        with open(self.db_path.with_suffix(".log"), "ab") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "central",
                    "serve",
                    "--db",
                    str(self.db_path),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    *self.args,
                ],
                cwd=Path(__file__).resolve().parents[1],
                stdout=subprocess.DEVNULL,
                stderr=log,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        wait_healthy(self.base_url, proc=self.proc)

    def kill(self) -> None:
        """kill -9: the crash the chaos suite simulates."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart(self) -> None:
        self.stop()
        self.start()


def start_subprocess(
    db_path: Path,
    *,
    seed_demo: bool = True,
    auto_back_office: bool = False,
    extra: list[str] | None = None,
) -> ProcessServer:
    port = free_port()
    args = list(extra or [])
    if seed_demo:
        args += ["--seed", "demo"]
    if auto_back_office:
        args.append("--auto-back-office")
    server = ProcessServer(f"http://127.0.0.1:{port}", db_path, port, args)
    server.start()
    return server
