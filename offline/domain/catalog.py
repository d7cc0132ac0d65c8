"""Service items (政务服务事项) of the catalog, in the JSON shape of docs/CONTRACTS.md.

`ServiceItem.from_dict` accepts only a well-formed catalog entry and raises
`ValidationFailed` listing every problem (`check_item_dict` returns them instead), so any
`ServiceItem` in memory is known to be usable by intake, validation and deadlines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from offline.domain.errors import Issue, ValidationFailed
from offline.domain.text import check_text, is_one_of


class Unit(StrEnum):
    WORKING_DAYS = "working_days"  # 工作日
    NATURAL_DAYS = "natural_days"  # 自然日
    HOURS = "hours"  # 小时


class FieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    CERT_NO = "cert_no"
    CREDIT_CODE = "credit_code"
    PHONE = "phone"


MATERIAL_FORMS = ("paper", "electronic", "both")
PROJECT_TYPES = ("即办", "承诺")
MAX_EXTENSION_DAYS = 60  # a sanity bound; laws other than 行政许可法 may allow more than 10
_CODE = re.compile(r"[0-9A-Za-z_.-]{1,64}", re.ASCII)
_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}", re.ASCII)
_YUAN = re.compile(r"\d{1,9}\.\d{2}", re.ASCII)


@dataclass(frozen=True, slots=True)
class TimeLimit:
    amount: int
    unit: Unit

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TimeLimit:
        return cls(int(data["amount"]), Unit(data["unit"]))

    def to_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "unit": str(self.unit)}


@dataclass(frozen=True, slots=True)
class Material:
    code: str
    name: str
    form: str = "paper"
    required: bool = True
    condition: str | None = None
    originals: int = 1
    copies: int = 0

    @property
    def conditional(self) -> bool:
        return not self.required and bool(self.condition)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Material:
        return cls(
            code=str(data["code"]),
            name=str(data["name"]),
            form=str(data.get("form", "paper")),
            required=bool(data.get("required", True)),
            condition=data.get("condition"),
            originals=int(data.get("originals", 1)),
            copies=int(data.get("copies", 0)),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "form": self.form,
            "required": self.required,
            "condition": self.condition,
            "originals": self.originals,
            "copies": self.copies,
        }


@dataclass(frozen=True, slots=True)
class FormField:
    key: str
    label: str
    type: FieldType
    required: bool = False
    max_length: int | None = None
    pattern: str | None = None
    choices: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FormField:
        choices = data.get("choices")
        return cls(
            key=str(data["key"]),
            label=str(data["label"]),
            type=FieldType(data["type"]),
            required=bool(data.get("required", False)),
            max_length=None if data.get("max_length") is None else int(data["max_length"]),
            pattern=data.get("pattern"),
            choices=None if choices is None else tuple(str(c) for c in choices),
            min=None if data.get("min") is None else float(data["min"]),
            max=None if data.get("max") is None else float(data["max"]),
        )

    def to_dict(self) -> dict[str, Any]:
        def num(v: float | None) -> float | int | None:
            return int(v) if v is not None and v.is_integer() else v

        return {
            "key": self.key,
            "label": self.label,
            "type": str(self.type),
            "required": self.required,
            "max_length": self.max_length,
            "pattern": self.pattern,
            "choices": None if self.choices is None else list(self.choices),
            "min": num(self.min),
            "max": num(self.max),
        }


@dataclass(frozen=True, slots=True)
class Fee:
    name: str
    amount_yuan: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "amount_yuan": f"{self.amount_yuan:.2f}"}


@dataclass(frozen=True, slots=True)
class ServiceItem:
    code: str  # 实施编码
    name: str
    department: str
    item_type: str  # 许可/给付/确认/公共服务…
    project_type: str  # 即办/承诺
    legal_limit: TimeLimit
    promised_limit: TimeLimit
    materials: tuple[Material, ...] = ()
    fees: tuple[Fee, ...] = ()
    scope: str = ""  # 通办范围
    form_fields: tuple[FormField, ...] = ()
    active: bool = True
    # 行政许可法 第四十二条: the extension a supervisor may approve, in working days; None
    # means the default of `offline.domain.case_deadline.legal_extension_days`.
    legal_extension_days: int | None = None
    _materials_by_code: dict[str, Material] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _fields_by_key: dict[str, FormField] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._materials_by_code.update({m.code: m for m in self.materials})
        for f in reversed(self.form_fields):  # the first field of a key wins, as in a scan
            self._fields_by_key[f.key] = f

    def material(self, code: str) -> Material | None:
        return self._materials_by_code.get(code) if isinstance(code, str) else None

    def form_field(self, key: str) -> FormField | None:
        return self._fields_by_key.get(key) if isinstance(key, str) else None

    def has_field(self, key: Any) -> bool:
        """Is `key` one of the form's field keys? (safe for unhashable junk input)"""
        return isinstance(key, str) and key in self._fields_by_key

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ServiceItem:
        """Parse a catalog entry; raises ValidationFailed listing every problem."""
        issues = check_item_dict(data)
        if issues:
            raise ValidationFailed(issues)
        return cls(
            code=data["code"],
            name=data["name"],
            department=data["department"],
            item_type=data["item_type"],
            project_type=data["project_type"],
            legal_limit=TimeLimit.from_dict(data["legal_limit"]),
            promised_limit=TimeLimit.from_dict(data["promised_limit"]),
            materials=tuple(Material.from_dict(m) for m in data.get("materials") or ()),
            fees=tuple(
                Fee(str(f["name"]), Decimal(str(f["amount_yuan"]))) for f in data.get("fees") or ()
            ),
            scope=data.get("scope") or "",
            form_fields=tuple(FormField.from_dict(f) for f in data.get("form_fields") or ()),
            active=bool(data.get("active", True)),
            legal_extension_days=data.get("legal_extension_days"),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "department": self.department,
            "item_type": self.item_type,
            "project_type": self.project_type,
            "legal_limit": self.legal_limit.to_dict(),
            "promised_limit": self.promised_limit.to_dict(),
            "materials": [m.to_dict() for m in self.materials],
            "fees": [f.to_dict() for f in self.fees],
            "scope": self.scope,
            "form_fields": [f.to_dict() for f in self.form_fields],
            "active": self.active,
            **(
                {}
                if self.legal_extension_days is None
                else {"legal_extension_days": self.legal_extension_days}
            ),
        }


