"""Backup dialog: a supervisor prints a recovery sheet (a real PDF) and sets a second
backup place; backups then carry the recovery file and are copied there, and an unplugged
second place is a warning while the primary backup still succeeds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from offline.backup_schedule import list_backups, load_state
from offline.store import recovery
from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.asyncutil import wait_until
from tests.ui.backup.test_dialog import add_intakes, open_dialog, profile, store
from ui.backup import dialog as dialog_mod
from ui.backup.model import profile_key
from ui.profile import Profile

__all__ = ["profile", "store"]  # fixtures reused from the dialog tests


@pytest.mark.asyncio
async def test_supervisor_prints_a_sheet_and_backups_reach_the_second_place(
    qtbot: QtBot,
    profile: Profile,
    store: StoreThread[Store],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_intakes(store, 2)
    sheet_pdf = tmp_path / "sheet.pdf"
    monkeypatch.setattr(dialog_mod, "choose_sheet_file", lambda parent, start: str(sheet_pdf))
    usb = tmp_path / "usb"
    usb.mkdir()
    dialog = open_dialog(qtbot, profile, store, "supervisor")
    assert "recovery" in dialog.status.text().lower() or "恢复" in dialog.status.text()
    assert dialog.print_recovery_sheet() == sheet_pdf
    assert sheet_pdf.read_bytes().startswith(b"%PDF") and sheet_pdf.stat().st_size > 2000
    wrapped = json.loads(recovery.recovery_path(profile.root).read_text())
    assert wrapped["recovery_id"] in dialog.message.text()
    dialog.mirror.setText(str(usb))
    assert dialog.save_schedule()
    dialog.backup_button.click()
    await wait_until(lambda: dialog.backup_button.isEnabled(), timeout=30)
    [made] = list_backups(profile.backup_dir)
    [copied] = list_backups(usb)
    assert copied.path.name == made.path.name and copied.verified
    assert copied.path.read_bytes() == made.path.read_bytes()
    sidecar = json.loads(recovery.sidecar_path(copied.path).read_text())
    assert sidecar["key_fingerprint"] == wrapped["key_fingerprint"]
    assert load_state(profile.backup_state_path).mirror_warning_en is None

    shutil.rmtree(usb)  # the USB drive is unplugged
    dialog.backup_button.click()
    await wait_until(lambda: dialog.backup_button.isEnabled(), timeout=30)
    assert len(list_backups(profile.backup_dir)) == 2  # the primary backup still happened
    state = load_state(profile.backup_state_path)
    assert state.mirror_warning_en and "not available" in state.mirror_warning_en
    assert not state.failed_last
    dialog.refresh()
    shown = dialog.status.text()
    assert state.mirror_warning_en in shown or (state.mirror_warning_zh or "?") in shown


def test_clerk_cannot_make_a_recovery_key(
    qtbot: QtBot, profile: Profile, store: StoreThread[Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Any] = []
    monkeypatch.setattr(dialog_mod, "choose_sheet_file", lambda *a: asked.append(a) or "x.pdf")
    store.call_blocking(lambda s: s.device_id)
    dialog = open_dialog(qtbot, profile, store, "clerk")
    assert not dialog.sheet_button.isEnabled()
    assert dialog.print_recovery_sheet() is None and not asked
    assert not recovery.recovery_path(profile.root).exists()
    assert profile_key(profile)  # the key is there; only the role refused


@pytest.mark.parametrize("bad", ["\x00", "usb\nshare", "/dev/null", "x" * 5000])
def test_a_bad_second_place_is_refused_and_nothing_saved(profile: Profile, bad: str) -> None:
    from ui.settings import model

    before = model.load(profile)
    editor = model.Editor("supervisor", registered=True)
    with pytest.raises(model.SettingsRefused) as info:
        model.check(before, {"backup_mirror": bad}, editor)
    assert info.value.message("zh_CN") and info.value.message("en")
    assert model.load(profile) == before
