"""Settings changes, backups and restores enter the audit chain from the real app's Tools
menu: names of the changed settings (never their values), the backup file, and the
restore recorded in the database now in use."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from offline.store import session_audit
from offline.store.opening import open_profile
from tests.fixtures.platform import PlatformServer
from tests.ui.asyncutil import settle, wait_until
from tests.ui.backup.test_restore_app import supervisor_app
from tests.ui.seeding import intake
from ui import ops


def _session_rows(store: object) -> list[tuple[str, str]]:
    rows = store.conn.execute(  # type: ignore[attr-defined]
        "SELECT action, detail FROM audit_log WHERE action LIKE 'session.%' ORDER BY seq"
    ).fetchall()
    return [(str(a).removeprefix("session."), str(d)) for a, d in rows]


@pytest.mark.asyncio
async def test_settings_backups_and_restore_are_audited(
    qtbot: QtBot, tmp_path: Path, platform_server: PlatformServer
) -> None:
    app, tools = await supervisor_app(qtbot, tmp_path, platform_server)
    controller = app.controller
    controller.set_simulated_offline(True)  # events stay local: read them from the store
    store = controller.store
    assert store is not None
    app.window.settings_action.trigger()
    dialog = tools.settings_dialog
    assert dialog is not None
    dialog.idle_minutes.setValue(7)
    assert dialog.submit()
    app.window.settings_action.trigger()
    assert tools.settings_dialog is not None and tools.settings_dialog.submit()  # no change
    await ops.drain()
    rows = await store.call(_session_rows)
    changed = [d for e, d in rows if e == "settings_changed"]
    assert len(changed) == 1 and "idle_minutes" in changed[0] and "nm-super" in changed[0]
    assert "7" not in changed[0].replace("idle_minutes", "")  # the value is not recorded

    await store.call(lambda s: intake(s, "u-nm-clerk1", random.Random(5)))
    app.window.backup_action.trigger()
    backups = tools.backup_dialog
    assert backups is not None
    backups.backup_button.click()
    await wait_until(lambda: backups.backup_button.isEnabled(), timeout=30)
    await ops.drain()
    rows = await store.call(_session_rows)
    made = [d for e, d in rows if e == "backup_made"]
    assert len(made) == 1 and backups.backups[0].path.name in made[0]
    # the scheduled backup reports through the timer's signal
    tools.timer.finished.emit(False, "磁盘已满", "disk full")
    await ops.drain()
    rows = await store.call(_session_rows)
    assert [e for e, _ in rows].count("backup_made") == 2
    assert '"ok":false' in [d for e, d in rows if e == "backup_made"][-1]

    # restore the backup: the event lands in the restored database, the one now in use
    backups.table.selectRow(0)
    backups.restore_button.click()
    await wait_until(lambda: backups.confirm_dialog is not None, timeout=20)
    confirm = backups.confirm_dialog
    assert confirm is not None
    confirm.typed.setText("RESTORE")
    confirm.restore.click()
    await wait_until(lambda: tools.notice is not None, timeout=30)
    tools.notice.accept()
    await wait_until(lambda: not app.window.isVisible(), timeout=10)
    await app.close()
    restored = open_profile("t", tmp_path)
    try:
        events = [e for e, _ in _session_rows(restored)]
        assert events[-1] == "restored" and "nm-super" in _session_rows(restored)[-1][1]
        assert "settings_changed" in events  # taken before the backup: in it
        assert "backup_made" not in events  # written after the copy was taken
        assert restored.verify_audit().ok
        unsent, _ = session_audit.unsent(restored.conn)
        assert unsent[-1]["event"] == "restored"
    finally:
        restored.close()
    await settle()
