"""The first-run page on a NEW computer restores a lost computer's backup with the code
from the recovery sheet (a wrong code changes nothing and the app keeps running), and a
supervisor who registers a computer is offered the recovery sheet right away."""

from __future__ import annotations

import random
from pathlib import Path

import keyring
import pytest
from pytestqt.qtbot import QtBot

from central.runner import free_port
from offline.backup_policy import load_policy, state_path
from offline.backup_schedule import run_backup
from offline.domain.clock import now_utc
from offline.store import keys, recovery
from offline.store.opening import open_profile
from offline.store.recovery_code import new_code
from tests.conftest import MemoryKeyring
from tests.fixtures.platform import PlatformServer
from tests.ui.appfixture import start_app
from tests.ui.asyncutil import wait_until
from tests.ui.seeding import intake
from ui.backup import dialog as backup_dialog


def _old_computer(tmp_path: Path) -> tuple[Path, str, set[str], str]:
    """A store with three intakes, a recovery key and one backup; then the PC is 'lost'."""
    from demo.sample_data import catalog_items

    data = tmp_path / "old"
    store = open_profile("t", data, create=True)
    store.register_device("520102", "07")
    store.upsert_catalog(catalog_items())
    rng = random.Random(4)
    ids = {intake(store, "u-clerk1", rng)["id"] for _ in range(3)}
    key = keys.load_key("t")
    assert key is not None
    code = recovery.set_up(store.path.parent, key, device_id=store.device_id, now=now_utc())
    root = store.path.parent
    made = run_backup(store, load_policy(root), key=key, state_path=state_path(root))
    device_id = store.device_id
    store.close()
    return made.path, code.grouped(), ids, device_id


@pytest.mark.asyncio
async def test_new_computer_restores_with_the_recovery_sheet(qtbot: QtBot, tmp_path: Path) -> None:
    backup, code, ids, device_id = _old_computer(tmp_path)
    keyring.set_keyring(MemoryKeyring())  # the new computer's empty keyring
    new_data = tmp_path / "new"
    app = await start_app(qtbot, new_data, f"http://127.0.0.1:{free_port()}")
    page = app.window.first_run
    assert app.window.pages.currentWidget() is page
    page.restore_button.click()
    dialog = app.controller.recovery.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.file.setText(str(backup))
    dialog.code.setText(new_code().grouped())  # a sheet from somewhere else
    dialog.restore.click()
    await wait_until(lambda: dialog.restore.isEnabled(), timeout=20)
    assert "打不开" in dialog.message.text() or "does not open" in dialog.message.text()
    assert app.controller.store is not None  # nothing closed, nothing replaced
    assert not list((new_data / "profiles" / "t").glob("store.db.replaced-*"))

    dialog.code.setText(code)
    dialog.restore.click()
    await wait_until(lambda: app.controller.recovery.notice is not None, timeout=30)
    notice = app.controller.recovery.notice
    assert notice is not None and device_id in notice.text() and "07" in notice.text()
    notice.accept()
    await wait_until(lambda: not app.window.isVisible(), timeout=10)
    with open_profile("t", new_data) as restored:
        assert {r["id"] for r in restored.queue().rows} == ids
        assert restored.verify_audit().ok and restored.device_id == device_id


@pytest.mark.asyncio
async def test_supervisor_is_offered_the_recovery_sheet_after_registering(
    qtbot: QtBot, tmp_path: Path, platform_server: PlatformServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "sheet.pdf"
    monkeypatch.setattr(backup_dialog, "choose_sheet_file", lambda parent, start: str(sheet))
    app = await start_app(qtbot, tmp_path / "data", platform_server.base_url)
    page = app.window.first_run
    await app.register(platform_server.base_url, "nm-super")
    assert page.sheet_button.isVisible()
    page.sheet_button.click()
    assert sheet.read_bytes().startswith(b"%PDF")
    rid = recovery.current_recovery_id(app.controller.profile.root, keys.load_key("t") or b"")
    assert rid is not None and rid in page.recovery_message.text()
    await app.close()
