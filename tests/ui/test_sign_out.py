"""Signing one user out, asking before quitting with unfinished intakes, and telling a
supervisor before the first intake step that receiving is a clerk's act (real platform,
real store, real widgets)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.fixtures.platform import PlatformServer
from tests.ui.asyncutil import settle, wait_until
from tests.ui.test_login import registered_app
from ui import quit_guard


async def _started_intake(app: Any) -> Any:
    workspace = app.controller.current
    wizard = workspace.new_intake()
    await wait_until(lambda: wizard.item_page.model.rowCount() > 0, timeout=10)
    wizard.next_button.click()
    await wait_until(lambda: wizard.current_step() == 1, timeout=10)
    return wizard


@pytest.mark.asyncio
async def test_sign_out_closes_only_that_users_workspace(
    qtbot: QtBot, tmp_path: Path, platform_server: PlatformServer
) -> None:
    app = await registered_app(qtbot, tmp_path, platform_server)
    first = app.controller.current
    assert first is not None and app.window.sign_out.isEnabled()
    app.window.sign_out.trigger()
    assert app.window.pages.currentWidget() is app.window.login
    assert app.controller.current is None and not app.window.sign_out.isEnabled()
    assert first.ctx.user.user_id not in app.controller.workspaces
    await app.sign_in("nm-clerk1")
    assert app.controller.current is not None and app.controller.current is not first
    await app.close()
    await settle()


@pytest.mark.asyncio
async def test_unfinished_intake_asks_before_sign_out_and_quit(
    qtbot: QtBot, tmp_path: Path, platform_server: PlatformServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = await registered_app(qtbot, tmp_path, platform_server)
    asked: list[tuple[int, str]] = []
    answer = [False]

    def ask(_parent: Any, unfinished: int, leaving: str) -> bool:
        asked.append((unfinished, leaving))
        return answer[0]

    monkeypatch.setattr(quit_guard, "ask", ask)
    await _started_intake(app)
    app.window.sign_out.trigger()
    assert asked and asked[-1][0] == 1
    assert app.controller.current is not None  # "No" keeps the user signed in
    assert not app.window.close() and app.window.isVisible()  # quitting asks too
    assert len(asked) == 2
    text = quit_guard.question(1, "?")
    assert "1" in text and ("草稿" in text or "draft" in text)
    answer[0] = True
    await app.close()
    assert not app.window.isVisible()
    await settle()


@pytest.mark.asyncio
async def test_quit_without_unfinished_work_does_not_ask(
    qtbot: QtBot, tmp_path: Path, platform_server: PlatformServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = await registered_app(qtbot, tmp_path, platform_server)
    monkeypatch.setattr(quit_guard, "ask", lambda *_: pytest.fail("asked without reason"))
    app.controller.current.new_intake()  # opened, nothing entered
    await app.close()
    assert not app.window.isVisible()
    await settle()


@pytest.mark.asyncio
async def test_a_supervisor_is_told_before_the_first_intake_step(
    qtbot: QtBot, tmp_path: Path, platform_server: PlatformServer
) -> None:
    app = await registered_app(qtbot, tmp_path, platform_server)
    app.window.switch_user.trigger()
    await app.sign_in("nm-super")
    workspace = app.controller.current
    assert workspace is not None and workspace.ctx.user.role == "supervisor"
    tabs = workspace.tabs.count()
    app.window.new_intake.trigger()
    assert workspace.tabs.count() == tabs  # no wizard to walk through in vain
    message = app.window.status.currentMessage()
    assert "窗口人员" in message or "clerk" in message
    await app.close()
    await settle()
