"""Queue calling (叫号): the interface to the hall's queue controller, and its TCP client.

The clerk presses F9; the controller announces the next ticket on the hall and counter
displays and answers with the ticket, which the next application carries.

Wire protocol (TCP on the LAN; one JSON object per line, UTF-8, one request per
connection): ``{"op": "call_next", "counter": "03"}`` → ``{"ok": true, "ticket": {"no":
"A012", "issued_at": <ISO 8601>, "called_at": <ISO 8601>}}`` or ``{"ok": false, "error":
{"code": "queue_empty", "zh": "…", "en": "…"}}``. ``recall`` (announce again) has the
same shape. A controller speaking WebSocket takes the same JSON as text frames; see
docs/peripherals.md.
"""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit

from offline.domain.errors import BilingualError
from offline.domain.tickets import check_ticket


class QueueError(BilingualError):
    """The controller cannot be reached or has no ticket; the clerk goes on without."""


@dataclass(frozen=True)
class Ticket:
    no: str
    issued_at: str
    called_at: str

    def to_doc(self) -> dict[str, str]:
        """The application's ``ticket`` field."""
        return {"no": self.no, "issued_at": self.issued_at, "called_at": self.called_at}


@runtime_checkable
class QueueCaller(Protocol):
    name: str

    def call_next(self) -> Ticket:
        """Announce and return the next waiting ticket; raise QueueError."""
        ...

    def recall(self) -> Ticket:
        """Announce the current ticket again (the applicant did not come)."""
        ...


def _unreachable(detail: str) -> QueueError:
    return QueueError(
        "queue_unreachable",
        f"无法连接叫号系统（{detail}），请口头叫号后继续办理",
        f"The queue controller is not reachable ({detail}); call the applicant in person",
    )


def ticket_from_reply(reply: Any) -> Ticket:
    """The ticket in a controller's answer, checked like the domain checks a document."""
    if not isinstance(reply, dict):
        raise _unreachable("bad answer")
    if not reply.get("ok"):
        error = reply.get("error")
        if not isinstance(error, dict):
            error = {}
        raise QueueError(
            str(error.get("code", "queue_error")),
            str(error.get("zh", "叫号失败")),
            str(error.get("en", "The call failed")),
        )
    ticket = reply.get("ticket")
    if not isinstance(ticket, dict) or check_ticket(ticket):
        raise _unreachable("bad ticket")
    return Ticket(str(ticket["no"]), str(ticket["issued_at"]), str(ticket["called_at"]))


class TcpQueueCaller:
    """:class:`QueueCaller` over the line-JSON TCP protocol (``tcp://host:port``)."""

    name = "叫号系统 / Queue controller"

    def __init__(self, host: str, port: int, counter: str, timeout: float = 3.0) -> None:
        self.host, self.port, self.counter, self.timeout = host, port, counter, timeout

    @classmethod
    def from_url(cls, url: str, counter: str, timeout: float = 3.0) -> TcpQueueCaller:
        parts = urlsplit(url)
        if parts.scheme != "tcp" or not parts.hostname or not parts.port:
            raise QueueError(
                "bad_queue_url",
                f"叫号系统地址应为 tcp://主机:端口，实为 {url!r}",
                f"The queue controller address must be tcp://host:port, not {url!r}",
            )
        return cls(parts.hostname, parts.port, counter, timeout)

    def _ask(self, op: str) -> Ticket:
        request = json.dumps({"op": op, "counter": self.counter}) + "\n"
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout) as s:
                s.sendall(request.encode())
                with s.makefile("r", encoding="utf-8") as answers:
                    line = answers.readline()
        except OSError as exc:
            raise _unreachable(type(exc).__name__) from None
        try:
            reply = json.loads(line)
        except ValueError:
            raise _unreachable("bad answer") from None
        return ticket_from_reply(reply)

    def call_next(self) -> Ticket:
        return self._ask("call_next")

    def recall(self) -> Ticket:
        return self._ask("recall")
