"""The person rules beside the number (birth date, confirmations) and number bounds.

GB 11643-1999 §4.3.2 puts the holder's birth date inside the number, so a birth date
stored beside it must be that date. Counts and form numbers stay within what the platform
and every JSON reader hold exactly (RFC 8259 §6), so the device never keeps a record the
platform would refuse.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from offline.domain.application import new_application_doc, validate_document
from offline.domain.catalog import ServiceItem
from offline.domain.errors import ValidationFailed
from offline.domain.payloads import validate_mutation
from offline.domain.validation import confirmations, validate_applicant, validate_materials
from tests.offline.domain.samples import ITEM, intake
from tests.offline.domain.test_gb11643_gb32100 import codes, id_number

TODAY = date(2026, 11, 26)
BORN = date(1990, 3, 7)
KNOWN = id_number("520102", BORN, 123)
UNLISTED = id_number("999999", BORN, 124)


def person(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"kind": "person", "name": "张三", "cert_type": "111", "cert_no": KNOWN}
    base.update(fields)
    return base


@pytest.mark.parametrize("cert_type", ["111", "113"])
@pytest.mark.parametrize("birth", ["9999-12-31", "0001-01-01", "1990-03-08"])
def test_a_birth_date_other_than_the_numbers_is_refused(cert_type: str, birth: str) -> None:
    issues = validate_applicant(person(cert_type=cert_type, birth_date=birth), today=TODAY)
    assert codes(issues) == ["birth_mismatch"]
    assert issues[0].field == "applicant.birth_date" and "1990-03-07" in issues[0].zh


def test_the_agent_and_the_legal_representative_are_held_to_the_same_rule() -> None:
    bad = person(birth_date="2000-01-01")
    legal = {"kind": "legal", "name": "某公司", "cert_type": "USCC",
             "cert_no": "91110000600037341L", "legal_rep": bad}  # fmt: skip
    assert codes(validate_applicant(legal, today=TODAY)) == ["birth_mismatch"]
    assert codes(validate_applicant(person(birth_date="1990-03-07"), today=TODAY)) == []


@pytest.mark.parametrize("cert_type", ["111", "113"])
def test_the_document_takes_the_birth_date_from_the_number(cert_type: str) -> None:
    doc = new_application_doc(**intake(applicant=person(cert_type=cert_type), today=TODAY))
    assert doc["applicant"]["birth_date"] == "1990-03-07"
    assert doc["applicant"]["sex"] == "男"  # GB 11643 §4.3.3: odd sequence digit
    with pytest.raises(ValidationFailed):
        new_application_doc(
            **intake(applicant=person(cert_type=cert_type, birth_date="9999-12-31"), today=TODAY)
        )


def test_an_unlisted_region_needs_a_confirmation_or_a_card_read() -> None:
    assert codes(validate_applicant(person(cert_no=UNLISTED), today=TODAY)) == ["unknown_region"]
    for flag in ("region_confirmed", "card_read"):
        assert validate_applicant(person(cert_no=UNLISTED, **{flag: True}), today=TODAY) == []
        assert codes(validate_applicant(person(**{flag: "yes"}), today=TODAY)) == ["bad_flag"]
    # a 113 number never comes from a card reader
    assert codes(validate_applicant(person(cert_type="113", cert_no=UNLISTED, card_read=True),
                                    today=TODAY)) == ["unknown_region"]  # fmt: skip
    agent = person(cert_no=UNLISTED, region_confirmed=True)
    assert confirmations(person(card_read=True), agent) == {
        "region_confirmed": ["agent"],
        "card_read": ["applicant"],
    }
    assert confirmations(person(region_confirmed=True)) == {}  # listed: nothing was vouched


def test_unknown_person_keys_are_refused() -> None:
    issues = validate_applicant(person(extra=10**30), today=TODAY)
    assert codes(issues) == ["unknown_field"] and issues[0].field == "applicant.extra"


def test_a_confirmed_document_passes_the_platforms_check() -> None:
    item = ServiceItem.from_dict(ITEM)
    doc = new_application_doc(
        **intake(applicant=person(cert_no=UNLISTED, region_confirmed=True), today=TODAY)
    )
    assert validate_document(doc, item, today=TODAY) == []
    doc["applicant"]["region_confirmed"] = False
    assert codes(validate_document(doc, item, today=TODAY)) == ["unknown_region"]


# ---------------------------------------------------------------- numbers

ITEM_OBJ = ServiceItem.from_dict(ITEM)


@pytest.mark.parametrize("count", [100, 10**30, -1, 1.0, True, "1", float("nan")])
def test_material_counts_are_whole_numbers_from_0_to_99(count: Any) -> None:
    for key in ("originals", "copies"):
        entry = {"code": "M01", key: count}
        assert codes(validate_materials(ITEM_OBJ, [entry], False)) == ["bad_count"]
        material = {"id": "m1", "code": "M01", key: count}
        assert validate_mutation("add_material", {"material": material})
    assert (
        validate_materials(ITEM_OBJ, [{"code": "M01", "originals": 99, "copies": 0}], False) == []
    )


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (10**30, "too_large"),
        (-(10**30), "too_small"),
        (10**400, "too_large"),
        ("1" * 400, "bad_number"),
        (float("inf"), "bad_number"),
        (True, "bad_number"),
        (100001, "too_large"),
        (80.5, None),
        ("80", None),
    ],
)
def test_form_numbers_stay_within_their_bounds(value: Any, code: str | None) -> None:
    issues = validate_document(
        new_application_doc(**intake(today=TODAY)) | {"form": {"area": value, "shop_name": "x"}},
        ITEM_OBJ,
        today=TODAY,
    )
    if code is None:
        assert issues == []
    else:  # the form rule first; the document-wide JSON number rule may add its own
        assert codes(issues)[0] == code
        assert {i.field for i in issues} <= {"form.area", "doc.form.area"}


def test_a_form_number_without_bounds_stays_a_safe_integer() -> None:
    item = dict(ITEM)
    item["form_fields"] = [dict(ITEM["form_fields"][0], min=None, max=None)]
    unbounded = ServiceItem.from_dict(item)
    doc = new_application_doc(**intake(item=unbounded, form={"area": 2**53 - 1}, today=TODAY))
    assert validate_document(doc, unbounded, today=TODAY) == []
    for big in (2**53, 10**30, float("1e300")):
        assert codes(validate_document(doc | {"form": {"area": big}}, unbounded, today=TODAY))


def test_an_oversized_integer_anywhere_in_a_document_is_refused() -> None:
    doc = new_application_doc(**intake(today=TODAY))
    doc["materials"][0]["id"] = 10**30
    issues = validate_document(doc, ITEM_OBJ, today=TODAY)
    assert ("doc.materials[0].id", "number_out_of_range") in [(i.field, i.code) for i in issues]


def test_sequence_numbers_are_bounded() -> None:
    from offline.domain.payloads import check_envelope

    envelope = {"op_id": "o", "record_id": "r", "actor": "a", "at": "2026-11-26T00:00:00+00:00",
                "kind": "add_note", "role": "clerk", "payload": {}}  # fmt: skip
    assert check_envelope(envelope | {"seq": 2**53 - 1}) == []
    assert codes(check_envelope(envelope | {"seq": 10**30})) == ["invalid_payload"]


def test_the_number_walk_never_raises_however_deep() -> None:
    from offline.domain.json_numbers import check_json_numbers

    deep: Any = [10**30]
    for _ in range(50_000):
        deep = [deep]
    assert codes(check_json_numbers(deep)) == ["too_deep"]
    fine: Any = "x"
    for _ in range(50_000):
        fine = {"k": fine}
    assert check_json_numbers(fine) == []
    assert codes(check_json_numbers({"a": [1, {"b": float("nan")}]})) == ["bad_number"]


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        ("transition", {"from": "received", "to": "accepted", "data": {"x": 10**30}}),
        ("set_fields", {"fields": {"form.area": 10**30}, "base": {"form.area": 1}}),
        ("add_note", {"note": {"id": "n1", "text": "好", "extra": float("inf")}}),
        ("rate", {"rating": {"id": "r1", "stage": "acceptance", "score": 5, "n": -(2**60)}}),
    ],
)
def test_every_mutation_payload_is_held_to_the_json_number_range(
    kind: str, payload: dict[str, Any]
) -> None:
    assert {"number_out_of_range", "bad_number"} & set(codes(validate_mutation(kind, payload)))


def _set(doc: dict[str, Any], fields: dict[str, Any]) -> Any:
    from offline.domain.mutations import apply_mutation

    base = {path: doc["applicant"].get(path.split(".", 1)[1]) for path in fields}
    mutation = {"op_id": "op-2", "record_id": doc["id"], "kind": "set_fields", "actor": "u1",
                "role": "clerk", "at": "2026-11-26T03:00:00+00:00",
                "payload": {"fields": fields, "base": base}}  # fmt: skip
    return apply_mutation(doc, mutation, strict=True, item=ITEM_OBJ)


def test_edits_of_the_applicant_are_held_to_the_intake_rules() -> None:
    doc = new_application_doc(
        **intake(applicant=person(cert_no=UNLISTED, region_confirmed=True), today=TODAY)
    )
    other_unlisted = id_number("999998", BORN, 125)
    refused = _set(doc, {"applicant.cert_no": other_unlisted})
    assert refused.outcome == "rejected" and codes(refused.issues) == ["unknown_region"]
    confirmed = _set(doc, {"applicant.cert_no": other_unlisted, "applicant.region_confirmed": True})
    assert confirmed.outcome == "applied"
    listed = _set(doc, {"applicant.cert_no": KNOWN})
    assert listed.outcome == "applied" and "region_confirmed" not in listed.doc["applicant"]
    wrong_birth = _set(doc, {"applicant.birth_date": "9999-12-31"})
    assert wrong_birth.outcome == "rejected" and codes(wrong_birth.issues) == ["birth_mismatch"]


@pytest.mark.parametrize("text", ["0\x1f", "\x1c12", " 3\x1e ", "1\x1d"])
def test_a_number_text_with_control_separators_never_raises(text: str) -> None:
    from offline.domain.validation import _number

    assert _number(text) == float(text.strip())
