"""The whole app against the reference platform with the Tools menu installed: settings
applied live, and a restore round trip on the real encrypted store (backup, more work
offline, restore with the typed confirmation, app closes, the restored file opens)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from offline.store.opening import open_profile
from offline.store.store import Store
from tests.fixtures.platform import PlatformServer
from tests.ui.appfixture import RunningApp, start_app
from tests.ui.asyncutil import settle, wait_until
from tests.ui.seeding import intake
from ui.backup.confirm import RestoreConfirmDialog
from ui.settings.install import Tools


async def supervisor_app(
    qtbot: QtBot, tmp_path: Path, server: PlatformServer
) -> tuple[RunningApp, Tools]:
    app = await start_app(qtbot, tmp_path, server.base_url)
    tools = app.controller.tools  # the controller installs the Tools menu itself
    assert app.window.settings_action.isEnabled() and not app.window.backup_action.isEnabled()
    await app.register(server.base_url, "nm-super")
    app.window.first_run.start.click()
    assert app.user is not None and app.user.role == "supervisor"
    assert app.window.backup_action.isEnabled()
    return app, tools


@pytest.mark.asyncio
async def test_settings_apply_live_and_follow_the_role_on_screen(
    qtbot: QtBot, tmp_path: Path, platform_server: PlatformServer
) -> None:
    app, tools = await supervisor_app(qtbot, tmp_path, platform_server)
    controller = app.controller
    await wait_until(lambda: controller.sync is not None, timeout=20)
    app.window.settings_action.trigger()
    dialog = tools.settings_dialog
    assert dialog is not None and dialog.platform_url.isEnabled()
    dialog.idle_minutes.setValue(2)
    dialog.sync_minutes.setValue(3)
    assert dialog.submit()
    assert controller.idle._timer.interval() == 120_000
    assert controller.idle.armed
    assert controller.sync is not None and controller.sync.scheduler.timing.period == 180.0
    assert tools.notice is None  # nothing here needs a restart
    app.window.settings_action.trigger()
    dialog = tools.settings_dialog
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.submit()
    assert tools.notice is not None and tools.notice.isVisible()
    tools.notice.accept()
    # behind the lock screen nobody is signed in: connection settings are read-only
    controller.lock()
    app.window.settings_action.trigger()
    locked = tools.settings_dialog
    assert locked is not None and not locked.platform_url.isEnabled()
    assert locked.language.isEnabled()
    assert not app.window.backup_action.isEnabled()
    locked.reject()
    await app.close()
    await settle()


@pytest.mark.asyncio
async def test_restore_round_trip_closes_the_app_and_the_backup_opens(
    qtbot: QtBot, tmp_path: Path, platform_server: PlatformServer
) -> None:
    app, tools = await supervisor_app(qtbot, tmp_path, platform_server)
    controller = app.controller
    controller.set_simulated_offline(True)  # the new work stays pending
    store = controller.store
    assert store is not None
    rng = random.Random(3)
    await store.call(lambda s: intake(s, "u-nm-clerk1", rng))
    app.window.backup_action.trigger()
    dialog = tools.backup_dialog
    assert dialog is not None

    async def back_up() -> None:
        dialog.backup_button.click()
        await wait_until(lambda: dialog.backup_button.isEnabled(), timeout=30)

    async def ask_restore() -> None:
        dialog.table.selectRow(0)  # newest first
        dialog.restore_button.click()
        await wait_until(
            lambda: dialog.confirm_dialog is not None or "拒绝" in dialog.message.text(),
            timeout=20,
        )

    await back_up()
    await store.call(lambda s: intake(s, "u-nm-clerk1", rng))
    await ask_restore()  # one intake since that backup: refused, nothing touched
    assert dialog.confirm_dialog is None and "拒绝恢复" in dialog.message.text()
    await back_up()
    assert len(dialog.backups) == 2 and all(b.verified for b in dialog.backups)
    # a change that is not an action (a draft) happens after the newest backup
    await store.call(lambda s: s.save_draft("u-nm-super", "d1", {"step": 1}))
    before = await store.call(lambda s: s.info())
    assert await store.call(lambda s: s.drafts("u-nm-super"))
    await ask_restore()
    confirm = dialog.confirm_dialog
    assert isinstance(confirm, RestoreConfirmDialog)
    assert confirm.plan.pending == before["sync_pending"] == 2
    confirm.typed.setText("RESTORE")
    confirm.restore.click()
    await wait_until(lambda: tools.notice is not None, timeout=30)
    assert controller.store is None  # the store was closed before the file was replaced
    assert "replaced" in tools.notice.text()
    tools.notice.accept()
    await wait_until(lambda: not app.window.isVisible(), timeout=10)
    await app.close()
    restored: Store = open_profile("t", tmp_path)
    try:
        info = restored.info()
        assert info["applications"] == before["applications"] == 2
        assert info["sync_pending"] == 2 and info["device_id"] == before["device_id"]
        assert not restored.drafts("u-nm-super")  # the file really is the backup
    finally:
        restored.close()
    aside = list((tmp_path / "profiles" / "t").glob("store.db.replaced-*"))
    assert [p.name for p in aside if not p.name.endswith(("-wal", "-shm"))]
    await settle()
