"""The setup page's way back from a damaged store: the refusal is shown whole with a
"Restore from a backup…" button, sign-in is disabled, and a supervisor's password
restores the backup without signing in to the damaged store; the app then opens the
restored store (real app, real damaged SQLCipher file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.fixtures.platform import PlatformServer
from tests.fixtures.store import StoreFactory
from tests.offline.store.test_damaged_restore import _office
from tests.ui.appfixture import start_app
from tests.ui.asyncutil import settle, wait_until
from tests.ui.test_messages_fit import assert_whole


@pytest.mark.asyncio
async def test_a_damaged_store_is_restored_from_the_setup_page(
    qtbot: QtBot, tmp_path: Path, store_factory: StoreFactory, platform_server: PlatformServer
) -> None:
    data = tmp_path / "data"
    source, _, db = _office(store_factory, data)
    app = await start_app(qtbot, data, platform_server.base_url, profile="desk")
    login = app.window.login
    assert app.window.pages.currentWidget() is login
    assert login.restore_button.isVisible() and not login.button.isEnabled()
    assert "备份" in login.message.text()
    assert_whole(login.message)
    app.controller.restore_damaged()
    dialog = app.controller.restore_dialog
    qtbot.addWidget(dialog)
    assert dialog.backups.currentData() == str(source)
    dialog.username.setText("super1")
    dialog.password.setText("wrong")
    dialog.restore.click()
    await wait_until(lambda: dialog.restore.isEnabled(), timeout=20)
    assert "恢复密钥" in dialog.message.text() and dialog.report is None
    dialog.password.setText("Super@2026")
    dialog.restore.click()
    await wait_until(lambda: dialog.report is not None, timeout=20)
    assert "纸质收件凭证" in dialog.message.text()
    assert list(db.parent.glob("store.db.damaged-*"))
    await wait_until(lambda: not login.restore_button.isVisible(), timeout=20)
    assert app.controller.store is not None
    dialog.close()
    await app.close()
    await settle()
