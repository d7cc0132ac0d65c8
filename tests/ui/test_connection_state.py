"""The connection light tells the truth within a second of a change, against the real
platform on loopback: the demo switch, the OS's reachability and a request that cannot
reach the platform all show offline at once; online comes back only after ``/health``
has really answered."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from PySide6.QtNetwork import QNetworkInformation
from pytestqt.qtbot import QtBot

from sync.scheduler import Timing
from sync.status import SyncStatus
from tests.fixtures.platform import PlatformServer
from tests.ui.appfixture import RunningApp, start_app
from tests.ui.asyncutil import settle, wait_until
from ui.connectivity import reachability_meaning

Reachability = QNetworkInformation.Reachability


class RecordingTransport(httpx.AsyncBaseTransport):
    """Notes each answered request in the shared event list (the real platform answers)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, events: list[str]) -> None:
        self.inner, self.events = inner, events

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        self.events.append(f"answered {request.url.path}")
        return response


class ClosedPortTransport(httpx.AsyncBaseTransport):
    """Sends every request to a loopback port nobody listens on: a real refused connection."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.inner = httpx.AsyncHTTPTransport(retries=0)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(host="127.0.0.1", port=self.port)
        return await self.inner.handle_async_request(request)


async def online_app(qtbot: QtBot, tmp_path: Path, server: PlatformServer) -> RunningApp:
    # Long backoff on purpose: only the change itself may bring the light round in time.
    timing = Timing(period=600.0, debounce=0.1, probe_base=30.0, probe_cap=60.0)
    app = await start_app(qtbot, tmp_path, server.base_url, demo=True, sync_timing=timing)
    assert app.window.pages.currentWidget() is app.window.first_run
    await app.register(server.base_url, "nm-super")  # a supervisor registers the terminal
    assert app.window.first_run.message.text() == ""
    app.window.first_run.start.click()
    app.window.switch_user.trigger()
    await app.sign_in("nm-clerk1")  # the clerk signs in online, device key loaded
    assert app.user is not None and app.user.username == "nm-clerk1"
    await wait_until(lambda: app.window.status.status.settled, timeout=20)
    assert app.window.status.status.online is True
    assert "在线" in app.window.status.state.text()
    return app


def _offline(app: RunningApp) -> bool:
    bar = app.window.status
    return bar.status.online is False and bar.state.text().startswith("离线")


def test_only_a_disconnected_os_means_offline_without_asking() -> None:
    assert reachability_meaning(Reachability.Disconnected) is False
    for maybe in (Reachability.Online, Reachability.Local, Reachability.Site, Reachability.Unknown):
        assert reachability_meaning(maybe) is None


@pytest.mark.asyncio
async def test_demo_switch_shows_offline_at_once_and_online_only_after_health_answers(
    qtbot: QtBot, tmp_path: Path, fresh_platform: PlatformServer
) -> None:
    app = await online_app(qtbot, tmp_path, fresh_platform)
    events: list[str] = []
    transport = app.controller.transport
    transport.inner = RecordingTransport(transport.inner, events)
    sync = app.controller.sync
    assert sync is not None

    def note(status: SyncStatus) -> None:
        events.append(f"online={status.online}")

    sync.subscribe(note)
    app.window.banner.offline.setChecked(True)
    await wait_until(lambda: _offline(app), timeout=1.0)

    events.clear()
    app.window.banner.offline.setChecked(False)
    assert app.window.status.status.online is False  # not on the switch's word
    await wait_until(lambda: app.window.status.status.online is True, timeout=5.0)
    first_online = events.index("online=True")
    health = [e for e in events[:first_online] if e.endswith("/health")]
    assert health, events  # the platform's own answer came first
    assert "在线" in app.window.status.state.text()
    await app.close()
    await settle()


@pytest.mark.asyncio
async def test_os_reachability_drives_the_light(
    qtbot: QtBot, tmp_path: Path, fresh_platform: PlatformServer
) -> None:
    app = await online_app(qtbot, tmp_path, fresh_platform)
    network = app.controller.network
    # The OS's signal, as its backend would deliver it (offscreen may have no backend).
    network.on_reachability(Reachability.Disconnected)
    await wait_until(lambda: _offline(app), timeout=1.0)
    network.on_reachability(Reachability.Online)
    await wait_until(lambda: app.window.status.status.online is True, timeout=5.0)
    await app.close()
    await settle()


@pytest.mark.asyncio
async def test_a_refused_request_shows_offline_before_the_retries_end(
    qtbot: QtBot, tmp_path: Path, fresh_platform: PlatformServer
) -> None:
    app = await online_app(qtbot, tmp_path, fresh_platform)
    transport = app.controller.transport
    reachable = transport.inner
    transport.inner = ClosedPortTransport()
    app.window.sync_now.trigger()
    await wait_until(lambda: _offline(app), timeout=1.0)
    assert app.window.status.status.running  # the client is still retrying
    transport.inner = reachable
    await app.close()
    await settle()
