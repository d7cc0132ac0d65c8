"""The whole app (window + controller) for one profile against a real platform."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.asyncutil import wait_until
from ui.app import build
from ui.context import SignedInUser
from ui.controller import AppController
from ui.main_window import MainWindow
from ui.options import AppOptions
from ui.profile import Profile

PASSWORD = "Demo@2026"


@dataclass
class RunningApp:
    window: MainWindow
    controller: AppController

    async def sign_in(self, username: str, password: str = PASSWORD) -> None:
        login = self.window.login
        if not login.username.isReadOnly():
            login.username.setText(username)
        login.password.setText(password)
        login.button.click()
        await wait_until(lambda: login.button.isEnabled(), timeout=20)

    async def register(self, url: str, username: str, password: str = PASSWORD) -> None:
        page = self.window.first_run
        page.url.setText(url)
        page.username.setText(username)
        page.password.setText(password)
        page.button.click()
        await wait_until(lambda: page.button.isEnabled(), timeout=20)

    @property
    def user(self) -> SignedInUser | None:
        current = self.controller.current
        return current.ctx.user if current is not None else None

    async def close(self) -> None:
        self.window.close()
        await self.controller.shutdown()


async def start_app(
    qtbot: QtBot, data_dir: Path, url: str, *, profile: str = "t", **options: Any
) -> RunningApp:
    assert QApplication.instance() is not None
    opts = AppOptions(profile=Profile.locate(profile, data_dir), platform_url=url, **options)
    window, controller = build(opts, language="zh_CN")
    qtbot.addWidget(window)
    window.show()
    await controller.start()
    return RunningApp(window, controller)
