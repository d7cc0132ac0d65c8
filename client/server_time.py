"""The platform's time, learned from the HTTP `Date` header of every response.

The device cannot trust its own clock (a dead clock battery, a clerk who "fixed" the
time), but every platform response says what time it is on the platform (RFC 9110
§6.6.1: an origin server with a clock must send `Date`). :class:`ServerTimeWatch` keeps
the latest one with the device's monotonic clock at that moment, so the platform's time
can be estimated later without trusting the wall clock: ``server time + elapsed
monotonic time``. The store keeps the last one (``offline.store.clock_guard``); the
status bar warns when the device clock drifts from the estimate.

A `Date` header is whole seconds; drift thresholds are minutes, so that is plenty. Only
answers in the platform's own shape (JSON, not a redirect) count: a captive portal's login
page or a proxy's error page says nothing about the platform's clock, and one with a wrong
clock must not lock the counter out of intake.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import httpx

from client.responses import is_json

DRIFT_WARNING = timedelta(minutes=10)


@dataclass(frozen=True)
class ServerTime:
    """One observation: the platform's clock, and this device's clocks when it arrived."""

    server_at: datetime  # the response's Date, UTC
    device_at: datetime  # this device's wall clock at that moment, UTC
    monotonic: float  # time.monotonic() at that moment

    def estimate(self, monotonic_now: float) -> datetime:
        """The platform's time now: its time then plus the monotonic time elapsed since."""
        return self.server_at + timedelta(seconds=monotonic_now - self.monotonic)

    def drift(self, device_now: datetime, monotonic_now: float) -> timedelta:
        """How far the device clock is from the platform's estimated time (+: ahead)."""
        return device_now - self.estimate(monotonic_now)

    def drifting(self, device_now: datetime, monotonic_now: float) -> bool:
        """True when the device clock is more than `DRIFT_WARNING` away from the platform."""
        return abs(self.drift(device_now, monotonic_now)) > DRIFT_WARNING


def date_header(response: httpx.Response) -> datetime | None:
    """The response's `Date` as an aware UTC datetime; None when missing or malformed."""
    raw = response.headers.get("date")
    if not raw:
        return None
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    # RFC 9110 §5.6.7: every HTTP-date is UTC, and a recipient must accept all three
    # formats; the asctime form carries no zone, which email.utils leaves naive.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


Listener = Callable[[ServerTime], None]


class ServerTimeWatch:
    """Keeps the latest platform time of one session; an httpx response hook feeds it.

    ``wall`` and ``monotonic`` are the device's clocks (injectable for tests).
    """

    def __init__(
        self,
        wall: Callable[[], datetime] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._wall = wall or (lambda: datetime.now(UTC))
        self._monotonic = monotonic
        self.latest: ServerTime | None = None
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with every new observation; returns a function that unsubscribes."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def observe(self, response: httpx.Response) -> ServerTime | None:
        """Record the `Date` of a platform answer (ignored when it has none, or when the
        response is a redirect or not JSON, i.e. not the platform's)."""
        if response.is_redirect or not is_json(response):
            return None
        server_at = date_header(response)
        if server_at is None:
            return None
        seen = ServerTime(server_at, self._wall(), self._monotonic())
        self.latest = seen
        for listener in list(self._listeners):
            listener(seen)
        return seen

    async def hook(self, response: httpx.Response) -> None:
        """httpx ``event_hooks["response"]`` entry: every response, errors included."""
        self.observe(response)
