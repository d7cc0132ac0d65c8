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


def _record(store: Any, event: str, username: str, **kw: Any) -> str | None:
    return session_audit.record(store.conn, event, at=AT, username=username, **kw)


def _platform_events(db_path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT event, username, office_code, detail FROM session_events ORDER BY rowid"
        ).fetchall()


@pytest.mark.asyncio
async def test_session_events_reach_the_platform_once(device: Device, fresh_platform: Any) -> None:
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
        "nm-super1",
        user_id="u-x",
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

    outcome = await device.engine.run()
    assert outcome.ok and outcome.pending == 0
    assert device.engine.totals.outcomes == {"applied": 4}
    rows = _platform_events(fresh_platform.db_path)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("sign_in_failed", "nm-clerk9", "520102"),
        ("locked_out", "nm-clerk9", "520102"),
        ("idle_locked", "nm-clerk1", "520102"),
        ("settings_changed", "nm-super1", "520102"),
    ]
    # a second run pushes nothing again; no application was touched
    assert (await device.engine.run()).ok
    assert len(_platform_events(fresh_platform.db_path)) == 4
    with sqlite3.connect(fresh_platform.db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM applications").fetchone()[0] == 0
    assert (
        await device.store.call(
            lambda s: s.conn.execute("SELECT COUNT(*) FROM applications").fetchone()[0]
        )
        == 0
    )

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


def test_malformed_session_events_are_rejected_and_store_nothing(
    fresh_platform: Any,
) -> None:
    client = login(fresh_platform, "nm-clerk1")
    device_id = client.device_id  # type: ignore[attr-defined]

    def mutation(seq: int, **over: Any) -> dict[str, Any]:
        base = {
            "op_id": f"op-{seq}",
            "device_id": device_id,
            "seq": seq,
            "kind": "session_event",
            "record_id": f"session-op-{seq}",
            "actor": "u-nobody",
            "role": "clerk",
            "at": "2026-12-07T09:30:00+00:00",
            "payload": {"event": "signed_in", "username": "nm-clerk1", "detail": {}},
        }
        return {**base, **over}

    bad = [
        mutation(1, payload={"event": "rm -rf", "username": "x", "detail": {}}),
        mutation(2, payload={"event": "signed_in", "username": "", "detail": {}}),
        mutation(3, payload={"event": "signed_in", "username": "x", "detail": "no"}),
        mutation(4, payload={"event": "signed_in", "username": "x", "detail": {"a": "b" * 3000}}),
        mutation(5, payload={"event": "signed_in", "username": "x", "detail": {}, "extra": 1}),
        mutation(6, record_id="some-application-id"),
    ]
    r = client.post("/sync/push", json={"device_id": device_id, "mutations": bad})
    assert r.status_code == 200, r.text
    outcomes = r.json()["outcomes"]
    assert [o["outcome"] for o in outcomes] == ["rejected"] * 6
    assert {o["reason"] for o in outcomes} == {"invalid_payload"}
    assert _platform_events(fresh_platform.db_path) == []
    # an unknown kind is refused by the envelope before anything is applied
    r = client.post(
        "/sync/push",
        json={"device_id": device_id, "mutations": [mutation(7, kind="session_evil")]},
    )
    assert r.status_code == 422 and error_code(r) == "validation_failed"


def test_unregistered_device_keeps_the_event_locally(store_factory: Any) -> None:
    store = store_factory("fresh", register=False)
    assert _record(store, "sign_in_failed", "nm-clerk1") is None
    assert [e["action"] for e in session_audit.events(store.conn)] == ["session.sign_in_failed"]
    assert store.pending_mutations() == []
    assert store.verify_audit().ok


def test_unknown_event_is_refused_and_writes_nothing(store_factory: Any) -> None:
    from offline.store.errors import InvalidArgument

    store = store_factory("x")
    before = store.conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    with pytest.raises(InvalidArgument):
        _record(store, "format_disk", "nm-clerk1")
    with pytest.raises(InvalidArgument):
        _record(store, "signed_in", "nm-clerk1", detail={"x": "y" * 5000})
    assert store.conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == before
    assert store.pending_mutations() == []
