"""First run, online and offline sign-in, refusals, lockout, idle lock and user switching,
against the real reference platform on loopback and a real encrypted store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.fixtures.platform import PlatformServer
from tests.ui.appfixture import RunningApp, start_app
from tests.ui.asyncutil import settle, wait_until


async def registered_app(
    qtbot: QtBot, tmp_path: Path, server: PlatformServer, **options: object
) -> RunningApp:
    app = await start_app(qtbot, tmp_path, server.base_url, **options)
    assert app.window.pages.currentWidget() is app.window.first_run
    await app.register(server.base_url, "nm-super")  # a supervisor registers the terminal
    assert app.window.first_run.message.text() == ""
    app.window.first_run.start.click()
    app.window.switch_user.trigger()
    await app.sign_in("nm-clerk1")
    assert app.user is not None and app.user.username == "nm-clerk1"
    return app


@pytest.mark.asyncio
async def test_first_run_registers_the_terminal_and_signs_in_online(
    qtbot: QtBot, tmp_path: Path, platform_server: PlatformServer
) -> None:
    app = await start_app(qtbot, tmp_path, platform_server.base_url)
    page = app.window.first_run
    await app.register("ftp://nowhere", "nm-clerk1")
    assert "平台地址无效" in page.message.text()
    await app.register(platform_server.base_url, "nm-clerk1")
    assert "窗口负责人" in page.message.text()  # a clerk is told who can register
    await app.register(platform_server.base_url, "nm-super")
    result = page.result.text()
    terminal = app.controller.terminal_code
    assert terminal and f"<b>{terminal}</b>" in result and "520102" in result
    page.start.click()
    assert app.window.pages.currentWidget() is app.controller.current
    assert app.user is not None and app.user.online_login
    assert app.window.status.isVisible()
    # The registration survives a restart: next start goes straight to sign-in.
    await app.close()
    again = await start_app(qtbot, tmp_path, platform_server.base_url)
    assert again.window.pages.currentWidget() is again.window.login
    assert again.controller.terminal_code == terminal
    await again.close()
    await settle()


@pytest.mark.asyncio
async def test_offline_sign_in_policy_and_lockout(
    qtbot: QtBot, tmp_path: Path, platform_server: PlatformServer
) -> None:
    app = await registered_app(qtbot, tmp_path, platform_server)
    login = app.window.login
    app.controller.switch_user()
    app.controller.set_simulated_offline(True)
    # never signed in online on this computer → refused with the reason
    await app.sign_in("nm-clerk2")
    assert "离线登录" in login.message.text() and app.controller.current is None
    # the cached verifier lets nm-clerk1 in offline
    await app.sign_in("nm-clerk1")
    assert app.user is not None and not app.user.online_login
    assert "offline" in app.window.user_label.text() or "离线" in app.window.user_label.text()
    app.controller.switch_user()
    # past the platform's offline policy (7 days) → refused, reason shown
    assert app.controller.auth is not None
    app.controller.auth.clock = lambda: datetime.now(UTC) + timedelta(days=8)
    await app.sign_in("nm-clerk1")
    assert "有效期" in login.message.text() and app.controller.current is None
    app.controller.auth.clock = lambda: datetime.now(UTC)
    # wrong passwords: refused each time, then locked even with the right one
    for _ in range(5):
        await app.sign_in("nm-clerk1", "wrong-password")
        assert "密码错误" in login.message.text()
    await app.sign_in("nm-clerk1")
    assert "锁定" in login.message.text() and app.controller.current is None
    # online again: the platform decides, and the lock is lifted
    app.controller.set_simulated_offline(False)
    await app.sign_in("nm-clerk1")
    assert app.user is not None and app.user.online_login
    await app.close()
    await settle()


@pytest.mark.asyncio
async def test_wrong_password_online_is_final(
    qtbot: QtBot, tmp_path: Path, platform_server: PlatformServer
) -> None:
    app = await registered_app(qtbot, tmp_path, platform_server)
    app.controller.switch_user()
    await app.sign_in("nm-clerk1", "not-the-password")
    assert app.controller.current is None
    assert app.window.login.message.text() != ""
    await app.close()
    await settle()


@pytest.mark.asyncio
async def test_idle_lock_keeps_work_in_progress(
    qtbot: QtBot, tmp_path: Path, platform_server: PlatformServer
) -> None:
    app = await registered_app(qtbot, tmp_path, platform_server, idle_minutes=0.01)
    workspace = app.controller.current
    assert workspace is not None
    workspace.new_intake()
    workspace.queue.search.setText("张")
    tabs = workspace.tabs.count()
    await wait_until(lambda: app.window.pages.currentWidget() is app.window.login, timeout=5)
    login = app.window.login
    assert login.locked_user == "nm-clerk1" and login.username.isReadOnly()
    assert not app.window.new_intake.isEnabled()  # nothing reachable while locked
    await app.sign_in("nm-clerk1")
    assert app.controller.current is workspace
    assert app.window.pages.currentWidget() is workspace
    assert workspace.tabs.count() == tabs and workspace.queue.search.text() == "张"
    await app.close()
    await settle()


@pytest.mark.asyncio
async def test_switching_user_keeps_each_users_work_apart(
    qtbot: QtBot, tmp_path: Path, platform_server: PlatformServer
) -> None:
    app = await registered_app(qtbot, tmp_path, platform_server)
    first = app.controller.current
    assert first is not None
    first.new_intake()
    first_tabs = first.tabs.count()
    app.window.switch_user.trigger()
    assert app.window.pages.currentWidget() is app.window.login
    await app.sign_in("nm-clerk2")
    second = app.controller.current
    assert second is not None and second is not first
    assert second.ctx.user.username == "nm-clerk2"
    assert second.tabs.count() == 1  # only the queue: nothing of clerk1's
    assert not first.isVisible()
    app.window.switch_user.trigger()
    await app.sign_in("nm-clerk1")
    assert app.controller.current is first and first.tabs.count() == first_tabs
    await app.close()
    await settle()
