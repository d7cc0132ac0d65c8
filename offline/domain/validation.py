"""Validation of intake data: people, phones, the item's form schema and materials.

Every check returns `list[Issue]` (empty = valid) so a form can show all problems at
once; callers that must refuse raise `ValidationFailed(issues)`. Certificate checks live
in `identity.py` and free-text rules in `text.py`; both are re-exported here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import Any

from offline.domain.catalog import FieldType, FormField, Material, ServiceItem
from offline.domain.errors import Issue
from offline.domain.identity import (
    CERT_TYPES,
    UNKNOWN_REGION,
    USCC_TYPE,
    birth_date_in,
    check_cert_no,
    check_credit_code,
    check_id_number,
    normalize_cert_no,
)
from offline.domain.text import check_text, fold_full_width_digits, is_one_of

__all__ = [
    "check_credit_code",
    "check_id_number",
    "check_phone",
    "check_text",
    "missing_materials",
    "normalize_cert_no",
    "normalize_phone",
    "validate_agent",
    "validate_applicant",
    "validate_form",
    "validate_materials",
]

NAME_MAX = 50
LEGAL_NAME_MAX = 100
ADDRESS_MAX = 200
FORM_TEXT_MAX = 500
# Paper counts of one material: a counter receives a handful, never a hundred.
COUNT_MAX = 99
# A form number without its own bounds stays within the integers every JSON reader holds
# exactly (RFC 8259 §6: IEEE 754 doubles, ±(2**53 - 1)); beyond that it would turn into a
# rounded float on the way to the platform.
SAFE_INTEGER = 2**53 - 1
PERSON_FLAGS = ("region_confirmed", "card_read")
PERSON_KEYS = frozenset(
    {"kind", "name", "cert_type", "cert_no", "legal_rep", "sex", "birth_date", *PERSON_FLAGS}
)
LEGAL_KEYS = frozenset({"kind", "name", "cert_type", "cert_no", "legal_rep", "sex", "birth_date"})

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0[0-9]{2,3}-?[2-9][0-9]{6,7}(?:(?:-|转|#)[0-9]{1,6})?")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER_TEXT_MAX = 40
_TYPE_NUMBER, _TYPE_DATE, _TYPE_CHOICE = FieldType.NUMBER, FieldType.DATE, FieldType.CHOICE
_TYPE_CERT_NO, _TYPE_CREDIT_CODE = FieldType.CERT_NO, FieldType.CREDIT_CODE
_TYPE_PHONE = FieldType.PHONE


def normalize_phone(value: str) -> str:
    """Drop surrounding and inner spaces, fold full-width digits and a +86/0086 prefix."""
    text = fold_full_width_digits(value).replace(" ", "").replace("\u3000", "")
    for prefix in ("+86", "0086"):
        if text.startswith(prefix) and _MOBILE.fullmatch(text[len(prefix) :]):
            return text[len(prefix) :]
    return text


def check_phone(value: Any, field: str = "phone", *, required: bool = False) -> list[Issue]:
    """A mainland mobile (1[3-9] + 9 digits) or a landline (area code 0xx/0xxx, 7-8 digit
    number, optional extension after '-', '转' or '#')."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return (
            [Issue(field, "required", "请填写联系电话", "A phone number is required")]
            if required
            else []
        )
    if not isinstance(value, str):
        return [Issue(field, "not_text", "电话号码应为文本", "A phone number must be text")]
    if _MOBILE.fullmatch(value):
        return []  # already a bare ASCII mobile number: normalising would not change it
    number = normalize_phone(value)
    if _MOBILE.fullmatch(number) or _LANDLINE.fullmatch(number):
        return []
    return [
        Issue(
            field,
            "bad_phone",
            "电话号码格式错误：手机号为1开头的11位数字，固话为区号加号码（可带分机号）",
            "Not a phone number: a mobile has 11 digits starting with 1, a landline is "
            "area code + number (optional extension)",
        )
    ]


