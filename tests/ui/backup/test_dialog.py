"""The backup dialog on a real encrypted store behind the real store thread: back up now,
the verified list, the schedule (supervisor only, validated), restore refused to clerks,
the confirmation that needs a typed word when unsynced actions would be lost, and the
timer that takes the daily backup when it is due."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from offline.backup_schedule import load_state
from offline.store.opening import open_profile
from offline.store.store import Store
from sync.store_thread import StoreThread
from tests.ui.asyncutil import settle, wait_until
from tests.ui.seeding import intake, new_store
from ui.backup.confirm import RestoreConfirmDialog
from ui.backup.dialog import BackupDialog
from ui.backup.model import RestorePlan, RestoreRefused, plan_restore, profile_key
from ui.backup.timer import BackupTimer
from ui.profile import Profile
from ui.settings import model

PROFILE = "bk"


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    return Profile.locate(PROFILE, tmp_path).ensure()


@pytest.fixture
def store(profile: Profile) -> Iterator[StoreThread[Store]]:
    def opener() -> Store:
        fresh = open_profile(PROFILE, profile.root.parent.parent, create=True)
        fresh.register_device("520102", "03")
        return fresh

    thread: StoreThread[Store] = StoreThread(opener)
    yield thread
    thread.close()


def add_intakes(store: StoreThread[Store], n: int) -> None:
    rng = random.Random(n)
    from demo.sample_data import catalog_items

    def work(s: Store) -> None:
        s.upsert_catalog(catalog_items())
        for _ in range(n):
            intake(s, "u-clerk1", rng)

    store.call_blocking(work)


def open_dialog(
    qtbot: QtBot, profile: Profile, store: Any, role: str | None, **kw: Any
) -> BackupDialog:
    dialog = BackupDialog(profile, store, role, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.mark.asyncio
async def test_back_up_now_lists_a_verified_copy(
    qtbot: QtBot, profile: Profile, store: StoreThread[Store]
) -> None:
    add_intakes(store, 2)
    dialog = open_dialog(qtbot, profile, store, "clerk")
    assert dialog.table.rowCount() == 0
    assert "No backup" in dialog.status.text() or "备份" in dialog.status.text()
    dialog.backup_button.click()
    await wait_until(lambda: dialog.backup_button.isEnabled(), timeout=20)
    assert dialog.table.rowCount() == 1
    made = dialog.backups[0]
    assert made.verified and made.path.parent == profile.backup_dir
    assert made.path.name in dialog.message.text()
    assert load_state(profile.backup_state_path).last_file == made.path.name
    copy = Store.open(made.path, profile_key(profile), check="quick")
    try:
        assert copy.info()["applications"] == 2
    finally:
        copy.close()
    # clerks take backups but neither edit the schedule nor restore
    assert not dialog.save_button.isEnabled()
    dialog.table.selectRow(0)
    assert not dialog.restore_button.isEnabled()
    dialog.start_restore()
    assert "只有窗口负责人" in dialog.message.text()
    await settle()


@pytest.mark.asyncio
async def test_schedule_is_validated_and_saved_by_a_supervisor(
    qtbot: QtBot, profile: Profile, store: StoreThread[Store], tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, profile, store, "supervisor")
    dialog.daily_at.setText("25:70")
    dialog.keep.setValue(5)
    assert not dialog.save_schedule()
    assert "备份时间无效" in dialog.message.text()
    assert not profile.preferences_path.exists()
    elsewhere = tmp_path / "usb" / "backups"
    dialog.daily_at.setText("7:30")
    dialog.folder.setText(str(elsewhere))
    assert dialog.save_schedule()
    prefs = model.load(profile).prefs
    assert (prefs.backup_time, prefs.backup_keep, prefs.backup_folder) == (
        "07:30",
        5,
        str(elsewhere),
    )
    assert dialog.daily_at.text() == "07:30"
    dialog.backup_button.click()
    await wait_until(lambda: dialog.backup_button.isEnabled(), timeout=20)
    assert dialog.backups and dialog.backups[0].path.parent == elsewhere
    await settle()


@pytest.mark.asyncio
async def test_restore_needs_a_typed_word_and_mentions_unsynced_actions(
    qtbot: QtBot, profile: Profile, store: StoreThread[Store]
) -> None:
    add_intakes(store, 1)  # not synced: pending in the store and in the backup
    requested: list[tuple[RestorePlan, str]] = []

    async def restore(plan: RestorePlan, typed: str) -> Any:
        requested.append((plan, typed))
        raise RestoreRefused("test", "测试：未恢复", "test: not restored")

    dialog = open_dialog(qtbot, profile, store, "supervisor", restore=restore)
    dialog.backup_button.click()
    await wait_until(lambda: dialog.backup_button.isEnabled(), timeout=20)
    dialog.table.selectRow(0)
    assert dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    await wait_until(lambda: dialog.confirm_dialog is not None, timeout=20)
    confirm = dialog.confirm_dialog
    assert isinstance(confirm, RestoreConfirmDialog)
    assert confirm.plan.pending == 1 and confirm.plan.needs_typed_confirmation
    assert "1 项操作尚未同步" in confirm.text.text() and "另存" in confirm.text.text()
    assert confirm.typed.isVisibleTo(confirm)
    assert not confirm.restore.isEnabled()
    confirm.typed.setText("restore please")
    assert not confirm.restore.isEnabled()
    confirm.typed.setText("RESTORE")
    assert confirm.restore.isEnabled()
    confirm.restore.click()
    await wait_until(lambda: bool(requested) and dialog.isEnabled(), timeout=20)
    assert requested[0][1] == "RESTORE"
    assert "测试：未恢复" in dialog.message.text()  # a refusal is shown, dialog usable again
    await settle()


@pytest.mark.asyncio
async def test_restore_is_refused_when_work_was_done_after_the_backup(
    qtbot: QtBot, profile: Profile, store: StoreThread[Store]
) -> None:
    add_intakes(store, 1)
    requested: list[object] = []

    async def restore(plan: RestorePlan, typed: str) -> Any:
        requested.append(plan)

    dialog = open_dialog(qtbot, profile, store, "supervisor", restore=restore)
    dialog.backup_button.click()
    await wait_until(lambda: dialog.backup_button.isEnabled(), timeout=20)
    add_intakes(store, 2)  # receipts issued and actions recorded after the backup
    dialog.table.selectRow(0)
    dialog.restore_button.click()
    await wait_until(lambda: dialog.restore_button.isEnabled(), timeout=20)
    assert dialog.confirm_dialog is None and requested == []
    text = dialog.message.text()
    assert "拒绝恢复" in text and "2 项操作" in text and "受理编号" in text
    assert not list(profile.root.glob("store.db.replaced-*"))
    await settle()


def test_plan_checks_the_role_and_the_backup(profile: Profile, tmp_path: Path) -> None:
    key = b"k" * 32
    source = tmp_path / "copy.db"
    new_store(source, key).close()
    with pytest.raises(RestoreRefused) as info:
        plan_restore("clerk", source, key, 0, 1)
    assert info.value.code == "forbidden"
    plan = plan_restore("supervisor", source, key, 0, 1)
    assert plan.needs_typed_confirmation and "另存" in plan.warning("zh_CN")
    assert "RESTORE" in plan.warning("en")
    with pytest.raises(RestoreRefused) as later:
        plan_restore("supervisor", source, key, 2, 5)  # 4 actions recorded since the copy
    assert later.value.code == "newer_work" and "4" in later.value.message("en")
    from offline.store.errors import StoreError

    with pytest.raises(StoreError):
        plan_restore("supervisor", source, b"x" * 32, 0, 1)  # wrong key: refused up front


@pytest.mark.asyncio
async def test_timer_takes_the_backup_only_when_due(
    qtbot: QtBot, profile: Profile, store: StoreThread[Store]
) -> None:
    now = [datetime(2026, 11, 26, 5, 0, tzinfo=UTC)]  # 13:00 in Shanghai, after 12:10
    prefs = model.load(profile).prefs
    timer = BackupTimer(profile, lambda: store, lambda: prefs, clock=lambda: now[0])
    finished: list[tuple[bool, str, str]] = []
    timer.finished.connect(lambda ok, zh, en: finished.append((ok, zh, en)))
    assert timer.due()
    assert timer.check()
    await wait_until(lambda: bool(finished), timeout=20)
    assert finished == [(True, "", "")]
    assert len(list(profile.backup_dir.glob("store-*.db"))) == 1
    now[0] += timedelta(hours=3)
    assert not timer.due() and not timer.check()
    now[0] += timedelta(days=1)
    assert timer.check()
    await wait_until(lambda: len(finished) == 2, timeout=20)
    assert len(list(profile.backup_dir.glob("store-*.db"))) == 2
    assert timer.timer.isActive()  # keeps checking every few minutes
    timer.stop()
    await settle()


def test_a_clerk_is_told_why_restore_is_greyed(
    qtbot: QtBot, profile: Profile, store: StoreThread[Store]
) -> None:
    from tests.ui.test_messages_fit import assert_whole

    clerk = open_dialog(qtbot, profile, store, "clerk")
    assert not clerk.restore_button.isEnabled()
    assert "supervisor" in clerk.role_note.text() or "窗口负责人" in clerk.role_note.text()
    assert_whole(clerk.role_note)
    supervisor = open_dialog(qtbot, profile, store, "supervisor")
    assert not supervisor.role_note.isVisible()
