"""Phones, free text, applicants, the item's form schema and material rules."""

from __future__ import annotations

from typing import Any

import pytest

from offline.domain.catalog import ServiceItem
from offline.domain.validation import (
    check_phone,
    check_text,
    missing_materials,
    validate_agent,
    validate_applicant,
    validate_form,
    validate_materials,
)
from tests.offline.domain.samples import ID_NO, ITEM, USCC

ITEM_OBJ = ServiceItem.from_dict(ITEM)


def codes(issues: list[Any]) -> list[str]:
    return [i.code for i in issues]


@pytest.mark.parametrize(
    "phone",
    ["13800138000", "19912345678", "+86 138 0013 8000", "008613800138000", "１３８００１３８０００",
     "010-62345678", "01062345678", "0851-5555123", "0851-85551234-806", "021-62345678转123",
     "0755-86013388#2"],
)  # fmt: skip
def test_valid_phones(phone: str) -> None:
    assert check_phone(phone) == []


@pytest.mark.parametrize(
    "phone",
    ["12345678901", "1380013800", "138001380000", "+1 138 0013 8000", "010-0234567",
     "12345678", "0851-555", "phone", "010-12345678-1234567", "1380013800٣"],
)  # fmt: skip
def test_invalid_phones(phone: str) -> None:
    assert codes(check_phone(phone)) == ["bad_phone"]


def test_phone_required_only_when_asked() -> None:
    assert check_phone("") == [] and check_phone(None) == []
    assert codes(check_phone(" ", required=True)) == ["required"]
    assert codes(check_phone(13800138000)) == ["not_text"]


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        ("张三😀👨‍👩‍👧", {}, []),
        ("Robert'); DROP TABLE applications;--", {}, []),
        ("a" * 10, {"max_length": 10}, []),
        ("a" * 11, {"max_length": 10}, ["too_long"]),
        ("长" * 11, {"max_length": 10}, ["too_long"]),
        ("line\nbreak", {}, ["control_chars"]),
        ("line\nbreak\tand tab", {"multiline": True}, []),
        ("bell\x07", {"multiline": True}, ["control_chars"]),
        ("nul\x00", {}, ["control_chars"]),
        ("del\x7f", {}, ["control_chars"]),
        ("sep\u2028", {}, ["control_chars"]),
        ("lone\ud800", {}, ["control_chars"]),
        ("", {"required": True}, ["required"]),
        ("   ", {"required": True}, ["required"]),
        (None, {}, []),
        (42, {}, ["not_text"]),
    ],
)
def test_text_rules(value: Any, kwargs: dict[str, Any], expected: list[str]) -> None:
    kwargs.setdefault("max_length", 50)
    assert codes(check_text(value, "f", **kwargs)) == expected


def test_control_character_message_names_the_code_point() -> None:
    issue = check_text("a\x1b", "note", max_length=10)[0]
    assert "U+001B" in issue.zh and "U+001B" in issue.en


PERSON = {"kind": "person", "name": "张三", "cert_type": "111", "cert_no": ID_NO}
LEGAL = {"kind": "legal", "name": "某某公司", "cert_type": "USCC", "cert_no": USCC,
         "legal_rep": {"name": "王五", "cert_type": "414", "cert_no": "E12345678"}}  # fmt: skip


@pytest.mark.parametrize(
    ("applicant", "fields"),
    [
        (PERSON, []),
        (LEGAL, []),
        ({**PERSON, "name": ""}, ["applicant.name"]),
        ({**PERSON, "cert_no": ID_NO[:-1] + "2"}, ["applicant.cert_no"]),
        ({**PERSON, "cert_type": "USCC"}, ["applicant.cert_type"]),
        ({**PERSON, "cert_type": "999"}, ["applicant.cert_type"]),
        ({**PERSON, "sex": "M"}, ["applicant.sex"]),
        ({**PERSON, "birth_date": "1991/01/01"}, ["applicant.birth_date"]),
        ({**PERSON, "kind": "robot"}, ["applicant.kind"]),
        ({**LEGAL, "cert_no": ID_NO}, ["applicant.cert_no"]),
        ({**LEGAL, "cert_type": "111"}, ["applicant.cert_type"]),
        ({**LEGAL, "legal_rep": None}, ["applicant.legal_rep"]),
        ({**LEGAL, "legal_rep": {**PERSON, "cert_no": "1"}}, ["applicant.legal_rep.cert_no"]),
        (None, ["applicant"]),
    ],
)
def test_applicants(applicant: Any, fields: list[str]) -> None:
    assert [i.field for i in validate_applicant(applicant)] == fields


def test_agent_is_optional_and_a_person() -> None:
    assert validate_agent(None) == []
    assert validate_agent({"name": "代理人", "cert_type": "516", "cert_no": "H12345678"}) == []
    assert [i.field for i in validate_agent(LEGAL)] == ["agent.kind"]


