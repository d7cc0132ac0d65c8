"""A hostile device cannot bend the law's deadlines: the platform re-checks every
extension (行政许可法 第四十二条) and computes the stored due date itself."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.central.builders import Device
from tests.central.helpers import login
from tests.fixtures.platform import PlatformServer


def _doc(dev: Device, rid: str) -> dict[str, Any]:
    r = dev.client.get(f"/applications/{rid}")
    assert r.status_code == 200, r.text
    doc: dict[str, Any] = r.json()["doc"]
    return doc


def test_extension_is_checked_on_the_platform(platform_server: PlatformServer) -> None:
    clerk = Device(login(platform_server, "nm-clerk1"), "520102")
    create = clerk.create()
    rid = create["record_id"]
    # The device claims a due date far away; the platform stores the law's own.
    accept = clerk.transition(rid, "received", "accepted", due_date="2030-01-01")
    assert [o["outcome"] for o in clerk.push_ok([create, accept])] == ["applied", "applied"]
    stored = _doc(clerk, rid)["due_date"]
    assert stored != "2030-01-01"

    payload = {"working_days": 10, "reason": "需现场核查", "due_date": "2030-01-01"}
    as_clerk = clerk.mutation("extend", rid, payload)
    claims_supervisor = clerk.mutation("extend", rid, payload, role="supervisor")
    outcomes = clerk.push_ok([as_clerk, claims_supervisor])
    assert [(o["outcome"], o["reason"]) for o in outcomes] == [
        ("rejected", "forbidden"),  # the domain: extending is a supervisor's act
        ("rejected", "role_not_held"),  # the signature: this clerk holds no supervisor role
    ]
    assert _doc(clerk, rid).get("extension") is None

    boss = Device(login(platform_server, "nm-super"), "520102")
    too_long = boss.mutation("extend", rid, {**payload, "working_days": 11}, role="supervisor")
    blank = boss.mutation("extend", rid, {**payload, "reason": " "}, role="supervisor")
    ok = boss.mutation("extend", rid, payload, role="supervisor")
    again = boss.mutation("extend", rid, {**payload, "working_days": 1}, role="supervisor")
    outcomes = boss.push_ok([too_long, blank, ok, again])
    assert [(o["outcome"], o["reason"]) for o in outcomes] == [
        ("rejected", "validation_failed"),
        ("rejected", "invalid_payload"),
        ("applied", None),
        ("rejected", "illegal_transition"),
    ]
    doc = _doc(boss, rid)
    assert doc["extension"]["working_days"] == 10
    assert doc["due_date"] not in (None, "2030-01-01", stored)
    assert doc["due_date"] > stored


def test_further_notice_adding_materials_needs_a_supervisor(
    platform_server: PlatformServer,
) -> None:
    clerk = Device(login(platform_server, "nm-clerk1"), "520102")
    create = clerk.create()
    rid = create["record_id"]
    first = [{"code": "M01", "name": "申请人居民身份证", "problem": "复印件不清晰"}]
    more = [*first, {"code": "M02", "name": "申请书", "problem": "未签字"}]
    steps = [
        create,
        clerk.transition(rid, "received", "awaiting_supplement", missing=first),
        clerk.transition(rid, "awaiting_supplement", "received"),
        clerk.transition(rid, "received", "awaiting_supplement", missing=more),
    ]
    outcomes = clerk.push_ok(steps)
    assert [(o["outcome"], o["reason"]) for o in outcomes][-1] == ("rejected", "forbidden")
    boss = Device(login(platform_server, "nm-super"), "520102")
    override = boss.mutation(
        "transition",
        rid,
        {"from": "received", "to": "awaiting_supplement", "reason": None,
         "data": {"missing": more, "override_reason": "申请人变更申请内容"}},
        role="supervisor",
    )  # fmt: skip
    assert boss.push_ok([override])[0]["outcome"] == "applied"
    notices = _doc(boss, rid)["supplement_notices"]
    assert notices[-1]["override"]["added"] == ["M02"]
    assert notices[-1]["override"]["by"] == boss.user_id


def test_calendar_command_publishes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from central.__main__ import main
    from central.seed import seed
    from tests.fixtures.platform import FAST_HASHER

    db = tmp_path / "central.db"
    seed(db, hasher=FAST_HASHER)
    days = {"2027-01-01": False, "2027-01-04": True}
    (tmp_path / "cal.json").write_text(json.dumps({"version": "2027-a", "days": days}), "utf-8")
    assert main(["calendar", "--db", str(db), "--file", str(tmp_path / "cal.json")]) == 0
    assert json.loads(capsys.readouterr().out) == {"due_dates_filled": 0}
    conn = sqlite3.connect(db)
    version, stored = conn.execute("SELECT version, days FROM calendar").fetchone()
    conn.close()
    assert (version, json.loads(stored)) == ("2027-a", days)
