"""Opening a store that needs a schema upgrade: the app shows "正在升级数据库…" with
progress while the real migration runs on the store thread, and the GUI keeps running."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from offline.store import connection, keys, migrations, paths, schema_v5
from offline.store.migrations import LATEST
from tests.ui.asyncutil import settle
from ui.app import build
from ui.options import AppOptions
from ui.profile import Profile
from ui.upgrade import UpgradePage

ROWS = 3000


def old_store(data_dir: Path, profile: str, version: int, rows: int) -> Path:
    """A real encrypted profile store left at schema ``version`` with ``rows`` records."""
    db = paths.db_path(profile, data_dir)
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = connection.create_database(db, keys.load_or_create_key(profile))
    migrations.migrate(conn, target=version)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO sync_state (id, device_id) VALUES (1, 'dev-old')")
    for i in range(rows):
        at = f"2026-11-{1 + i % 25:02d}T02:00:00+00:00"
        doc = {"received_at": at, "accepted_at": None, "history": [], "ratings": []}
        conn.execute(
            "INSERT INTO applications (id, office_code, receipt_no, item_code, status, "
            "applicant_name, received_at, updated_at, doc) "
            "VALUES (?, '520102', ?, 'I1', 'received', '张三', ?, ?, ?)",
            (f"id{i}", f"r{i}", at, at, json.dumps(doc)),
        )
    conn.execute("COMMIT")
    conn.close()
    return db


@pytest.mark.asyncio
async def test_an_old_store_upgrades_behind_a_progress_page(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = old_store(tmp_path, "old", 4, ROWS)
    monkeypatch.setattr(schema_v5, "CHUNK", 100)  # the back-fill reports every 100 rows
    window, controller = build(AppOptions(profile=Profile.locate("old", tmp_path)),
                               language="zh_CN")  # fmt: skip
    qtbot.addWidget(window)
    window.show()
    shown: list[UpgradePage] = []
    values: list[int] = []
    ticks_during_upgrade = 0

    def on_upgrade(page: QWidget) -> None:
        assert isinstance(page, UpgradePage)
        shown.append(page)
        assert "升级" in page.title.text() or "Upgrading" in page.title.text()
        assert f"{ROWS:,}" in page.detail.text()
        page.bar.valueChanged.connect(values.append)

    controller.upgrading.connect(on_upgrade)

    async def ticker() -> None:  # the GUI loop keeps turning while the store migrates
        nonlocal ticks_during_upgrade
        while True:
            await asyncio.sleep(0.005)
            if shown and window.pages.currentWidget() is shown[0]:
                ticks_during_upgrade += 1

    tick = asyncio.ensure_future(ticker())
    try:
        await controller.start()
    finally:
        tick.cancel()
    assert len(shown) == 1
    assert ticks_during_upgrade > 0
    assert values and values == sorted(values) and values[-1] == shown[0].bar.maximum() > 0
    assert window.pages.indexOf(shown[0]) < 0  # gone once the store is open
    assert window.pages.currentWidget() in (window.login, window.first_run)
    version = await controller.store.call(lambda s: migrations.current_version(s.conn))
    assert version == LATEST
    assert await controller.store.call(lambda s: s.counts_by_status()) == {"received": ROWS}
    window.close()
    await controller.shutdown()
    assert db.exists()
    await settle()


@pytest.mark.asyncio
async def test_a_current_store_opens_without_the_upgrade_page(qtbot: QtBot, tmp_path: Path) -> None:
    window, controller = build(AppOptions(profile=Profile.locate("new", tmp_path)),
                               language="en")  # fmt: skip
    qtbot.addWidget(window)
    seen: list[Any] = []
    controller.upgrading.connect(seen.append)
    await controller.start()  # creates the store: nothing to upgrade
    window.close()
    await controller.shutdown()
    again_window, again = build(AppOptions(profile=Profile.locate("new", tmp_path)),
                                language="en")  # fmt: skip
    qtbot.addWidget(again_window)
    again.upgrading.connect(seen.append)
    await again.start()
    assert seen == []
    again_window.close()
    await again.shutdown()
    await settle()