GOOD_FORM = {"area": 80, "shop_name": "张记小吃"}


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"area": None}, "form.area", "required"),
        ({"shop_name": "  "}, "form.shop_name", "required"),
        ({"area": -1}, "form.area", "too_small"),
        ({"area": 100001}, "form.area", "too_large"),
        ({"area": "eighty"}, "form.area", "bad_number"),
        ({"area": True}, "form.area", "bad_number"),
        ({"area": float("nan")}, "form.area", "bad_number"),
        ({"shop_name": "长" * 31}, "form.shop_name", "too_long"),
        ({"shop_name": "店\x00"}, "form.shop_name", "control_chars"),
        ({"category": "洗车"}, "form.category", "bad_choice"),
        ({"open_date": "2026-02-30"}, "form.open_date", "bad_date"),
        ({"open_date": "20260201"}, "form.open_date", "bad_date"),
        ({"contact_id": ID_NO[:-1] + "5"}, "form.contact_id", "bad_checksum"),
        ({"company": USCC[:-1] + "M"}, "form.company", "bad_checksum"),
        ({"contact_phone": "12345"}, "form.contact_phone", "bad_phone"),
        ({"licence_no": "JY123"}, "form.licence_no", "bad_pattern"),
        ({"colour": "red"}, "form.colour", "unknown_field"),
    ],
)
def test_form_schema(change: dict[str, Any], field: str, code: str) -> None:
    issues = validate_form(ITEM_OBJ, {**GOOD_FORM, **change})
    assert [(i.field, i.code) for i in issues] == [(field, code)]


def test_form_accepts_every_type() -> None:
    form = {**GOOD_FORM, "area": "80.5", "category": "餐饮服务", "open_date": "2026-02-28",
            "contact_id": ID_NO, "company": USCC, "contact_phone": "0851-85551234",
            "licence_no": "JY15201020000001"}  # fmt: skip
    assert validate_form(ITEM_OBJ, form) == []
    assert validate_form(ITEM_OBJ, {**GOOD_FORM, "area": 0}) == []
    assert codes(validate_form(ITEM_OBJ, ["area"])) == ["bad_format"]


M01 = {"code": "M01", "originals": 1, "copies": 0}
M02 = {"code": "M02", "originals": 1, "copies": 1}


def test_materials_for_acceptance() -> None:
    assert validate_materials(ITEM_OBJ, [M01, M02], for_acceptance=True) == []
    assert validate_materials(ITEM_OBJ, [M01], for_acceptance=False) == []
    issues = validate_materials(ITEM_OBJ, [M01], for_acceptance=True)
    assert [(i.field, i.code) for i in issues] == [("materials.M02", "missing_material")]
    short = validate_materials(ITEM_OBJ, [M01, {**M02, "copies": 0}], True)
    assert codes(short) == ["too_few_copies"] and "复印件不足" in short[0].zh
    no_original = validate_materials(ITEM_OBJ, [M01, {**M02, "originals": 0}], True)
    assert codes(no_original) == ["too_few_originals"]
    split = [M01, {**M02, "copies": 0}, {"code": "M02", "originals": 0, "copies": 1}]
    assert validate_materials(ITEM_OBJ, split, True) == [], "entries with one code add up"


def test_conditional_materials_only_when_flagged() -> None:
    assert validate_materials(ITEM_OBJ, [M01, M02], True, applying=()) == []
    issues = validate_materials(ITEM_OBJ, [M01, M02], True, applying=["M03"])
    assert [(i.field, i.code) for i in issues] == [("materials.M03", "missing_material")]
    assert validate_materials(ITEM_OBJ, [M01, M02, {"code": "M03", "originals": 1}], True,
                              applying=["M03"]) == []  # fmt: skip
    assert codes(validate_materials(ITEM_OBJ, [M01, M02], True, applying=["M77"])) == [
        "unknown_material"
    ]


def test_bad_material_entries() -> None:
    assert codes(validate_materials(ITEM_OBJ, [{"code": "M99"}], False)) == ["unknown_material"]
    assert codes(validate_materials(ITEM_OBJ, [{"code": "M01", "copies": -1}], False)) == [
        "bad_count"
    ]
    assert codes(validate_materials(ITEM_OBJ, ["M01"], False)) == ["unknown_material"]


def test_missing_materials_builds_the_one_time_notice() -> None:
    notice = missing_materials(ITEM_OBJ, [{**M02, "copies": 0}], applying=["M03"])
    assert notice == [
        {"code": "M01", "name": "食品经营许可申请书", "problem": "未提交"},
        {"code": "M02", "name": "营业执照", "problem": "复印件不足：需1份，已收0份"},
        {"code": "M03", "name": "授权委托书", "problem": "未提交"},
    ]
    assert missing_materials(ITEM_OBJ, [M01, M02]) == []