def _issue(path: str, code: str, zh: str, en: str) -> Issue:
    return Issue(path, code, zh, en)


def _is_int(value: Any, low: int = 0) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= low


def _is_num(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_limit(data: Any, path: str) -> list[Issue]:
    if not isinstance(data, Mapping):
        return [_issue(path, "required", "缺少办理时限", "Time limit is missing")]
    issues: list[Issue] = []
    # 0 is "same day" (即办, 当场办结).
    if not _is_int(data.get("amount"), 0):
        issues.append(
            _issue(path, "bad_amount", "时限应为非负整数", "Limit must be a whole number >= 0")
        )
    if not is_one_of(data.get("unit"), set(Unit)):
        issues.append(
            _issue(
                path,
                "bad_unit",
                "时限单位应为工作日、自然日或小时",
                "Limit unit must be working_days, natural_days or hours",
            )
        )
    return issues


def _check_material(data: Any, path: str) -> list[Issue]:
    if not isinstance(data, Mapping):
        return [_issue(path, "bad_format", "材料格式错误", "Malformed material")]
    issues: list[Issue] = []
    if not isinstance(data.get("code"), str) or not _CODE.fullmatch(data["code"]):
        issues.append(_issue(f"{path}.code", "bad_code", "材料编码无效", "Invalid material code"))
    issues += check_text(data.get("name"), f"{path}.name", max_length=200, required=True)
    if data.get("form", "paper") not in MATERIAL_FORMS:
        issues.append(
            _issue(
                f"{path}.form",
                "bad_form",
                "材料形式应为纸质、电子或两者",
                "Material form must be paper, electronic or both",
            )
        )
    if not isinstance(data.get("required", True), bool):
        issues.append(
            _issue(f"{path}.required", "bad_flag", "必要性应为是/否", "Must be a boolean")
        )
    issues += check_text(data.get("condition"), f"{path}.condition", max_length=500)
    for key in ("originals", "copies"):
        if not _is_int(data.get(key, 0)):
            issues.append(
                _issue(f"{path}.{key}", "bad_count", "份数应为非负整数", "Count must be >= 0")
            )
    return issues


def _check_field(data: Any, path: str) -> list[Issue]:
    if not isinstance(data, Mapping):
        return [_issue(path, "bad_format", "表单字段格式错误", "Malformed form field")]
    issues: list[Issue] = []
    if not isinstance(data.get("key"), str) or not _KEY.fullmatch(data["key"]):
        issues.append(
            _issue(
                f"{path}.key",
                "bad_key",
                "字段键名应为小写英文字母、数字和下划线",
                "Field key must be lowercase ASCII letters, digits and underscores",
            )
        )
    issues += check_text(data.get("label"), f"{path}.label", max_length=100, required=True)
    ftype = data.get("type")
    if not is_one_of(ftype, set(FieldType)):
        issues.append(_issue(f"{path}.type", "bad_type", "字段类型无效", "Unknown field type"))
    max_length = data.get("max_length")
    if max_length is not None and not _is_int(max_length, 1):
        issues.append(
            _issue(f"{path}.max_length", "bad_max_length", "最大长度无效", "Bad max_length")
        )
    pattern = data.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, TypeError):
            issues.append(
                _issue(f"{path}.pattern", "bad_pattern", "格式规则无效", "Invalid pattern")
            )
    choices = data.get("choices")
    if ftype == FieldType.CHOICE and not (
        isinstance(choices, list) and choices and all(isinstance(c, str) for c in choices)
    ):
        issues.append(
            _issue(f"{path}.choices", "bad_choices", "选择字段须有选项", "A choice needs options")
        )
    low, high = data.get("min"), data.get("max")
    for key, bound in (("min", low), ("max", high)):
        if bound is not None and not _is_num(bound):
            issues.append(_issue(f"{path}.{key}", "bad_bound", "取值范围无效", "Bad bound"))
    if _is_num(low) and _is_num(high) and float(low or 0) > float(high or 0):
        issues.append(_issue(f"{path}.min", "bad_bound", "最小值大于最大值", "min exceeds max"))
    return issues