def _check_person(
    person: Any, field: str, today: date | None, *, allow_legal: bool = False
) -> list[Issue]:
    if not (type(person) is dict or isinstance(person, Mapping)):  # dict: skip the ABC check
        return [Issue(field, "required", "请填写当事人信息", "Person details are required")]
    kind = person.get("kind", "person")
    if kind == "legal" and allow_legal:
        return _check_legal(person, field, today)
    if kind != "person":
        return [Issue(f"{field}.kind", "bad_kind", "当事人类型无效", "Unknown applicant kind")]
    issues = _unknown_keys(person, PERSON_KEYS, field)
    issues += check_text(
        person.get("name"), f"{field}.name", max_length=NAME_MAX, required=True,
        label=("姓名", "Name"),
    )  # fmt: skip
    issues += _check_flags(person, field)
    cert_type = person.get("cert_type")
    if not is_one_of(cert_type, CERT_TYPES):
        issues.append(
            Issue(
                f"{field}.cert_type",
                "unknown_cert_type",
                f"不支持的证件类型：{cert_type}",
                f"Unsupported certificate type: {cert_type}",
            )
        )
        cert_issues: list[Issue] = []
    else:
        cert_issues = check_cert_no(
            cert_type, person.get("cert_no"), f"{field}.cert_no", today=today,
            region_confirmed=person.get("region_confirmed") is True,
            card_read=person.get("card_read") is True,
        )  # fmt: skip
        issues += cert_issues
    if person.get("sex") not in (None, "男", "女"):
        issues.append(Issue(f"{field}.sex", "bad_sex", "性别应为男或女", "Sex must be 男 or 女"))
    birth = person.get("birth_date")
    if birth is not None and not _is_iso_date(birth):
        issues.append(
            Issue(f"{field}.birth_date", "bad_date", "出生日期格式错误", "Malformed birth date")
        )
    elif birth is not None and not any(not i.is_warning for i in cert_issues):
        issues += _check_birth_agrees(cert_type, person.get("cert_no"), birth, field)
    return issues


def _unknown_keys(person: Mapping[str, Any], allowed: frozenset[str], field: str) -> list[Issue]:
    """Keys outside the contract's person shape: refused, so nothing the platform would
    refuse (or store verbatim without checking) slips in beside the checked fields."""
    if allowed.issuperset(person):  # the common case: one C-level subset test
        return []
    return [
        Issue(f"{field}.{key}", "unknown_field", "当事人信息中没有此字段", "No such person field")
        for key in person
        if key not in allowed
    ]


def _check_flags(person: Mapping[str, Any], field: str) -> list[Issue]:
    """`region_confirmed` (the clerk confirmed an unlisted region code) and `card_read`
    (the number came from an ID card reader) are JSON booleans when present."""
    return [
        Issue(f"{field}.{key}", "bad_flag", f"{key}应为是或否", f"{key} must be true or false")
        for key in PERSON_FLAGS
        if person.get(key) is not None and not isinstance(person.get(key), bool)
    ]


def _check_birth_agrees(cert_type: Any, cert_no: Any, birth: str, field: str) -> list[Issue]:
    """GB 11643-1999 §4.3.2: the number carries the holder's birth date, so a birth date
    recorded beside it must be that date (the document takes it from the number when
    none is given)."""
    inside = birth_date_in(cert_type, cert_no)
    if inside is None or inside == birth:
        return []
    return [
        Issue(
            f"{field}.birth_date",
            "birth_mismatch",
            f"出生日期与证件号码不一致（号码中为{inside}）",
            f"The birth date does not match the certificate number ({inside})",
        )
    ]


def _check_legal(org: Mapping[str, Any], field: str, today: date | None) -> list[Issue]:
    issues = _unknown_keys(org, LEGAL_KEYS, field)
    issues += check_text(
        org.get("name"), f"{field}.name", max_length=LEGAL_NAME_MAX, required=True,
        label=("单位名称", "Organisation name"),
    )  # fmt: skip
    if org.get("cert_type") != USCC_TYPE:
        issues.append(
            Issue(
                f"{field}.cert_type",
                "unknown_cert_type",
                "法人证件类型应为统一社会信用代码",
                "A legal person is identified by its unified social credit code",
            )
        )
    else:
        issues += check_credit_code(org.get("cert_no"), f"{field}.cert_no")
    rep = org.get("legal_rep")
    if rep is None:
        issues.append(
            Issue(
                f"{field}.legal_rep",
                "required",
                "请填写法定代表人",
                "The legal representative is required",
            )
        )
    else:
        issues += _check_person(rep, f"{field}.legal_rep", today)
    return issues


def validate_applicant(
    applicant: Any, field: str = "applicant", *, today: date | None = None
) -> list[Issue]:
    """A natural person (`kind: person`, certificate by type) or a legal person
    (`kind: legal`, credit code and a legal representative)."""
    return _check_person(applicant, field, today, allow_legal=True)


def validate_agent(agent: Any, field: str = "agent", *, today: date | None = None) -> list[Issue]:
    """The agent (代理人) is optional; when present it is a natural person."""
    return [] if agent is None else _check_person(agent, field, today)


