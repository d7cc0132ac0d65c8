"""Sample catalog entries and intake data shared by the domain tests."""

from __future__ import annotations

import copy
from typing import Any

ITEM: dict[str, Any] = {
    "code": "11520100MB1234567X4000112001",
    "name": "食品经营许可证核发",
    "department": "贵阳市南明区市场监督管理局",
    "item_type": "许可",
    "project_type": "承诺",
    "legal_limit": {"amount": 20, "unit": "working_days"},
    "promised_limit": {"amount": 5, "unit": "working_days"},
    "materials": [
        {
            "code": "M01",
            "name": "食品经营许可申请书",
            "form": "paper",
            "required": True,
            "condition": None,
            "originals": 1,
            "copies": 0,
        },
        {
            "code": "M02",
            "name": "营业执照",
            "form": "both",
            "required": True,
            "condition": None,
            "originals": 1,
            "copies": 1,
        },
        {
            "code": "M03",
            "name": "授权委托书",
            "form": "paper",
            "required": False,
            "condition": "委托代理人办理的",
            "originals": 1,
            "copies": 0,
        },
        {
            "code": "M04",
            "name": "其他补充材料",
            "form": "electronic",
            "required": False,
            "condition": None,
            "originals": 0,
            "copies": 0,
        },
    ],
    "fees": [{"name": "工本费", "amount_yuan": "0.00"}],
    "scope": "全省通办",
    "form_fields": [
        {
            "key": "area",
            "label": "经营面积（平方米）",
            "type": "number",
            "required": True,
            "max_length": None,
            "pattern": None,
            "choices": None,
            "min": 0,
            "max": 100000,
        },
        {
            "key": "shop_name",
            "label": "店铺名称",
            "type": "text",
            "required": True,
            "max_length": 30,
            "pattern": None,
            "choices": None,
            "min": None,
            "max": None,
        },
        {
            "key": "category",
            "label": "经营类别",
            "type": "choice",
            "required": False,
            "max_length": None,
            "pattern": None,
            "choices": ["餐饮服务", "食品销售"],
            "min": None,
            "max": None,
        },
        {
            "key": "open_date",
            "label": "开业日期",
            "type": "date",
            "required": False,
            "max_length": None,
            "pattern": None,
            "choices": None,
            "min": None,
            "max": None,
        },
        {
            "key": "contact_id",
            "label": "负责人身份证号",
            "type": "cert_no",
            "required": False,
            "max_length": None,
            "pattern": None,
            "choices": None,
            "min": None,
            "max": None,
        },
        {
            "key": "company",
            "label": "统一社会信用代码",
            "type": "credit_code",
            "required": False,
            "max_length": None,
            "pattern": None,
            "choices": None,
            "min": None,
            "max": None,
        },
        {
            "key": "contact_phone",
            "label": "联系电话",
            "type": "phone",
            "required": False,
            "max_length": None,
            "pattern": None,
            "choices": None,
            "min": None,
            "max": None,
        },
        {
            "key": "licence_no",
            "label": "原许可证号",
            "type": "text",
            "required": False,
            "max_length": 20,
            "pattern": "JY\\d{14}",
            "choices": None,
            "min": None,
            "max": None,
        },
    ],
    "active": True,
}

# Valid GB 11643 number from python-stdnum's own documentation.
ID_NO = "360426199101010071"
# Valid GB 32100 code (check digit computed by stdnum in test_validation).
USCC = "91110000600037341L"


def item_dict() -> dict[str, Any]:
    return copy.deepcopy(ITEM)


def intake(**overrides: Any) -> dict[str, Any]:
    """Keyword arguments for `new_application_doc` describing a complete intake."""
    from datetime import UTC, datetime

    from offline.domain.catalog import ServiceItem

    kwargs: dict[str, Any] = {
        "item": ServiceItem.from_dict(ITEM),
        "applicant": {"kind": "person", "name": "张三", "cert_type": "111", "cert_no": ID_NO},
        "phone": "13800138000",
        "address": "贵州省贵阳市南明区花果园大街1号",
        "form": {"area": 80, "shop_name": "张三小吃店😀"},
        "materials": [
            {"code": "M01", "originals": 1, "copies": 0},
            {"code": "M02", "originals": 1, "copies": 1},
        ],
        "office_code": "520102",
        "receipt_no": "520102-03-20261126-0007",
        "clerk_id": "u-clerk1",
        "device_id": "dev-1",
        "at": datetime(2026, 11, 26, 2, 0, tzinfo=UTC),
        "record_id": "rec-1",
        "op_id": "op-create",
    }
    kwargs.update(overrides)
    return kwargs
