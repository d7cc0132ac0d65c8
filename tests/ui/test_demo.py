"""Demo wiring: platform subprocess, file keyring inside the profile, terminal registered
without typing, the app opening at sign-in with the demo accounts and the DEMO banner."""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
import keyring
import pytest
from pytestqt.qtbot import QtBot

from client.wire import API_PREFIX
from demo import app as demo
from offline.profile_kind import ProfileKind
from offline.store.keys import ALLOW_FILE_KEYRING_ENV
from tests.ui.appfixture import RunningApp
from tests.ui.asyncutil import settle
from ui.app import build
from ui.options import AppOptions
from ui.profile import Profile


@pytest.mark.asyncio
async def test_demo_profile_opens_at_sign_in_with_accounts_and_banner(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ALLOW_FILE_KEYRING_ENV, raising=False)
    profile = Profile.locate(demo.DEMO_PROFILE, tmp_path)
    backend = demo.use_profile_keyring(profile)
    assert keyring.get_keyring() is backend
    # the demo is a property of the profile, recorded at creation, not of the process
    assert profile.kind is ProfileKind.demo
    assert json.loads((profile.root / "profile.json").read_text()) == {"kind": "demo"}
    assert ALLOW_FILE_KEYRING_ENV not in os.environ
    server = demo.start_platform(profile, review_delay=1.0)
    try:
        environ = Path(f"/proc/{server.proc.pid if server.proc else 0}/environ")
        if environ.exists():  # the platform subprocess inherits no file-keyring permission
            assert ALLOW_FILE_KEYRING_ENV.encode() not in environ.read_bytes()
        registration = await demo.register_demo_terminal(profile, server.base_url)
        assert registration.terminal_code and registration.office_code == demo.DEMO_OFFICE
        # The database key sits in the file keyring inside the profile, nowhere else.
        assert profile.demo_keyring_path.exists()
        assert backend.get_password("counterdesk", "db-key:demo")
        options = AppOptions(
            profile=profile,
            platform_url=server.base_url,
            demo=True,
            demo_accounts=demo.demo_accounts(),
        )
        window, controller = build(options, language="zh_CN")
        qtbot.addWidget(window)
        window.show()
        await controller.start()
        app = RunningApp(window, controller)
        assert window.pages.currentWidget() is window.login
        assert window.banner.isVisible() and "演示" in window.banner.label.text()
        accounts = window.login.demo_accounts.text()
        assert window.login.demo_accounts.isVisible()
        assert "nm-clerk1" in accounts and "Demo@2026" in accounts
        assert "zz-clerk1" not in accounts  # only this office's staff
        await app.sign_in("nm-clerk1")
        assert app.user is not None and app.user.online_login
        await app.close()
    finally:
        server.stop()
    with pytest.raises(httpx.TransportError):
        httpx.get(server.base_url + API_PREFIX + "/health", timeout=1.0)
    await settle()
