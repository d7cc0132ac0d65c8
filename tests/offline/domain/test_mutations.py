"""apply_mutation: the platform's strict rules and the client's rebase replay."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from offline.domain.application import new_application_doc
from offline.domain.catalog import ServiceItem
from offline.domain.mutations import Applied, apply_mutation, new_mutation, validate_mutation
from tests.offline.domain.samples import ITEM, intake

ITEM_OBJ = ServiceItem.from_dict(ITEM)
AT = "2026-11-26T03:00:00+00:00"


@pytest.fixture
def doc() -> dict[str, Any]:
    return new_application_doc(**intake())


def mut(kind: str, payload: dict[str, Any], role: str = "clerk", **kw: Any) -> dict[str, Any]:
    return new_mutation(kind, kw.pop("record_id", "rec-1"), payload, actor="u-1", role=role,
                        at=kw.pop("at", AT), device_id="dev-1", seq=1, **kw)  # fmt: skip


def apply(doc: dict[str, Any] | None, m: dict[str, Any], **kw: Any) -> Applied:
    """apply_mutation, also proving it never mutates its inputs."""
    before_doc, before_m = copy.deepcopy(doc), copy.deepcopy(m)
    result = apply_mutation(doc, m, strict=kw.pop("strict", True), **kw)
    assert doc == before_doc and m == before_m, "inputs must not be mutated"
    if result.doc is not None and doc is not None and result.changed:
        assert result.doc is not doc
    return result


def go(doc: dict[str, Any], to: str, role: str = "clerk", **data: Any) -> dict[str, Any]:
    reason = data.pop("reason", None)
    m = mut("transition", {"from": doc["status"], "to": to, "reason": reason, "data": data}, role)
    result = apply(doc, m)
    assert result.outcome == "applied", result.issues
    assert result.doc is not None
    return result.doc


# --- create -----------------------------------------------------------------


def test_create_applies_and_copies(doc: dict[str, Any]) -> None:
    result = apply(None, mut("create", {"doc": doc}), item=ITEM_OBJ)
    assert result.outcome == "applied" and result.doc == doc and result.doc is not doc


def test_create_of_existing_record(doc: dict[str, Any]) -> None:
    m = mut("create", {"doc": doc})
    strict = apply(doc, m)
    assert (strict.outcome, strict.reason) == ("rejected", "invalid_payload")
    assert strict.issues[0].code == "duplicate_record"
    loose = apply(doc, m, strict=False)
    assert loose.outcome == "applied" and loose.doc == doc and not loose.changed


@pytest.mark.parametrize(
    ("change", "role", "reason"),
    [
        (lambda d: d.update(status="accepted"), "clerk", "invalid_payload"),
        (lambda d: d.update(id="other"), "clerk", "invalid_payload"),
        (lambda d: None, "back_office", "forbidden"),
        (lambda d: d.update(phone="123"), "clerk", "validation_failed"),
        (lambda d: d.update(item_code="X1"), "clerk", "validation_failed"),
    ],
)
def test_create_refusals(doc: dict[str, Any], change: Any, role: str, reason: str) -> None:
    change(doc)
    result = apply(None, mut("create", {"doc": doc}, role), item=ITEM_OBJ)
    assert (result.outcome, result.reason, result.doc) == ("rejected", reason, None)


def test_unknown_record_and_malformed_envelope(doc: dict[str, Any]) -> None:
    m = mut("add_note", {"note": {"id": "n1", "text": "hi", "by": "u", "at": AT}})
    assert apply(None, m).reason == "unknown_record"
    assert apply(doc, {**m, "record_id": "rec-2"}).reason == "unknown_record"
    for broken in ({**m, "kind": "explode"}, {**m, "op_id": ""}, {**m, "role": "boss"},
                   {**m, "at": "yesterday"}, {**m, "seq": 0}, {**m, "payload": []}):  # fmt: skip
        result = apply(doc, broken)
        assert (result.outcome, result.reason) == ("rejected", "invalid_payload")
        assert result.doc == doc


# --- set_fields -------------------------------------------------------------


def test_set_fields_merges_per_path(doc: dict[str, Any]) -> None:
    platform = copy.deepcopy(doc)
    platform["address"] = "平台改过的地址"
    m = mut("set_fields", {
        "fields": {"phone": "13900139000", "address": "柜台改的地址", "form.area": 80,
                   "applicant.name": "张叁"},
        "base": {"phone": "13800138000", "address": doc["address"], "form.area": 60,
                 "applicant.name": "张三"},
    })  # fmt: skip
    result = apply(platform, m)
    assert result.outcome == "conflict" and result.doc is not None
    assert result.doc["phone"] == "13900139000"
    assert result.doc["applicant"]["name"] == "张叁"
    assert result.doc["address"] == "平台改过的地址", "platform value kept"
    assert result.doc["form"]["area"] == 80, "current == new is a no-op"
    assert [c.to_dict() for c in result.conflicts] == [
        {"path": "address", "base": doc["address"], "local": "柜台改的地址",
         "platform": "平台改过的地址"}
    ]  # fmt: skip
    assert result.doc["updated_at"] == AT
    loose = apply(platform, m, strict=False)
    assert loose.doc is not None and loose.doc["address"] == "柜台改的地址"
    assert loose.conflicts == result.conflicts


def test_set_fields_without_change_is_applied_noop(doc: dict[str, Any]) -> None:
    m = mut("set_fields", {"fields": {"phone": doc["phone"]}, "base": {"phone": "1"}})
    result = apply(doc, m)
    assert result.outcome == "applied" and not result.changed and result.doc == doc


def test_set_fields_removes_cleared_form_value(doc: dict[str, Any]) -> None:
    m = mut("set_fields", {"fields": {"form.area": None}, "base": {"form.area": 80}})
    result = apply(doc, m)
    assert result.doc is not None and "area" not in result.doc["form"]
    checked = apply(doc, m, item=ITEM_OBJ)
    assert (checked.outcome, checked.reason) == ("rejected", "validation_failed")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"fields": {"status": "approved"}, "base": {"status": "received"}}, "status"),
        ({"fields": {"phone": "123"}, "base": {"phone": "13800138000"}}, "phone"),
        ({"fields": {"phone": "13900139000"}, "base": {}}, "phone"),
        ({"fields": {}, "base": {}}, "fields"),
        ({"fields": {"address": "a\x00"}, "base": {"address": None}}, "address"),
    ],
)
def test_set_fields_malformed(doc: dict[str, Any], payload: dict[str, Any], field: str) -> None:
    assert validate_mutation("set_fields", payload)[0].field == field
    result = apply(doc, mut("set_fields", payload))
    assert (result.outcome, result.reason, result.doc) == ("rejected", "invalid_payload", doc)


def test_set_fields_role_and_closed_record(doc: dict[str, Any]) -> None:
    payload = {"fields": {"phone": "13900139000"}, "base": {"phone": doc["phone"]}}
    assert apply(doc, mut("set_fields", payload, "back_office")).reason == "forbidden"
    assert apply(doc, mut("set_fields", payload, "supervisor")).outcome == "applied"
    closed = go(doc, "withdrawn", reason="申请人撤回")
    result = apply(closed, mut("set_fields", payload))
    assert (result.outcome, result.reason) == ("rejected", "forbidden")


def test_reassign_is_for_supervisors(doc: dict[str, Any]) -> None:
    m = mut("reassign", {"clerk_id": "u-clerk2", "base": "u-clerk1"}, "supervisor")
    result = apply(doc, m)
    assert result.outcome == "applied" and result.doc and result.doc["clerk_id"] == "u-clerk2"
    assert apply(doc, {**m, "role": "clerk"}).reason == "forbidden"
    stale = apply(doc, mut("reassign", {"clerk_id": "u-3", "base": "u-9"}, "supervisor"))
    assert stale.outcome == "conflict" and stale.doc == doc


# --- transitions ------------------------------------------------------------


def test_whole_life_of_an_application(doc: dict[str, Any]) -> None:
    missing = [{"code": "M03", "name": "授权委托书", "problem": "未提交"}]
    d = go(doc, "awaiting_supplement", missing=missing)
    assert d["supplement"] == {"missing": missing, "at": AT}
    d = go(d, "accepted", due_date="2026-12-03")
    assert (d["accepted_at"], d["due_date"]) == (AT, "2026-12-03")
    d = go(d, "under_review", "back_office")
    d = go(d, "suspended", "back_office", reason="现场核查")
    assert d["suspended"] == [{"from": AT, "to": None}]
    d = go(d, "under_review", "back_office")
    assert d["suspended"] == [{"from": AT, "to": AT}]
    d = go(d, "approved", "back_office", decision={"doc_no": "许〔2026〕1号"})
    assert d["decision"]["result"] == "approved" and d["decision"]["by"] == "u-1"
    d = go(d, "delivered", delivery={"method": "pickup"})
    assert d["delivery"] == {"method": "pickup", "at": AT, "by": "u-1"}
    assert [h["to"] for h in d["history"]] == [
        "received", "awaiting_supplement", "accepted", "under_review", "suspended",
        "under_review", "approved", "delivered",
    ]  # fmt: skip
    assert d["history"][4]["reason"] == "现场核查"


def test_two_step_rejection(doc: dict[str, Any]) -> None:
    d = go(doc, "rejection_proposed", reason="不属于本部门职权范围")
    returned = go(d, "received", "supervisor", comment="属于本部门，请受理")
    assert returned["history"][-1]["reason"] == "属于本部门，请受理"
    final = go(d, "rejected", "supervisor")
    assert final["status"] == "rejected"
    m = mut("transition", {"from": "rejection_proposed", "to": "rejected", "data": {}})
    assert apply(d, m).reason == "forbidden", "a clerk cannot sign off its own proposal"


def test_stale_transition_is_a_conflict_never_applied(doc: dict[str, Any]) -> None:
    moved = go(go(doc, "accepted"), "under_review", "back_office")
    m = mut("transition", {"from": "accepted", "to": "withdrawn", "reason": "撤回", "data": {}})
    for strict in (True, False):
        result = apply(moved, m, strict=strict)
        assert result.outcome == "conflict" and result.doc == moved
        assert result.conflicts[0].to_dict() == {
            "path": "status", "base": "accepted", "local": "withdrawn", "platform": "under_review"
        }  # fmt: skip


def test_replayed_transition_is_idempotent(doc: dict[str, Any]) -> None:
    m = mut("transition", {"from": "received", "to": "accepted", "data": {}}, op_id="op-acc")
    first = apply(doc, m)
    assert first.doc is not None
    again = apply(first.doc, m, strict=False)
    assert again.outcome == "applied" and again.doc == first.doc and not again.changed


@pytest.mark.parametrize(
    ("payload", "role", "reason"),
    [
        ({"from": "received", "to": "approved", "data": {}}, "back_office", "illegal_transition"),
        ({"from": "received", "to": "accepted", "data": {}}, "back_office", "forbidden"),
        ({"from": "received", "to": "withdrawn", "data": {}}, "clerk", "validation_failed"),
        ({"from": "received", "to": "sideways", "data": {}}, "clerk", "invalid_payload"),
        ({"from": "received", "to": "accepted", "data": {"due_date": "3 Dec"}}, "clerk",
         "invalid_payload"),
    ],
)  # fmt: skip
def test_transition_refusals(
    doc: dict[str, Any], payload: dict[str, Any], role: str, reason: str
) -> None:
    result = apply(doc, mut("transition", payload, role))
    assert (result.outcome, result.reason, result.doc) == ("rejected", reason, doc)


def test_acceptance_checks_materials_when_item_is_known(doc: dict[str, Any]) -> None:
    accept = mut("transition", {"from": "received", "to": "accepted", "data": {}})
    assert apply(doc, accept, item=ITEM_OBJ).outcome == "applied"
    flagged = mut(
        "transition", {"from": "received", "to": "accepted", "data": {"applying": ["M03"]}}
    )
    result = apply(doc, flagged, item=ITEM_OBJ)
    assert (result.outcome, result.reason) == ("rejected", "validation_failed")
    assert result.issues[0].field == "materials.M03"


# --- append-only ------------------------------------------------------------


def test_append_only_kinds_are_idempotent_by_id(doc: dict[str, Any]) -> None:
    material = {"id": "m-9", "code": "M03", "name": "授权委托书", "originals": 1, "copies": 0,
                "form": "paper", "attachment": "a" * 64, "added_at": AT, "by": "u-1"}  # fmt: skip
    m = mut("add_material", {"material": material})
    once = apply(doc, m)
    assert once.doc is not None and once.doc["materials"][-1] == material
    twice = apply(once.doc, m)
    assert twice.outcome == "applied" and not twice.changed and twice.doc == once.doc
    reused = mut("add_material", {"material": {**material, "copies": 3}})
    assert apply(once.doc, reused).reason == "invalid_payload"
    assert apply(once.doc, reused, strict=False).doc == once.doc


def test_notes_and_ratings_even_on_closed_records(doc: dict[str, Any]) -> None:
    closed = go(doc, "withdrawn", reason="申请人撤回")
    note = mut("add_note", {"note": {"id": "n1", "text": "多行\n备注 '; DROP TABLE x;--", "by": "u",
                                     "at": AT}})  # fmt: skip
    rating = mut("rate", {"rating": {"id": "r1", "stage": "completion", "score": 5,
                                     "comment": "👍", "at": AT}})  # fmt: skip
    d = apply(closed, note).doc
    assert d is not None
    d = apply(d, rating).doc
    assert (
        d is not None and d["notes"][0]["text"].startswith("多行") and d["ratings"][0]["score"] == 5
    )


WELL_FORMED: dict[str, dict[str, Any]] = {
    "rate": {"rating": {"id": "r1", "stage": "completion", "score": 5}},
    "add_note": {"note": {"id": "n1", "text": "x" * 2000}},
    "add_material": {"material": {"id": "m1", "code": "M01", "copies": 0}},
    "reassign": {"clerk_id": "u-2", "base": "u-1"},
}


@pytest.mark.parametrize("kind", sorted(WELL_FORMED))
def test_well_formed_payloads_pass(kind: str) -> None:
    assert validate_mutation(kind, WELL_FORMED[kind]) == []


@pytest.mark.parametrize(
    ("kind", "inner", "key", "value", "field", "code"),
    [
        ("rate", "rating", "score", 6, "rating.score", "invalid_payload"),
        ("rate", "rating", "score", 0, "rating.score", "invalid_payload"),
        ("rate", "rating", "score", True, "rating.score", "invalid_payload"),
        ("rate", "rating", "stage", "whenever", "rating.stage", "invalid_payload"),
        ("add_note", "note", "text", "", "note.text", "required"),
        ("add_note", "note", "text", "x" * 2001, "note.text", "too_long"),
        ("add_material", "material", "copies", -1, "material.copies", "invalid_payload"),
        ("add_material", "material", "attachment", "nothex", "material.attachment",
         "invalid_payload"),
        ("reassign", None, "clerk_id", "", "clerk_id", "invalid_payload"),
        ("reassign", None, "clerk_id", "   ", "clerk_id", "invalid_payload"),
    ],
)  # fmt: skip
def test_malformed_payloads(
    kind: str, inner: str | None, key: str, value: Any, field: str, code: str
) -> None:
    """One value broken in an otherwise well-formed payload: exactly that issue, no other."""
    payload = copy.deepcopy(WELL_FORMED[kind])
    (payload[inner] if inner else payload)[key] = value
    issues = validate_mutation(kind, payload)
    assert [(i.field, i.code) for i in issues] == [(field, code)]
    assert all(i.zh and i.en for i in issues)  # bilingual, Chinese first


def test_create_needs_every_key_of_a_new_record(doc: dict[str, Any]) -> None:
    assert validate_mutation("create", {"doc": doc}) == []
    required = ("office_code", "receipt_no", "item_code", "clerk_id", "received_at")
    for key in required:
        broken = {k: v for k, v in doc.items() if k != key}
        assert [i.field for i in validate_mutation("create", {"doc": broken})] == [f"doc.{key}"]
    fields = {i.field for i in validate_mutation("create", {"doc": {"id": "x"}})}
    assert {f"doc.{key}" for key in required} | {"doc.status", "doc.history"} <= fields
    assert "doc.id" not in fields
