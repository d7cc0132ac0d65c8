"""Sign-ins, failures, lockouts, locks, switches and sign-outs enter the local audit chain
(and its outbox) from the real app; the lockout message says how long to wait."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from offline.store import session_audit
from tests.fixtures.platform import PlatformServer
from tests.ui.appfixture import RunningApp
from tests.ui.asyncutil import settle, wait_until
from tests.ui.test_login import registered_app
from ui import lockout, ops


async def _events(app: RunningApp) -> list[str]:
    await ops.drain()
    assert app.controller.store is not None
    rows = await app.controller.store.call(lambda s: session_audit.events(s.conn))
    return [str(r["action"]).removeprefix("session.") for r in reversed(rows)]


# `registered_app`: the supervisor who registers the terminal is signed in, then switches
# to nm-clerk1. The tests below look at what follows, after checking this prefix.
SETUP_EVENTS = ["signed_in", "user_switched", "signed_in"]


async def _events_after_setup(app: RunningApp) -> list[str]:
    events = await _events(app)
    assert events[: len(SETUP_EVENTS)] == SETUP_EVENTS, events
    return events[len(SETUP_EVENTS) :]


async def _unsent(app: RunningApp) -> list[tuple[str, str]]:
    """The events waiting for the platform, as the sync engine will send them."""
    assert app.controller.store is not None
    events, _ = await app.controller.store.call(lambda s: session_audit.unsent(s.conn, 1000))
    return [(e["event"], e["username"]) for e in events]


def _sent(server: PlatformServer, device_id: str) -> list[str]:
    with sqlite3.connect(server.db_path) as conn:
        rows = conn.execute(
            "SELECT event FROM session_events WHERE device_id = ? ORDER BY rowid", (device_id,)
        ).fetchall()
    return [r[0] for r in rows]


@pytest.mark.asyncio
async def test_session_events_from_the_app(
    qtbot: QtBot, tmp_path: Path, platform_server: PlatformServer
) -> None:
    app = await registered_app(qtbot, tmp_path, platform_server)
    login = app.window.login
    app.window.lock.trigger()
    await app.sign_in("nm-clerk1")
    app.window.switch_user.trigger()
    await app.sign_in("nm-clerk2", "not-the-password")
    assert app.controller.current is None
    app.controller.set_simulated_offline(True)
    for _ in range(5):
        await app.sign_in("nm-clerk1", "wrong-password")
    # the attempt that locked the account already says how long to wait
    text = login.message.text()
    assert "锁定" in text and re.search(r"15 分钟后再试", text), text
    await app.sign_in("nm-clerk1")  # the right password, still locked
    assert re.search(r"\d+ 分钟后再试", login.message.text())
    assert app.controller.current is None
    all_events = await _events(app)
    events = await _events_after_setup(app)
    assert events == [
        "screen_locked",
        "signed_in",
        "user_switched",
        "sign_in_failed",
        *["sign_in_failed"] * 4,
        "locked_out",
        "locked_out",
    ], events
    # what the app's sync runs have not sent yet waits for the next one: together, all
    unsent = await _unsent(app)
    sent = _sent(platform_server, app.controller.device_id)
    assert sent + [e for e, _ in unsent] == all_events
    assert app.controller.store is not None
    assert (await app.controller.store.call(lambda s: s.verify_audit())).ok
    # nothing of a password in the audit details
    details = await app.controller.store.call(
        lambda s: s.conn.execute("SELECT detail FROM audit_log").fetchall()
    )
    assert not any("wrong-password" in str(d) or "Demo@2026" in str(d) for d in details)
    await app.close()
    await settle()


@pytest.mark.asyncio
async def test_idle_lock_is_recorded(
    qtbot: QtBot, tmp_path: Path, platform_server: PlatformServer
) -> None:
    app = await registered_app(qtbot, tmp_path, platform_server, idle_minutes=0.01)
    await wait_until(lambda: app.window.pages.currentWidget() is app.window.login, timeout=5)
    assert await _events_after_setup(app) == ["idle_locked"]
    await app.close()
    await settle()


@pytest.mark.asyncio
async def test_sign_out_is_recorded_as_such(
    qtbot: QtBot, tmp_path: Path, platform_server: PlatformServer
) -> None:
    app = await registered_app(qtbot, tmp_path, platform_server)
    app.window.sign_out.trigger()
    assert app.controller.current is None
    assert await _events_after_setup(app) == ["signed_out"]
    await app.close()  # nobody at the counter: closing records nothing more
    await settle()


@pytest.mark.asyncio
async def test_online_lockout_says_how_long_to_wait(
    qtbot: QtBot, tmp_path: Path, fresh_platform: PlatformServer
) -> None:
    app = await registered_app(qtbot, tmp_path, fresh_platform)
    app.controller.switch_user()
    for _ in range(5):
        await app.sign_in("nm-clerk2", "wrong-password")
    await app.sign_in("nm-clerk2")  # right password, but the platform makes it wait
    text = app.window.login.message.text()
    match = re.search(r"请在 (\d+) 分钟后再试", text)
    assert match and 1 <= int(match.group(1)) <= 6, text
    assert (await _events(app))[-1] == "locked_out"
    await app.close()
    await settle()


@pytest.mark.parametrize(
    ("seconds", "zh", "en"),
    [
        (1, "1 秒后再试", "1 second"),
        (45, "45 秒后再试", "45 seconds"),
        (60, "1 分钟后再试", "1 minute"),
        (61, "2 分钟后再试", "2 minutes"),
        (900, "15 分钟后再试", "15 minutes"),
        (None, "请稍后再试", "try again later"),
    ],
)
def test_lockout_texts(seconds: int | None, zh: str, en: str) -> None:
    got_zh, got_en = lockout.texts(seconds, offline=True)
    assert zh in got_zh and en in got_en


@pytest.mark.parametrize(
    ("detail", "expected"),
    [
        ({"retry_after": 300}, 300),
        ({"retry_after": 0.2}, 1),
        ({"retry_after": -5}, None),
        ({"retry_after": True}, None),
        ({"retry_after": "300"}, None),
        (None, None),
        ([1, 2], None),
    ],
)
def test_wait_seconds_reads_only_sane_values(detail: Any, expected: int | None) -> None:
    assert lockout.wait_seconds(detail) == expected