def _is_iso_date(value: Any) -> bool:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _number(value: Any) -> float | None:
    """The value of a form number: a JSON number (never a bool) or a decimal text; None
    when it is not one, is not finite, or lies beyond ±SAFE_INTEGER (an int that large
    would not survive JSON, and `float()` of a huge int raises instead of answering)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return float(value) if -SAFE_INTEGER <= value <= SAFE_INTEGER else None
    if isinstance(value, float):
        number = value
    elif (
        isinstance(value, str)
        and len(value) <= _NUMBER_TEXT_MAX
        and _NUMBER.fullmatch(value.strip())
    ):
        # str.strip() also drops control separators (U+001C..U+001F) that float() keeps:
        # convert exactly the text the pattern accepted.
        number = float(value.strip())
    else:
        return None
    return number if math.isfinite(number) and abs(number) <= SAFE_INTEGER else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_form_value(spec: FormField, value: Any, field: str) -> list[Issue]:
    """Issues for one form value against its field spec."""
    zh, en = spec.label, spec.key
    if _blank(value):
        if spec.required:
            return [Issue(field, "required", f"请填写{zh}", f"{en} is required")]
        return []
    kind = spec.type  # compared with module constants: `FieldType.X` costs ~0.2 µs in 3.11
    if kind is _TYPE_NUMBER:
        return _check_number(spec, value, field)
    if kind is _TYPE_DATE:
        if _is_iso_date(value):
            return []
        return [Issue(field, "bad_date", f"{zh}应为日期（年-月-日）", f"{en}: use YYYY-MM-DD")]
    if kind is _TYPE_CHOICE:
        if value in (spec.choices or ()):
            return []
        return [Issue(field, "bad_choice", f"{zh}应从选项中选择", f"{en}: pick one of the options")]
    if kind is _TYPE_CERT_NO:
        return check_id_number(value, field)
    if kind is _TYPE_CREDIT_CODE:
        return check_credit_code(value, field)
    if kind is _TYPE_PHONE:
        return check_phone(value, field)
    issues = check_text(value, field, max_length=spec.max_length or FORM_TEXT_MAX, label=(zh, en))
    if not issues and spec.pattern and not re.fullmatch(spec.pattern, value):
        issues.append(Issue(field, "bad_pattern", f"{zh}格式不符合要求", f"{en}: wrong format"))
    return issues


def _check_number(spec: FormField, value: Any, field: str) -> list[Issue]:
    number = _number(value)
    if number is None:
        if isinstance(value, int) and not isinstance(value, bool):  # beyond SAFE_INTEGER
            limit = (spec.max if value > 0 else spec.min) or (
                SAFE_INTEGER if value > 0 else -SAFE_INTEGER
            )
            code, zh_word, en_word = (
                ("too_large", "大于", "Maximum") if value > 0 else ("too_small", "小于", "Minimum")
            )
            return [
                Issue(field, code, f"{spec.label}不能{zh_word}{limit:g}", f"{en_word} {limit:g}")
            ]
        return [Issue(field, "bad_number", f"{spec.label}应为数字", f"{spec.key} must be a number")]
    if spec.min is not None and number < spec.min:
        return [
            Issue(field, "too_small", f"{spec.label}不能小于{spec.min:g}", f"Minimum {spec.min:g}")
        ]
    if spec.max is not None and number > spec.max:
        return [
            Issue(field, "too_large", f"{spec.label}不能大于{spec.max:g}", f"Maximum {spec.max:g}")
        ]
    return []


def validate_form(item: ServiceItem, form: Any) -> list[Issue]:
    """The form data of an application against the item's field schema."""
    if not (type(form) is dict or isinstance(form, Mapping)):
        return [Issue("form", "bad_format", "表单数据格式错误", "Malformed form data")]
    issues: list[Issue] = []
    for key in form:
        if not item.has_field(key):
            issues.append(
                Issue(f"form.{key}", "unknown_field", "事项表单中没有此字段", "No such form field")
            )
    for spec in item.form_fields:
        issues += check_form_value(spec, form.get(spec.key), f"form.{spec.key}")
    return issues


def _count(value: Any) -> int | None:
    """A material count: absent is 0, otherwise an int (never a bool or a float, even
    1.0) from 0 to COUNT_MAX; None when it is anything else."""
    if value is None:
        return 0
    if (
        type(value) is int or (isinstance(value, int) and not isinstance(value, bool))
    ) and 0 <= value <= COUNT_MAX:
        return value
    return None


