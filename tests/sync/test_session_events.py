"""Session events (failed sign-ins, lockouts, locks, settings, backups) enter the local audit
chain and reach the platform exactly once, through the real engine and platform."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from offline.store import session_audit
from tests.central.helpers import error_code, login
from tests.sync.harness import Device

AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


@pytest_asyncio.fixture
async def device(fresh_platform: Any, tmp_path: Path) -> AsyncIterator[Device]:
    made = await Device.create(
        "dev-a", fresh_platform.users["nm-clerk1"], tmp_path / "a", fresh_platform.base_url
    )
    yield made
    await made.aclose()


def _record(store: Any, event: str, username: str, **kw: Any) -> str:
    return session_audit.record(store.conn, event, at=AT, username=username, **kw)


def _platform_events(db_path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT event, username, office_code, detail FROM session_events ORDER BY rowid"
        ).fetchall()


@pytest.mark.asyncio
async def test_session_events_reach_the_platform_once(device: Device, fresh_platform: Any) -> None:
    seq_before = await device.store.call(
        lambda s: s.conn.execute("SELECT next_seq FROM sync_state").fetchone()[0]
    )
    await device.store.call(_record, "sign_in_failed", "nm-clerk9", detail={"mode": "offline"})
    await device.store.call(
        _record, "locked_out", "nm-clerk9", detail={"mode": "offline", "minutes": 15}
    )
    await device.store.call(
        _record, "idle_locked", "nm-clerk1", user_id=device.user_id, role="clerk"
    )
    await device.store.call(
        _record,
        "settings_changed",
        "nm-super",
        user_id="u-nm-super",
        role="supervisor",
        detail={"fields": ["idle_minutes"]},
    )
    # every event is in the local chain, and the chain still verifies
    local = await device.store.call(lambda s: session_audit.events(s.conn))
    assert [e["action"] for e in local] == [
        "session.settings_changed",
        "session.idle_locked",
        "session.locked_out",
        "session.sign_in_failed",
    ]
    assert all(e["op_id"] for e in local)
    assert (await device.store.call(lambda s: s.verify_audit())).ok
    # they are no clerk actions: no outbox row, no device sequence number taken
    assert await device.store.call(lambda s: s.pending_mutations()) == []
    assert (
        await device.store.call(
            lambda s: s.conn.execute("SELECT next_seq FROM sync_state").fetchone()[0]
        )
        == seq_before
    )

    outcome = await device.engine.run()
    assert outcome.ok and outcome.pending == 0
    rows = _platform_events(fresh_platform.db_path)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("sign_in_failed", "nm-clerk9", "520102"),
        ("locked_out", "nm-clerk9", "520102"),
        ("idle_locked", "nm-clerk1", "520102"),
        ("settings_changed", "nm-super", "520102"),
    ]
    # a second run sends nothing again
    assert (await device.engine.run()).ok
    assert len(_platform_events(fresh_platform.db_path)) == 4
    # and if the mark is lost (a restored backup), the platform still keeps one copy each
    await device.store.call(
        lambda s: s.conn.execute("DELETE FROM meta WHERE key = 'session_events_sent_seq'")
    )
    assert (await device.engine.run()).ok
    assert len(_platform_events(fresh_platform.db_path)) == 4
    with sqlite3.connect(fresh_platform.db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM applications").fetchone()[0] == 0

    # supervisors of the office list them; clerks and other offices do not
    supervisor = login(fresh_platform, "nm-super")
    listed = supervisor.get("/audit/events").json()["events"]
    assert [e["event"] for e in listed] == [
        "settings_changed",
        "idle_locked",
        "locked_out",
        "sign_in_failed",
    ]
    assert listed[2]["detail"] == {"minutes": 15, "mode": "offline"}
    device_id = await device.store.call(lambda s: s.device_id)
    assert listed[0]["terminal_code"] and listed[0]["device_id"] == device_id
    only = supervisor.get("/audit/events", params={"event": "locked_out"}).json()["events"]
    assert [e["username"] for e in only] == ["nm-clerk9"]
    clerk = login(fresh_platform, "nm-clerk2")
    assert clerk.get("/audit/events").status_code == 403
    other = login(fresh_platform, "zz-super")
    assert other.get("/audit/events").json()["events"] == []


@pytest.mark.asyncio
async def test_an_event_the_platform_refuses_does_not_hold_back_later_ones(
    device: Device, fresh_platform: Any
) -> None:
    from offline.store import audit
    from offline.store.tx import transaction

    def poison(store: Any) -> None:  # as an older version might have written it
        with transaction(store.conn):
            audit.append(
                store.conn,
                at=AT.isoformat(),
                actor="u-x",
                action="session.signed_in",
                op_id="ev-poison",
                detail={"username": "nm-clerk1", "nested": {"not": "allowed"}},
            )

    await device.store.call(poison)
    assert (await device.engine.run()).ok
    await device.store.call(_record, "signed_in", "nm-clerk1", detail={"mode": "online"})
    assert (await device.engine.run()).ok
    assert [r[0] for r in _platform_events(fresh_platform.db_path)] == ["signed_in"]
    assert await device.store.call(lambda s: session_audit.unsent(s.conn)) == ([], None)


def _event(i: int, **over: Any) -> dict[str, Any]:
    base = {
        "event_id": f"ev-{i}",
        "event": "signed_in",
        "username": "nm-clerk1",
        "actor": "u-nm-clerk1",
        "at": "2026-12-07T09:30:00+00:00",
        "detail": {},
    }
    return {**base, **over}


@pytest.mark.parametrize(
    "bad",
    [
        {"event": "rm -rf"},
        {"username": ""},
        {"detail": "no"},
        {"detail": {"nested": {"x": 1}}},
        {"at": "yesterday"},
        {"extra": 1},
        {"event_id": "x" * 65},
    ],
)
def test_malformed_events_refuse_the_whole_batch(platform_server: Any, bad: dict[str, Any]) -> None:
    client = login(platform_server, "nm-clerk1")
    device_id = client.device_id  # type: ignore[attr-defined]
    before = _platform_events(platform_server.db_path)
    batch = {"device_id": device_id, "events": [_event(1), _event(2, **bad)]}
    r = client.post("/audit/events", json=batch)
    assert r.status_code == 422 and error_code(r) == "validation_failed"
    assert _platform_events(platform_server.db_path) == before


def test_events_of_another_device_or_too_large_are_refused(fresh_platform: Any) -> None:
    city = login(fresh_platform, "nm-clerk1")
    town = login(fresh_platform, "zz-clerk1")
    town_device = town.device_id  # type: ignore[attr-defined]
    r = city.post("/audit/events", json={"device_id": town_device, "events": [_event(1)]})
    assert r.status_code == 403 and error_code(r) == "device_not_registered"
    r = city.post("/audit/events", json={"device_id": "never-registered", "events": [_event(1)]})
    assert r.status_code == 403
    device_id = city.device_id  # type: ignore[attr-defined]
    big = _event(2, detail={f"k{i}": "字" * 150 for i in range(15)})
    r = city.post("/audit/events", json={"device_id": device_id, "events": [_event(3), big]})
    assert r.status_code == 413 and error_code(r) == "detail_too_large"
    assert _platform_events(fresh_platform.db_path) == []
    r = city.post("/audit/events", json={"device_id": device_id, "events": [_event(3)]})
    assert r.json() == {"stored": 1, "known": 0}
    r = city.post("/audit/events", json={"device_id": device_id, "events": [_event(3), _event(4)]})
    assert r.json() == {"stored": 1, "known": 1}


def test_events_are_recorded_before_registration_too(store_factory: Any) -> None:
    store = store_factory("fresh", register=False)
    assert _record(store, "sign_in_failed", "nm-clerk1")
    assert [e["action"] for e in session_audit.events(store.conn)] == ["session.sign_in_failed"]
    events, last = session_audit.unsent(store.conn)
    assert [e["event"] for e in events] == ["sign_in_failed"] and last is not None
    session_audit.mark_sent(store.conn, last)
    assert session_audit.unsent(store.conn) == ([], None)
    session_audit.mark_sent(store.conn, last - 1)  # the mark never moves back
    assert session_audit.unsent(store.conn) == ([], None)
    assert store.verify_audit().ok


def test_unknown_event_is_refused_and_writes_nothing(store_factory: Any) -> None:
    from offline.store.errors import InvalidArgument

    store = store_factory("x")
    before = store.conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    with pytest.raises(InvalidArgument):
        _record(store, "format_disk", "nm-clerk1")
    with pytest.raises(InvalidArgument):
        _record(store, "signed_in", "nm-clerk1", detail={"x": "y" * 5000})
    with pytest.raises(InvalidArgument):
        _record(store, "signed_in", "nm-clerk1", detail={"x": {"nested": 1}})
    with pytest.raises(InvalidArgument):
        session_audit.record(store.conn, "signed_in", at=datetime(2026, 1, 1), username="x")
    assert store.conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == before