def check_item_dict(data: Any) -> list[Issue]:
    """Every problem of one catalog entry (empty list = a usable service item)."""
    if not isinstance(data, Mapping):
        return [_issue("item", "bad_format", "事项格式错误", "Malformed service item")]
    issues: list[Issue] = []
    if not isinstance(data.get("code"), str) or not _CODE.fullmatch(data["code"]):
        issues.append(_issue("code", "bad_code", "实施编码无效", "Invalid implementation code"))
    for key, zh, en in (("name", "事项名称", "Name"), ("department", "实施部门", "Department")):
        issues += check_text(data.get(key), key, max_length=200, required=True, label=(zh, en))
    issues += check_text(
        data.get("item_type"), "item_type", max_length=20, required=True, label=("事项类型", "Type")
    )
    if data.get("project_type") not in PROJECT_TYPES:
        issues.append(
            _issue("project_type", "bad_project_type", "办件类型应为即办或承诺", "即办 or 承诺")
        )
    issues += _check_limit(data.get("legal_limit"), "legal_limit")
    issues += _check_limit(data.get("promised_limit"), "promised_limit")
    if not issues:
        legal, promised = data["legal_limit"], data["promised_limit"]
        if legal["unit"] == promised["unit"] and promised["amount"] > legal["amount"]:
            issues.append(
                _issue(
                    "promised_limit",
                    "exceeds_legal",
                    "承诺时限不能超过法定时限",
                    "The promised limit cannot exceed the legal limit",
                )
            )
    issues += _check_list(data.get("materials"), "materials", _check_material, "code")
    issues += _check_list(data.get("form_fields"), "form_fields", _check_field, "key")
    for i, fee in enumerate(data.get("fees") or ()):
        issues += _check_fee(fee, f"fees[{i}]")
    issues += check_text(data.get("scope"), "scope", max_length=50)
    extension = data.get("legal_extension_days")
    if extension is not None and not (_is_int(extension) and extension <= MAX_EXTENSION_DAYS):
        issues.append(
            _issue(
                "legal_extension_days",
                "bad_extension",
                f"法定延长期限应为0至{MAX_EXTENSION_DAYS}个工作日",
                f"The legal extension must be 0 to {MAX_EXTENSION_DAYS} working days",
            )
        )
    if not isinstance(data.get("active", True), bool):
        issues.append(_issue("active", "bad_flag", "启用标志应为是/否", "Must be a boolean"))
    return issues


def _check_fee(fee: Any, path: str) -> list[Issue]:
    if not isinstance(fee, Mapping):
        return [_issue(path, "bad_format", "收费项格式错误", "Malformed fee")]
    issues = check_text(fee.get("name"), f"{path}.name", max_length=100, required=True)
    amount = fee.get("amount_yuan")
    ok = isinstance(amount, str) and _YUAN.fullmatch(amount) is not None
    try:
        ok = ok and Decimal(str(amount)) >= 0
    except InvalidOperation:
        ok = False
    if not ok:
        issues.append(
            _issue(
                f"{path}.amount_yuan",
                "bad_amount",
                "金额应写作两位小数的元，如“10.00”",
                "Amount must be yuan with two decimals, e.g. '10.00'",
            )
        )
    return issues


def _check_list(values: Any, name: str, check: Any, unique_key: str) -> list[Issue]:
    if values is None:
        return []
    if not isinstance(values, list):
        return [_issue(name, "bad_format", "应为列表", "Must be a list")]
    issues: list[Issue] = []
    seen: set[Any] = set()
    for i, entry in enumerate(values):
        entry_issues: list[Issue] = check(entry, f"{name}[{i}]")
        issues += entry_issues
        key = entry.get(unique_key) if isinstance(entry, Mapping) else None
        if key in seen:
            issues.append(
                _issue(f"{name}[{i}].{unique_key}", "duplicate", "编码重复", "Duplicate code/key")
            )
        seen.add(key)
    return issues
