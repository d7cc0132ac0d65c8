"""Build valid outbox mutations for pushing to the real platform in tests and benchmarks.

Each ``create`` carries a complete application document (docs/CONTRACTS.md shape) for a
real catalog item: a valid GB 11643 ID number (checksum from python-stdnum), every
required form field and every required material, so the platform applies it for real.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import uuid6
from stdnum.cn import ric

from client.wire import ServiceItem

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
SERIALS_PER_DAY = 9000  # below the 9,999 a terminal may issue in a day


def id_number(rng: random.Random) -> str:
    """A checksum-valid 18-digit resident ID number (居民身份证号码) for a Guiyang birth."""
    birth = f"{rng.randint(1990, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = f"520102{birth}{rng.randint(0, 999):03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum wants a placeholder digit


def _form_value(field: dict[str, Any], rng: random.Random) -> Any:
    kind = field["type"]
    if kind == "number":
        low = float(field.get("min") or 0)
        high = float(field["max"]) if field.get("max") is not None else low + 100
        return int(max(low, min(high, low + rng.randint(1, 50))))
    if kind == "date":
        return "2026-11-20"
    if kind == "choice":
        return field["choices"][0]
    if kind == "cert_no":
        return id_number(rng)
    if kind == "phone":
        return f"139{rng.randint(10_000_000, 99_999_999)}"
    if kind == "credit_code":
        return "91520100MA6DL0XX4C"
    limit = field.get("max_length") or 20
    return "测试内容"[:limit]


def application_doc(
    item: ServiceItem,
    *,
    office_code: str,
    device_id: str,
    clerk_id: str,
    serial: int,
    terminal_code: str = "01",
    rng: random.Random,
    day_offset: int = 0,
) -> dict[str, Any]:
    """A complete, valid application document in status ``received``; its receipt number
    carries today's date moved ``day_offset`` days on (a terminal issues at most 9,999
    receipts a day, and the platform refuses a receipt number the office already holds)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    day = (datetime.now(UTC) + timedelta(days=day_offset)).strftime("%Y%m%d")
    op_id = str(uuid6.uuid7())
    form = {f.key: _form_value(f.model_dump(), rng) for f in item.form_fields if f.required}
    materials = [
        {
            "id": str(uuid6.uuid7()),
            "code": m.code,
            "name": m.name,
            "originals": m.originals,
            "copies": m.copies,
            "form": "paper" if m.form != "electronic" else "electronic",
            "attachment": None,
            "added_at": now,
            "by": clerk_id,
        }
        for m in item.materials
        if m.required
    ]
    return {
        "id": str(uuid6.uuid7()),
        "office_code": office_code,
        "receipt_no": f"{office_code}-{terminal_code}-{day}-{serial:04d}",
        "query_password": f"{rng.randint(0, 999_999):06d}",
        "item_code": item.code,
        "item_name": item.name,
        "applicant": {
            "kind": "person",
            "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            "cert_type": "111",
            "cert_no": id_number(rng),
            "legal_rep": None,
        },
        "agent": None,
        "phone": f"138{rng.randint(10_000_000, 99_999_999)}",
        "address": "贵州省贵阳市南明区中华南路1号",
        "form": form,
        "materials": materials,
        "status": "received",
        "clerk_id": clerk_id,
        "device_id": device_id,
        "received_at": now,
        "accepted_at": None,
        "due_date": None,
        "suspended": [],
        "history": [
            {
                "from": None,
                "to": "received",
                "by": clerk_id,
                "role": "clerk",
                "at": now,
                "reason": None,
                "op_id": op_id,
            }
        ],
        "notes": [],
        "ratings": [],
        "supplement": None,
        "decision": None,
        "delivery": None,
        "platform_case_no": None,
        "version": 0,
        "updated_at": now,
    }


def create_mutation(doc: dict[str, Any], *, device_id: str, seq: int, actor: str) -> dict[str, Any]:
    """The ``create`` outbox mutation for ``doc`` (op_id = the history entry's op_id)."""
    return {
        "op_id": doc["history"][0]["op_id"],
        "device_id": device_id,
        "seq": seq,
        "kind": "create",
        "record_id": doc["id"],
        "actor": actor,
        "role": "clerk",
        "at": doc["received_at"],
        "payload": {"doc": doc},
    }


def creates(
    item: ServiceItem,
    *,
    office_code: str,
    device_id: str,
    clerk_id: str,
    first_seq: int,
    count: int,
    seed: int = 1,
    terminal_code: str = "01",
) -> list[dict[str, Any]]:
    """``count`` create mutations with consecutive ``seq`` from ``first_seq``.

    Receipt numbers stay unique for one device: serials run 0001-9000 and each further
    9,000 creates move the receipt date one day on."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        seq = first_seq + i
        doc = application_doc(
            item,
            office_code=office_code,
            device_id=device_id,
            clerk_id=clerk_id,
            serial=(seq - 1) % SERIALS_PER_DAY + 1,
            terminal_code=terminal_code,
            rng=rng,
            day_offset=(seq - 1) // SERIALS_PER_DAY,
        )
        out.append(create_mutation(doc, device_id=device_id, seq=seq, actor=clerk_id))
    return out