def _tally(
    item: ServiceItem, materials: Iterable[Any], issues: list[Issue]
) -> dict[str, tuple[int, int]]:
    received: dict[str, tuple[int, int]] = {}
    for i, entry in enumerate(materials):
        # Paths and issues are only built for a bad entry (the success path allocates none).
        code = entry.get("code") if type(entry) is dict or isinstance(entry, Mapping) else None
        if not isinstance(code, str) or item.material(code) is None:
            issues.append(
                Issue(
                    f"materials[{i}].code",
                    "unknown_material",
                    "事项中没有此材料",
                    "Not in the item",
                )
            )
            continue
        originals, copies = _count(entry.get("originals")), _count(entry.get("copies"))
        if originals is None or copies is None:
            issues.append(
                Issue(
                    f"materials[{i}]",
                    "bad_count",
                    f"份数应为0至{COUNT_MAX}的整数",
                    f"Counts must be whole numbers from 0 to {COUNT_MAX}",
                )
            )
            continue
        had = received.get(code, (0, 0))
        received[code] = (had[0] + originals, had[1] + copies)
    return received


def _shortfall(material: Material, got: tuple[int, int] | None) -> tuple[str, str, str] | None:
    """(code, zh problem, en problem) when `got` does not satisfy `material`."""
    if got is None:
        return ("missing_material", "未提交", "not submitted")
    if got[0] < material.originals:
        return (
            "too_few_originals",
            f"原件不足：需{material.originals}份，已收{got[0]}份",
            f"too few originals: {got[0]} of {material.originals}",
        )
    if got[1] < material.copies:
        return (
            "too_few_copies",
            f"复印件不足：需{material.copies}份，已收{got[1]}份",
            f"too few copies: {got[1]} of {material.copies}",
        )
    return None


def validate_materials(
    item: ServiceItem,
    materials: Iterable[Any],
    for_acceptance: bool,
    applying: Collection[str] = (),
) -> list[Issue]:
    """Materials received so far. Always: known codes and sane counts. For acceptance
    also: every required material — and every conditional one whose condition the clerk
    flagged in `applying` — is present with at least its originals and copies (entries
    with the same code add up)."""
    issues: list[Issue] = []
    received = _tally(item, materials, issues)
    for code in applying:
        if item.material(code) is None:
            issues.append(
                Issue("materials", "unknown_material", f"事项中没有材料{code}", f"No {code}")
            )
    if not for_acceptance:
        return issues
    for material in item.materials:
        if not (material.required or material.code in applying):
            continue
        short = _shortfall(material, received.get(material.code))
        if short is not None:
            code, zh, en = short
            issues.append(
                Issue(
                    f"materials.{material.code}",
                    code,
                    f"{material.name}：{zh}",
                    f"{material.name} ({material.code}): {en}",
                )
            )
    return issues


def missing_materials(
    item: ServiceItem, materials: Iterable[Any], applying: Collection[str] = ()
) -> list[dict[str, str]]:
    """The one-time supplement notice (一次性告知) list: `{"code", "name", "problem"}` for
    every needed material that is missing or short, in catalog order."""
    notice: list[dict[str, str]] = []
    received = _tally(item, materials, [])
    for material in item.materials:
        if material.required or material.code in applying:
            short = _shortfall(material, received.get(material.code))
            if short is not None:
                notice.append({"code": material.code, "name": material.name, "problem": short[1]})
    return notice


def normalize_person(person: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of an applicant/agent with its certificate numbers in canonical form."""
    out = dict(person)
    if isinstance(out.get("cert_no"), str):
        out["cert_no"] = normalize_cert_no(out["cert_no"])
    if isinstance(out.get("legal_rep"), Mapping):
        out["legal_rep"] = normalize_person(out["legal_rep"])
    return out


def confirmations(applicant: Any, agent: Any = None) -> dict[str, list[str]]:
    """What a person vouched for at intake, for the audit entry (paths, no personal data):
    `region_confirmed` lists the people whose unlisted region code the clerk confirmed,
    `card_read` those whose number came from an ID card reader."""
    found: dict[str, list[str]] = {"region_confirmed": [], "card_read": []}
    people = [("applicant", applicant), ("agent", agent)]
    if isinstance(applicant, Mapping):
        people.append(("applicant.legal_rep", applicant.get("legal_rep")))
    for path, person in people:
        if not isinstance(person, Mapping):
            continue
        if person.get("card_read") is True and person.get("cert_type") == "111":
            found["card_read"].append(path)
        elif person.get("region_confirmed") is True and _region_unlisted(person):
            found["region_confirmed"].append(path)
    return {key: paths for key, paths in found.items() if paths}


def _region_unlisted(person: Mapping[str, Any]) -> bool:
    if person.get("cert_type") not in ("111", "113"):
        return False
    issues = check_cert_no(person.get("cert_type"), person.get("cert_no"))
    return [i.code for i in issues] == [UNKNOWN_REGION]
