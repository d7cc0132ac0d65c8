"""Tells the sync service about network changes the moment Qt or the transport sees them.

Three sources, all on the GUI thread: the operating system's reachability
(:class:`QNetworkInformation`, when a backend exists — offscreen and CI machines often have
none), any request that fails because the platform cannot be reached (seen in the
transport, before the client's retries), and the demo's "simulate offline" switch. A loss
is reported as offline at once; a possible return only starts a probe, so "online" is shown
only after the platform has answered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx
from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QNetworkInformation

from client.errors import Unreachable
from client.responses import from_transport

log = logging.getLogger(__name__)

NetworkListener = Callable[[bool | None], None]


def reachability_meaning(reachability: QNetworkInformation.Reachability) -> bool | None:
    """False when the OS knows there is no network; None (ask the platform) otherwise —
    a LAN-only link may still reach a platform inside the government network."""
    if reachability == QNetworkInformation.Reachability.Disconnected:
        return False
    return None


class NetworkWatcher(QObject):
    """Emits :attr:`changed` with False / None when the OS's reachability changes."""

    changed = Signal(object)  # bool | None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.info: QNetworkInformation | None = None
        try:
            if QNetworkInformation.loadDefaultBackend():
                self.info = QNetworkInformation.instance()
        except Exception:  # no backend plugin on this machine: the other sources remain
            log.debug("no network information backend", exc_info=True)
        if self.info is not None:
            self.info.reachabilityChanged.connect(self.on_reachability)
        else:
            log.info("network reachability from the OS is unavailable")

    @property
    def backend(self) -> str:
        return self.info.backendName() if self.info is not None else ""

    def on_reachability(self, reachability: QNetworkInformation.Reachability) -> None:
        self.changed.emit(reachability_meaning(reachability))


class WatchedTransport(httpx.AsyncBaseTransport):
    """Passes requests through and reports at once when one cannot reach the platform."""

    def __init__(self, inner: httpx.AsyncBaseTransport, on_unreachable: Callable[[], None]):
        self.inner = inner
        self.on_unreachable = on_unreachable

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self.inner.handle_async_request(request)
        except httpx.HTTPError as exc:
            if isinstance(from_transport(exc), Unreachable):
                self.on_unreachable()
            raise

    async def aclose(self) -> None:
        await self.inner.aclose()
