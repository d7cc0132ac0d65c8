"""Back-office actions, their permissions, and the automatic back office."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from tests.central.builders import Device
from tests.central.helpers import error_code, login
from tests.fixtures.platform import PlatformServer


def _accepted(server: PlatformServer, username: str = "nm-clerk1") -> tuple[Device, str]:
    dev = Device(login(server, username), server.users[username].office_code or "")
    create = dev.create()
    rid = create["record_id"]
    dev.push_ok([create, dev.transition(rid, "received", "accepted", due_date="2026-12-03")])
    return dev, rid


def test_review_suspend_resume_approve(platform_server: PlatformServer) -> None:
    dev, rid = _accepted(platform_server)
    back = login(platform_server, "backoffice")

    def act(action: str, **body: Any) -> Any:
        return back.post(f"/backoffice/applications/{rid}/actions", json={"action": action, **body})

    assert act("start_review").json()["doc"]["status"] == "under_review"
    r = act("suspend")  # a suspension needs a reason
    assert r.status_code == 422 and error_code(r) == "validation_failed"
    assert act("suspend", reason="需现场核查").json()["doc"]["suspended"][0]["to"] is None
    r = act("approve")
    assert r.status_code == 409 and error_code(r) == "illegal_transition"
    resumed = act("resume").json()
    assert resumed["doc"]["suspended"][0]["to"] is not None
    r = act("approve", base_version=resumed["version"] - 1)
    assert r.status_code == 409 and error_code(r) == "stale_version"
    done = act("approve", reason="准予登记").json()
    assert done["doc"]["status"] == "approved"
    assert done["doc"]["decision"]["result"] == "approved"
    history = [(h["to"], h["role"]) for h in done["doc"]["history"]]
    assert history[-4:] == [
        ("under_review", "back_office"),
        ("suspended", "back_office"),
        ("under_review", "back_office"),
        ("approved", "back_office"),
    ]
    # the counter sees the decision on its next pull
    statuses = {c["record_id"]: c["doc"]["status"] for c in dev.pull(limit=5000)["changes"]}
    assert statuses[rid] == "approved"


def test_deny_needs_a_reason_and_list_filters(platform_server: PlatformServer) -> None:
    _, rid = _accepted(platform_server, "zz-clerk2")
    back = login(platform_server, "backoffice")
    back.post(f"/backoffice/applications/{rid}/actions", json={"action": "start_review"})
    r = back.post(f"/backoffice/applications/{rid}/actions", json={"action": "deny"})
    assert r.status_code == 422
    r = back.post(
        f"/backoffice/applications/{rid}/actions",
        json={"action": "deny", "reason": "经营场所不符合规划要求"},
    )
    assert r.json()["doc"]["status"] == "denied"
    listed = back.get(
        "/backoffice/applications", params={"office_code": "520123102", "status": "denied"}
    ).json()
    assert rid in [i["id"] for i in listed["items"]]
    assert all(i["office_code"] == "520123102" for i in listed["items"])
    assert listed["total"] >= 1


def test_counter_roles_cannot_use_back_office_endpoints(platform_server: PlatformServer) -> None:
    _, rid = _accepted(platform_server)
    for username in ("nm-clerk2", "nm-super"):
        client = login(platform_server, username)
        assert client.get("/backoffice/applications").status_code == 403
        r = client.post(f"/backoffice/applications/{rid}/actions", json={"action": "start_review"})
        assert r.status_code == 403 and error_code(r) == "forbidden"
    back = login(platform_server, "backoffice")
    assert back.get(f"/applications/{rid}").json()["doc"]["status"] == "accepted"


def test_auto_back_office_decides_and_counters_see_it(
    platform_factory: Callable[..., PlatformServer],
) -> None:
    server = platform_factory(
        auto_back_office=True, auto_review_delay=0.05, auto_decision_delay=0.05, auto_poll=0.05
    )
    dev, approve_id = _accepted(server)
    create = dev.create()
    deny_id = create["record_id"]
    note = dev.mutation(
        "add_note",
        deny_id,
        {"note": {"id": "n1", "text": "演示：拒绝", "by": dev.user_id, "at": create["at"]}},
    )
    dev.push_ok(
        [create, note, dev.transition(deny_id, "received", "accepted", due_date="2026-12-03")]
    )
    deadline = time.monotonic() + 10
    statuses: dict[str, str] = {}
    while time.monotonic() < deadline:
        statuses = {c["record_id"]: c["doc"]["status"] for c in dev.pull()["changes"]}
        if statuses.get(approve_id) == "approved" and statuses.get(deny_id) == "denied":
            break
        time.sleep(0.1)
    assert statuses[approve_id] == "approved"
    assert statuses[deny_id] == "denied"


def test_request_supplement_after_acceptance_follows_the_domain_table(
    platform_server: PlatformServer,
) -> None:
    _, rid = _accepted(platform_server)
    back = login(platform_server, "backoffice")
    r = back.post(
        f"/backoffice/applications/{rid}/actions",
        json={
            "action": "request_supplement",
            "reason": "营业执照复印件不清晰",
            "missing": [{"code": "M03", "name": "经营场所使用证明", "problem": "复印件不清晰"}],
        },
    )
    assert r.status_code == 200, r.text
    doc = r.json()["doc"]
    assert doc["status"] == "awaiting_supplement"
    assert doc["supplement"]["missing"][0]["code"] == "M03"
    assert doc["history"][-1]["from"] == "accepted" and doc["history"][-1]["role"] == "back_office"
    # without a notice the platform refuses and nothing changes
    _, other = _accepted(platform_server)
    r = back.post(
        f"/backoffice/applications/{other}/actions", json={"action": "request_supplement"}
    )
    assert r.status_code == 422 and error_code(r) == "validation_failed"
    assert back.get(f"/applications/{other}").json()["doc"]["status"] == "accepted"
