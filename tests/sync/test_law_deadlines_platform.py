"""The law's due dates on device and platform alike (real platform on loopback, real
encrypted store, real sync engine).

Expected dates are counted by hand from 行政许可法 (art. 42, 45, 82) and the State
Council's 2026 holiday notice (清明 4月4日–6日放假); see tests/offline/domain/
test_case_deadline.py for the counting rules. Back-office steps run the platform's own
`central.backoffice.act` at chosen instants on the platform's database, so the test does
not depend on the wall clock. The platform's clock is set as well: users' signing keys are
registered before the dated actions and each push happens after them (the platform
refuses an action dated before its key or after the push as `action_time_invalid`).
"""

from __future__ import annotations

import json
import random
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from central.backoffice import act
from central.calendar_publish import publish_calendar
from central.db import Database
from client.wire import BackOfficeActionKind
from offline.store.actions import Actor
from sync.keys import ensure_user_key, load_device_key
from tests.sync.harness import Device, intake_fields, make_client

ITEM_5_DAYS = "11520102MB0001XK000101101"  # 许可, promised 5 working days
ITEM_10_DAYS = "11520102MB0008XK000801001"  # 许可, promised 10 working days


def _t(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _item(device: Device, code: str) -> dict[str, Any]:
    return next(i for i in device.items if i["code"] == code)


# the day each test's terminal and clerk's key are registered on the platform
REGISTERED_ON = {
    "test_suspend_resume_and_extension_store_the_same_date_everywhere": "2026-03-01",
    "test_unknown_due_date_is_filled_when_the_calendar_arrives": "2026-12-23",
}


class PlatformClock:
    """The platform's clock (`Settings.clock`), set by the test. The terminals' clocks move
    with it: a followed client's device proofs are stamped in step with the platform."""

    def __init__(self) -> None:
        self.at = _t("2026-03-01T00:00:00").timestamp()
        self.clients: list[Any] = []

    def __call__(self) -> float:
        return self.at

    def follow(self, client: Any) -> None:
        self.clients.append(client)

    def set(self, text: str) -> None:
        self.at = _t(text).timestamp()
        for client in self.clients:
            if client.prover is not None:
                client.prover.learn_platform_time(self.at)


@pytest.fixture
def platform_clock() -> PlatformClock:
    return PlatformClock()


@pytest.fixture
def fresh_platform(platform_factory: Callable[..., Any], platform_clock: PlatformClock) -> Any:
    """A fresh demo platform whose clock the test sets."""
    return platform_factory(clock=platform_clock)


@pytest_asyncio.fixture
async def clerk(
    fresh_platform: Any, platform_clock: PlatformClock, tmp_path: Path, request: Any
) -> AsyncIterator[Device]:
    # the terminal and the clerk's key are registered the day before the test's first action
    platform_clock.set(f"{REGISTERED_ON[request.node.name]}T00:00:00")
    user = fresh_platform.users["nm-clerk1"]
    device = await Device.create("dev-law", user, tmp_path / "dev", fresh_platform.base_url)
    platform_clock.follow(device.client)
    yield device
    await device.aclose()


async def _supervisor_signs_in(device: Device, supervisor: Any) -> None:
    """The supervisor signs in at the clerk's terminal: their signing key is unlocked in
    the store and registered with the platform under their own session."""
    client = make_client(device.base_url, device.name, supervisor.username, None)
    try:
        device_id = await load_device_key(device.store, client)
        await client.login(supervisor.username, supervisor.password, device_id)
        assert await ensure_user_key(device.store, client, supervisor.id, supervisor.password)
    finally:
        await client.aclose()


def _platform_doc(db_path: Path, record_id: str) -> dict[str, Any]:
    db = Database(db_path)
    try:
        with db.read() as conn:
            row = conn.execute("SELECT doc FROM applications WHERE id = ?", (record_id,)).fetchone()
        doc: dict[str, Any] = json.loads(row[0])
        return doc
    finally:
        db.close()


def _back_office(db_path: Path, record_id: str, action: str, at: str, reason: str = "") -> None:
    db = Database(db_path)
    try:
        with db.write() as conn:
            act(conn, record_id, BackOfficeActionKind(action), "u-backoffice", _t(at).timestamp(),
                reason or None)  # fmt: skip
    finally:
        db.close()


async def _accepted(device: Device, code: str, day: str) -> str:
    fields = intake_fields(_item(device, code), random.Random(7))
    actor = device.actor
    doc = await device.store.call(lambda s: s.intake(actor, now=_t(f"{day}T02:00:00"), **fields))
    rid = str(doc["id"])
    await device.store.call(
        lambda s: s.transition(actor, rid, "accepted", now=_t(f"{day}T03:00:00"))
    )
    return rid


async def _views(device: Device, rid: str) -> tuple[dict[str, Any], dict[str, Any]]:
    local = await device.store.call(lambda s: s.get(rid))
    copy = await device.store.call(lambda s: s.server_copy(rid))
    return local, copy


@pytest.mark.asyncio
async def test_suspend_resume_and_extension_store_the_same_date_everywhere(
    clerk: Device, fresh_platform: Any, platform_clock: PlatformClock
) -> None:
    db = fresh_platform.db_path
    rid = await _accepted(clerk, ITEM_5_DAYS, "2026-03-02")
    assert (await clerk.store.call(lambda s: s.get(rid)))["due_date"] == "2026-03-09"
    platform_clock.set("2026-03-02T04:00:00")
    assert (await clerk.engine.run()).ok
    assert _platform_doc(db, rid)["due_date"] == "2026-03-09"

    _back_office(db, rid, "start_review", "2026-03-02T05:00:00")
    _back_office(db, rid, "suspend", "2026-03-03T02:00:00", "专家评审")
    assert _platform_doc(db, rid)["due_date"] == "2026-03-09"  # stored date waits
    _back_office(db, rid, "resume", "2026-03-17T02:00:00")
    # Art. 45: 03-03..03-16 not counted, 03-17 counts → 03-17,18,19,20,23.
    assert _platform_doc(db, rid)["due_date"] == "2026-03-23"
    platform_clock.set("2026-03-17T03:00:00")
    assert (await clerk.engine.run()).ok
    local, copy = await _views(clerk, rid)
    platform = _platform_doc(db, rid)
    assert local["due_date"] == copy["due_date"] == "2026-03-23"
    assert local == copy == platform

    # The overdue queue reads the stored column: not overdue on 03-23, overdue on 03-24.
    from offline.store.queue import QueueFilter

    def overdue(day: str) -> list[Any]:
        rows = clerk.store.call_blocking(
            lambda s: s.queue(QueueFilter(overdue_on=datetime.fromisoformat(day).date())).rows
        )
        return [r["id"] for r in rows]

    assert rid not in overdue("2026-03-23") and rid in overdue("2026-03-24")

    supervisor = fresh_platform.users["nm-super"]
    boss = Actor(supervisor.id, "supervisor")
    platform_clock.set("2026-03-18T01:00:00")
    await _supervisor_signs_in(clerk, supervisor)
    await clerk.store.call(
        lambda s: s.extend(boss, rid, 10, "需现场核查", now=_t("2026-03-18T02:00:00"))
    )
    # Art. 42, +10 working days after 03-23: 03-24 1, 25 2, 26 3, 27 4, 30 5, 31 6,
    # 04-01 7, 04-02 8, 04-03 9, (04-04..06 清明) 04-07 10.
    assert (await clerk.store.call(lambda s: s.get(rid)))["due_date"] == "2026-04-07"
    platform_clock.set("2026-03-18T03:00:00")
    outcome = await clerk.engine.run()
    assert outcome.ok and outcome.pending == 0
    local, copy = await _views(clerk, rid)
    platform = _platform_doc(db, rid)
    assert platform["due_date"] == "2026-04-07"
    assert platform["extension"]["by"] == supervisor.id
    assert local == copy == platform


@pytest.mark.asyncio
async def test_unknown_due_date_is_filled_when_the_calendar_arrives(
    clerk: Device, fresh_platform: Any, platform_clock: PlatformClock
) -> None:
    db = fresh_platform.db_path
    # 10 working days from Thu 2026-12-24: 12-25, 28, 29, 30, 31 (5) then 2027: unknown.
    rid = await _accepted(clerk, ITEM_10_DAYS, "2026-12-24")
    platform_clock.set("2026-12-24T04:00:00")
    assert (await clerk.engine.run()).ok
    assert _platform_doc(db, rid)["due_date"] is None
    assert (await clerk.store.call(lambda s: s.get(rid)))["due_date"] is None

    # The platform publishes January 2027 (a test table: 1 Jan a holiday, weekends off).
    days = {f"2027-01-{d:02d}": datetime(2027, 1, d).weekday() < 5 and d != 1 for d in range(1, 32)}
    base = Database(db)
    try:
        with base.read() as conn:
            known = json.loads(conn.execute("SELECT days FROM calendar").fetchone()[0])
        with base.write() as conn:
            filled = publish_calendar(
                conn, "2027-test", {**known, **days}, _t("2026-12-30T02:00:00").timestamp()
            )
    finally:
        base.close()
    assert filled >= 1
    # 12-31 is the 5th; 2027-01-04 6, 05 7, 06 8, 07 9, 08 10.
    assert _platform_doc(db, rid)["due_date"] == "2027-01-08"

    # The device: the catalog (with the calendar) arrives first, then the pull.
    platform_clock.set("2026-12-30T03:00:00")
    catalog = await clerk.client.catalog()
    assert catalog is not None
    data = catalog.model_dump(mode="json")
    await clerk.store.call(lambda s: s.save_catalog(data))
    assert (await clerk.store.call(lambda s: s.get(rid)))["due_date"] == "2027-01-08"
    assert (await clerk.engine.run()).ok
    local, copy = await _views(clerk, rid)
    assert local == copy == _platform_doc(db, rid)
