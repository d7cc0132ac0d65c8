"""Demo records for screenshots, demo mode and tests: one service item, one application.

Shapes follow docs/CONTRACTS.md exactly; the applicant comes from the simulated card
reader, so the ID number carries a valid checksum.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from ui.readers.simulated import demo_cards

DEMO_ITEM: dict[str, Any] = {
    "code": "11520100MB1234567X4000112001",
    "name": "个体工商户设立登记",
    "department": "贵阳市市场监督管理局",
    "item_type": "许可",
    "project_type": "承诺",
    "legal_limit": {"amount": 15, "unit": "working_days"},
    "promised_limit": {"amount": 3, "unit": "working_days"},
    "materials": [
        {
            "code": "M01",
            "name": "个体工商户登记申请书",
            "form": "paper",
            "required": True,
            "condition": None,
            "originals": 1,
            "copies": 0,
        },
        {
            "code": "M02",
            "name": "经营者身份证明",
            "form": "both",
            "required": True,
            "condition": None,
            "originals": 0,
            "copies": 1,
        },
        {
            "code": "M03",
            "name": "经营场所使用证明",
            "form": "paper",
            "required": True,
            "condition": None,
            "originals": 0,
            "copies": 1,
        },
        {
            "code": "M04",
            "name": "委托代理人身份证明",
            "form": "paper",
            "required": False,
            "condition": "委托代理人办理的",
            "originals": 0,
            "copies": 1,
        },
    ],
    "fees": [{"name": "登记费", "amount_yuan": "0.00"}],
    "scope": "全省通办",
    "form_fields": [
        {
            "key": "shop_name",
            "label": "字号名称",
            "type": "text",
            "required": True,
            "max_length": 50,
            "pattern": None,
            "choices": None,
            "min": None,
            "max": None,
        },
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
            "key": "business",
            "label": "经营范围",
            "type": "choice",
            "required": True,
            "max_length": None,
            "pattern": None,
            "choices": ["餐饮", "零售", "服务"],
            "min": None,
            "max": None,
        },
        {
            "key": "start",
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
            "key": "contact",
            "label": "联系电话",
            "type": "phone",
            "required": False,
            "max_length": None,
            "pattern": None,
            "choices": None,
            "min": None,
            "max": None,
        },
    ],
    "active": True,
}

DEMO_ITEM_2: dict[str, Any] = {
    **deepcopy(DEMO_ITEM),
    "code": "11520100MB1234567X4000112002",
    "name": "食品经营许可证核发",
    "department": "贵阳市市场监督管理局",
    "form_fields": [
        {
            "key": "operator_id",
            "label": "负责人证件号码",
            "type": "cert_no",
            "required": True,
            "max_length": None,
            "pattern": None,
            "choices": None,
            "min": None,
            "max": None,
        },
        {
            "key": "credit_code",
            "label": "统一社会信用代码",
            "type": "credit_code",
            "required": False,
            "max_length": None,
            "pattern": None,
            "choices": None,
            "min": None,
            "max": None,
        },
    ],
}


def demo_catalog() -> list[dict[str, Any]]:
    return [deepcopy(DEMO_ITEM), deepcopy(DEMO_ITEM_2)]


def demo_application(status: str = "accepted") -> dict[str, Any]:
    """A complete application document in ``status`` with a plausible history."""
    card = demo_cards()[0]
    item = DEMO_ITEM
    doc: dict[str, Any] = {
        "id": "01936f5e-7c2a-7d4e-9a10-4f6b2c1d0e01",
        "office_code": "520102",
        "receipt_no": "520102-03-20261126-0007",
        "query_password": "482915",
        "item_code": item["code"],
        "item_name": item["name"],
        "applicant": card.applicant(),
        "agent": None,
        "phone": "13800138000",
        "address": card.address,
        "form": {"shop_name": "老张粉馆", "area": 80, "business": "餐饮"},
        "materials": [
            {
                "id": f"01936f5e-7c2a-7d4e-9a10-4f6b2c1d0f0{i}",
                "code": m["code"],
                "name": m["name"],
                "originals": m["originals"],
                "copies": m["copies"],
                "form": "paper",
                "attachment": None,
                "added_at": "2026-11-26T02:05:00+00:00",
                "by": "u-clerk1",
            }
            for i, m in enumerate(item["materials"][:3], start=1)
        ],
        "status": "received",
        "clerk_id": "u-clerk1",
        "device_id": "dev-03",
        "received_at": "2026-11-26T02:05:00+00:00",
        "accepted_at": None,
        "due_date": None,
        "suspended": [],
        "history": [
            {
                "from": None,
                "to": "received",
                "by": "u-clerk1",
                "role": "clerk",
                "at": "2026-11-26T02:05:00+00:00",
                "reason": None,
                "op_id": "op-1",
            },
        ],
        "notes": [],
        "ratings": [],
        "supplement": None,
        "decision": None,
        "delivery": None,
        "platform_case_no": None,
        "version": 0,
        "updated_at": "2026-11-26T02:05:00+00:00",
    }
    steps: dict[str, list[tuple[str, str, str, str, str | None]]] = {
        "accepted": [("received", "accepted", "u-clerk1", "clerk", None)],
        "awaiting_supplement": [("received", "awaiting_supplement", "u-clerk1", "clerk", None)],
        "rejection_proposed": [
            ("received", "rejection_proposed", "u-clerk1", "clerk", "不属于本机关职权范围")
        ],
        "rejected": [
            ("received", "rejection_proposed", "u-clerk1", "clerk", "不属于本机关职权范围"),
            ("rejection_proposed", "rejected", "u-super1", "supervisor", "不属于本机关职权范围"),
        ],
        "under_review": [
            ("received", "accepted", "u-clerk1", "clerk", None),
            ("accepted", "under_review", "platform", "back_office", None),
        ],
        "approved": [
            ("received", "accepted", "u-clerk1", "clerk", None),
            ("accepted", "under_review", "platform", "back_office", None),
            ("under_review", "approved", "platform", "back_office", None),
        ],
    }
    for n, (src, dst, by, role, reason) in enumerate(steps.get(status, []), start=2):
        doc["history"].append(
            {
                "from": src,
                "to": dst,
                "by": by,
                "role": role,
                "at": f"2026-11-26T02:{5 + n:02d}:00+00:00",
                "reason": reason,
                "op_id": f"op-{n}",
            }
        )
        doc["status"] = dst
    if doc["status"] != "received" and any(h["to"] == "accepted" for h in doc["history"]):
        doc["accepted_at"] = "2026-11-26T02:07:00+00:00"
        doc["due_date"] = "2026-12-01"
    if status == "awaiting_supplement":
        doc["supplement"] = {
            "missing": [{"code": "M03", "name": "经营场所使用证明", "problem": "未提供 missing"}],
            "at": "2026-11-26T02:07:00+00:00",
        }
    return doc
