"""A card reader in a helper process, spoken to over a pipe (line-delimited JSON).

:class:`PipeReader` starts the helper (``python -m ui.readers.helper`` in development,
a 32-bit ``counterdesk-reader-helper.exe`` beside the app in production), sends one
``read`` request per card and waits a bounded time for the answer. When the helper has
died (a vendor DLL crashed) the read fails with a clear bilingual error and the clerk
types the applicant by hand; the next read starts a fresh helper. Protocol:
:mod:`ui.readers.helper`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import subprocess
import sys
import threading
from collections.abc import Sequence
from typing import IO, Any

from ui.readers.base import CardRecord, ReaderError
from ui.readers.card_codec import card_from_json

log = logging.getLogger(__name__)
DEFAULT_COMMAND = (sys.executable, "-m", "ui.readers.helper", "--backend", "simulated")
_EOF = object()


def _crashed() -> ReaderError:
    return ReaderError(
        "helper_crashed",
        "读卡程序意外退出，请手工录入；下次读卡将自动重启读卡程序",
        "The card reader helper stopped; enter the applicant by hand. The next read restarts it",
    )


class PipeReader:
    """A :class:`ui.readers.CardReader` backed by a helper process."""

    name = "身份证阅读器（辅助进程）/ ID card reader (helper process)"

    def __init__(self, command: Sequence[str] = DEFAULT_COMMAND, timeout: float = 10.0) -> None:
        self.command = list(command)
        self.timeout = timeout
        self.starts = 0
        self._proc: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[Any] = queue.Queue()
        self._next_id = 0
        self._lock = threading.Lock()

    # -- process -----------------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    def _alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _start(self) -> None:
        self._stop()
        try:
            self._proc = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                bufsize=1,
            )
        except OSError as exc:
            raise ReaderError(
                "helper_missing",
                "无法启动读卡程序，请检查安装，或手工录入",
                f"Cannot start the card reader helper ({exc.strerror}); enter by hand",
            ) from None
        self.starts += 1
        self._lines = queue.Queue()
        assert self._proc.stdout is not None
        threading.Thread(
            target=self._pump, args=(self._proc.stdout, self._lines), daemon=True
        ).start()

    @staticmethod
    def _pump(stream: IO[str], lines: queue.Queue[Any]) -> None:
        """Reads the helper's answers on a thread, so a wait can time out anywhere
        (select() does not work on pipes on Windows)."""
        try:
            for line in stream:
                lines.put(line)
        except (OSError, ValueError):
            pass
        lines.put(_EOF)

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()

    def close(self) -> None:
        """Ask the helper to quit, then make sure it is gone."""
        with self._lock:
            if self._alive():
                with contextlib.suppress(ReaderError):
                    self._request("quit")
            self._stop()

    # -- requests ------------------------------------------------------------------------
    def _request(self, op: str) -> dict[str, Any]:
        if self._proc is not None and not self._alive():
            # Died between reads: say so once (the device needs a look), restart next time.
            log.warning("card reader helper exited with %s", self._proc.poll())
            self._stop()
            raise _crashed()
        if self._proc is None:
            self._start()
        proc = self._proc
        assert proc is not None and proc.stdin is not None
        self._next_id += 1
        rid = self._next_id
        try:
            proc.stdin.write(json.dumps({"id": rid, "op": op}) + "\n")
            proc.stdin.flush()
        except (OSError, ValueError):
            self._stop()
            raise _crashed() from None
        while True:
            try:
                line = self._lines.get(timeout=self.timeout)
            except queue.Empty:
                self._stop()  # a hung vendor call: the next read starts afresh
                raise ReaderError(
                    "helper_timeout",
                    "读卡超时，请重新放卡或手工录入",
                    "The card reader did not answer in time; try again or enter by hand",
                ) from None
            if line is _EOF:
                log.warning("card reader helper exited with %s", proc.poll())
                self._stop()
                raise _crashed()
            try:
                reply = json.loads(line)
            except ValueError:
                continue  # a vendor DLL printing to stdout: not an answer
            if isinstance(reply, dict) and reply.get("id") == rid:
                return reply

    def available(self) -> bool:
        with self._lock:
            try:
                return bool(self._request("hello").get("ok"))
            except ReaderError:
                return False

    def read(self) -> CardRecord:
        with self._lock:
            reply = self._request("read")
        if reply.get("ok"):
            return card_from_json(reply.get("card"))
        error = reply.get("error")
        if not isinstance(error, dict):
            error = {}
        raise ReaderError(
            str(error.get("code", "reader_error")),
            str(error.get("zh", "读卡失败")),
            str(error.get("en", "The card could not be read")),
        )
